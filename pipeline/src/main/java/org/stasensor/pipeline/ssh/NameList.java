package org.stasensor.pipeline.ssh;

import org.agrona.DirectBuffer;

/**
 * Walks comma-separated name-lists (RFC 4251 5) in place. Work is bounded for hostile lists: a name longer than
 * {@link KexInitParser#MAX_NAME_LENGTH} never matches, and only the first {@link #MAX_NAMES} names of a list take
 * part in a search.
 */
final class NameList
{
    /** Names of a list considered when searching; real lists hold a few dozen. */
    static final int MAX_NAMES = 128;
    /** Bytes of a list considered when searching: room for {@link #MAX_NAMES} names of the longest legal length. */
    static final int MAX_SCANNED = MAX_NAMES * (KexInitParser.MAX_NAME_LENGTH + 1);

    private NameList()
    {
    }

    /**
     * Whether a list holds a name.
     *
     * @param list       buffer of the list.
     * @param listOffset where the list text starts.
     * @param listLength its length.
     * @param name       buffer of the name.
     * @param nameOffset where the name starts.
     * @param nameLength its length.
     * @return true when some name of the list is byte-for-byte equal.
     */
    static boolean contains(final DirectBuffer list, final int listOffset, final int listLength,
        final DirectBuffer name, final int nameOffset, final int nameLength)
    {
        if (nameLength <= 0 || nameLength > KexInitParser.MAX_NAME_LENGTH)
        {
            return false;
        }
        final int end = listOffset + listLength;
        final int scanEnd = listOffset + Math.min(listLength, MAX_SCANNED);
        int start = listOffset;
        for (int names = 0; start <= scanEnd && names < MAX_NAMES; names++)
        {
            final int stop = nameEnd(list, start, scanEnd);
            // A name cut by the scan bound is longer than any legal name and matches nothing.
            final boolean whole = stop < scanEnd || scanEnd == end;
            if (whole && stop - start == nameLength && equal(list, start, name, nameOffset, nameLength))
            {
                return true;
            }
            start = stop + 1;
        }
        return false;
    }

    /**
     * Where the name starting at {@code start} ends: the next comma or the end of the list.
     *
     * @param list  buffer of the list.
     * @param start first byte of the name.
     * @param end   end of the list.
     * @return offset of the comma, or {@code end}.
     */
    static int nameEnd(final DirectBuffer list, final int start, final int end)
    {
        int at = start;
        while (at < end && list.getByte(at) != ',')
        {
            at++;
        }
        return at;
    }

    /**
     * Whether the first name of a list equals the first name of another (RFC 4253 7.1 "guess").
     *
     * @param a       buffer of the first list.
     * @param aOffset its text.
     * @param aLength its length.
     * @param b       buffer of the second list.
     * @param bOffset its text.
     * @param bLength its length.
     * @return true when both first names are present and equal.
     */
    static boolean sameFirstName(final DirectBuffer a, final int aOffset, final int aLength,
        final DirectBuffer b, final int bOffset, final int bLength)
    {
        final int aFirst = nameEnd(a, aOffset, aOffset + aLength) - aOffset;
        final int bFirst = nameEnd(b, bOffset, bOffset + bLength) - bOffset;
        return aFirst > 0 && aFirst == bFirst && equal(a, aOffset, b, bOffset, aFirst);
    }

    /**
     * Whether a name equals an ASCII constant.
     *
     * @param buffer buffer of the name.
     * @param offset where it starts.
     * @param length its length.
     * @param ascii  the constant.
     * @return true when equal.
     */
    static boolean is(final DirectBuffer buffer, final int offset, final int length, final byte[] ascii)
    {
        if (length != ascii.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != ascii[i])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(final DirectBuffer a, final int aOffset, final DirectBuffer b, final int bOffset,
        final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }
}
