package org.stasensor.pipeline.ssh;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Parses an SSH_MSG_KEXINIT payload (RFC 4253 7.1) into a {@link KexInit} without allocating. Every name-list length
 * is checked against the bytes really given; a list crossing the end of the payload, or a payload ending before the
 * reserved field, makes the parse return false. Bytes after the reserved field are allowed (RFC 4253 7.1 says
 * nothing of them and OpenSSH ignores them). Names that break RFC 4251 5 only set
 * {@link KexInit#namesMalformed()}.
 */
public final class KexInitParser
{
    /** RFC 4251 5: a name is at most 64 characters. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int TRAILER_LENGTH = 1 + 4;

    private KexInitParser()
    {
    }

    /**
     * Parses a KEXINIT payload that starts with its message number.
     *
     * @param buffer holds the payload.
     * @param offset where the message number (20) is.
     * @param length payload bytes.
     * @param out    the holder; reset first.
     * @return true when the payload is a well-framed KEXINIT.
     */
    public static boolean parse(final DirectBuffer buffer, final int offset, final int length, final KexInit out)
    {
        out.reset(buffer, offset);
        if (!SshIdentificationParser.fits(buffer, offset, length) || length < 1 + KexInit.COOKIE_LENGTH
            || (buffer.getByte(offset) & 0xFF) != SshMessage.KEXINIT)
        {
            return false;
        }
        final int end = offset + length;
        int at = offset + 1 + KexInit.COOKIE_LENGTH;
        boolean malformed = false;
        for (int list = 0; list < KexInit.NAME_LISTS; list++)
        {
            if (end - at < 4)
            {
                return false;
            }
            final long listLength = buffer.getInt(at, NET) & 0xFFFF_FFFFL;
            if (listLength > end - at - 4)
            {
                return false;
            }
            out.listOffsets[list] = at + 4;
            out.listLengths[list] = (int)listLength;
            malformed |= !wellFormed(buffer, at + 4, (int)listLength);
            at += 4 + (int)listLength;
        }
        if (end - at < TRAILER_LENGTH)
        {
            return false;
        }
        out.firstKexPacketFollows = buffer.getByte(at) != 0;
        out.reserved = buffer.getInt(at + 1, NET);
        out.length = at + TRAILER_LENGTH - offset;
        out.namesMalformed = malformed;
        out.valid = true;
        return true;
    }

    /** RFC 4251 5: non-empty names of at most 64 printable US-ASCII characters; an empty list is fine. */
    static boolean wellFormed(final DirectBuffer buffer, final int offset, final int length)
    {
        int nameLength = 0;
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            if (b == ',')
            {
                if (nameLength == 0)
                {
                    return false;
                }
                nameLength = 0;
            }
            else if (b <= 0x20 || b > 0x7E || ++nameLength > MAX_NAME_LENGTH)
            {
                return false;
            }
        }
        return length == 0 || nameLength > 0;
    }
}
