package org.stasensor.pipeline.tls;

import java.nio.charset.StandardCharsets;

/**
 * Names of 16-bit registry code points, looked up in two steps (high byte, then low byte) so that a lookup costs
 * two array reads and returns a constant: writing a name allocates nothing. Filled once, at class initialisation of
 * its owner.
 */
final class CodeNameTable
{
    private static final int PAGE = 256;

    private final String[][] names = new String[PAGE][];
    private final byte[][][] bytes = new byte[PAGE][][];
    private int size;

    void put(final int code, final String name)
    {
        final int high = (code >>> 8) & 0xFF;
        if (names[high] == null)
        {
            names[high] = new String[PAGE];
            bytes[high] = new byte[PAGE][];
        }
        if (names[high][code & 0xFF] != null)
        {
            throw new IllegalStateException("code point 0x" + Integer.toHexString(code) + " named twice: "
                + names[high][code & 0xFF] + ", " + name);
        }
        names[high][code & 0xFF] = name;
        bytes[high][code & 0xFF] = name.getBytes(StandardCharsets.US_ASCII);
        size++;
    }

    String name(final int code)
    {
        if ((code & 0xFFFF_0000) != 0)
        {
            return null;
        }
        final String[] page = names[code >>> 8];
        return page == null ? null : page[code & 0xFF];
    }

    byte[] bytes(final int code)
    {
        if ((code & 0xFFFF_0000) != 0)
        {
            return null;
        }
        final byte[][] page = bytes[code >>> 8];
        return page == null ? null : page[code & 0xFF];
    }

    int size()
    {
        return size;
    }
}
