package org.stasensor.pipeline.tls;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The plaintext handshake messages of one direction of a TLS stream, gathered out of their records: record payloads
 * of content type handshake are laid end to end in a scratch buffer (messages may span records, RFC 8446 5.1) until
 * the first change_cipher_spec, after which handshake records are encrypted; the messages are split as the records
 * arrive. One exception, as in {@link TlsStreamScanner}: a TLS 1.3 HelloRetryRequest may be followed by a
 * middlebox-compatibility change_cipher_spec (RFC 8446 D.4) and the client may send one before its second
 * ClientHello; past that change_cipher_spec the next hello (the real ServerHello, the second ClientHello) is still
 * plaintext and is gathered, and nothing after it. Reused; allocation-free.
 */
public final class TlsHandshakeMessages
{
    /** Largest number of messages remembered per direction. */
    public static final int MAX_MESSAGES = 16;
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int HEADER_LENGTH = 4;

    private final UnsafeBuffer scratch;
    private final int[] types = new int[MAX_MESSAGES];
    private final int[] offsets = new int[MAX_MESSAGES];
    private final int[] lengths = new int[MAX_MESSAGES];
    private final boolean[] cut = new boolean[MAX_MESSAGES];
    private int count;
    private boolean sslv2;
    private int sslv2Length;
    private boolean incomplete;
    private boolean helloRetryRequest;
    private int used;
    private int unsplit;

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
     * Reads the direction's stream from its first byte, not knowing what the other direction said.
     *
     * @param stream       buffer holding the stream.
     * @param streamOffset where the direction's bytes start.
     * @param length       contiguous bytes.
     */
    public void gather(final DirectBuffer stream, final int streamOffset, final int length)
    {
        gather(stream, streamOffset, length, false);
    }

    /**
     * Reads the direction's stream from its first byte.
     *
     * @param stream             buffer holding the stream.
     * @param streamOffset       where the direction's bytes start.
     * @param length             contiguous bytes.
     * @param peerSentHelloRetry for the client direction: the server sent a HelloRetryRequest, so a handshake record
     *                           after the client's change_cipher_spec is its second ClientHello (without this, such
     *                           a record is taken only when it starts like a plaintext ClientHello).
     */
    public void gather(final DirectBuffer stream, final int streamOffset, final int length,
        final boolean peerSentHelloRetry)
    {
        count = 0;
        sslv2 = false;
        incomplete = false;
        helloRetryRequest = false;
        used = 0;
        unsplit = 0;
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
        gatherRecords(stream, streamOffset, length, peerSentHelloRetry);
        if (unsplit + HEADER_LENGTH <= used && count < MAX_MESSAGES)
        {
            // Kept cut short: a certificate chain longer than the buffer still shows its first certificates.
            incomplete = true;
            types[count] = scratch.getByte(unsplit) & 0xFF;
            offsets[count] = unsplit;
            cut[count] = true;
            lengths[count] = used - unsplit;
            count++;
        }
    }

    private void gatherRecords(final DirectBuffer stream, final int streamOffset, final int length,
        final boolean peerSentHelloRetry)
    {
        // After a change_cipher_spec: the hello type awaited in plaintext, else 0 (everything is encrypted).
        int helloAfterChangeCipherSpec = 0;
        boolean changeCipherSpecSeen = false;
        int at = 0;
        while (at + TlsStreamScanner.RECORD_HEADER_LENGTH <= length)
        {
            final int contentType = stream.getByte(streamOffset + at) & 0xFF;
            final int recordLength = stream.getShort(streamOffset + at + 3, NET) & 0xFFFF;
            final int payload = at + TlsStreamScanner.RECORD_HEADER_LENGTH;
            if ((stream.getByte(streamOffset + at + 1) & 0xFF) != 3 || payload + recordLength > length
                || contentType == TlsStreamScanner.CONTENT_APPLICATION_DATA)
            {
                return;
            }
            if (contentType == TlsStreamScanner.CONTENT_CHANGE_CIPHER_SPEC)
            {
                if (changeCipherSpecSeen)
                {
                    return;
                }
                changeCipherSpecSeen = true;
                helloAfterChangeCipherSpec = helloStillPlaintext(stream, streamOffset + payload + recordLength,
                    length - payload - recordLength, peerSentHelloRetry);
                if (helloAfterChangeCipherSpec == 0)
                {
                    return;
                }
            }
            else if (contentType == TlsStreamScanner.CONTENT_HANDSHAKE)
            {
                final int take = Math.min(recordLength, scratch.capacity() - used);
                scratch.putBytes(used, stream, streamOffset + payload, take);
                used += take;
                final int before = count;
                split();
                if (helloAfterChangeCipherSpec != 0 && hasType(helloAfterChangeCipherSpec, before))
                {
                    return;
                }
            }
            at = payload + recordLength;
        }
    }

    /** Splits the complete messages not yet split off the gathered bytes. */
    private void split()
    {
        while (unsplit + HEADER_LENGTH <= used && count < MAX_MESSAGES)
        {
            final int bodyLength = ((scratch.getByte(unsplit + 1) & 0xFF) << 16)
                | ((scratch.getByte(unsplit + 2) & 0xFF) << 8) | (scratch.getByte(unsplit + 3) & 0xFF);
            if (unsplit + HEADER_LENGTH + bodyLength > used)
            {
                return;
            }
            final int type = scratch.getByte(unsplit) & 0xFF;
            types[count] = type;
            offsets[count] = unsplit;
            cut[count] = false;
            lengths[count] = HEADER_LENGTH + bodyLength;
            count++;
            if (type == TlsStreamScanner.HANDSHAKE_SERVER_HELLO && isHelloRetryRequest(unsplit, bodyLength))
            {
                helloRetryRequest = true;
            }
            unsplit += HEADER_LENGTH + bodyLength;
        }
    }

    /**
     * At a change_cipher_spec: the hello type that may still follow in plaintext (see the class comment), or 0.
     * The messages so far must be whole: a server's single HelloRetryRequest, or a client's single ClientHello
     * answered by one (or followed by a record that starts like a plaintext ClientHello).
     */
    private int helloStillPlaintext(final DirectBuffer stream, final int next, final int available,
        final boolean peerSentHelloRetry)
    {
        if (count != 1 || unsplit != used)
        {
            return 0;
        }
        if (types[0] == TlsStreamScanner.HANDSHAKE_SERVER_HELLO && helloRetryRequest)
        {
            return TlsStreamScanner.HANDSHAKE_SERVER_HELLO;
        }
        if (types[0] == TlsStreamScanner.HANDSHAKE_CLIENT_HELLO && (peerSentHelloRetry
            || (available > TlsStreamScanner.RECORD_HEADER_LENGTH
            && (stream.getByte(next) & 0xFF) == TlsStreamScanner.CONTENT_HANDSHAKE
            && TlsStreamScanner.startsLikeClientHello(stream, next + TlsStreamScanner.RECORD_HEADER_LENGTH,
                Math.min(available - TlsStreamScanner.RECORD_HEADER_LENGTH,
                    stream.getShort(next + 3, NET) & 0xFFFF)))))
        {
            return TlsStreamScanner.HANDSHAKE_CLIENT_HELLO;
        }
        return 0;
    }

    private boolean hasType(final int type, final int from)
    {
        for (int i = from; i < count; i++)
        {
            if (types[i] == type)
            {
                return true;
            }
        }
        return false;
    }

    private boolean isHelloRetryRequest(final int message, final int bodyLength)
    {
        final byte[] random = TlsStreamScanner.HELLO_RETRY_REQUEST_RANDOM;
        if (bodyLength < TlsStreamScanner.RANDOM_BODY_OFFSET + random.length)
        {
            return false;
        }
        final int from = message + HEADER_LENGTH + TlsStreamScanner.RANDOM_BODY_OFFSET;
        for (int i = 0; i < random.length; i++)
        {
            if (scratch.getByte(from + i) != random[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a ServerHello gathered is a HelloRetryRequest (its random is the one of RFC 8446 4.1.3).
     *
     * @return true after a HelloRetryRequest in this direction.
     */
    public boolean sawHelloRetryRequest()
    {
        return helloRetryRequest;
    }

    /**
     * Messages held.
     *
     * @return the count, at most {@link #MAX_MESSAGES}.
     */
    public int count()
    {
        return count;
    }

    /**
     * Handshake type of a message.
     *
     * @param index message index.
     * @return the type byte.
     */
    public int type(final int index)
    {
        return types[index];
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
