package org.stasensor.pipeline.ssh;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * The SSH binary packet (RFC 4253 6) as it is before the first NEWKEYS, when no cipher and no MAC apply: static
 * accessors over a buffer, no object per packet.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  packet_length (uint32)                       |  bytes after this field
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | padding_length|  payload: packet_length - padding_length - 1  |  first byte: message number
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          random padding: padding_length bytes (at least 4)    |  (then the MAC, empty before NEWKEYS)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * {@link #frame} accepts a packet whose lengths are consistent (the payload holds at least its message number and
 * lies inside the packet); what RFC 4253 6 asks beyond that (at least 4 bytes of padding, a total length that is a
 * multiple of 8, at least 16 bytes) is reported by {@link #isConforming}, not enforced, so that a peer with a sloppy
 * SSH stack is still fingerprinted.
 */
public final class SshPacket
{
    /** Offset of packet_length. */
    public static final int PACKET_LENGTH_OFFSET = 0;
    /** Offset of padding_length. */
    public static final int PADDING_LENGTH_OFFSET = 4;
    /** Offset of the payload (its first byte is the message number). */
    public static final int PAYLOAD_OFFSET = 5;
    /** Bytes before the payload. */
    public static final int HEADER_LENGTH = 5;
    /** Least padding (RFC 4253 6). */
    public static final int MIN_PADDING_LENGTH = 4;
    /** Least total packet size, length field included, without MAC (RFC 4253 6). */
    public static final int MIN_PACKET_SIZE = 16;
    /** Block size that the total length is a multiple of while the cipher is "none" (RFC 4253 6). */
    public static final int NONE_BLOCK_SIZE = 8;
    /**
     * Largest packet_length accepted: OpenSSH's PACKET_MAX_SIZE (256 KiB); RFC 4253 6.1 asks implementations to
     * take at least 35000 bytes. A larger value means the bytes are not SSH packets.
     */
    public static final int MAX_PACKET_LENGTH = 256 * 1024;

    /** {@link #frame}: more bytes are needed for the whole packet. */
    public static final int INCOMPLETE = 0;
    /** {@link #frame}: the lengths are inconsistent; these are not SSH packets. */
    public static final int MALFORMED = -1;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private SshPacket()
    {
    }

    /**
     * Checks the framing of the packet at {@code offset}.
     *
     * @param buffer    the stream.
     * @param offset    where packet_length is.
     * @param available bytes from there to the end of what is known.
     * @return the packet's total size (length field included, no MAC) when all of it is there, {@link #INCOMPLETE}
     *         when more bytes are needed, or {@link #MALFORMED}.
     */
    public static int frame(final DirectBuffer buffer, final int offset, final int available)
    {
        if (available < HEADER_LENGTH)
        {
            return available >= PADDING_LENGTH_OFFSET && packetLengthUnsigned(buffer, offset) > MAX_PACKET_LENGTH
                ? MALFORMED : INCOMPLETE;
        }
        final long packetLength = packetLengthUnsigned(buffer, offset);
        final int paddingLength = paddingLength(buffer, offset);
        if (packetLength > MAX_PACKET_LENGTH || packetLength < paddingLength + 2L)
        {
            return MALFORMED;
        }
        final int total = (int)packetLength + PADDING_LENGTH_OFFSET;
        return total <= available ? total : INCOMPLETE;
    }

    /**
     * Whether a framed packet also keeps the rules of RFC 4253 6 that {@link #frame} does not enforce.
     *
     * @param buffer the stream.
     * @param offset where packet_length is; the packet was framed.
     * @return true when padding is at least 4 bytes and the size is a multiple of 8 and at least 16.
     */
    public static boolean isConforming(final DirectBuffer buffer, final int offset)
    {
        final int total = packetLength(buffer, offset) + PADDING_LENGTH_OFFSET;
        return paddingLength(buffer, offset) >= MIN_PADDING_LENGTH && total % NONE_BLOCK_SIZE == 0
            && total >= MIN_PACKET_SIZE;
    }

    /**
     * packet_length of a framed packet.
     *
     * @param buffer the stream.
     * @param offset where the packet starts.
     * @return bytes after the length field.
     */
    public static int packetLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + PACKET_LENGTH_OFFSET, NET);
    }

    /**
     * padding_length.
     *
     * @param buffer the stream.
     * @param offset where the packet starts.
     * @return 0 to 255.
     */
    public static int paddingLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + PADDING_LENGTH_OFFSET) & 0xFF;
    }

    /**
     * Length of the payload of a framed packet.
     *
     * @param buffer the stream.
     * @param offset where the packet starts.
     * @return at least 1.
     */
    public static int payloadLength(final DirectBuffer buffer, final int offset)
    {
        return packetLength(buffer, offset) - paddingLength(buffer, offset) - 1;
    }

    /**
     * The message number: the payload's first byte.
     *
     * @param buffer the stream.
     * @param offset where the packet starts.
     * @return 0 to 255.
     */
    public static int messageNumber(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + PAYLOAD_OFFSET) & 0xFF;
    }

    private static long packetLengthUnsigned(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + PACKET_LENGTH_OFFSET, NET) & 0xFFFF_FFFFL;
    }
}
