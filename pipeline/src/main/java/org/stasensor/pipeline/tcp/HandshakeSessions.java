package org.stasensor.pipeline.tcp;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A bounded pool of handshake sessions: the per-flow state that only flows still in their handshake need. Each
 * session has a small state area and one stream buffer per direction holding the first bytes of that direction,
 * reassembled. All memory is allocated once, off-heap: {@code sessions * (STATE_LENGTH + 2 * bufferBytes)} bytes.
 * When every session is taken, a new flow is not inspected and {@link #exhausted()} counts it.
 * <p>
 * State area layout (native order), per session:
 * <pre>
 *   0   direction 0 (client to server) stream state, {@link StreamState#LENGTH} bytes
 *   96  direction 1 (server to client) stream state
 *   192 protocol parser state, {@link #PROTOCOL_STATE_LENGTH} bytes, owned by the parser of the flow's protocol
 * </pre>
 */
public final class HandshakeSessions
{
    /** Bytes of state per session. */
    public static final int STATE_LENGTH = 320;
    /** Offset of the protocol parser's area within a session's state. */
    public static final int PROTOCOL_STATE_OFFSET = 2 * StreamState.LENGTH;
    /** Bytes a protocol parser may use in its area. */
    public static final int PROTOCOL_STATE_LENGTH = STATE_LENGTH - PROTOCOL_STATE_OFFSET;

    private final int sessions;
    private final int bufferBytes;
    private final UnsafeBuffer state;
    private final UnsafeBuffer streams;
    private final int[] free;
    private int freeCount;
    private long exhausted;

    /**
     * Preallocates the pool.
     *
     * @param sessions    flows that can be in their handshake at once.
     * @param bufferBytes bytes kept per direction of each flow (the handshake bound).
     */
    public HandshakeSessions(final int sessions, final int bufferBytes)
    {
        if (sessions < 1 || bufferBytes < 1024 || (long)sessions * 2 * bufferBytes > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("handshake sessions " + sessions + " x 2 x " + bufferBytes
                + " bytes: need sessions >= 1, buffer >= 1024 bytes and at most 2 GiB in all");
        }
        this.sessions = sessions;
        this.bufferBytes = bufferBytes;
        this.state = new UnsafeBuffer(BufferUtil.allocateDirectAligned(sessions * STATE_LENGTH, 64));
        this.streams = new UnsafeBuffer(BufferUtil.allocateDirectAligned(sessions * 2 * bufferBytes, 64));
        this.free = new int[sessions];
        for (int i = 0; i < sessions; i++)
        {
            free[i] = sessions - 1 - i;
        }
        this.freeCount = sessions;
    }

    /**
     * Takes a free session and clears its state.
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
        state.setMemory(session * STATE_LENGTH, STATE_LENGTH, (byte)0);
        return session;
    }

    /**
     * Gives a session back.
     *
     * @param session the index from {@link #acquire()}.
     */
    public void release(final int session)
    {
        free[freeCount++] = session;
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
     * Flows that found no free session.
     *
     * @return the count since start.
     */
    public long exhausted()
    {
        return exhausted;
    }

    /**
     * Bytes kept per direction.
     *
     * @return the bound.
     */
    public int bufferBytes()
    {
        return bufferBytes;
    }

    /**
     * The state memory of all sessions.
     *
     * @return the buffer; a session's state starts at {@link #stateOffset(int)}.
     */
    public UnsafeBuffer state()
    {
        return state;
    }

    /**
     * Where a session's state starts in {@link #state()}.
     *
     * @param session the session.
     * @return the offset.
     */
    public int stateOffset(final int session)
    {
        return session * STATE_LENGTH;
    }

    /**
     * Where a direction's stream state starts in {@link #state()}.
     *
     * @param session   the session.
     * @param direction 0 client to server, 1 server to client.
     * @return the offset.
     */
    public int streamStateOffset(final int session, final int direction)
    {
        return session * STATE_LENGTH + direction * StreamState.LENGTH;
    }

    /**
     * Where the protocol parser's area of a session starts in {@link #state()}.
     *
     * @param session the session.
     * @return the offset.
     */
    public int protocolStateOffset(final int session)
    {
        return session * STATE_LENGTH + PROTOCOL_STATE_OFFSET;
    }

    /**
     * The stream buffers of all sessions.
     *
     * @return the buffer; a direction's bytes start at {@link #streamOffset(int, int)}.
     */
    public UnsafeBuffer streams()
    {
        return streams;
    }

    /**
     * Where a direction's reassembled bytes start in {@link #streams()}.
     *
     * @param session   the session.
     * @param direction 0 client to server, 1 server to client.
     * @return the offset.
     */
    public int streamOffset(final int session, final int direction)
    {
        return (session * 2 + direction) * bufferBytes;
    }
}
