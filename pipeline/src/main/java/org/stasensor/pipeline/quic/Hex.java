package org.stasensor.pipeline.quic;

import java.nio.charset.StandardCharsets;

/**
 * Lowercase hex digits, for connection ids and versions written into records without allocating.
 */
final class Hex
{
    static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Hex()
    {
    }

    /**
     * Writes {@code length} bytes as {@code 2 * length} hex digits.
     *
     * @param source bytes.
     * @param offset first byte.
     * @param length bytes to write.
     * @param out    at least {@code 2 * length} bytes.
     * @return characters written.
     */
    static int encode(final byte[] source, final int offset, final int length, final byte[] out)
    {
        for (int i = 0; i < length; i++)
        {
            final int b = source[offset + i] & 0xFF;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xF];
        }
        return 2 * length;
    }
}
