package org.stasensor.appliance.capture.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stasensor.appliance.capture.file.FrameAssertions.assertSameFrames;
import static org.stasensor.appliance.capture.file.FrameAssertions.readComplete;

/**
 * pcapng features no tool here writes on request (Simple and obsolete Packet Blocks, unusual timestamp resolutions,
 * timestamp offsets, foreign blocks to skip), crafted byte by byte and read by both tshark and the reader.
 */
class CraftedPcapngTest
{
    private static final byte[] IPV4 = {0x45, 0, 0, 20, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};

    @TempDir
    Path temp;

    enum Order
    {
        LITTLE(ByteOrder.LITTLE_ENDIAN),
        BIG(ByteOrder.BIG_ENDIAN);

        final ByteOrder order;

        Order(final ByteOrder order)
        {
            this.order = order;
        }
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void timestampResolutionsAndOffsetsAgreeWithTshark(final Order order) throws Exception
    {
        final CraftedCapture capture = CraftedCapture.pcapng().section(order.order)
            .interfaceBlock(1, 0, -1, null)                       // default: microseconds
            .interfaceBlock(1, 0, 9, null)                        // nanoseconds
            .interfaceBlock(1, 0, 3, 1_000L)                      // milliseconds, +1000 s
            .interfaceBlock(1, 0, 12, null)                       // picoseconds, finer than delivered
            .interfaceBlock(1, 0, 0x80 | 20, null)                // 2^-20 s
            .interfaceBlock(1, 0, 0x80 | 10, -86_400L)            // 2^-10 s, one day back
            .interfaceBlock(101, 0, 0, null);                     // whole seconds
        final long[] units = {
            1_700_000_000_123_456L,
            1_700_000_000_123_456_789L,
            1_700_000_000_123L,
            // 64 bits of picoseconds only reach 1970-08; a fraction below 2^64 / 10^9 ps, because Wireshark 4.0
            // multiplies the fraction by 10^9 in 64 bits (the exact conversion is checked below instead)
            9_000_000_012_345_678_901L,
            (1_700_000_000L << 20) | 777_777L,
            (1_700_000_000L << 10) | 1000L,
            1_700_000_000L};
        for (int id = 0; id < units.length; id++)
        {
            capture.enhancedPacket(id, units[id], id == 6 ? IPV4 : frame(60 + id, id), 60 + id + 4);
        }
        final Path file = capture.write(temp.resolve("resolutions.pcapng"));
        final List<Frame> tshark = WiresharkTools.tsharkFrames(file);
        assertEquals(units.length, tshark.size());
        assertSameFrames(tshark, readComplete(file).frames, "resolutions " + order);
    }

    /**
     * Every packet block kind, with foreign blocks between them that must be skipped. tshark gives an SPB no
     * timestamp, so its timestamp is checked against the rule the reader documents (the last one seen), and the
     * rest of each SPB frame against tshark; the SPB captured length follows the spec: the least of the original
     * length, the interface snaplen and the block's room.
     */
    @ParameterizedTest
    @EnumSource(Order.class)
    void simpleObsoleteAndEnhancedPacketBlocksBetweenForeignBlocksAgreeWithTshark(final Order order) throws Exception
    {
        final CraftedCapture capture = CraftedCapture.pcapng().section(order.order);
        capture.block(CraftedCapture.NRB, capture.buffer(4).putShort((short)0).putShort((short)0))
            .interfaceBlock(1, 64, 9, null)
            .block(CraftedCapture.CUSTOM, capture.buffer(12).putInt(32473).putInt(0xDEADBEEF).putInt(7))
            .simplePacket(frame(40, 1), 40)                                  // no timestamp before: 0
            .enhancedPacket(0, 1_700_000_000_000_000_001L, frame(60, 2), 60)
            .simplePacket(frame(64, 3), 1500)                                // cut to the snaplen, 64
            .block(CraftedCapture.DSB, capture.buffer(12).putInt(0x544c534b).putInt(4).putInt(0x41424344))
            .obsoletePacket(0, 1_700_000_000_500_000_000L, frame(62, 4), 1000)
            .block(CraftedCapture.ISB, capture.buffer(12).putInt(0).putInt(0).putInt(0))
            .simplePacket(frame(33, 5), 33)
            .block(0x80000001, capture.buffer(3).put((byte)1).put((byte)2).put((byte)3));
        final Path file = capture.write(temp.resolve("blocks.pcapng"));

        final List<Frame> ours = readComplete(file).frames;
        final List<Frame> tshark = WiresharkTools.tsharkFrames(file);
        assertEquals(5, tshark.size());
        final long[] lastSeen = {0, 1_700_000_000_000_000_001L, 1_700_000_000_000_000_001L,
            1_700_000_000_500_000_000L, 1_700_000_000_500_000_000L};
        for (int i = 0; i < tshark.size(); i++)
        {
            final Frame t = tshark.get(i);
            final boolean simple = i == 0 || i == 2 || i == 4;
            final Frame expected = simple ? new Frame(t.linkType(), t.capturedLength(), t.wireLength(), lastSeen[i],
                t.md5()) : t;
            assertEquals(expected, ours.get(i), "packet " + i);
            assertEquals(lastSeen[i], ours.get(i).timestampNanos(), "packet " + i);
        }
        assertEquals(64, ours.get(2).capturedLength());
        assertEquals(1500, ours.get(2).wireLength());
        assertEquals(5, ours.size());
    }

    /**
     * The SPB captured length is the least of the original length, the snaplen and the block's room (spec, section
     * 4.4). Both cases here rest on the spec's text, not on tshark: Wireshark 4.0 misframes an SPB that holds more
     * than the snaplen (it looks for the trailer after the snaplen) and refuses one shorter than its original length.
     */
    @Test
    void simplePacketCapturedLengthIsTheLeastOfOriginalLengthSnaplenAndBlock() throws Exception
    {
        final Path longerThanSnaplen = CraftedCapture.pcapng().section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 64, -1, null)
            .simplePacket(frame(80, 8), 80)
            .simplePacket(frame(20, 9), 20)
            .write(temp.resolve("snaplen.pcapng"));
        final List<Frame> cut = readComplete(longerThanSnaplen).frames;
        assertEquals(new Frame(1, 64, 80, 0, PacketLog.md5(java.util.Arrays.copyOf(frame(80, 8), 64))), cut.get(0));
        assertEquals(new Frame(1, 20, 20, 0, PacketLog.md5(frame(20, 9))), cut.get(1));

        final Path shorterThanWire = CraftedCapture.pcapng().section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 0, -1, null)
            .simplePacket(frame(42, 9), 1514)
            .write(temp.resolve("spb.pcapng"));
        final List<Frame> frames = readComplete(shorterThanWire).frames;
        assertEquals(new Frame(1, 44, 1514, 0, PacketLog.md5(padded(frame(42, 9), 44))), frames.get(0));
    }

    /** Exact conversions of timestamps that tshark rounds differently or cannot express (known arithmetic). */
    @Test
    void binaryAndSubNanosecondResolutionsConvertExactly()
    {
        // 5.5 s in units of 2^-32 s
        assertEquals(5_500_000_000L, TimestampResolution.toNanos((5L << 32) | (1L << 31), 0x80 | 32));
        // one unit of 2^-64 s is below a nanosecond; 2^63 of them are half a second
        assertEquals(500_000_000L, TimestampResolution.toNanos(1L << 63, 0x80 | 64));
        assertEquals(0L, TimestampResolution.toNanos(1L, 0x80 | 64));
        // 1.999999999999 s in picoseconds truncates to 1.999999999 s
        assertEquals(1_999_999_999L, TimestampResolution.toNanos(1_999_999_999_999L, 12));
        // femtoseconds: 18446744073709551615 fs (2^64 - 1, unsigned) = 18446.744073709551615 s
        assertEquals(18_446_744_073_709L, TimestampResolution.toNanos(-1L, 15));
        // 10^-19 s units: 2^64-1 of them = 1.8446744073709551615 s
        assertEquals(1_844_674_407L, TimestampResolution.toNanos(-1L, 19));
        // 10^-20 s units: 0.18446744073709551615 s
        assertEquals(184_467_440L, TimestampResolution.toNanos(-1L, 20));
        assertEquals(1_700_000_000_000_000_000L, TimestampResolution.toNanos(1_700_000_000L, 0));
        assertEquals(1_700_000_000_000_000_000L, TimestampResolution.toNanos(1_700_000_000L, 0x80));
    }

    static byte[] frame(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed * 31 + i * 7);
        }
        return bytes;
    }

    private static byte[] padded(final byte[] bytes, final int length)
    {
        return ByteBuffer.allocate(length).put(bytes).array();
    }
}
