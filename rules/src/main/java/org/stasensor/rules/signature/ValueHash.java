package org.stasensor.rules.signature;

import org.agrona.DirectBuffer;

/**
 * A 64-bit hash of bytes with ASCII letters folded to lower case, the key of the signature index and the block
 * lists. Collisions only cost an extra full evaluation: every candidate is checked in full.
 */
final class ValueHash
{
    private static final long SEED = 0xCBF29CE484222325L;
    private static final long PRIME = 0x100000001B3L;

    private ValueHash()
    {
    }

    static long of(final DirectBuffer memory, final int offset, final int length)
    {
        long hash = SEED ^ length;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ (ContentMatch.foldByte(memory.getByte(offset + i)) & 0xFF)) * PRIME;
        }
        return mix(hash);
    }

    static long of(final byte[] bytes, final int offset, final int length)
    {
        long hash = SEED ^ length;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ (ContentMatch.foldByte(bytes[offset + i]) & 0xFF)) * PRIME;
        }
        return mix(hash);
    }

    /**
     * Starts an incremental hash of a prefix or suffix, fed a byte at a time with {@link #step(long, byte)}.
     *
     * @return the initial state.
     */
    static long start()
    {
        return SEED;
    }

    /**
     * Adds one byte (folded) to an incremental hash.
     *
     * @param state the state.
     * @param b     the byte.
     * @return the new state.
     */
    static long step(final long state, final byte b)
    {
        return (state ^ (ContentMatch.foldByte(b) & 0xFF)) * PRIME;
    }

    /**
     * The key of an incremental hash after some bytes.
     *
     * @param state  the state.
     * @param length bytes fed.
     * @return the key.
     */
    static long finish(final long state, final int length)
    {
        return mix(state + length * 0x9E3779B97F4A7C15L);
    }

    /**
     * The key of the first bytes of a folded content, as {@link #step}/{@link #finish} compute it on a value.
     *
     * @param folded the content.
     * @param length bytes of it.
     * @return the key.
     */
    static long prefix(final byte[] folded, final int length)
    {
        long state = SEED;
        for (int i = 0; i < length; i++)
        {
            state = step(state, folded[i]);
        }
        return finish(state, length);
    }

    /**
     * The key of the last bytes of a folded content, fed from the last byte backwards.
     *
     * @param folded the content.
     * @param length bytes of it.
     * @return the key.
     */
    static long suffix(final byte[] folded, final int length)
    {
        long state = SEED;
        for (int i = 0; i < length; i++)
        {
            state = step(state, folded[folded.length - 1 - i]);
        }
        return finish(state, length);
    }

    /**
     * Where a 4-gram falls in a gram filter of 2^16 bits.
     *
     * @param gram the 4-gram.
     * @return 0..65535.
     */
    static int filterBit(final int gram)
    {
        return (gram * 0x9E3779B1) >>> 16;
    }

    /**
     * Where an 8-gram falls in a gram filter of 2^16 bits.
     *
     * @param gram the 8-gram.
     * @return 0..65535.
     */
    static int filterBit(final long gram)
    {
        return (int)((gram * 0x9E3779B97F4A7C15L) >>> 48);
    }

    /**
     * Eight folded bytes as one long, the key of the 8-gram index.
     *
     * @param folded the content, folded.
     * @param offset first byte.
     * @return the key.
     */
    static long gram8(final byte[] folded, final int offset)
    {
        long gram = 0;
        for (int i = 0; i < 8; i++)
        {
            gram = gram << 8 | (folded[offset + i] & 0xFF);
        }
        return gram;
    }

    /**
     * Four folded bytes as one int, the key of the 4-gram index.
     *
     * @param memory memory.
     * @param offset first byte.
     * @return the key.
     */
    static int gram(final DirectBuffer memory, final int offset)
    {
        return (ContentMatch.foldByte(memory.getByte(offset)) & 0xFF) << 24 |
            (ContentMatch.foldByte(memory.getByte(offset + 1)) & 0xFF) << 16 |
            (ContentMatch.foldByte(memory.getByte(offset + 2)) & 0xFF) << 8 |
            (ContentMatch.foldByte(memory.getByte(offset + 3)) & 0xFF);
    }

    static int gram(final byte[] folded, final int offset)
    {
        return (folded[offset] & 0xFF) << 24 | (folded[offset + 1] & 0xFF) << 16 | (folded[offset + 2] & 0xFF) << 8 |
            (folded[offset + 3] & 0xFF);
    }

    private static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return z ^ (z >>> 33);
    }
}
