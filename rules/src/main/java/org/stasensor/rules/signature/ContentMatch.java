package org.stasensor.rules.signature;

import org.agrona.DirectBuffer;

/**
 * A {@code content} with its modifiers, applied to one value of a buffer: bytes that must (or, negated, must not)
 * occur, optionally without regard to ASCII case, at the start ({@code startswith}, or within {@code depth} bytes
 * after {@code offset}) or at the end ({@code endswith}).
 */
final class ContentMatch
{
    final byte[] pattern;
    final byte[] folded;
    boolean negated;
    boolean nocase;
    boolean startsWith;
    boolean endsWith;
    int offset;
    int depth;

    ContentMatch(final byte[] pattern, final boolean negated)
    {
        this.pattern = pattern;
        this.folded = fold(pattern);
        this.negated = negated;
    }

    /**
     * Whether the value satisfies this content (negation applied).
     *
     * @param memory memory holding the value.
     * @param start  where the value starts.
     * @param length its length.
     * @return true when satisfied.
     */
    boolean matches(final DirectBuffer memory, final int start, final int length)
    {
        return found(memory, start, length) != negated;
    }

    /**
     * Whether the content is a whole-value equality, so that a hash table can find the rule.
     *
     * @param fixedLength the buffer's value length when fixed, else 0.
     * @return true for startswith+endswith, or a content as long as every value.
     */
    boolean isWholeValue(final int fixedLength)
    {
        if (negated || offset != 0)
        {
            return false;
        }
        return (startsWith && endsWith) || (fixedLength > 0 && pattern.length == fixedLength);
    }

    private boolean found(final DirectBuffer memory, final int start, final int length)
    {
        final int n = pattern.length;
        if (n > length)
        {
            return false;
        }
        if (endsWith)
        {
            final int at = length - n;
            if (at < offset || (startsWith && at != 0) || (depth > 0 && at + n > offset + depth))
            {
                return false;
            }
            return regionMatches(memory, start + at);
        }
        final int first = offset;
        int last = length - n;
        if (startsWith)
        {
            last = Math.min(last, first);
        }
        if (depth > 0)
        {
            last = Math.min(last, offset + depth - n);
        }
        for (int at = first; at <= last; at++)
        {
            if (regionMatches(memory, start + at))
            {
                return true;
            }
        }
        return false;
    }

    private boolean regionMatches(final DirectBuffer memory, final int at)
    {
        final int n = pattern.length;
        if (nocase)
        {
            for (int i = 0; i < n; i++)
            {
                if (foldByte(memory.getByte(at + i)) != folded[i])
                {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < n; i++)
        {
            if (memory.getByte(at + i) != pattern[i])
            {
                return false;
            }
        }
        return true;
    }

    static byte foldByte(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
    }

    static byte[] fold(final byte[] bytes)
    {
        final byte[] result = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++)
        {
            result[i] = foldByte(bytes[i]);
        }
        return result;
    }
}
