package org.stasensor.pipeline.dns;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Walks the DNS messages in one direction of a TCP connection (RFC 1035 4.2.2, RFC 7766 8): each message is preceded
 * by a 2-byte big-endian length, and a stream may carry many messages back to back. Given the reassembled bytes of a
 * direction, {@link #next()} yields each whole message in turn; what is left at the end is an incomplete message
 * whose missing byte count {@link #bytesMissing()} tells. Reused for every stream; allocation-free.
 * <pre>
 *  +--------+--------+------------------------+--------+--------+-----------
 *  |  length (16)    |  message (length bytes)|  length (16)    |  message ...
 *  +--------+--------+------------------------+--------+--------+-----------
 * </pre>
 */
public final class DnsTcpFraming
{
    /** Bytes of the length prefix. */
    public static final int PREFIX_LENGTH = 2;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private DirectBuffer buffer;
    private int position;
    private int end;
    private int messageOffset;
    private int messageLength;
    private int messages;

    /**
     * Starts walking a direction's bytes.
     *
     * @param buffer holds the bytes.
     * @param offset where the first length prefix is.
     * @param length how many bytes there are.
     * @return this.
     */
    public DnsTcpFraming wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        final boolean inside = offset >= 0 && length >= 0 && length <= buffer.capacity() - offset;
        this.position = inside ? offset : 0;
        this.end = inside ? offset + length : 0;
        this.messageOffset = position;
        this.messageLength = 0;
        this.messages = 0;
        return this;
    }

    /**
     * Moves to the next whole message.
     *
     * @return true when one is there; false at the end or before an incomplete message.
     */
    public boolean next()
    {
        if (end - position < PREFIX_LENGTH)
        {
            return false;
        }
        final int length = buffer.getShort(position, NET) & 0xFFFF;
        if (end - position - PREFIX_LENGTH < length)
        {
            return false;
        }
        messageOffset = position + PREFIX_LENGTH;
        messageLength = length;
        position = messageOffset + length;
        messages++;
        return true;
    }

    /**
     * Where the current message starts (its header, after the prefix).
     *
     * @return offset in the buffer.
     */
    public int messageOffset()
    {
        return messageOffset;
    }

    /**
     * Length of the current message, as its prefix gave it (0 is possible and is not a DNS message).
     *
     * @return bytes.
     */
    public int messageLength()
    {
        return messageLength;
    }

    /**
     * Whole messages yielded so far.
     *
     * @return count.
     */
    public int messages()
    {
        return messages;
    }

    /**
     * Where the next length prefix is, i.e. the first byte not yet consumed.
     *
     * @return offset in the buffer.
     */
    public int position()
    {
        return position;
    }

    /**
     * Bytes after the last whole message.
     *
     * @return count.
     */
    public int remaining()
    {
        return end - position;
    }

    /**
     * How many more bytes the incomplete message at the end needs: the rest of its prefix and body.
     *
     * @return 0 when everything was consumed, else the count (at least 1).
     */
    public int bytesMissing()
    {
        final int left = end - position;
        if (left == 0)
        {
            return 0;
        }
        if (left < PREFIX_LENGTH)
        {
            return PREFIX_LENGTH - left;
        }
        return PREFIX_LENGTH + (buffer.getShort(position, NET) & 0xFFFF) - left;
    }

    /**
     * Whether the bytes of a TCP direction start like DNS: a length prefix of at least a header, and a first message
     * (or as much of it as is there, when the prefix asks for more) that {@link DnsMessageParser#looksLikeDns}
     * accepts. A first message that is not all there is judged on its header and the questions that are.
     *
     * @param buffer holds the bytes.
     * @param offset where the first length prefix is.
     * @param length how many bytes there are.
     * @return true when the stream looks like DNS over TCP.
     */
    public static boolean looksLikeDnsOverTcp(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < PREFIX_LENGTH + DnsHeader.LENGTH || length > buffer.capacity() - offset)
        {
            return false;
        }
        final int messageLength = buffer.getShort(offset, NET) & 0xFFFF;
        if (messageLength < DnsHeader.LENGTH)
        {
            return false;
        }
        if (messageLength <= length - PREFIX_LENGTH)
        {
            return DnsMessageParser.looksLikeDns(buffer, offset + PREFIX_LENGTH, messageLength);
        }
        return DnsMessageParser.looksLikeDnsPrefix(buffer, offset + PREFIX_LENGTH, length - PREFIX_LENGTH,
            messageLength);
    }
}
