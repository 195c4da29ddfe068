package org.stasensor.pipeline.ssh;

import org.agrona.DirectBuffer;

/**
 * Finds and splits the SSH identification string at the start of one direction (RFC 4253 4.2) without allocating:
 * {@code SSH-protoversion-softwareversion SP comments CR LF}, at most 255 bytes including CR LF, possibly preceded
 * (from a server) by other lines that do not start with "SSH-". A bare LF also ends a line, as OpenSSH accepts it.
 * <p>
 * Bounds: the identification line 255 bytes (RFC 4253 4.2); other lines at most {@link #MAX_OTHER_LINE_LENGTH}
 * bytes each and at most {@link #MAX_OTHER_LINES} of them, OpenSSH's limits (its {@code SSH_MAX_BANNER_LEN} and
 * {@code SSH_MAX_PRE_BANNER_LINES}). Past a bound the bytes are not SSH.
 */
public final class SshIdentificationParser
{
    /** The whole line is there and was split. */
    public static final int FOUND = 1;
    /** The bytes end before the identification line does; try again with more. */
    public static final int INCOMPLETE = 0;
    /** Not an SSH identification: a bound was crossed. */
    public static final int INVALID = -1;

    /** Longest identification string, CR LF included (RFC 4253 4.2). */
    public static final int MAX_IDENTIFICATION_LENGTH = 255;
    /** Longest other line before it, line end included (OpenSSH's SSH_MAX_BANNER_LEN). */
    public static final int MAX_OTHER_LINE_LENGTH = 8192;
    /** Most other lines before it (OpenSSH's SSH_MAX_PRE_BANNER_LINES). */
    public static final int MAX_OTHER_LINES = 1024;

    /** Protocol version of SSH 2 (RFC 4253 4.2). */
    static final byte[] VERSION_2_0 = {'2', '.', '0'};
    /** Protocol version of a server that speaks SSH 2 and SSH 1 (RFC 4253 5.1). */
    static final byte[] VERSION_1_99 = {'1', '.', '9', '9'};

    private static final byte[] PREFIX = {'S', 'S', 'H', '-'};
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private SshIdentificationParser()
    {
    }

    /**
     * The protocol test: whether the bytes start with "SSH-", which is how every client starts (RFC 4253 4.2); a
     * server may send other lines first, so its direction can fail this test and still be SSH.
     *
     * @param buffer the stream.
     * @param offset where the direction's first byte is.
     * @param length bytes there.
     * @return true when the first four bytes are "SSH-".
     */
    public static boolean looksLikeSsh(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= PREFIX.length && fits(buffer, offset, length) && startsWithPrefix(buffer, offset);
    }

    /**
     * Finds the identification line from a direction's first byte and splits it.
     *
     * @param buffer the stream.
     * @param offset where the direction's first byte is.
     * @param length contiguous bytes there.
     * @param out    the holder; reset first.
     * @return {@link #FOUND}, {@link #INCOMPLETE} or {@link #INVALID}.
     */
    public static int parse(final DirectBuffer buffer, final int offset, final int length, final SshIdentification out)
    {
        out.reset(buffer);
        if (!fits(buffer, offset, length))
        {
            return INVALID;
        }
        final int end = offset + length;
        int at = offset;
        int lines = 0;
        while (true)
        {
            final int left = end - at;
            if (left <= 0)
            {
                return INCOMPLETE;
            }
            if (isPrefixOfIdentification(buffer, at, left))
            {
                if (left < PREFIX.length)
                {
                    return INCOMPLETE;
                }
                return identification(buffer, at, end, lines, out);
            }
            if (lines == MAX_OTHER_LINES)
            {
                return INVALID;
            }
            final int lineFeed = find(buffer, at, Math.min(end, at + MAX_OTHER_LINE_LENGTH), LF);
            if (lineFeed < 0)
            {
                return left >= MAX_OTHER_LINE_LENGTH ? INVALID : INCOMPLETE;
            }
            lines++;
            at = lineFeed + 1;
        }
    }

    private static int identification(
        final DirectBuffer buffer, final int start, final int end, final int lines, final SshIdentification out)
    {
        final int lineFeed = find(buffer, start, Math.min(end, start + MAX_IDENTIFICATION_LENGTH), LF);
        if (lineFeed < 0)
        {
            return end - start >= MAX_IDENTIFICATION_LENGTH ? INVALID : INCOMPLETE;
        }
        int lineEnd = lineFeed;
        if (lineEnd > start && buffer.getByte(lineEnd - 1) == CR)
        {
            lineEnd--;
        }
        else
        {
            out.flags |= SshIdentification.FLAG_BARE_LF;
        }
        if (lines > 0)
        {
            out.flags |= SshIdentification.FLAG_PRECEDING_LINES;
        }
        out.precedingLines = lines;
        out.lineOffset = start;
        out.lineLength = lineEnd - start;
        out.endOffset = lineFeed + 1;
        for (int i = start; i < lineEnd; i++)
        {
            final int b = buffer.getByte(i) & 0xFF;
            if (b < 0x20 || b > 0x7E)
            {
                out.flags |= SshIdentification.FLAG_BAD_CHARACTER;
                break;
            }
        }
        final int version = start + PREFIX.length;
        out.protoVersionOffset = version;
        final int dash = find(buffer, version, lineEnd, (byte)'-');
        if (dash < 0)
        {
            out.protoVersionLength = lineEnd - version;
            out.flags |= SshIdentification.FLAG_NO_SOFTWARE_VERSION;
        }
        else
        {
            out.protoVersionLength = dash - version;
            final int software = dash + 1;
            final int space = find(buffer, software, lineEnd, (byte)' ');
            out.softwareVersionOffset = software;
            if (space < 0)
            {
                out.softwareVersionLength = lineEnd - software;
            }
            else
            {
                out.softwareVersionLength = space - software;
                out.commentsOffset = space + 1;
                out.commentsLength = lineEnd - space - 1;
            }
        }
        out.valid = true;
        return FOUND;
    }

    /** Whether the bytes at {@code at} are "SSH-", or, when fewer than four are left, the start of it. */
    private static boolean isPrefixOfIdentification(final DirectBuffer buffer, final int at, final int left)
    {
        final int n = Math.min(left, PREFIX.length);
        for (int i = 0; i < n; i++)
        {
            if (buffer.getByte(at + i) != PREFIX[i])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithPrefix(final DirectBuffer buffer, final int offset)
    {
        return isPrefixOfIdentification(buffer, offset, PREFIX.length);
    }

    private static int find(final DirectBuffer buffer, final int from, final int to, final byte value)
    {
        for (int i = from; i < to; i++)
        {
            if (buffer.getByte(i) == value)
            {
                return i;
            }
        }
        return -1;
    }

    static boolean fits(final DirectBuffer buffer, final int offset, final int length)
    {
        return offset >= 0 && length >= 0 && (long)offset + length <= buffer.capacity();
    }
}
