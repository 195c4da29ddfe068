package org.stasensor.appliance.capture.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stasensor.appliance.capture.file.FrameAssertions.assertSameFrames;
import static org.stasensor.appliance.capture.file.FrameAssertions.readComplete;

/**
 * Corpus captures rewritten by Wireshark's editcap and mergecap (other formats, resolutions, link types, several
 * interfaces) or by this test (big-endian byte order, FCS bits in the link-type field, several sections): tshark
 * reads each result, and the reader must agree with it on every packet.
 */
class ConvertedCapturesTest
{
    private static final String CURL = "ja3/Traces/ssl-curl.pcap";
    private static final String SLL_PCAP = "nDPI/pcap/dns2tcp_tunnel.pcap";
    private static final String SLL_NANOSECOND_PCAPNG = "nDPI/pcap/tls_heur__vmess-tcp.pcapng";
    private static final String LOOPBACK_PCAPNG = "ja4/pcap/http1-with-cookies.pcapng";

    @TempDir
    Path temp;

    @ParameterizedTest
    @CsvSource({
        CURL + ", pcap, PCAP",
        CURL + ", nsecpcap, PCAP_NANOSECOND",
        CURL + ", pcapng, PCAPNG",
        SLL_NANOSECOND_PCAPNG + ", pcap, PCAP",
        SLL_NANOSECOND_PCAPNG + ", nsecpcap, PCAP_NANOSECOND",
        SLL_PCAP + ", pcapng, PCAPNG"})
    void editcapConversionsAgreeWithTshark(final String source, final String editcapFormat,
        final CaptureFormat format) throws Exception
    {
        final Path converted = temp.resolve("converted." + editcapFormat);
        WiresharkTools.editcap("-F", editcapFormat, TestFiles.corpusFile(source).toString(), converted.toString());
        final PacketLog log = new PacketLog();
        final CaptureFileResult result = new CaptureFileReader().read(converted, log);
        assertEquals(format, result.format());
        assertEquals(ReadStatus.OK, result.status(), result.message());
        assertSameFrames(WiresharkTools.tsharkFrames(converted), log.frames, source + " as " + editcapFormat);
    }

    @ParameterizedTest
    @CsvSource({"pcap", "nsecpcap"})
    void bigEndianPcapGivesTheSamePacketsAsLittleEndian(final String editcapFormat) throws Exception
    {
        final Path little = temp.resolve("little.pcap");
        WiresharkTools.editcap("-F", editcapFormat, TestFiles.corpusFile(CURL).toString(), little.toString());
        final Path big = Files.write(temp.resolve("big.pcap"), swapPcapHeaders(Files.readAllBytes(little)));
        assertEquals(Files.readAllBytes(little).length, Files.size(big));

        final List<Frame> fromLittle = readComplete(little).frames;
        final List<Frame> fromBig = readComplete(big).frames;
        final List<Frame> tshark = WiresharkTools.tsharkFrames(big);
        assertEquals(34, tshark.size());
        assertSameFrames(tshark, fromBig, "big-endian " + editcapFormat);
        assertSameFrames(fromLittle, fromBig, "big-endian vs little-endian " + editcapFormat);
    }

    @Test
    void multiInterfacePcapngWithFiveLinkTypesAgreesWithTshark() throws Exception
    {
        final Path curl = TestFiles.corpusFile(CURL);
        final Path sll2 = temp.resolve("sll2.pcap");
        final Path rawip = temp.resolve("rawip.pcap");
        // relabelled copies: the link type changes, the bytes stay; the reader passes the type on, it never decodes
        WiresharkTools.editcap("-T", "linux-sll2", curl.toString(), sll2.toString());
        WiresharkTools.editcap("-T", "rawip", curl.toString(), rawip.toString());
        final Path merged = temp.resolve("merged.pcapng");
        WiresharkTools.mergecap(List.of("-F", "pcapng", "-w", merged.toString(), curl.toString(),
            TestFiles.corpusFile(SLL_PCAP).toString(), sll2.toString(), rawip.toString(),
            TestFiles.corpusFile(LOOPBACK_PCAPNG).toString(), TestFiles.corpusFile(SLL_NANOSECOND_PCAPNG).toString()));

        final List<Frame> frames = readComplete(merged).frames;
        assertSameFrames(WiresharkTools.tsharkFrames(merged), frames, "merged multi-interface pcapng");
        final Set<Integer> linkTypes = new TreeSet<>();
        frames.forEach(frame -> linkTypes.add(frame.linkType()));
        assertEquals(Set.of(0, 1, 101, 113, 276), linkTypes);
    }

    /** Sections with their own interfaces (ids restart at 0) and their own byte order, one after the other. */
    @Test
    void severalSectionsOfBothByteOrdersAgreeWithTshark() throws Exception
    {
        final Path first = temp.resolve("first.pcapng");
        final Path second = temp.resolve("second.pcapng");
        WiresharkTools.editcap("-F", "pcapng", TestFiles.corpusFile(SLL_PCAP).toString(), first.toString());
        WiresharkTools.editcap("-F", "pcapng", TestFiles.corpusFile(CURL).toString(), second.toString());
        final byte[] bigEndianSection = CraftedCapture.pcapng().section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(101, 0, 9, null)
            .enhancedPacket(0, 1_700_000_000_123_456_789L, new byte[] {0x45, 0, 0, 20, 1, 2, 3}, 20)
            .interfaceBlock(1, 0, -1, null)
            .enhancedPacket(1, 1_700_000_001_000_001L, new byte[60], 60)
            .bytes();
        final Path sections = temp.resolve("sections.pcapng");
        Files.write(sections, concat(Files.readAllBytes(first), bigEndianSection, Files.readAllBytes(second)));

        final List<Frame> tshark = WiresharkTools.tsharkFrames(sections);
        assertEquals(50 + 2 + 34, tshark.size());
        assertSameFrames(tshark, readComplete(sections).frames, "three sections");
    }

    /**
     * The pcap link-type field carries FCS information above its low 16 bits, which readers must mask off
     * (draft-ietf-opsawg-pcap, section 4: "LinkType and additional information").
     */
    @Test
    void fcsBitsInThePcapLinkTypeFieldAreMaskedOff() throws Exception
    {
        final byte[] bytes = Files.readAllBytes(TestFiles.corpusFile(CURL));
        // FCS length 2 (16-bit units: a 32-bit FCS) in bits 28-31 and the "FCS length present" bit 26
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 0x24000001);
        final Path withFcsBits = Files.write(temp.resolve("fcs.pcap"), bytes);
        final List<Frame> frames = readComplete(withFcsBits).frames;
        assertTrue(frames.stream().allMatch(frame -> frame.linkType() == 1));
        assertSameFrames(WiresharkTools.tsharkFrames(withFcsBits), frames, "pcap with FCS bits");

        // bits 16-25 are reserved: the draft says readers MUST ignore them (Wireshark 4.0 refuses such a file, so
        // this half rests on the draft's text alone)
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 0x03FF0001);
        final Path withReservedBits = Files.write(temp.resolve("reserved.pcap"), bytes);
        final List<Frame> reserved = readComplete(withReservedBits).frames;
        assertEquals(34, reserved.size());
        assertTrue(reserved.stream().allMatch(frame -> frame.linkType() == 1));
    }

    /**
     * Rewrites a little-endian pcap big-endian: the 32- and 16-bit fields of the file header and of every record
     * header are byte-swapped, packet bytes are left alone.
     */
    static byte[] swapPcapHeaders(final byte[] little)
    {
        final ByteBuffer in = ByteBuffer.wrap(little).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer out = ByteBuffer.allocate(little.length).order(ByteOrder.BIG_ENDIAN);
        out.putInt(in.getInt()).putShort(in.getShort()).putShort(in.getShort());
        for (int i = 0; i < 4; i++)
        {
            out.putInt(in.getInt());
        }
        while (in.remaining() >= 16)
        {
            final int seconds = in.getInt();
            final int fraction = in.getInt();
            final int captured = in.getInt();
            final int wire = in.getInt();
            out.putInt(seconds).putInt(fraction).putInt(captured).putInt(wire);
            final byte[] data = new byte[captured];
            in.get(data);
            out.put(data);
        }
        assertEquals(0, in.remaining(), "source pcap ends after a whole record");
        return out.array();
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteBuffer all = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (final byte[] part : parts)
        {
            all.put(part);
        }
        return all.array();
    }
}
