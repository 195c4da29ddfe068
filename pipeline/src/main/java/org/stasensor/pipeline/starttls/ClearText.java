package org.stasensor.pipeline.starttls;

import org.agrona.DirectBuffer;

/**
 * Reading lines and words of a clear-text protocol (CRLF-terminated lines, RFC 5321 2.3.8; a bare LF is accepted as
 * servers and clients do) in place in a stream buffer. Every index is checked against the limit given; nothing
 * allocates.
 */
final class ClearText
{
    static final byte LF = '\n';
    static final byte CR = '\r';
    static final byte SPACE = ' ';

    private ClearText()
    {
    }

    /**
     * The end of the line starting at {@code from}: the index after its LF.
     *
     * @param buffer the stream.
     * @param from   the line's first byte.
     * @param limit  first index not to read.
     * @return the index after the LF, or -1 when no LF comes before {@code limit}.
     */
    static int lineEnd(final DirectBuffer buffer, final int from, final int limit)
    {
        for (int i = from; i < limit; i++)
        {
            if (buffer.getByte(i) == LF)
            {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * Where a line's text ends: before its CR LF (or LF), and before trailing spaces.
     *
     * @param buffer    the stream.
     * @param lineStart the line's first byte.
     * @param lineEnd   the index after its LF.
     * @return the index after the last byte of text.
     */
    static int textEnd(final DirectBuffer buffer, final int lineStart, final int lineEnd)
    {
        int end = lineEnd;
        while (end > lineStart)
        {
            final byte b = buffer.getByte(end - 1);
            if (b != LF && b != CR && b != SPACE && b != '\t')
            {
                break;
            }
            end--;
        }
        return end;
    }

    /**
     * Whether the text at {@code at} is the word (ASCII letters compared without case) followed by a space or the
     * end of the text.
     *
     * @param buffer    the stream.
     * @param at        where the word would start.
     * @param end       end of the text.
     * @param upperWord the word in upper case.
     * @return true when it is.
     */
    static boolean isWord(final DirectBuffer buffer, final int at, final int end, final byte[] upperWord)
    {
        return startsWith(buffer, at, end, upperWord)
            && (at + upperWord.length == end || buffer.getByte(at + upperWord.length) == SPACE);
    }

    /**
     * Whether the text at {@code at} starts with the given bytes, ASCII letters compared without case.
     *
     * @param buffer    the stream.
     * @param at        where to compare.
     * @param end       end of the text.
     * @param upperText the expected bytes, letters in upper case.
     * @return true when they match.
     */
    static boolean startsWith(final DirectBuffer buffer, final int at, final int end, final byte[] upperText)
    {
        if (at < 0 || end - at < upperText.length)
        {
            return false;
        }
        for (int i = 0; i < upperText.length; i++)
        {
            final int b = buffer.getByte(at + i);
            final int upper = b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b;
            if (upper != upperText[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The index after the word at {@code at} and the spaces that follow it.
     *
     * @param buffer the stream.
     * @param at     the word's first byte.
     * @param end    end of the text.
     * @return the next word's first byte, or {@code end}.
     */
    static int nextWord(final DirectBuffer buffer, final int at, final int end)
    {
        int i = at;
        while (i < end && buffer.getByte(i) != SPACE)
        {
            i++;
        }
        while (i < end && buffer.getByte(i) == SPACE)
        {
            i++;
        }
        return i;
    }

    /**
     * A three-digit reply code (RFC 5321 4.2, RFC 959 4.2) at the start of a line.
     *
     * @param buffer the stream.
     * @param at     the line's first byte.
     * @param end    end of the text.
     * @return the code, or -1 when the line does not start with three digits.
     */
    static int replyCode(final DirectBuffer buffer, final int at, final int end)
    {
        if (end - at < 3)
        {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 3; i++)
        {
            final int b = buffer.getByte(at + i);
            if (b < '0' || b > '9')
            {
                return -1;
            }
            code = code * 10 + (b - '0');
        }
        return code;
    }

    /**
     * The first occurrence of a byte sequence (compared exactly).
     *
     * @param buffer  the stream.
     * @param from    first index to look at.
     * @param limit   first index not to read.
     * @param pattern the bytes.
     * @return the index of the first byte of the match, or -1.
     */
    static int indexOf(final DirectBuffer buffer, final int from, final int limit, final byte[] pattern)
    {
        final int last = limit - pattern.length;
        for (int i = from; i <= last; i++)
        {
            int j = 0;
            while (j < pattern.length && buffer.getByte(i + j) == pattern[j])
            {
                j++;
            }
            if (j == pattern.length)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first occurrence of a byte.
     *
     * @param buffer the stream.
     * @param from   first index to look at.
     * @param limit  first index not to read.
     * @param value  the byte.
     * @return its index, or -1.
     */
    static int indexOf(final DirectBuffer buffer, final int from, final int limit, final byte value)
    {
        for (int i = from; i < limit; i++)
        {
            if (buffer.getByte(i) == value)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * ASCII bytes of a constant.
     *
     * @param text the text.
     * @return its bytes.
     */
    static byte[] ascii(final String text)
    {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
