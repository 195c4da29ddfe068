package org.stasensor.pipeline.dns;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * The 12-byte DNS message header (RFC 1035 4.1.1; AD and CD from RFC 4035 3.2, the Z bit RFC 6895 2):
 * <pre>
 *   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                      ID                       |  0
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |QR|  Opcode   |AA|TC|RD|RA| Z|AD|CD|   RCODE   |  2
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  |                    QDCOUNT                    |  4
 *  |                    ANCOUNT                    |  6
 *  |                    NSCOUNT                    |  8
 *  |                    ARCOUNT                    | 10
 *  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * </pre>
 * All fields are big-endian. The static accessors read a field where it lies, without an object.
 */
public final class DnsHeader
{
    /** Header length (RFC 1035 4.1.1). */
    public static final int LENGTH = 12;
    /** Offset of the 16-bit transaction id. */
    public static final int ID_OFFSET = 0;
    /** Offset of the 16-bit flags word. */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of QDCOUNT. */
    public static final int QDCOUNT_OFFSET = 4;
    /** Offset of ANCOUNT. */
    public static final int ANCOUNT_OFFSET = 6;
    /** Offset of NSCOUNT. */
    public static final int NSCOUNT_OFFSET = 8;
    /** Offset of ARCOUNT. */
    public static final int ARCOUNT_OFFSET = 10;

    /** QR: the message is a response. */
    public static final int FLAG_QR = 0x8000;
    /** AA: authoritative answer. */
    public static final int FLAG_AA = 0x0400;
    /** TC: truncated. */
    public static final int FLAG_TC = 0x0200;
    /** RD: recursion desired. */
    public static final int FLAG_RD = 0x0100;
    /** RA: recursion available. */
    public static final int FLAG_RA = 0x0080;
    /** Z: reserved, must be zero (RFC 1035 4.1.1, RFC 6895 2). */
    public static final int FLAG_Z = 0x0040;
    /** AD: authentic data (RFC 4035 3.2.3). */
    public static final int FLAG_AD = 0x0020;
    /** CD: checking disabled (RFC 4035 3.2.2). */
    public static final int FLAG_CD = 0x0010;
    /** Shift of the 4-bit opcode in the flags word. */
    public static final int OPCODE_SHIFT = 11;
    /** Mask of the 4-bit header RCODE. */
    public static final int RCODE_MASK = 0x000F;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private DnsHeader()
    {
    }

    /**
     * The transaction id.
     *
     * @param buffer holds the message.
     * @param offset where the message starts.
     * @return 0..65535.
     */
    public static int id(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + ID_OFFSET, NET) & 0xFFFF;
    }

    /**
     * The flags word (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE).
     *
     * @param buffer holds the message.
     * @param offset where the message starts.
     * @return 16 bits.
     */
    public static int flags(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + FLAGS_OFFSET, NET) & 0xFFFF;
    }

    /**
     * The opcode of a flags word.
     *
     * @param flags the flags word.
     * @return 0..15, see {@link DnsOpcode}.
     */
    public static int opcode(final int flags)
    {
        return (flags >>> OPCODE_SHIFT) & 0xF;
    }

    /**
     * One of the four section counts.
     *
     * @param buffer    holds the message.
     * @param offset    where the message starts.
     * @param countOffset {@link #QDCOUNT_OFFSET} .. {@link #ARCOUNT_OFFSET}.
     * @return 0..65535.
     */
    public static int count(final DirectBuffer buffer, final int offset, final int countOffset)
    {
        return buffer.getShort(offset + countOffset, NET) & 0xFFFF;
    }
}
