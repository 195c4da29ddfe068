package org.stasensor.pipeline.ssh;

import org.agrona.DirectBuffer;

/**
 * What {@link SshIdentificationParser} read from the start of one direction: a reusable holder keeping offsets into
 * the parsed bytes, valid while those bytes are unchanged.
 * <pre>
 *   [other lines, server only, none starting "SSH-", each ending CR LF]     (RFC 4253 4.2)
 *   SSH-protoversion-softwareversion SP comments CR LF                     at most 255 bytes with CR LF
 *       |          |               |   '-- optional, with its SP
 *       |          |               '-- printable US-ASCII, no space and (by the RFC) no '-'
 *       |          '-- "2.0", or "1.99" from a server that also speaks SSH 1
 *       '-- line offset
 * </pre>
 * Field offsets index {@link #buffer()}; a length of -1 means the field is absent.
 */
public final class SshIdentification
{
    /** Flag: the line has no '-' after the protocol version, so no software version. */
    public static final int FLAG_NO_SOFTWARE_VERSION = 1;
    /** Flag: the line ended with a bare LF instead of CR LF (accepted, as OpenSSH accepts it). */
    public static final int FLAG_BARE_LF = 2;
    /** Flag: the line holds a byte RFC 4253 4.2 forbids there (NUL, other control characters, or bytes over 0x7E). */
    public static final int FLAG_BAD_CHARACTER = 4;
    /** Flag: other lines came before the identification (a server may send them; a client must not). */
    public static final int FLAG_PRECEDING_LINES = 8;

    DirectBuffer buffer;
    int lineOffset;
    int lineLength;
    int protoVersionOffset;
    int protoVersionLength;
    int softwareVersionOffset;
    int softwareVersionLength;
    int commentsOffset;
    int commentsLength;
    int precedingLines;
    int endOffset;
    int flags;
    boolean valid;

    void reset(final DirectBuffer buffer)
    {
        this.buffer = buffer;
        lineOffset = 0;
        lineLength = 0;
        protoVersionOffset = 0;
        protoVersionLength = -1;
        softwareVersionOffset = 0;
        softwareVersionLength = -1;
        commentsOffset = 0;
        commentsLength = -1;
        precedingLines = 0;
        endOffset = 0;
        flags = 0;
        valid = false;
    }

    /**
     * Whether the last parse found a whole identification line; the rest is meaningless when it did not.
     *
     * @return true after {@link SshIdentificationParser#FOUND}.
     */
    public boolean isValid()
    {
        return valid;
    }

    /**
     * The buffer parsed; offsets index it.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the identification line starts (its "SSH-").
     *
     * @return offset in {@link #buffer()}.
     */
    public int lineOffset()
    {
        return lineOffset;
    }

    /**
     * Length of the line without its CR LF (or LF): what Wireshark shows as {@code ssh.protocol}.
     *
     * @return bytes.
     */
    public int lineLength()
    {
        return lineLength;
    }

    /**
     * Where the protocol version ("2.0") starts.
     *
     * @return offset in {@link #buffer()}.
     */
    public int protoVersionOffset()
    {
        return protoVersionOffset;
    }

    /**
     * Length of the protocol version; the whole rest of the line when it has no further '-'.
     *
     * @return bytes.
     */
    public int protoVersionLength()
    {
        return protoVersionLength;
    }

    /**
     * Where the software version starts.
     *
     * @return offset in {@link #buffer()}.
     */
    public int softwareVersionOffset()
    {
        return softwareVersionOffset;
    }

    /**
     * Length of the software version (up to the first space); -1 when the line has none.
     *
     * @return bytes, or -1.
     */
    public int softwareVersionLength()
    {
        return softwareVersionLength;
    }

    /**
     * Where the comments start, after the space.
     *
     * @return offset in {@link #buffer()}.
     */
    public int commentsOffset()
    {
        return commentsOffset;
    }

    /**
     * Length of the comments; -1 when the line has no space after the software version.
     *
     * @return bytes, or -1.
     */
    public int commentsLength()
    {
        return commentsLength;
    }

    /**
     * Number of other lines before the identification line.
     *
     * @return lines.
     */
    public int precedingLines()
    {
        return precedingLines;
    }

    /**
     * Offset just after the line's LF: where the binary packets of SSH 2 begin.
     *
     * @return offset in {@link #buffer()}.
     */
    public int endOffset()
    {
        return endOffset;
    }

    /**
     * The {@code FLAG_*} bits.
     *
     * @return flags.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * Whether the protocol version is "2.0" or "1.99", i.e. whether SSH 2 binary packets follow (RFC 4253 5.1).
     *
     * @return true for SSH 2.
     */
    public boolean isSsh2()
    {
        return versionIs(SshIdentificationParser.VERSION_2_0) || versionIs(SshIdentificationParser.VERSION_1_99);
    }

    /**
     * Whether the protocol version is exactly the given ASCII bytes.
     *
     * @param version e.g. {@code "2.0"} as bytes.
     * @return true when equal.
     */
    public boolean versionIs(final byte[] version)
    {
        if (!valid || protoVersionLength != version.length)
        {
            return false;
        }
        for (int i = 0; i < version.length; i++)
        {
            if (buffer.getByte(protoVersionOffset + i) != version[i])
            {
                return false;
            }
        }
        return true;
    }
}
