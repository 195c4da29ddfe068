package org.stasensor.pipeline.tls;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The plaintext handshake messages of one direction of a TLS stream, gathered out of their records: record payloads
 * of content type handshake are laid end to end in a scratch buffer (messages may span records, RFC 8446 5.1) until
 * the first change_cipher_spec, after which handshake records are encrypted. Reused; allocation-free.
 */
public final class TlsHandshakeMessages
{
    /** Largest number of messages remembered per direction. */
    public static final int MAX_MESSAGES = 16;
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private final UnsafeBuffer scratch;
    private final int[] types = new int[MAX_MESSAGES];
    private final int[] offsets = new int[MAX_MESSAGES];
    private final int[] lengths = new int[MAX_MESSAGES];
    private final boolean[] cut = new boolean[MAX_MESSAGES];
    private int count;
    private boolean sslv2;
    private int sslv2Length;
    private boolean incomplete;

    /**
     * Gathers with a scratch buffer as large as a stream buffer.
     *
     * @param capacity bytes of handshake kept.
     */
    public TlsHandshakeMessages(final int capacity)
    {
        this.scratch = new UnsafeBuffer(new byte[capacity]);
    }

    /**
     * Reads the direction's stream from its first byte.
     *
     * @param stream       buffer holding the stream.
     * @param streamOffset where the direction's bytes start.
     * @param length       contiguous bytes.
     */
    public void gather(final DirectBuffer stream, final int streamOffset, final int length)
    {
        count = 0;
        sslv2 = false;
        incomplete = false;
        if (length >= 3)
        {
            final int b0 = stream.getByte(streamOffset) & 0xFF;
            final int b2 = stream.getByte(streamOffset + 2) & 0xFF;
            if ((b0 & 0x80) != 0 && (b2 == 1 || b2 == 4))
            {
                final int total = (((b0 & 0x7F) << 8) | (stream.getByte(streamOffset + 1) & 0xFF)) + 2;
                if (total <= length && total <= scratch.capacity())
                {
                    scratch.putBytes(0, stream, streamOffset, total);
                    sslv2 = true;
                    sslv2Length = total;
                }
                else
                {
                    incomplete = true;
                }
                return;
            }
        }
        int used = 0;
        int at = 0;
        while (at + TlsStreamScanner.RECORD_HEADER_LENGTH <= length)
        {
            final int contentType = stream.getByte(streamOffset + at) & 0xFF;
            final int recordLength = stream.getShort(streamOffset + at + 3, NET) & 0xFFFF;
            if ((stream.getByte(streamOffset + at + 1) & 0xFF) != 3
                || at + TlsStreamScanner.RECORD_HEADER_LENGTH + recordLength > length)
            {
                break;
            }
            if (contentType == TlsStreamScanner.CONTENT_CHANGE_CIPHER_SPEC
                || contentType == TlsStreamScanner.CONTENT_APPLICATION_DATA)
            {
                break;
            }
            if (contentType == TlsStreamScanner.CONTENT_HANDSHAKE)
            {
                final int take = Math.min(recordLength, scratch.capacity() - used);
                scratch.putBytes(used, stream, streamOffset + at + TlsStreamScanner.RECORD_HEADER_LENGTH, take);
                used += take;
            }
            at += TlsStreamScanner.RECORD_HEADER_LENGTH + recordLength;
        }
        int message = 0;
        while (message + 4 <= used && count < MAX_MESSAGES)
        {
            final int bodyLength = ((scratch.getByte(message + 1) & 0xFF) << 16)
                | ((scratch.getByte(message + 2) & 0xFF) << 8) | (scratch.getByte(message + 3) & 0xFF);
            types[count] = scratch.getByte(message) & 0xFF;
            offsets[count] = message;
            if (message + 4 + bodyLength > used)
            {
                // Kept cut short: a certificate chain longer than the buffer still shows its first certificates.
                incomplete = true;
                cut[count] = true;
                lengths[count] = used - message;
                count++;
                break;
            }
            cut[count] = false;
            lengths[count] = 4 + bodyLength;
            count++;
            message += 4 + bodyLength;
        }
    }

    /**
     * The gathered bytes.
     *
     * @return the scratch buffer messages lie in.
     */
    public DirectBuffer buffer()
    {
        return scratch;
    }

    /**
     * Whether the direction started with an SSL 2.0 style hello; it then lies at offset 0 of {@link #buffer()}.
     *
     * @return true for SSL 2.0 framing.
     */
    public boolean isSslv2()
    {
        return sslv2;
    }

    /**
     * Length of the SSL 2.0 hello, header included.
     *
     * @return bytes.
     */
    public int sslv2Length()
    {
        return sslv2Length;
    }

    /**
     * Whether a message was cut off by the end of the bytes held.
     *
     * @return true when the last message is incomplete.
     */
    public boolean isIncomplete()
    {
        return incomplete;
    }

    /**
     * Whether a message is cut short by the end of the bytes held (only the last one can be).
     *
     * @param index message index.
     * @return true when {@link #length(int)} is less than the message's declared length.
     */
    public boolean isCut(final int index)
    {
        return cut[index];
    }

    /**
     * Index of the n-th message of a type (the last message may be cut short, see {@link #isCut(int)}).
     *
     * @param type       handshake type.
     * @param occurrence 0 for the first.
     * @return the message index, or -1.
     */
    public int find(final int type, final int occurrence)
    {
        int seen = 0;
        for (int i = 0; i < count; i++)
        {
            if (types[i] == type && seen++ == occurrence)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Offset of a message (its type byte) in {@link #buffer()}.
     *
     * @param index message index.
     * @return the offset.
     */
    public int offset(final int index)
    {
        return offsets[index];
    }

    /**
     * Length of a message held, its 4-byte header included.
     *
     * @param index message index.
     * @return bytes.
     */
    public int length(final int index)
    {
        return lengths[index];
    }
}
