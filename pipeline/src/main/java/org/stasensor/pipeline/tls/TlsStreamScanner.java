package org.stasensor.pipeline.tls;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Follows the TLS record layer (RFC 8446 5.1, RFC 5246 6.2) of one direction of a reassembled stream, just far
 * enough to know which handshake messages are complete, so that the flow's record is built once, at the right
 * moment, by re-reading the stream buffers ({@link TlsRecordBuilder}). Handshake messages may span records and
 * records may span segments; the scanner walks only whole records and keeps its place in a few ints of the
 * session's protocol area, so the work per segment is proportional to the new bytes.
 * <p>
 * Handshake records after a change_cipher_spec are encrypted (TLS 1.2 and earlier: the Finished message), with one
 * exception: a TLS 1.3 server that sent a HelloRetryRequest may send its middlebox-compatibility change_cipher_spec
 * right after it (RFC 8446 D.4), and the client one before its second ClientHello; the real ServerHello and the
 * second ClientHello then follow in plaintext handshake records. So past a change_cipher_spec the scanner still reads
 * handshake records while the server's last ServerHello was a HelloRetryRequest, and on the client side while one
 * ClientHello (and nothing else) was sent and either the server sent a HelloRetryRequest or the record starts like a
 * plaintext ClientHello. Everything TLS 1.3 encrypts afterwards travels in application_data records.
 * <p>
 * Protocol area layout, per direction {@code d} at {@code d * 32} (native order):
 * <pre>
 *   0 int next record offset in the stream      4 int handshake header bytes collected (0..4)
 *   8 int handshake header collected           12 int bytes left of the current handshake message body
 *  16 int messages completed, bit per type     20 int scanner flags
 *  24 int hellos completed (ClientHellos from  28 int reserved
 *         the client, ServerHellos from the server)
 * </pre>
 * and at 64 the session-wide int: server hellos to wait for (2 after a HelloRetryRequest).
 */
public final class TlsStreamScanner
{
    /** ContentType change_cipher_spec (RFC 5246 6.2.1). */
    public static final int CONTENT_CHANGE_CIPHER_SPEC = 20;
    /** ContentType alert. */
    public static final int CONTENT_ALERT = 21;
    /** ContentType handshake. */
    public static final int CONTENT_HANDSHAKE = 22;
    /** ContentType application_data. */
    public static final int CONTENT_APPLICATION_DATA = 23;
    /** ContentType heartbeat (RFC 6520). */
    public static final int CONTENT_HEARTBEAT = 24;
    /** Record header length. */
    public static final int RECORD_HEADER_LENGTH = 5;
    /**
     * Bytes of the session's protocol area the scanner uses, from its start; a clear-text phase before TLS
     * (STARTTLS) keeps its state after them.
     */
    public static final int STATE_LENGTH = 72;
    /** Largest TLSCiphertext fragment (RFC 8446 5.2: 2^14 + 256). */
    public static final int MAX_RECORD_PAYLOAD = (1 << 14) + 2048;

    /** HandshakeType client_hello. */
    public static final int HANDSHAKE_CLIENT_HELLO = 1;
    /** HandshakeType server_hello. */
    public static final int HANDSHAKE_SERVER_HELLO = 2;
    /** HandshakeType certificate. */
    public static final int HANDSHAKE_CERTIFICATE = 11;
    /** HandshakeType server_hello_done. */
    public static final int HANDSHAKE_SERVER_HELLO_DONE = 14;

    /** Flag: a change_cipher_spec record was seen; later handshake records are encrypted. */
    public static final int FLAG_CHANGE_CIPHER_SPEC = 1;
    /** Flag: an application_data record was seen. */
    public static final int FLAG_APPLICATION_DATA = 2;
    /** Flag: an alert record was seen. */
    public static final int FLAG_ALERT = 4;
    /** Flag: the bytes are not TLS records; the scanner stopped. */
    public static final int FLAG_MALFORMED = 8;
    /** Flag: an SSL 2.0 (or SSLv2-compatible) hello started the direction. */
    public static final int FLAG_SSLV2 = 16;
    /** Flag (server direction): a HelloRetryRequest was completed (RFC 8446 4.1.4). */
    public static final int FLAG_HELLO_RETRY_REQUEST = 32;
    /** Internal flag: the random of the ServerHello being collected differs from the HelloRetryRequest's. */
    private static final int FLAG_RANDOM_DIFFERS = 1 << 30;
    /** Internal flag (client direction): the second ClientHello is being read past a change_cipher_spec. */
    private static final int FLAG_SECOND_CLIENT_HELLO = 1 << 29;

    /**
     * The random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 4.1.3), a ServerHello's bytes 6 to
     * 37 (after type, 3-byte length and legacy_version).
     */
    static final byte[] HELLO_RETRY_REQUEST_RANDOM = {
        (byte)0xCF, (byte)0x21, (byte)0xAD, (byte)0x74, (byte)0xE5, (byte)0x9A, (byte)0x61, (byte)0x11,
        (byte)0xBE, (byte)0x1D, (byte)0x8C, (byte)0x02, (byte)0x1E, (byte)0x65, (byte)0xB8, (byte)0x91,
        (byte)0xC2, (byte)0xA2, (byte)0x11, (byte)0x16, (byte)0x7A, (byte)0xBB, (byte)0x8C, (byte)0x5E,
        (byte)0x07, (byte)0x9E, (byte)0x09, (byte)0xE2, (byte)0xC8, (byte)0xA8, (byte)0x33, (byte)0x9C};
    /** Where the random starts in a hello's body: after legacy_version (RFC 8446 4.1.2, 4.1.3). */
    static final int RANDOM_BODY_OFFSET = 2;
    /** Smallest ClientHello body: version, random, four empty or minimal vectors (RFC 5246 7.4.1.2). */
    private static final int MIN_CLIENT_HELLO_BODY = 2 + 32 + 1 + 2 + 2 + 1 + 1;
    /** legacy_version of a TLS 1.3 ClientHello (RFC 8446 4.1.2); TLS 1.3 is the only version that retries. */
    private static final int CLIENT_HELLO_LEGACY_VERSION = 0x0303;

    private static final int NEXT_RECORD = 0;
    private static final int HEADER_BYTES = 4;
    private static final int HEADER = 8;
    private static final int BODY_LEFT = 12;
    private static final int COMPLETED = 16;
    private static final int FLAGS = 20;
    private static final int HELLOS = 24;
    private static final int DIRECTION_STRIDE = 32;
    private static final int SERVER_HELLOS_WANTED = 64;
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private final UnsafeBuffer state;

    /**
     * A scanner keeping its state in a session pool's state memory.
     *
     * @param state the pool's state buffer.
     */
    public TlsStreamScanner(final UnsafeBuffer state)
    {
        this.state = state;
    }

    /**
     * Whether the first bytes of a stream look like the start of TLS: a handshake record of SSL 3.0 to TLS 1.3, or
     * an SSL 2.0 client hello (RFC 6101 Appendix E).
     *
     * @param stream buffer.
     * @param offset first byte.
     * @param length bytes available (3 needed).
     * @return true when the stream starts like TLS.
     */
    public static boolean looksLikeTls(final DirectBuffer stream, final int offset, final int length)
    {
        if (length < 3)
        {
            return false;
        }
        final int b0 = stream.getByte(offset) & 0xFF;
        final int b1 = stream.getByte(offset + 1) & 0xFF;
        final int b2 = stream.getByte(offset + 2) & 0xFF;
        if (b0 == CONTENT_HANDSHAKE && b1 == 3 && b2 <= 4)
        {
            return true;
        }
        return isSslv2Hello(b0, b2);
    }

    private static boolean isSslv2Hello(final int b0, final int b2)
    {
        // Two-byte header with the high bit set, then msg_type 1 (client hello) or 4 (server hello).
        return (b0 & 0x80) != 0 && (b2 == 1 || b2 == 4);
    }

    /**
     * Clears the protocol area for a new flow.
     *
     * @param protocolState offset of the session's protocol area.
     */
    public void reset(final int protocolState)
    {
        state.setMemory(protocolState, STATE_LENGTH, (byte)0);
        state.putInt(protocolState + SERVER_HELLOS_WANTED, 1);
    }

    /**
     * Walks the complete records that arrived since the last call.
     *
     * @param protocolState offset of the session's protocol area.
     * @param direction     0 client, 1 server.
     * @param stream        the stream buffer.
     * @param streamOffset  where the direction's bytes start.
     * @param contiguous    contiguous bytes available.
     */
    public void scan(final int protocolState, final int direction, final DirectBuffer stream, final int streamOffset,
        final int contiguous)
    {
        final int base = protocolState + direction * DIRECTION_STRIDE;
        int flags = state.getInt(base + FLAGS);
        if ((flags & FLAG_MALFORMED) != 0)
        {
            return;
        }
        int next = state.getInt(base + NEXT_RECORD);
        if (next == 0 && contiguous >= 3)
        {
            final int b0 = stream.getByte(streamOffset) & 0xFF;
            final int b2 = stream.getByte(streamOffset + 2) & 0xFF;
            if (isSslv2Hello(b0, b2))
            {
                final int length = (((b0 & 0x7F) << 8) | (stream.getByte(streamOffset + 1) & 0xFF)) + 2;
                if (contiguous >= length)
                {
                    state.putInt(base + FLAGS, flags | FLAG_SSLV2);
                    final int type = b2 == 1 ? HANDSHAKE_CLIENT_HELLO : HANDSHAKE_SERVER_HELLO;
                    noteCompleted(base, direction, type);
                    state.putInt(base + NEXT_RECORD, length);
                }
                return;
            }
        }
        while (next + RECORD_HEADER_LENGTH <= contiguous)
        {
            final int at = streamOffset + next;
            final int contentType = stream.getByte(at) & 0xFF;
            final int major = stream.getByte(at + 1) & 0xFF;
            final int length = stream.getShort(at + 3, NET) & 0xFFFF;
            if (contentType < CONTENT_CHANGE_CIPHER_SPEC || contentType > CONTENT_HEARTBEAT || major != 3
                || length > MAX_RECORD_PAYLOAD)
            {
                flags |= FLAG_MALFORMED;
                break;
            }
            if (next + RECORD_HEADER_LENGTH + length > contiguous)
            {
                break;
            }
            switch (contentType)
            {
                case CONTENT_HANDSHAKE:
                    if ((flags & FLAG_CHANGE_CIPHER_SPEC) == 0)
                    {
                        flags = handshakeBytes(base, direction, flags, stream, at + RECORD_HEADER_LENGTH, length);
                    }
                    else if (plaintextAfterChangeCipherSpec(protocolState, direction, flags, stream, at, length))
                    {
                        final int reading = direction == 0 ? FLAG_SECOND_CLIENT_HELLO : 0;
                        flags = handshakeBytes(base, direction, flags | reading, stream, at + RECORD_HEADER_LENGTH,
                            length);
                    }
                    break;
                case CONTENT_CHANGE_CIPHER_SPEC:
                    flags |= FLAG_CHANGE_CIPHER_SPEC;
                    break;
                case CONTENT_APPLICATION_DATA:
                    flags |= FLAG_APPLICATION_DATA;
                    break;
                case CONTENT_ALERT:
                    flags |= FLAG_ALERT;
                    break;
                default:
                    break;
            }
            next += RECORD_HEADER_LENGTH + length;
        }
        state.putInt(base + NEXT_RECORD, next);
        state.putInt(base + FLAGS, flags);
    }

    /**
     * Whether a handshake record that follows a change_cipher_spec is the plaintext second hello of a
     * HelloRetryRequest exchange (see the class comment) rather than an encrypted Finished.
     */
    private boolean plaintextAfterChangeCipherSpec(final int protocolState, final int direction, final int flags,
        final DirectBuffer stream, final int record, final int length)
    {
        final int base = protocolState + direction * DIRECTION_STRIDE;
        if (direction == 1)
        {
            return (flags & FLAG_HELLO_RETRY_REQUEST) != 0 && state.getInt(base + HELLOS) == 1;
        }
        if (state.getInt(base + HELLOS) != 1 || state.getInt(base + COMPLETED) != 1 << HANDSHAKE_CLIENT_HELLO)
        {
            return false;
        }
        if ((flags & FLAG_SECOND_CLIENT_HELLO) != 0)
        {
            // The rest of the second ClientHello, in a later record.
            return true;
        }
        if (state.getInt(base + HEADER_BYTES) != 0)
        {
            return false;
        }
        final int serverFlags = state.getInt(protocolState + DIRECTION_STRIDE + FLAGS);
        return (serverFlags & FLAG_HELLO_RETRY_REQUEST) != 0
            || startsLikeClientHello(stream, record + RECORD_HEADER_LENGTH, length);
    }

    /**
     * Whether a record's payload starts like a plaintext ClientHello of TLS 1.2 or 1.3: type 1, a body long enough
     * for the fixed fields and legacy_version 0x0303. Taken alone it is a guess (an encrypted Finished starts with
     * random-looking bytes); used only for a client whose HelloRetryRequest the scanner did not see.
     */
    static boolean startsLikeClientHello(final DirectBuffer stream, final int payload, final int length)
    {
        if (length < 6 || (stream.getByte(payload) & 0xFF) != HANDSHAKE_CLIENT_HELLO)
        {
            return false;
        }
        final int bodyLength = ((stream.getByte(payload + 1) & 0xFF) << 16)
            | ((stream.getByte(payload + 2) & 0xFF) << 8) | (stream.getByte(payload + 3) & 0xFF);
        return bodyLength >= MIN_CLIENT_HELLO_BODY && (stream.getShort(payload + 4, NET) & 0xFFFF) ==
            CLIENT_HELLO_LEGACY_VERSION;
    }

    private int handshakeBytes(final int base, final int direction, final int flagsIn, final DirectBuffer stream,
        final int offset, final int length)
    {
        int flags = flagsIn;
        int headerBytes = state.getInt(base + HEADER_BYTES);
        int header = state.getInt(base + HEADER);
        int bodyLeft = state.getInt(base + BODY_LEFT);
        int i = 0;
        while (i < length)
        {
            if (headerBytes < 4)
            {
                header = (header << 8) | (stream.getByte(offset + i) & 0xFF);
                headerBytes++;
                i++;
                if (headerBytes == 4)
                {
                    bodyLeft = header & 0xFFFFFF;
                    flags &= ~FLAG_RANDOM_DIFFERS;
                    if (bodyLeft == 0)
                    {
                        flags = messageCompleted(base, direction, header, flags);
                        headerBytes = 0;
                        header = 0;
                    }
                }
                continue;
            }
            final int take = Math.min(bodyLeft, length - i);
            if (direction == 1 && header >>> 24 == HANDSHAKE_SERVER_HELLO)
            {
                flags = compareRandom(flags, stream, offset + i, (header & 0xFFFFFF) - bodyLeft, take);
            }
            i += take;
            bodyLeft -= take;
            if (bodyLeft == 0)
            {
                flags = messageCompleted(base, direction, header, flags);
                headerBytes = 0;
                header = 0;
            }
        }
        state.putInt(base + HEADER_BYTES, headerBytes);
        state.putInt(base + HEADER, header);
        state.putInt(base + BODY_LEFT, bodyLeft);
        return flags;
    }

    /**
     * Compares the part of a ServerHello body at {@code bodyPosition..+length} that overlaps the random with the
     * HelloRetryRequest random; a ServerHello may arrive in pieces, so the comparison goes piece by piece.
     */
    private static int compareRandom(final int flags, final DirectBuffer stream, final int offset,
        final int bodyPosition, final int length)
    {
        if ((flags & FLAG_RANDOM_DIFFERS) != 0)
        {
            return flags;
        }
        final int from = Math.max(bodyPosition, RANDOM_BODY_OFFSET);
        final int to = Math.min(bodyPosition + length, RANDOM_BODY_OFFSET + HELLO_RETRY_REQUEST_RANDOM.length);
        for (int p = from; p < to; p++)
        {
            if (stream.getByte(offset + p - bodyPosition) != HELLO_RETRY_REQUEST_RANDOM[p - RANDOM_BODY_OFFSET])
            {
                return flags | FLAG_RANDOM_DIFFERS;
            }
        }
        return flags;
    }

    /** A handshake message is complete; {@code header} is its type byte and 3-byte body length. */
    private int messageCompleted(final int base, final int direction, final int header, final int flags)
    {
        final int type = header >>> 24;
        noteCompleted(base, direction, type);
        if (direction == 1 && type == HANDSHAKE_SERVER_HELLO)
        {
            final boolean retry = (flags & FLAG_RANDOM_DIFFERS) == 0
                && (header & 0xFFFFFF) >= RANDOM_BODY_OFFSET + HELLO_RETRY_REQUEST_RANDOM.length;
            return retry ? flags | FLAG_HELLO_RETRY_REQUEST : flags;
        }
        return flags;
    }

    private void noteCompleted(final int base, final int direction, final int type)
    {
        if (type < 32)
        {
            state.putInt(base + COMPLETED, state.getInt(base + COMPLETED) | (1 << type));
        }
        if (type == (direction == 0 ? HANDSHAKE_CLIENT_HELLO : HANDSHAKE_SERVER_HELLO))
        {
            state.putInt(base + HELLOS, state.getInt(base + HELLOS) + 1);
        }
    }

    /**
     * Whether a handshake message type has been completed in a direction.
     *
     * @param protocolState offset of the session's protocol area.
     * @param direction     0 client, 1 server.
     * @param type          handshake type (below 32).
     * @return true when at least one complete message of the type was seen.
     */
    public boolean completed(final int protocolState, final int direction, final int type)
    {
        return (state.getInt(protocolState + direction * DIRECTION_STRIDE + COMPLETED) & (1 << type)) != 0;
    }

    /**
     * The direction's scanner flags.
     *
     * @param protocolState offset of the session's protocol area.
     * @param direction     0 client, 1 server.
     * @return flag bits: the {@code FLAG_} constants; other bits are the scanner's own.
     */
    public int flags(final int protocolState, final int direction)
    {
        return state.getInt(protocolState + direction * DIRECTION_STRIDE + FLAGS);
    }

    /**
     * Hellos completed in a direction: ClientHellos sent by the client, ServerHellos (a HelloRetryRequest counts)
     * sent by the server; an SSL 2.0 hello counts too.
     *
     * @param protocolState offset of the session's protocol area.
     * @param direction     0 client, 1 server.
     * @return the count.
     */
    public int hellos(final int protocolState, final int direction)
    {
        return state.getInt(protocolState + direction * DIRECTION_STRIDE + HELLOS);
    }

    /**
     * After a HelloRetryRequest the record waits for the second ServerHello. The scanner knows a HelloRetryRequest
     * by its random ({@link #FLAG_HELLO_RETRY_REQUEST}) and waits by itself; this is for a caller that learnt it
     * otherwise.
     *
     * @param protocolState offset of the session's protocol area.
     */
    public void expectSecondServerHello(final int protocolState)
    {
        state.putInt(protocolState + SERVER_HELLOS_WANTED, 2);
    }

    /**
     * Whether the server side has said all the record needs: the ServerHello it waits for (the second one after a
     * HelloRetryRequest) and then either ServerHelloDone (TLS 1.2 and earlier: the certificate came before it) or any
     * record that is not a plaintext handshake (change_cipher_spec, application data or alert: TLS 1.3 or a resumed
     * session).
     *
     * @param protocolState offset of the session's protocol area.
     * @return true when the server side is complete.
     */
    public boolean serverComplete(final int protocolState)
    {
        final int base = protocolState + DIRECTION_STRIDE;
        final int flags = state.getInt(base + FLAGS);
        final int wanted = (flags & FLAG_HELLO_RETRY_REQUEST) != 0 ? 2 :
            state.getInt(protocolState + SERVER_HELLOS_WANTED);
        if (state.getInt(base + HELLOS) < wanted)
        {
            return false;
        }
        return completed(protocolState, 1, HANDSHAKE_SERVER_HELLO_DONE)
            || (flags & (FLAG_CHANGE_CIPHER_SPEC | FLAG_APPLICATION_DATA | FLAG_ALERT | FLAG_SSLV2)) != 0;
    }
}
