package org.stasensor.pipeline.quic;

/**
 * QUIC variable-length integers (RFC 9000 16): the two high bits of the first byte give the encoded length, 1, 2,
 * 4 or 8 bytes, the rest is the value in network byte order, at most 2^62 - 1. Reading never passes {@code end}.
 */
final class QuicVarInt
{
    /** Returned when the integer does not fit before the end. */
    static final long TRUNCATED = -1;

    private QuicVarInt()
    {
    }

    /**
     * Encoded length of the integer starting with this byte.
     *
     * @param firstByte the first byte.
     * @return 1, 2, 4 or 8.
     */
    static int length(final byte firstByte)
    {
        return 1 << ((firstByte & 0xC0) >>> 6);
    }

    /**
     * Reads an integer.
     *
     * @param bytes  where it is.
     * @param offset its first byte.
     * @param end    first byte not to read.
     * @return the value, or {@link #TRUNCATED} when {@code offset >= end} or the encoding crosses {@code end}.
     */
    static long read(final byte[] bytes, final int offset, final int end)
    {
        if (offset >= end)
        {
            return TRUNCATED;
        }
        final int length = length(bytes[offset]);
        if (end - offset < length)
        {
            return TRUNCATED;
        }
        long value = bytes[offset] & 0x3F;
        for (int i = 1; i < length; i++)
        {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
