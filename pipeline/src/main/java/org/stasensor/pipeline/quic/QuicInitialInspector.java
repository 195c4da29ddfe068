package org.stasensor.pipeline.quic;

import org.agrona.DirectBuffer;

/**
 * Opens a QUIC client's Initial packets and gathers their CRYPTO frames until the ClientHello is whole. One
 * instance per worker, over that worker's {@link QuicInitialSessions}.
 * <p>
 * A datagram may hold several QUIC packets (RFC 9000 12.2): long header packets are walked by their Length field;
 * Initial packets of versions 1 and 2 are opened, 0-RTT and Handshake packets skipped, and a short header packet,
 * a Retry or a Version Negotiation packet ends the walk (each runs to the datagram's end). Opening an Initial
 * (RFC 9001 5): keys from the Destination Connection ID of the connection's first Initial; header protection
 * removed with the mask of the 16-byte sample 4 bytes after the packet number's start; the full packet number
 * recovered (RFC 9000 A.3); the payload opened with AEAD_AES_128_GCM and its tag checked. Should a later Initial not
 * authenticate and carry another Destination Connection ID, keys are derived once more from that id, which is what a
 * client does after a Retry (RFC 9001 5.2).
 * <p>
 * The frames of an opened Initial may be PADDING, PING, ACK, CRYPTO and CONNECTION_CLOSE (RFC 9000 12.4, Table 3);
 * any other type, or a length running past the payload, marks the connection malformed and stops reading that
 * packet. CRYPTO data is stored at its stream offset whatever the order of the frames and packets.
 * <p>
 * Allocation: opening a packet allocates nothing. The first Initial of each connection keys two JCE ciphers, which
 * allocates inside the JDK (208 bytes a connection on JDK 25, measured by QuicZeroAllocationTest); a Retry costs that
 * again. Cost: opening a 1200-byte Initial takes about 13 microseconds on one core of the development machine (AES
 * through the JDK's intrinsics, GHASH with 4-bit tables in Java), writing the record with JA3 and JA4 about 5.
 * Memory: four 64 KiB scratch arrays per inspector (the datagram's copy, the plaintext, counter blocks, key stream);
 * the caller's datagram is only read.
 */
public final class QuicInitialInspector
{
    /** No Initial packet of the session's connection was opened in the datagram. */
    public static final int RESULT_IGNORED = 0;
    /** Initial data was taken; the ClientHello is not whole yet. */
    public static final int RESULT_PENDING = 1;
    /** The ClientHello is whole: write the record and release the session. */
    public static final int RESULT_COMPLETE = 2;
    /** The ClientHello can never be whole (see the session's flags): write what is known and release. */
    public static final int RESULT_FAILED = 3;

    /** A client pads datagrams carrying Initial packets to at least 1200 bytes (RFC 9000 14.1). */
    public static final int MIN_CLIENT_INITIAL_DATAGRAM = 1200;
    /** Largest UDP payload. */
    public static final int MAX_DATAGRAM = 65535;

    private static final int SAMPLE_OFFSET = 4;
    private static final int TAG_LENGTH = InitialPacketProtection.BLOCK;
    private static final int CLIENT_HELLO = 1;
    private static final int HANDSHAKE_HEADER = 4;

    private static final int OPENED_BIT = 1 << 30;
    private static final int POSITION_MASK = OPENED_BIT - 1;
    private static final int STOP = -1;

    private static final int FRAME_PADDING = 0x00;
    private static final int FRAME_PING = 0x01;
    private static final int FRAME_ACK = 0x02;
    private static final int FRAME_ACK_ECN = 0x03;
    private static final int FRAME_CRYPTO = 0x06;
    private static final int FRAME_CONNECTION_CLOSE = 0x1c;

    private final QuicInitialSessions sessions;
    private final InitialSecrets secrets = new InitialSecrets();
    private final byte[] packet = new byte[MAX_DATAGRAM];
    private final byte[] plain = new byte[MAX_DATAGRAM];
    private final byte[] counters = new byte[MAX_DATAGRAM + 2 * InitialPacketProtection.BLOCK];
    private final byte[] keystream = new byte[MAX_DATAGRAM + 2 * InitialPacketProtection.BLOCK];
    private final byte[] mask = new byte[InitialPacketProtection.BLOCK];
    private final byte[] saved = new byte[5];
    private final byte[] key = new byte[InitialSecrets.KEY_LENGTH];
    private final byte[] iv = new byte[InitialSecrets.IV_LENGTH];
    private final byte[] hp = new byte[InitialSecrets.HP_LENGTH];
    private int plainLength;

    /**
     * An inspector over a worker's session pool.
     *
     * @param sessions the pool.
     */
    public QuicInitialInspector(final QuicInitialSessions sessions)
    {
        this.sessions = sessions;
    }

    /**
     * Whether a UDP payload looks like the first datagram of a QUIC client: at least 1200 bytes starting with a long
     * header Initial packet of version 1 or 2 whose Destination Connection ID has 8 to 20 bytes (RFC 9000 7.2,
     * 14.1). A cheap test on the first bytes, to decide whether to take a session for a new UDP flow; whether it
     * really is QUIC shows when the packet authenticates.
     *
     * @param datagram the UDP payload.
     * @param offset   where it starts.
     * @param length   its length.
     * @return true when it may be one.
     */
    public static boolean looksLikeClientInitial(final DirectBuffer datagram, final int offset, final int length)
    {
        if (length < MIN_CLIENT_INITIAL_DATAGRAM || offset < 0 || (long)offset + length > datagram.capacity())
        {
            return false;
        }
        final int first = datagram.getByte(offset) & 0xFF;
        if ((first & 0x80) == 0)
        {
            return false;
        }
        final int version = datagram.getInt(offset + 1, java.nio.ByteOrder.BIG_ENDIAN);
        if (!QuicVersion.isSupported(version) || ((first >>> 4) & 3) != QuicVersion.initialType(version))
        {
            return false;
        }
        final int dcidLength = datagram.getByte(offset + 5) & 0xFF;
        return dcidLength >= 8 && dcidLength <= QuicInitialSessions.MAX_CONNECTION_ID_LENGTH;
    }

    /**
     * Takes a datagram the connection's client sent.
     *
     * @param session  the connection's session from {@link QuicInitialSessions#acquire()}.
     * @param datagram the UDP payload.
     * @param offset   where it starts.
     * @param length   its length; bytes past {@link #MAX_DATAGRAM} are not looked at.
     * @return one of the {@code RESULT_*} values.
     */
    public int onClientDatagram(final int session, final DirectBuffer datagram, final int offset, final int length)
    {
        if (sessions.state(session) != QuicInitialSessions.STATE_PENDING)
        {
            return result(session, false);
        }
        final int size = Math.min(length, MAX_DATAGRAM);
        if (size <= 0 || offset < 0 || (long)offset + size > datagram.capacity())
        {
            return result(session, false);
        }
        datagram.getBytes(offset, packet, 0, size);
        boolean opened = false;
        int at = 0;
        while (at < size && sessions.state(session) == QuicInitialSessions.STATE_PENDING)
        {
            final int next = walk(session, at, size);
            if (next < 0)
            {
                break;
            }
            opened |= opened(next);
            at = next & POSITION_MASK;
        }
        return result(session, opened);
    }

    private static boolean opened(final int next)
    {
        return (next & OPENED_BIT) != 0;
    }

    /**
     * Reads the long header packet at {@code at}, opens it when it is an Initial.
     *
     * @return the next packet's position (with {@link #OPENED_BIT} when this one was opened), or STOP.
     */
    private int walk(final int session, final int at, final int end)
    {
        final int first = packet[at] & 0xFF;
        if ((first & 0x80) == 0 || end - at < 7)
        {
            // A short header packet (or trailing zero padding) runs to the datagram's end.
            return STOP;
        }
        final int version = ((packet[at + 1] & 0xFF) << 24) | ((packet[at + 2] & 0xFF) << 16)
            | ((packet[at + 3] & 0xFF) << 8) | (packet[at + 4] & 0xFF);
        if (!QuicVersion.isSupported(version))
        {
            return STOP;
        }
        final int dcidLength = packet[at + 5] & 0xFF;
        int p = at + 6;
        if (dcidLength > QuicInitialSessions.MAX_CONNECTION_ID_LENGTH || end - p < dcidLength + 1)
        {
            return malformed(session);
        }
        final int dcid = p;
        p += dcidLength;
        final int scidLength = packet[p] & 0xFF;
        p++;
        if (scidLength > QuicInitialSessions.MAX_CONNECTION_ID_LENGTH || end - p < scidLength)
        {
            return malformed(session);
        }
        final int scid = p;
        p += scidLength;
        final int type = (first >>> 4) & 3;
        if (type == QuicVersion.retryType(version))
        {
            return STOP;
        }
        final boolean initial = type == QuicVersion.initialType(version);
        if (initial)
        {
            final long tokenLength = QuicVarInt.read(packet, p, end);
            if (tokenLength < 0)
            {
                return malformed(session);
            }
            p += QuicVarInt.length(packet[p]);
            if (tokenLength > end - p)
            {
                return malformed(session);
            }
            p += (int)tokenLength;
        }
        final long packetLength = QuicVarInt.read(packet, p, end);
        if (packetLength < 0)
        {
            return malformed(session);
        }
        p += QuicVarInt.length(packet[p]);
        if (packetLength > end - p)
        {
            return malformed(session);
        }
        final int packetEnd = p + (int)packetLength;
        boolean opened = false;
        if (initial)
        {
            opened = initial(session, version, at, dcid, dcidLength, scid, scidLength, p, packetEnd);
        }
        return packetEnd | (opened ? OPENED_BIT : 0);
    }

    private int malformed(final int session)
    {
        sessions.addFlags(session, QuicInitialSessions.FLAG_MALFORMED);
        return STOP;
    }

    private boolean initial(final int session, final int version, final int at, final int dcid, final int dcidLength,
        final int scid, final int scidLength, final int pnOffset, final int packetEnd)
    {
        if (sessions.version(session) == 0)
        {
            sessions.first(session, version, packet, dcid, dcidLength, scid, scidLength);
            sessions.keyId(session, packet, dcid, dcidLength);
            rekey(session, version, packet, dcid, dcidLength);
        }
        else if (sessions.version(session) != version)
        {
            sessions.addFlags(session, QuicInitialSessions.FLAG_VERSION_CHANGED);
            return false;
        }
        if (packetEnd - pnOffset < SAMPLE_OFFSET + InitialPacketProtection.BLOCK)
        {
            // Too short to hold a header protection sample (RFC 9001 5.4.2).
            sessions.addFlags(session, QuicInitialSessions.FLAG_MALFORMED);
            return false;
        }
        if (sessions.countPacket(session) > QuicInitialSessions.MAX_INITIAL_PACKETS)
        {
            sessions.addFlags(session, QuicInitialSessions.FLAG_PACKET_LIMIT);
            sessions.state(session, QuicInitialSessions.STATE_FAILED);
            return false;
        }
        saved[0] = packet[at];
        System.arraycopy(packet, pnOffset, saved, 1, 4);
        boolean ok = open(session, at, pnOffset, packetEnd);
        if (!ok && !sessions.keyIdEquals(session, packet, dcid, dcidLength))
        {
            restore(at, pnOffset);
            rekey(session, version, packet, dcid, dcidLength);
            ok = open(session, at, pnOffset, packetEnd);
            if (ok)
            {
                sessions.keyId(session, packet, dcid, dcidLength);
                sessions.addFlags(session, QuicInitialSessions.FLAG_REKEYED);
            }
            else
            {
                final int keyAt = sessions.connectionIdOffset(session);
                rekey(session, version, sessions.keyIds(), keyAt, sessions.keyIdLength(session));
            }
        }
        if (!ok)
        {
            sessions.addFlags(session, QuicInitialSessions.FLAG_DECRYPT_FAILED);
            return false;
        }
        frames(session);
        checkClientHello(session);
        return true;
    }

    private void rekey(final int session, final int version, final byte[] ids, final int dcid, final int dcidLength)
    {
        secrets.deriveClient(version, ids, dcid, dcidLength, key, iv, hp);
        sessions.protection(session).setKeys(key, iv, hp);
    }

    private void restore(final int at, final int pnOffset)
    {
        packet[at] = saved[0];
        System.arraycopy(saved, 1, packet, pnOffset, 4);
    }

    /** Removes header protection and opens the payload into {@link #plain}. */
    private boolean open(final int session, final int at, final int pnOffset, final int packetEnd)
    {
        final InitialPacketProtection protection = sessions.protection(session);
        if (!protection.headerMask(packet, pnOffset + SAMPLE_OFFSET, mask))
        {
            return false;
        }
        // Long header: the low 4 bits of the first byte are protected (RFC 9001 5.4.1).
        packet[at] ^= (byte)(mask[0] & 0x0F);
        final int pnLength = (packet[at] & 3) + 1;
        long truncated = 0;
        for (int i = 0; i < pnLength; i++)
        {
            packet[pnOffset + i] ^= mask[1 + i];
            truncated = (truncated << 8) | (packet[pnOffset + i] & 0xFF);
        }
        final long largest = sessions.largestPacketNumber(session);
        final long packetNumber = decodePacketNumber(largest, truncated, 8 * pnLength);
        final int payload = pnOffset + pnLength;
        final int ciphertextLength = packetEnd - payload - TAG_LENGTH;
        if (ciphertextLength < 0
            || !protection.open(packetNumber, packet, at, payload - at, ciphertextLength, plain, 0, counters, keystream))
        {
            return false;
        }
        if (packetNumber > largest)
        {
            sessions.largestPacketNumber(session, packetNumber);
        }
        plainLength = ciphertextLength;
        return true;
    }

    /**
     * RFC 9000 A.3: the packet number nearest to the next expected one whose low bits are the truncated ones.
     *
     * @param largest   largest packet number opened so far, -1 for none.
     * @param truncated the packet number field.
     * @param bits      its width in bits.
     * @return the full packet number.
     */
    static long decodePacketNumber(final long largest, final long truncated, final int bits)
    {
        final long expected = largest + 1;
        final long window = 1L << bits;
        final long halfWindow = window / 2;
        final long candidate = (expected & ~(window - 1)) | truncated;
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window)
        {
            return candidate + window;
        }
        if (candidate > expected + halfWindow && candidate >= window)
        {
            return candidate - window;
        }
        return candidate;
    }

    private void frames(final int session)
    {
        final byte[] b = plain;
        final int end = plainLength;
        int p = 0;
        while (p < end)
        {
            final int type = b[p] & 0xFF;
            switch (type)
            {
                case FRAME_PADDING:
                case FRAME_PING:
                    p++;
                    break;
                case FRAME_ACK:
                case FRAME_ACK_ECN:
                    p = ack(b, p + 1, end, type == FRAME_ACK_ECN);
                    break;
                case FRAME_CRYPTO:
                    p = crypto(session, b, p + 1, end);
                    break;
                case FRAME_CONNECTION_CLOSE:
                    p = connectionClose(b, p + 1, end);
                    break;
                default:
                    p = -1;
                    break;
            }
            if (p < 0)
            {
                sessions.addFlags(session, QuicInitialSessions.FLAG_MALFORMED);
                return;
            }
        }
    }

    /** Skips a varint; -1 when it does not fit. */
    private static int skipVarInt(final byte[] b, final int p, final int end)
    {
        if (p < 0 || p >= end)
        {
            return -1;
        }
        final int next = p + QuicVarInt.length(b[p]);
        return next <= end ? next : -1;
    }

    /** ACK frame (RFC 9000 19.3): largest, delay, range count, first range, count x (gap, length), [3 ECN counts]. */
    private static int ack(final byte[] b, final int start, final int end, final boolean ecn)
    {
        int p = skipVarInt(b, start, end);
        p = skipVarInt(b, p, end);
        if (p < 0)
        {
            return -1;
        }
        final long ranges = QuicVarInt.read(b, p, end);
        p = skipVarInt(b, p, end);
        p = skipVarInt(b, p, end);
        // Each further range takes at least two bytes: a count beyond that is a lie.
        if (p < 0 || ranges < 0 || ranges > (end - p) / 2)
        {
            return -1;
        }
        for (long i = 0; i < ranges && p >= 0; i++)
        {
            p = skipVarInt(b, p, end);
            p = skipVarInt(b, p, end);
        }
        if (ecn)
        {
            for (int i = 0; i < 3 && p >= 0; i++)
            {
                p = skipVarInt(b, p, end);
            }
        }
        return p;
    }

    /** CRYPTO frame (RFC 9000 19.6): offset, length, data. */
    private int crypto(final int session, final byte[] b, final int start, final int end)
    {
        final long streamOffset = QuicVarInt.read(b, start, end);
        int p = skipVarInt(b, start, end);
        if (p < 0)
        {
            return -1;
        }
        final long length = QuicVarInt.read(b, p, end);
        p = skipVarInt(b, p, end);
        if (p < 0 || length > end - p)
        {
            return -1;
        }
        if (!sessions.storeCrypto(session, streamOffset, b, p, (int)length))
        {
            sessions.addFlags(session, QuicInitialSessions.FLAG_CRYPTO_OVER_LIMIT);
        }
        return p + (int)length;
    }

    /** CONNECTION_CLOSE frame of the transport (RFC 9000 19.19): error code, frame type, reason phrase. */
    private static int connectionClose(final byte[] b, final int start, final int end)
    {
        int p = skipVarInt(b, start, end);
        p = skipVarInt(b, p, end);
        if (p < 0)
        {
            return -1;
        }
        final long reasonLength = QuicVarInt.read(b, p, end);
        p = skipVarInt(b, p, end);
        if (p < 0 || reasonLength > end - p)
        {
            return -1;
        }
        return p + (int)reasonLength;
    }

    private void checkClientHello(final int session)
    {
        final int prefix = sessions.contiguousCryptoBytes(session);
        if (prefix < HANDSHAKE_HEADER)
        {
            return;
        }
        final byte[] stream = sessions.cryptoArray();
        final int base = sessions.cryptoOffset(session);
        if ((stream[base] & 0xFF) != CLIENT_HELLO)
        {
            sessions.addFlags(session, QuicInitialSessions.FLAG_NOT_CLIENT_HELLO);
            sessions.state(session, QuicInitialSessions.STATE_FAILED);
            return;
        }
        final int needed = HANDSHAKE_HEADER + (((stream[base + 1] & 0xFF) << 16) | ((stream[base + 2] & 0xFF) << 8)
            | (stream[base + 3] & 0xFF));
        if (needed > sessions.cryptoBytes())
        {
            sessions.addFlags(session, QuicInitialSessions.FLAG_CRYPTO_OVER_LIMIT);
            sessions.state(session, QuicInitialSessions.STATE_FAILED);
        }
        else if (prefix >= needed)
        {
            sessions.state(session, QuicInitialSessions.STATE_COMPLETE);
        }
    }

    private int result(final int session, final boolean opened)
    {
        switch (sessions.state(session))
        {
            case QuicInitialSessions.STATE_COMPLETE:
                return RESULT_COMPLETE;
            case QuicInitialSessions.STATE_FAILED:
                return RESULT_FAILED;
            default:
                return opened ? RESULT_PENDING : RESULT_IGNORED;
        }
    }
}
