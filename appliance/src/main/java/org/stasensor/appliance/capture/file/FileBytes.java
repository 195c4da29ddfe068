package org.stasensor.appliance.capture.file;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads integers of either byte order from a mapped capture file. Every read uses one constant little-endian layout
 * and swaps when the file (or pcapng section) is big-endian, so the JIT sees constant layouts on the hot path.
 * Callers check bounds first: these methods are only called for bytes known to lie inside the segment.
 */
final class FileBytes
{
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED
        .withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED
        .withOrder(ByteOrder.LITTLE_ENDIAN);

    private FileBytes()
    {
    }

    static int uint8(final MemorySegment file, final long offset)
    {
        return file.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    static int uint16(final MemorySegment file, final long offset, final boolean bigEndian)
    {
        final short value = file.get(SHORT_LE, offset);
        return (bigEndian ? Short.reverseBytes(value) : value) & 0xFFFF;
    }

    static int int32(final MemorySegment file, final long offset, final boolean bigEndian)
    {
        final int value = file.get(INT_LE, offset);
        return bigEndian ? Integer.reverseBytes(value) : value;
    }

    static long uint32(final MemorySegment file, final long offset, final boolean bigEndian)
    {
        return int32(file, offset, bigEndian) & 0xFFFF_FFFFL;
    }

    static long int64(final MemorySegment file, final long offset, final boolean bigEndian)
    {
        final long value = file.get(LONG_LE, offset);
        return bigEndian ? Long.reverseBytes(value) : value;
    }

    /**
     * A length from the file as an int for {@code PacketConsumer}: values above {@link Integer#MAX_VALUE} (possible
     * for an original length, which nothing bounds) are clamped rather than wrapped negative.
     */
    static int clampToInt(final long unsigned)
    {
        return (int)Math.min(unsigned, Integer.MAX_VALUE);
    }
}
