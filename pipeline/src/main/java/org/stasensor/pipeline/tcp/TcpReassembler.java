package org.stasensor.pipeline.tcp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.decode.DecodedPacket;

import static org.stasensor.pipeline.tcp.StreamState.*;

/**
 * Reassembles the first bytes of each direction of a TCP flow into that direction's stream buffer
 * (RFC 9293 sequence arithmetic, modulo 2^32).
 * <ul>
 * <li>In-order bytes extend the contiguous prefix that parsers read.</li>
 * <li>Out-of-order segments are written at their place and remembered as ranges (at most
 * {@link StreamState#MAX_RANGES}); when a hole is filled the prefix grows over them.</li>
 * <li>Retransmitted and overlapping bytes: bytes already held, in the prefix or behind a hole, are never
 * overwritten (first wins); a retransmission that differs is flagged.</li>
 * <li>No SYN seen: the first segment's sequence number starts the stream (flag midstream).</li>
 * <li>Gaps: when the peer acknowledges bytes past the prefix three times without the prefix growing, the bytes
 * were lost before capture and will not come; the direction is flagged and its parser stops.</li>
 * <li>Bytes past the buffer are dropped; the direction is flagged buffer-full once its prefix fills the buffer.</li>
 * </ul>
 */
public final class TcpReassembler
{
    private static final int STALL_LIMIT = 3;

    private final HandshakeSessions sessions;
    private final UnsafeBuffer state;
    private final UnsafeBuffer streams;
    private final int capacity;

    /**
     * A reassembler over a session pool's memory.
     *
     * @param sessions the pool.
     */
    public TcpReassembler(final HandshakeSessions sessions)
    {
        this.sessions = sessions;
        this.state = sessions.state();
        this.streams = sessions.streams();
        this.capacity = sessions.bufferBytes();
    }

    /**
     * Adds one segment of one direction.
     *
     * @param session    the flow's session.
     * @param direction  0 client to server, 1 server to client.
     * @param sequence   the segment's sequence number.
     * @param tcpFlags   the segment's flags.
     * @param packet     the packet's memory.
     * @param offset     payload offset in {@code packet}.
     * @param length     payload length.
     * @return the contiguous length after the segment.
     */
    public int onSegment(final int session, final int direction, final long sequence, final int tcpFlags,
        final DirectBuffer packet, final int offset, final int length)
    {
        final int base = sessions.streamStateOffset(session, direction);
        int flags = state.getInt(base + FLAGS);
        final boolean syn = (tcpFlags & DecodedPacket.TCP_SYN) != 0;
        if ((flags & FLAG_STARTED) == 0)
        {
            if (!syn && length == 0)
            {
                return 0;
            }
            state.putInt(base + INITIAL_SEQUENCE, (int)(syn ? sequence + 1 : sequence));
            flags |= FLAG_STARTED | (syn ? 0 : FLAG_MIDSTREAM);
        }
        if ((tcpFlags & DecodedPacket.TCP_FIN) != 0)
        {
            flags |= FLAG_FIN;
        }
        state.putInt(base + FLAGS, flags);
        if (length <= 0 || (flags & FLAG_GAP) != 0)
        {
            return state.getInt(base + CONTIGUOUS);
        }
        // Data on a SYN (TCP Fast Open) starts one past the SYN's sequence number.
        int relative = (int)((syn ? sequence + 1 : sequence) - state.getInt(base + INITIAL_SEQUENCE));
        int from = offset;
        int count = length;
        if (relative < 0)
        {
            // Old bytes (a retransmission from before where the stream was picked up): keep only the new tail.
            if (-relative >= count)
            {
                return state.getInt(base + CONTIGUOUS);
            }
            from -= relative;
            count += relative;
            relative = 0;
        }
        if (relative >= capacity)
        {
            // Past the buffer: only a problem when the buffer is really full, not when a hole waits to be filled.
            return state.getInt(base + CONTIGUOUS);
        }
        if (relative + count > capacity)
        {
            count = capacity - relative;
        }
        final int stream = sessions.streamOffset(session, direction);
        int contiguous = state.getInt(base + CONTIGUOUS);
        if (relative < contiguous)
        {
            final int overlap = Math.min(contiguous - relative, count);
            compare(base, stream + relative, packet, from, overlap);
            from += overlap;
            relative += overlap;
            count -= overlap;
            if (count == 0)
            {
                return contiguous;
            }
        }
        writeUncovered(base, stream, relative, packet, from, count);
        if (relative == contiguous)
        {
            contiguous = mergeRanges(base, relative + count);
            state.putInt(base + CONTIGUOUS, contiguous);
            state.putInt(base + STALLED_ACKS, 0);
            if (contiguous >= capacity)
            {
                state.putInt(base + FLAGS, state.getInt(base + FLAGS) | FLAG_BUFFER_FULL);
            }
        }
        else
        {
            addRange(base, relative, relative + count);
        }
        return contiguous;
    }

    /**
     * Writes the parts of a segment that no held out-of-order range covers; where a held range covers it, the held
     * bytes stay (first wins) and a difference is flagged, so that a later forged segment cannot replace bytes.
     */
    private void writeUncovered(final int base, final int stream, final int relative, final DirectBuffer packet,
        final int from, final int count)
    {
        final int end = relative + count;
        int at = relative;
        final int ranges = state.getInt(base + RANGE_COUNT);
        while (at < end)
        {
            int coveredUntil = -1;
            int nextHeld = end;
            for (int i = 0; i < ranges; i++)
            {
                final int rangeStart = state.getInt(base + RANGES + i * 8);
                final int rangeEnd = state.getInt(base + RANGES + i * 8 + 4);
                if (rangeStart <= at && at < rangeEnd)
                {
                    coveredUntil = Math.min(rangeEnd, end);
                }
                else if (rangeStart > at && rangeStart < nextHeld)
                {
                    nextHeld = rangeStart;
                }
            }
            if (coveredUntil > 0)
            {
                compare(base, stream + at, packet, from + (at - relative), coveredUntil - at);
                at = coveredUntil;
            }
            else
            {
                streams.putBytes(stream + at, packet, from + (at - relative), nextHeld - at);
                at = nextHeld;
            }
        }
    }

    private void compare(final int base, final int streamOffset, final DirectBuffer packet, final int offset,
        final int length)
    {
        if (!sameBytes(streamOffset, packet, offset, length))
        {
            state.putInt(base + FLAGS, state.getInt(base + FLAGS) | FLAG_INCONSISTENT_OVERLAP);
        }
    }

    /**
     * An acknowledgement from the other direction: if the peer acknowledges bytes this direction's prefix does
     * not hold, and keeps doing so, those bytes were lost before the capture point.
     *
     * @param session        the flow's session.
     * @param direction      the direction whose bytes are acknowledged.
     * @param acknowledgement the acknowledgement number.
     * @return true when this acknowledgement made the direction's gap final.
     */
    public boolean onAcknowledgement(final int session, final int direction, final long acknowledgement)
    {
        final int base = sessions.streamStateOffset(session, direction);
        final int flags = state.getInt(base + FLAGS);
        if ((flags & FLAG_STARTED) == 0 || (flags & (FLAG_GAP | FLAG_BUFFER_FULL)) != 0
            || state.getInt(base + CONTIGUOUS) >= capacity)
        {
            return false;
        }
        final int acknowledged = (int)(acknowledgement - state.getInt(base + INITIAL_SEQUENCE));
        final int contiguous = state.getInt(base + CONTIGUOUS);
        // A FIN takes one sequence number: acknowledging it is not acknowledging data.
        final int slack = (flags & FLAG_FIN) != 0 ? 1 : 0;
        if (acknowledged > contiguous + slack && acknowledged - contiguous < (1 << 30))
        {
            final int stalled = state.getInt(base + STALLED_ACKS) + 1;
            state.putInt(base + STALLED_ACKS, stalled);
            if (stalled >= STALL_LIMIT)
            {
                state.putInt(base + FLAGS, flags | FLAG_GAP);
                return true;
            }
        }
        return false;
    }

    /**
     * Marks a direction as having a gap (the flow ended with holes, or a parser gave up on it).
     *
     * @param session   the flow's session.
     * @param direction the direction.
     */
    public void markGap(final int session, final int direction)
    {
        final int base = sessions.streamStateOffset(session, direction);
        state.putInt(base + FLAGS, state.getInt(base + FLAGS) | FLAG_GAP);
    }

    /**
     * Bytes parsers may read from the start of the direction's stream buffer.
     *
     * @param session   the flow's session.
     * @param direction the direction.
     * @return the contiguous length.
     */
    public int contiguous(final int session, final int direction)
    {
        return state.getInt(sessions.streamStateOffset(session, direction) + CONTIGUOUS);
    }

    /**
     * The direction's {@link StreamState} flags.
     *
     * @param session   the flow's session.
     * @param direction the direction.
     * @return flag bits.
     */
    public int flags(final int session, final int direction)
    {
        return state.getInt(sessions.streamStateOffset(session, direction) + FLAGS);
    }

    /**
     * Whether out-of-order bytes wait behind a hole.
     *
     * @param session   the flow's session.
     * @param direction the direction.
     * @return true when ranges are held.
     */
    public boolean hasHoles(final int session, final int direction)
    {
        return state.getInt(sessions.streamStateOffset(session, direction) + RANGE_COUNT) > 0;
    }

    private int mergeRanges(final int base, final int newEnd)
    {
        int end = newEnd;
        boolean merged = true;
        while (merged)
        {
            merged = false;
            final int count = state.getInt(base + RANGE_COUNT);
            for (int i = 0; i < count; i++)
            {
                final int at = base + RANGES + i * 8;
                final int start = state.getInt(at);
                if (start <= end)
                {
                    end = Math.max(end, state.getInt(at + 4));
                    removeRange(base, i, count);
                    merged = true;
                    break;
                }
            }
        }
        return end;
    }

    private void addRange(final int base, final int start, final int end)
    {
        int newStart = start;
        int newEnd = end;
        int count = state.getInt(base + RANGE_COUNT);
        for (int i = 0; i < count; i++)
        {
            final int at = base + RANGES + i * 8;
            final int s = state.getInt(at);
            final int e = state.getInt(at + 4);
            if (s <= newEnd && newStart <= e)
            {
                newStart = Math.min(newStart, s);
                newEnd = Math.max(newEnd, e);
                removeRange(base, i, count);
                count--;
                i = -1;
            }
        }
        if (count == MAX_RANGES)
        {
            state.putInt(base + FLAGS, state.getInt(base + FLAGS) | FLAG_GAP);
            return;
        }
        final int at = base + RANGES + count * 8;
        state.putInt(at, newStart);
        state.putInt(at + 4, newEnd);
        state.putInt(base + RANGE_COUNT, count + 1);
    }

    private void removeRange(final int base, final int index, final int count)
    {
        final int last = base + RANGES + (count - 1) * 8;
        final int at = base + RANGES + index * 8;
        state.putLong(at, state.getLong(last));
        state.putInt(base + RANGE_COUNT, count - 1);
    }

    private boolean sameBytes(final int streamOffset, final DirectBuffer packet, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (streams.getByte(streamOffset + i) != packet.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }
}
