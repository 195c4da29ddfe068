package org.stasensor.appliance.capture.file;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stasensor.pipeline.packet.PacketConsumer;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.stasensor.appliance.capture.file.FrameAssertions.assertSameFrames;

/**
 * Files that are not captures, captures cut short, and captures with garbage in the middle: the reader delivers
 * every packet before the damage, says where and why it stopped, and never throws anything but
 * {@link CaptureFileException} (and that only for files it cannot read at all). Wireshark's capinfos and tshark say
 * how many packets precede the damage and whether it is a cut or corruption.
 */
class DamagedCapturesTest
{
    private static final String CURL = "ja3/Traces/ssl-curl.pcap";

    @TempDir
    Path temp;

    @Test
    void filesThatAreNotCapturesGiveOneLineErrorsNamingThePathAndTheProblem() throws Exception
    {
        final byte[] random = new byte[4096];
        new SplittableRandom(7).nextBytes(random);
        random[0] = 0x42;
        expectRefusal(Files.write(temp.resolve("empty.pcap"), new byte[0]), CaptureFileException.Reason.EMPTY,
            "empty");
        expectRefusal(temp.resolve("missing.pcap"), CaptureFileException.Reason.CANNOT_OPEN, "no such file");
        expectRefusal(Files.createDirectory(temp.resolve("dir.pcap")), CaptureFileException.Reason.CANNOT_OPEN,
            "directory");
        expectRefusal(Files.write(temp.resolve("random.pcap"), random), CaptureFileException.Reason.UNKNOWN_FORMAT,
            "not a pcap or pcapng file (starts with bytes 42 ");
        expectRefusal(Files.write(temp.resolve("short.pcap"), new byte[] {(byte)0xD4, (byte)0xC3, (byte)0xB2}),
            CaptureFileException.Reason.UNKNOWN_FORMAT, "only 3 bytes");
        expectRefusal(Files.writeString(temp.resolve("text.pcap"), "---\nnot a capture\n"),
            CaptureFileException.Reason.UNKNOWN_FORMAT, "starts with bytes 2d 2d 2d 0a");
        expectRefusal(Files.write(temp.resolve("ng-no-bom.pcapng"), new byte[] {10, 13, 13, 10, 28, 0, 0, 0, 1, 2, 3,
            4}), CaptureFileException.Reason.UNKNOWN_FORMAT, "no byte-order magic");

        final byte[] curl = Files.readAllBytes(TestFiles.corpusFile(CURL));
        final byte[] version3 = curl.clone();
        version3[4] = 3;
        expectRefusal(Files.write(temp.resolve("v3.pcap"), version3), CaptureFileException.Reason.UNSUPPORTED_VERSION,
            "pcap version 3.4");
        final Path modified = temp.resolve("modified.pcap");
        WiresharkTools.editcap("-F", "modpcap", TestFiles.corpusFile(CURL).toString(), modified.toString());
        expectRefusal(modified, CaptureFileException.Reason.UNSUPPORTED_VERSION, "editcap -F pcap");
        final byte[] ng2 = CraftedCapture.pcapng().section(ByteOrder.BIG_ENDIAN).bytes();
        ng2[12] = 0;
        ng2[13] = 2;
        expectRefusal(Files.write(temp.resolve("ng2.pcapng"), ng2), CaptureFileException.Reason.UNSUPPORTED_VERSION,
            "pcapng version 2.0");

        final Path fifo = temp.resolve("fifo.pcap");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0)
        {
            expectRefusal(fifo, CaptureFileException.Reason.CANNOT_OPEN, "not a regular file");
        }
    }

    /**
     * Cut at every byte: the reader delivers exactly the records that end at or before the cut, as tshark's captured
     * lengths place them; a cut on a record boundary is a complete file.
     */
    @Test
    void pcapCutAtEveryOffsetDeliversExactlyTheRecordsBeforeTheCut() throws Exception
    {
        final Path source = TestFiles.corpusFile(CURL);
        final byte[] bytes = Files.readAllBytes(source);
        final List<Frame> tshark = WiresharkTools.tsharkFrames(source);
        final long[] ends = new long[tshark.size()];
        long end = 24;
        for (int i = 0; i < ends.length; i++)
        {
            end += 16 + tshark.get(i).capturedLength();
            ends[i] = end;
        }
        assertEquals(bytes.length, end, "tshark's captured lengths account for the whole file");

        final CaptureFileReader reader = new CaptureFileReader();
        for (int cut = 4; cut <= bytes.length; cut++)
        {
            final PacketLog log = new PacketLog();
            final CaptureFileResult result = reader.read(Path.of("cut.pcap"),
                MemorySegment.ofArray(bytes).asSlice(0, cut), log, CaptureProgress.NONE);
            int complete = 0;
            while (complete < ends.length && ends[complete] <= cut)
            {
                complete++;
            }
            final long lastEnd = cut < 24 ? 0 : complete == 0 ? 24 : ends[complete - 1];
            assertSameFrames(tshark.subList(0, complete), log.frames, "cut at " + cut);
            assertEquals(lastEnd == cut ? ReadStatus.OK : ReadStatus.TRUNCATED, result.status(), "cut at " + cut);
            assertEquals(lastEnd, result.bytesRead(), "cut at " + cut);
            if (!result.complete())
            {
                assertEquals(lastEnd, result.damageOffset(), "cut at " + cut);
                assertTrue(result.message().contains("truncated at byte " + lastEnd), result.message());
            }
        }
    }

    /**
     * The same file as pcapng, cut at every byte: delivered packets are always a prefix of tshark's, never shrink
     * as the cut grows, and at sampled cuts their number is what capinfos reads from the cut file.
     */
    @Test
    void pcapngCutAnywhereDeliversWhatCapinfosReadsBeforeTheCut() throws Exception
    {
        final Path source = temp.resolve("curl.pcapng");
        WiresharkTools.editcap("-F", "pcapng", TestFiles.corpusFile(CURL).toString(), source.toString());
        final byte[] bytes = Files.readAllBytes(source);
        final List<Frame> tshark = WiresharkTools.tsharkFrames(source);
        final CaptureFileReader reader = new CaptureFileReader();
        long previous = 0;
        final SplittableRandom random = new SplittableRandom(11);
        // capinfos is asked only about cuts after the first section header: with that header cut, Wireshark no
        // longer takes the file for pcapng (it falls back to reading it as one opaque "MIME" record)
        final int firstBlock = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        final List<Integer> sampled = new ArrayList<>(List.of(firstBlock, firstBlock + 1, firstBlock + 8,
            firstBlock + 12, bytes.length - 1, bytes.length));
        final List<CaptureFileResult> results = new ArrayList<>();
        for (int cut = 12; cut <= bytes.length; cut++)
        {
            final PacketLog log = new PacketLog();
            final CaptureFileResult result = reader.read(Path.of("cut.pcapng"),
                MemorySegment.ofArray(bytes).asSlice(0, cut), log, CaptureProgress.NONE);
            results.add(result);
            assertSameFrames(tshark.subList(0, log.frames.size()), log.frames, "cut at " + cut);
            assertTrue(log.frames.size() >= previous, "cut at " + cut);
            previous = log.frames.size();
            assertEquals(result.complete(), result.bytesRead() == cut, "cut at " + cut);
            assertTrue(result.complete() || result.status() == ReadStatus.TRUNCATED, result.message());
            if (cut > firstBlock && random.nextInt(200) == 0)
            {
                sampled.add(cut);
            }
        }
        assertEquals(tshark.size(), previous);
        for (final int cut : sampled)
        {
            final Path file = Files.write(temp.resolve("cut-" + cut + ".pcapng"), Arrays.copyOf(bytes, cut));
            final WiresharkTools.CapinfosOutcome capinfos = WiresharkTools.capinfosOutcome(file);
            final CaptureFileResult result = results.get(cut - 12);
            assertEquals(capinfos.packets(), result.packets(), "cut at " + cut + ": " + capinfos.error());
            assertEquals(capinfos.truncated(), result.status() == ReadStatus.TRUNCATED,
                "cut at " + cut + ": " + capinfos.error() + " / " + result.message());
        }
    }

    /** Ways a block in the middle of a pcapng file can be wrong (all in the third block, after two packets). */
    enum Damage
    {
        LENGTH_NOT_A_MULTIPLE_OF_FOUR,
        LENGTH_BELOW_THE_BLOCK_MINIMUM,
        ABSURD_LENGTH,
        TRAILER_DIFFERS_FROM_HEADER,
        PLAUSIBLE_LENGTH_PAST_THE_END,
        CAPTURED_LENGTH_BEYOND_THE_BLOCK,
        UNKNOWN_INTERFACE,
        SECTION_WITHOUT_BYTE_ORDER_MAGIC,
        SECTION_OF_VERSION_2,
        INTERFACE_OPTION_RUNS_PAST_ITS_BLOCK,
        SIMPLE_PACKET_BEFORE_ANY_INTERFACE
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damageInTheMiddleStopsAfterThePacketsBeforeItAsCapinfosDoes(final Damage damage) throws Exception
    {
        final byte[] head = CraftedCapture.pcapng().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0, 9, null)
            .raw(packet(0)).raw(packet(1)).bytes();
        final byte[] damaged = switch (damage)
        {
            case LENGTH_NOT_A_MULTIPLE_OF_FOUR -> withLength(packet(2), packet(2).length + 2);
            case LENGTH_BELOW_THE_BLOCK_MINIMUM -> withLength(packet(2), 8);
            case ABSURD_LENGTH -> withLength(packet(2), 0x7FFF_FFF0);
            case TRAILER_DIFFERS_FROM_HEADER -> withLength(packet(2), packet(2).length + 4);
            case PLAUSIBLE_LENGTH_PAST_THE_END -> withLength(packet(2), 1 << 20);
            case CAPTURED_LENGTH_BEYOND_THE_BLOCK -> CraftedCapture.pcapng()
                .raw(ByteBuffer.wrap(packet(2)).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 200).array()).bytes();
            case UNKNOWN_INTERFACE -> ByteBuffer.wrap(packet(2)).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7).array();
            case SECTION_WITHOUT_BYTE_ORDER_MAGIC -> ByteBuffer.wrap(section()).putInt(8, 0x11223344).array();
            case SECTION_OF_VERSION_2 -> ByteBuffer.wrap(section()).order(ByteOrder.LITTLE_ENDIAN)
                .putShort(12, (short)2).array();
            case INTERFACE_OPTION_RUNS_PAST_ITS_BLOCK -> optionOverrun();
            case SIMPLE_PACKET_BEFORE_ANY_INTERFACE -> CraftedCapture.pcapng().raw(section())
                .simplePacket(new byte[8], 8).bytes();
        };
        final byte[] tail = CraftedCapture.pcapng().raw(packet(2)).raw(packet(3)).raw(packet(4)).bytes();
        final Path file = Files.write(temp.resolve(damage + ".pcapng"), ConvertedCapturesTest.concat(head, damaged,
            tail));

        final PacketLog log = new PacketLog();
        final CaptureFileResult result = new CaptureFileReader().read(file, log);
        final WiresharkTools.CapinfosOutcome capinfos = WiresharkTools.capinfosOutcome(file);
        assertEquals(2, capinfos.packets(), capinfos.error());
        assertEquals(capinfos.packets(), result.packets(), result.message());
        assertSameFrames(WiresharkTools.tsharkFrames(file), log.frames, damage.toString());
        assertEquals(capinfos.truncated() ? ReadStatus.TRUNCATED : ReadStatus.CORRUPT, result.status(),
            result.message() + " / capinfos: " + capinfos.error());
        assertTrue(capinfos.truncated() || capinfos.corrupt(), capinfos.error());
        // the damaged block is the first of the damaged piece, except a simple packet after a (sound) new section
        final long at = head.length + (damage == Damage.SIMPLE_PACKET_BEFORE_ANY_INTERFACE ? section().length : 0);
        assertEquals(at, result.damageOffset(), result.message());
        assertEquals(at, result.bytesRead());
        assertTrue(result.message().contains(" at byte " + at + ": "), result.message());
        assertFalse(result.message().contains("\n"));
    }

    /** A pcap record whose captured length is garbage (libpcap and Wireshark refuse it the same way). */
    @Test
    void absurdPcapCapturedLengthIsCorruptionAfterThePacketsBeforeIt() throws Exception
    {
        final byte[] bytes = Files.readAllBytes(TestFiles.corpusFile(CURL));
        final List<Frame> tshark = WiresharkTools.tsharkFrames(TestFiles.corpusFile(CURL));
        final int third = 24 + 16 + tshark.get(0).capturedLength() + 16 + tshark.get(1).capturedLength();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(third + 8, 0x7FFF_FFFF);
        final Path file = Files.write(temp.resolve("garbage.pcap"), bytes);

        final PacketLog log = new PacketLog();
        final CaptureFileResult result = new CaptureFileReader().read(file, log);
        final WiresharkTools.CapinfosOutcome capinfos = WiresharkTools.capinfosOutcome(file);
        assertTrue(capinfos.corrupt(), capinfos.error());
        assertEquals(2, capinfos.packets());
        assertEquals(ReadStatus.CORRUPT, result.status());
        assertSameFrames(tshark.subList(0, 2), log.frames, "before the garbage");
        assertEquals(third, result.damageOffset());
        assertTrue(result.message().contains("2147483647"), result.message());
    }

    /**
     * Thousands of mutated captures (bit flips, random values over any field, cuts, spliced copies) and random
     * bytes: no exception but a refusal, every delivered packet inside the mapped bytes, and a consistent result.
     */
    @Test
    void mutatedAndRandomBytesNeverThrowAndNeverDeliverOutsideTheFile() throws Exception
    {
        final List<byte[]> seeds = new ArrayList<>();
        final byte[] curl = Files.readAllBytes(TestFiles.corpusFile(CURL));
        seeds.add(curl);
        seeds.add(ConvertedCapturesTest.swapPcapHeaders(curl));
        final Path ng = temp.resolve("curl.pcapng");
        WiresharkTools.editcap("-F", "pcapng", TestFiles.corpusFile(CURL).toString(), ng.toString());
        seeds.add(Files.readAllBytes(ng));
        seeds.add(allBlockKinds(ByteOrder.BIG_ENDIAN));
        seeds.add(allBlockKinds(ByteOrder.LITTLE_ENDIAN));

        final SplittableRandom random = new SplittableRandom(20261128L);
        final CaptureFileReader reader = new CaptureFileReader(1);
        final BoundsCheckingCounter counter = new BoundsCheckingCounter();
        int refused = 0;
        long delivered = 0;
        for (int round = 0; round < 6000; round++)
        {
            final byte[] bytes = round % 10 == 9 ? randomBytes(random) : mutate(seeds.get(round % seeds.size()),
                random);
            counter.packets = 0;
            try
            {
                final CaptureFileResult result = reader.read(Path.of("mutated"), MemorySegment.ofArray(bytes),
                    counter, (file, consumed, size, packets) -> assertTrue(consumed <= size));
                assertEquals(counter.packets, result.packets());
                assertTrue(result.bytesRead() <= bytes.length);
                assertEquals(result.complete(), result.bytesRead() == bytes.length, result.message());
                assertEquals(result.complete() ? -1 : result.bytesRead(), result.damageOffset(), result.message());
                assertFalse(result.message().contains("\n"));
                delivered += result.packets();
            }
            catch (final CaptureFileException refusal)
            {
                refused++;
                assertFalse(refusal.getMessage().contains("\n"));
            }
            catch (final RuntimeException | Error bug)
            {
                fail("round " + round + " threw " + bug, bug);
            }
        }
        assertEquals(0, counter.outOfBounds, "packets delivered outside the file");
        assertTrue(refused > 0 && delivered > 10_000, "refused " + refused + ", delivered " + delivered);
    }

    /**
     * A file truncated by someone else while mapped: touching the lost pages raises SIGBUS, which the JVM turns
     * into an InternalError; the reader reports it as a truncation instead of letting it out.
     */
    @Test
    void aFileThatShrinksWhileBeingReadEndsAsTruncatedNotAsACrash() throws Exception
    {
        final CraftedCapture capture = CraftedCapture.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        for (int i = 0; i < 50_000; i++)
        {
            capture.pcapRecord(1_700_000_000L + i, 0, new byte[100], 100);
        }
        final Path file = capture.write(temp.resolve("shrinking.pcap"));
        final int[] seen = new int[1];
        final PacketConsumer truncateAtPacket100 = (linkType, memory, offset, captured, wire, timestamp) ->
        {
            if (++seen[0] == 100)
            {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
                {
                    channel.truncate(8192);
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }
        };
        final CaptureFileResult result = new CaptureFileReader().read(file, truncateAtPacket100);
        assertEquals(ReadStatus.TRUNCATED, result.status(), result.message());
        assertTrue(result.message().contains("shrank"), result.message());
        assertTrue(result.packets() >= 100 && result.packets() < 50_000, result.message());
        assertEquals(seen[0], result.packets());
    }

    private static void expectRefusal(final Path file, final CaptureFileException.Reason reason, final String words)
    {
        final CaptureFileException refusal = assertThrows(CaptureFileException.class,
            () -> new CaptureFileReader().read(file, new PacketLog()));
        assertEquals(reason, refusal.reason(), refusal.getMessage());
        assertEquals(file, refusal.file());
        assertTrue(refusal.getMessage().startsWith(file + ": "), refusal.getMessage());
        assertTrue(refusal.getMessage().contains(words), refusal.getMessage());
        assertFalse(refusal.getMessage().contains("\n"), refusal.getMessage());
        assertEquals(0, refusal.getStackTrace().length, "no stack trace is recorded");
    }

    private static byte[] packet(final int i)
    {
        return CraftedCapture.pcapng().enhancedPacket(0, 1_700_000_000_000_000_000L + i * 1_000_000L,
            CraftedPcapngTest.frame(60, i), 60).bytes();
    }

    private static byte[] section()
    {
        return CraftedCapture.pcapng().section(ByteOrder.LITTLE_ENDIAN).bytes();
    }

    private static byte[] withLength(final byte[] block, final int length)
    {
        return ByteBuffer.wrap(block.clone()).order(ByteOrder.LITTLE_ENDIAN).putInt(4, length).array();
    }

    /** An IDB whose if_tsresol option claims 40 bytes inside a block that has 4 left. */
    private static byte[] optionOverrun()
    {
        final CraftedCapture capture = CraftedCapture.pcapng();
        return capture.block(CraftedCapture.IDB, capture.buffer(16).putShort((short)1).putShort((short)0).putInt(0)
            .putShort((short)9).putShort((short)40).put((byte)6).put(new byte[3])).bytes();
    }

    static byte[] allBlockKinds(final ByteOrder order)
    {
        final CraftedCapture capture = CraftedCapture.pcapng().section(order);
        capture.interfaceBlock(1, 64, 0x80 | 20, 100L).interfaceBlock(113, 0, 9, null)
            .block(CraftedCapture.NRB, capture.buffer(4))
            .simplePacket(CraftedPcapngTest.frame(64, 1), 80)
            .enhancedPacket(1, 1_700_000_000_000_000_000L, CraftedPcapngTest.frame(70, 2), 70)
            .obsoletePacket(0, 1_700_000_000L << 20, CraftedPcapngTest.frame(50, 3), 50)
            .section(order == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
            .interfaceBlock(101, 0, -1, null)
            .enhancedPacket(0, 1_700_000_000_000_000L, CraftedPcapngTest.frame(20, 4), 20);
        return capture.bytes();
    }

    private static byte[] mutate(final byte[] seed, final SplittableRandom random)
    {
        byte[] bytes = seed.clone();
        final int kind = random.nextInt(5);
        if (kind == 0 || kind == 4)
        {
            for (int i = 1 + random.nextInt(16); i > 0; i--)
            {
                bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
            }
        }
        if (kind == 1 || kind == 4)
        {
            for (int i = 1 + random.nextInt(6); i > 0; i--)
            {
                final int at = random.nextInt(bytes.length - 4);
                final int value = random.nextBoolean() ? random.nextInt() : random.nextInt(256);
                ByteBuffer.wrap(bytes).order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                    .putInt(at, value);
            }
        }
        if (kind == 2)
        {
            bytes = Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length));
        }
        if (kind == 3)
        {
            final int from = random.nextInt(bytes.length);
            final int length = random.nextInt(bytes.length - from);
            final int to = random.nextInt(bytes.length);
            final byte[] spliced = Arrays.copyOf(bytes, to + length);
            System.arraycopy(bytes, from, spliced, to, length);
            bytes = spliced.length == 0 ? bytes : spliced;
        }
        return bytes;
    }

    private static byte[] randomBytes(final SplittableRandom random)
    {
        final byte[] bytes = new byte[1 + random.nextInt(2048)];
        random.nextBytes(bytes);
        final int[] magics = {0xA1B2C3D4, 0xD4C3B2A1, 0xA1B23C4D, 0x4D3CB2A1, 0x0A0D0D0A};
        if (bytes.length >= 12 && random.nextBoolean())
        {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            final int magic = magics[random.nextInt(magics.length)];
            buffer.putInt(0, magic);
            buffer.putShort(4, (short)2);
            if (magic == 0x0A0D0D0A)
            {
                buffer.putInt(8, random.nextBoolean() ? 0x1A2B3C4D : 0x4D3C2B1A);
            }
        }
        return bytes;
    }

    /** Counts packets and checks each lies inside the memory it came in; touches no packet bytes. */
    private static final class BoundsCheckingCounter implements PacketConsumer
    {
        long packets;
        long outOfBounds;

        @Override
        public void onPacket(final int linkType, final MemorySegment memory, final long offset,
            final int capturedLength, final int wireLength, final long timestampNanos)
        {
            packets++;
            if (offset < 0 || capturedLength < 0 || offset + capturedLength > memory.byteSize())
            {
                outOfBounds++;
            }
        }
    }
}
