package org.stasensor.pipeline.quic;

import java.util.Arrays;

/**
 * A bounded pool of pending QUIC connections: the state a flow needs from its client's first Initial packet until
 * its ClientHello is whole. All memory is taken at construction, per session:
 * <ul>
 *   <li>{@code cryptoBytes} of CRYPTO stream (offsets 0 to cryptoBytes - 1) and a bitmap of the bytes received,
 *       {@code cryptoBytes / 8} bytes, so frames may come in any order, overlap and repeat;</li>
 *   <li>the version, both connection ids of the first Initial (up to 20 bytes each), counters and flags, under
 *       100 bytes;</li>
 *   <li>an {@link InitialPacketProtection}: two JCE AES ciphers, keyed once per connection.</li>
 * </ul>
 * With the default 16 KiB of CRYPTO stream a keyed session retains about 23 KiB of heap (16 KiB stream, 2 KiB
 * bitmap, about 5 KiB for the two keyed ciphers), measured by QuicZeroAllocationTest over 1024 sessions. A slot's
 * first connection makes the JDK build the ciphers' inner state (about 6 KiB allocated, once per slot); every later
 * connection in that slot allocates 208 bytes for its keys. When every session is taken a new
 * connection is not inspected and {@link #exhausted()} counts it. Single-threaded: one pool per worker.
 */
public final class QuicInitialSessions
{
    /** Default bound of CRYPTO stream bytes kept per connection (a post-quantum ClientHello is about 2 KiB). */
    public static final int DEFAULT_CRYPTO_BYTES = 16 * 1024;
    /** Longest connection id of versions 1 and 2 (RFC 9000 17.2). */
    public static final int MAX_CONNECTION_ID_LENGTH = 20;
    /** Client Initial packets opened per connection at most; later ones are ignored and flagged. */
    public static final int MAX_INITIAL_PACKETS = 8;

    /** Flag: an Initial packet of the connection did not authenticate (not QUIC, corrupted, or keys unknown). */
    public static final int FLAG_DECRYPT_FAILED = 1;
    /** Flag: a frame or a packet was malformed (a length past its end, a frame not allowed in Initial). */
    public static final int FLAG_MALFORMED = 1 << 1;
    /** Flag: CRYPTO data lay beyond the per-connection bound and was dropped. */
    public static final int FLAG_CRYPTO_OVER_LIMIT = 1 << 2;
    /** Flag: the client sent more than {@link #MAX_INITIAL_PACKETS} Initial packets before a whole ClientHello. */
    public static final int FLAG_PACKET_LIMIT = 1 << 3;
    /** Flag: a later Initial carried another version than the first; it was ignored. */
    public static final int FLAG_VERSION_CHANGED = 1 << 4;
    /** Flag: keys were derived again from a later Destination Connection ID (after a Retry). */
    public static final int FLAG_REKEYED = 1 << 5;
    /** Flag: the CRYPTO stream does not start with a ClientHello handshake message. */
    public static final int FLAG_NOT_CLIENT_HELLO = 1 << 6;

    static final int STATE_FREE = 0;
    static final int STATE_PENDING = 1;
    static final int STATE_COMPLETE = 2;
    static final int STATE_FAILED = 3;

    private final int sessions;
    private final int cryptoBytes;
    private final int coverageWords;
    private final byte[] crypto;
    private final long[] coverage;
    private final byte[] destinationIds;
    private final byte[] sourceIds;
    private final byte[] keyIds;
    private final int[] destinationIdLengths;
    private final int[] sourceIdLengths;
    private final int[] keyIdLengths;
    private final int[] versions;
    private final int[] states;
    private final int[] flags;
    private final int[] packets;
    private final long[] largestPacketNumbers;
    private final InitialPacketProtection[] protections;
    private final int[] free;
    private int freeCount;
    private long exhausted;

    /**
     * Preallocates the pool.
     *
     * @param sessions    connections that can be pending at once.
     * @param cryptoBytes CRYPTO stream bytes kept per connection, a multiple of 64 from 1024 to 65536.
     */
    public QuicInitialSessions(final int sessions, final int cryptoBytes)
    {
        if (sessions < 1 || cryptoBytes < 1024 || cryptoBytes > 65536 || (cryptoBytes & 63) != 0
            || (long)sessions * cryptoBytes > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("QUIC Initial sessions " + sessions + " x " + cryptoBytes
                + " CRYPTO bytes: need sessions >= 1, 1024 to 65536 bytes in multiples of 64, at most 2 GiB in all");
        }
        this.sessions = sessions;
        this.cryptoBytes = cryptoBytes;
        this.coverageWords = cryptoBytes / 64;
        this.crypto = new byte[sessions * cryptoBytes];
        this.coverage = new long[sessions * coverageWords];
        this.destinationIds = new byte[sessions * MAX_CONNECTION_ID_LENGTH];
        this.sourceIds = new byte[sessions * MAX_CONNECTION_ID_LENGTH];
        this.keyIds = new byte[sessions * MAX_CONNECTION_ID_LENGTH];
        this.destinationIdLengths = new int[sessions];
        this.sourceIdLengths = new int[sessions];
        this.keyIdLengths = new int[sessions];
        this.versions = new int[sessions];
        this.states = new int[sessions];
        this.flags = new int[sessions];
        this.packets = new int[sessions];
        this.largestPacketNumbers = new long[sessions];
        this.protections = new InitialPacketProtection[sessions];
        this.free = new int[sessions];
        for (int i = 0; i < sessions; i++)
        {
            protections[i] = new InitialPacketProtection();
            free[i] = sessions - 1 - i;
        }
        this.freeCount = sessions;
    }

    /**
     * Takes a free session and clears it.
     *
     * @return the session index, or -1 when all are taken (counted).
     */
    public int acquire()
    {
        if (freeCount == 0)
        {
            exhausted++;
            return -1;
        }
        final int session = free[--freeCount];
        Arrays.fill(coverage, session * coverageWords, (session + 1) * coverageWords, 0L);
        destinationIdLengths[session] = 0;
        sourceIdLengths[session] = 0;
        keyIdLengths[session] = 0;
        versions[session] = 0;
        states[session] = STATE_PENDING;
        flags[session] = 0;
        packets[session] = 0;
        largestPacketNumbers[session] = -1;
        protections[session].clear();
        return session;
    }

    /**
     * Gives a session back.
     *
     * @param session the index from {@link #acquire()}.
     */
    public void release(final int session)
    {
        if (states[session] != STATE_FREE)
        {
            states[session] = STATE_FREE;
            free[freeCount++] = session;
        }
    }

    /**
     * Sessions in use.
     *
     * @return the count.
     */
    public int inUse()
    {
        return sessions - freeCount;
    }

    /**
     * Connections that found no free session.
     *
     * @return the count since start.
     */
    public long exhausted()
    {
        return exhausted;
    }

    /**
     * CRYPTO stream bytes kept per connection.
     *
     * @return the bound.
     */
    public int cryptoBytes()
    {
        return cryptoBytes;
    }

    /**
     * The version of the connection's first Initial packet.
     *
     * @param session the session.
     * @return the version field, 0 before any Initial was seen.
     */
    public int version(final int session)
    {
        return versions[session];
    }

    /**
     * {@code FLAG_*} bits noticed so far.
     *
     * @param session the session.
     * @return the flags.
     */
    public int flags(final int session)
    {
        return flags[session];
    }

    /**
     * Client Initial packets opened.
     *
     * @param session the session.
     * @return the count.
     */
    public int initialPackets(final int session)
    {
        return packets[session];
    }

    /**
     * Whether the whole ClientHello is in the CRYPTO stream.
     *
     * @param session the session.
     * @return true once complete.
     */
    public boolean isComplete(final int session)
    {
        return states[session] == STATE_COMPLETE;
    }

    /**
     * The array holding every session's CRYPTO stream; a session's stream starts at {@link #cryptoOffset(int)}.
     *
     * @return the array.
     */
    public byte[] cryptoArray()
    {
        return crypto;
    }

    /**
     * Where a session's CRYPTO stream (offset 0) is in {@link #cryptoArray()}.
     *
     * @param session the session.
     * @return the index.
     */
    public int cryptoOffset(final int session)
    {
        return session * cryptoBytes;
    }

    /**
     * CRYPTO stream bytes received without a hole from offset 0.
     *
     * @param session the session.
     * @return the length of the contiguous prefix.
     */
    public int contiguousCryptoBytes(final int session)
    {
        final int first = session * coverageWords;
        for (int w = 0; w < coverageWords; w++)
        {
            final long word = coverage[first + w];
            if (word != -1L)
            {
                return w * 64 + Long.numberOfTrailingZeros(~word);
            }
        }
        return cryptoBytes;
    }

    /**
     * The first Initial's Destination Connection ID: the array, from {@link #connectionIdOffset(int)}.
     *
     * @return the array of all sessions' ids.
     */
    public byte[] destinationIds()
    {
        return destinationIds;
    }

    /**
     * The first Initial's Source Connection ID: the array, from {@link #connectionIdOffset(int)}.
     *
     * @return the array of all sessions' ids.
     */
    public byte[] sourceIds()
    {
        return sourceIds;
    }

    /**
     * Where a session's connection ids are in {@link #destinationIds()} and {@link #sourceIds()}.
     *
     * @param session the session.
     * @return the index.
     */
    public int connectionIdOffset(final int session)
    {
        return session * MAX_CONNECTION_ID_LENGTH;
    }

    /**
     * Length of the first Initial's Destination Connection ID.
     *
     * @param session the session.
     * @return 0 to 20.
     */
    public int destinationIdLength(final int session)
    {
        return destinationIdLengths[session];
    }

    /**
     * Length of the first Initial's Source Connection ID.
     *
     * @param session the session.
     * @return 0 to 20.
     */
    public int sourceIdLength(final int session)
    {
        return sourceIdLengths[session];
    }

    /**
     * Starts a session's connection over on the keys it has: for tests that replay a connection's packets to
     * measure the per-packet path without the per-connection keying.
     */
    void rewind(final int session)
    {
        Arrays.fill(coverage, session * coverageWords, (session + 1) * coverageWords, 0L);
        states[session] = STATE_PENDING;
        flags[session] = 0;
        packets[session] = 0;
        largestPacketNumbers[session] = -1;
    }

    // Package-private state access for QuicInitialInspector.

    int state(final int session)
    {
        return states[session];
    }

    void state(final int session, final int state)
    {
        states[session] = state;
    }

    void addFlags(final int session, final int bits)
    {
        flags[session] |= bits;
    }

    int countPacket(final int session)
    {
        return ++packets[session];
    }

    long largestPacketNumber(final int session)
    {
        return largestPacketNumbers[session];
    }

    void largestPacketNumber(final int session, final long packetNumber)
    {
        largestPacketNumbers[session] = packetNumber;
    }

    InitialPacketProtection protection(final int session)
    {
        return protections[session];
    }

    void first(final int session, final int version, final byte[] packet, final int dcid, final int dcidLength,
        final int scid, final int scidLength)
    {
        versions[session] = version;
        final int at = session * MAX_CONNECTION_ID_LENGTH;
        System.arraycopy(packet, dcid, destinationIds, at, dcidLength);
        destinationIdLengths[session] = dcidLength;
        System.arraycopy(packet, scid, sourceIds, at, scidLength);
        sourceIdLengths[session] = scidLength;
    }

    boolean keyIdEquals(final int session, final byte[] packet, final int dcid, final int dcidLength)
    {
        final int at = session * MAX_CONNECTION_ID_LENGTH;
        return keyIdLengths[session] == dcidLength
            && Arrays.equals(keyIds, at, at + dcidLength, packet, dcid, dcid + dcidLength);
    }

    byte[] keyIds()
    {
        return keyIds;
    }

    int keyIdLength(final int session)
    {
        return keyIdLengths[session];
    }

    void keyId(final int session, final byte[] packet, final int dcid, final int dcidLength)
    {
        System.arraycopy(packet, dcid, keyIds, session * MAX_CONNECTION_ID_LENGTH, dcidLength);
        keyIdLengths[session] = dcidLength;
    }

    /**
     * Stores CRYPTO data at a stream offset, cut to the bound.
     *
     * @return false when some of it lay beyond the bound.
     */
    boolean storeCrypto(final int session, final long streamOffset, final byte[] data, final int offset,
        final int length)
    {
        if (streamOffset >= cryptoBytes)
        {
            return length == 0;
        }
        final int start = (int)streamOffset;
        final int kept = (int)Math.min(length, cryptoBytes - streamOffset);
        System.arraycopy(data, offset, crypto, session * cryptoBytes + start, kept);
        markReceived(session * coverageWords, start, start + kept);
        return kept == length;
    }

    private void markReceived(final int firstWord, final int from, final int to)
    {
        int at = from;
        while (at < to)
        {
            final int word = at >>> 6;
            final int bit = at & 63;
            final int bits = Math.min(64 - bit, to - at);
            final long mask = bits == 64 ? -1L : ((1L << bits) - 1) << bit;
            coverage[firstWord + word] |= mask;
            at += bits;
        }
    }
}
