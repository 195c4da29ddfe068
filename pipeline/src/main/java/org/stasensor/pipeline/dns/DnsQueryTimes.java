package org.stasensor.pipeline.dns;

import java.util.Arrays;

import org.agrona.BitUtil;

/**
 * When each outstanding DNS query was seen, so that its response can carry {@code dns.response_latency}: a map from
 * (flow uid, transaction id) to the query's timestamp, bounded, preallocated and allocation-free, for one worker
 * thread (not thread-safe).
 * <p>
 * Open addressing over three parallel arrays; a key may live only in the {@link #MAX_PROBES} slots from its home
 * slot on, so every operation reads at most that many slots whatever the load. Nothing is ever shifted: a removed
 * entry just leaves its slot empty, and a lookup always reads the whole probe window. When a key's window is full,
 * {@link #put} replaces the entry with the oldest timestamp in that window, the one least likely to be answered
 * still ({@link #evictions()} counts them). Queries never answered thus age out under pressure, and {@link #take}
 * refuses entries older than the caller's limit.
 * <p>
 * Memory: 20 bytes per slot (flow uid 8, timestamp 8, id 4); the capacity is rounded up to a power of two, so
 * 65,536 slots take 1.25 MB.
 */
public final class DnsQueryTimes
{
    /** Slots a key may occupy from its home slot on; bounds the work of every operation. */
    public static final int MAX_PROBES = 8;
    /** Largest capacity accepted. */
    public static final int MAX_CAPACITY = 1 << 26;
    /** Returned by {@link #take} when there is no usable entry. */
    public static final long NONE = -1;

    private static final int EMPTY = -1;
    private static final int ID_MASK = 0xFFFF;

    private final long[] flowUids;
    private final int[] ids;
    private final long[] timestamps;
    private final int mask;
    private int size;
    private long evictions;
    private long overwrites;
    private long expired;

    /**
     * Makes an empty table.
     *
     * @param capacity entries wanted; rounded up to a power of two, at least {@link #MAX_PROBES}.
     * @throws IllegalArgumentException when the capacity is below 1 or above {@link #MAX_CAPACITY}.
     */
    public DnsQueryTimes(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("DNS query table capacity " + capacity + " is outside 1.."
                + MAX_CAPACITY);
        }
        final int slots = Math.max(MAX_PROBES, BitUtil.findNextPositivePowerOfTwo(capacity));
        this.mask = slots - 1;
        this.flowUids = new long[slots];
        this.ids = new int[slots];
        this.timestamps = new long[slots];
        Arrays.fill(ids, EMPTY);
    }

    /**
     * Records that a query was seen. The same key again overwrites the earlier time ({@link #overwrites()}: a
     * retransmitted query, or a transaction id reused on the flow); a full probe window loses its oldest entry.
     *
     * @param flowUid        the flow's uid.
     * @param id             the transaction id (its low 16 bits are used).
     * @param timestampNanos when the query was seen.
     */
    public void put(final long flowUid, final int id, final long timestampNanos)
    {
        final int key = id & ID_MASK;
        final int home = home(flowUid, key);
        int free = -1;
        int oldest = home;
        for (int i = 0; i < MAX_PROBES; i++)
        {
            final int slot = (home + i) & mask;
            final int slotId = ids[slot];
            if (slotId == key && flowUids[slot] == flowUid)
            {
                timestamps[slot] = timestampNanos;
                overwrites++;
                return;
            }
            if (slotId == EMPTY)
            {
                if (free < 0)
                {
                    free = slot;
                }
            }
            else if (ids[oldest] == EMPTY || timestamps[slot] < timestamps[oldest])
            {
                oldest = slot;
            }
        }
        final int slot;
        if (free >= 0)
        {
            slot = free;
            size++;
        }
        else
        {
            slot = oldest;
            evictions++;
        }
        ids[slot] = key;
        flowUids[slot] = flowUid;
        timestamps[slot] = timestampNanos;
    }

    /**
     * Takes the time of the query a response answers, removing the entry.
     *
     * @param flowUid     the flow's uid.
     * @param id          the transaction id (its low 16 bits are used).
     * @param nowNanos    when the response was seen.
     * @param maxAgeNanos oldest query still paired; older ones are removed and {@link #expired()} counts them.
     * @return the query's timestamp, or {@link #NONE} when there is none or it is older than {@code maxAgeNanos}.
     */
    public long take(final long flowUid, final int id, final long nowNanos, final long maxAgeNanos)
    {
        final int key = id & ID_MASK;
        final int home = home(flowUid, key);
        for (int i = 0; i < MAX_PROBES; i++)
        {
            final int slot = (home + i) & mask;
            if (ids[slot] == key && flowUids[slot] == flowUid)
            {
                final long timestamp = timestamps[slot];
                ids[slot] = EMPTY;
                size--;
                if (nowNanos - timestamp > maxAgeNanos)
                {
                    expired++;
                    return NONE;
                }
                return timestamp;
            }
        }
        return NONE;
    }

    /**
     * Empties the table; the counters are kept.
     */
    public void clear()
    {
        Arrays.fill(ids, EMPTY);
        size = 0;
    }

    /**
     * Entries held.
     *
     * @return count.
     */
    public int size()
    {
        return size;
    }

    /**
     * Slots, the capacity asked for rounded up to a power of two.
     *
     * @return count.
     */
    public int capacity()
    {
        return mask + 1;
    }

    /**
     * Entries of other keys replaced because a probe window was full.
     *
     * @return count since creation.
     */
    public long evictions()
    {
        return evictions;
    }

    /**
     * Puts of a key already held, which replaced its time.
     *
     * @return count since creation.
     */
    public long overwrites()
    {
        return overwrites;
    }

    /**
     * Entries found by {@link #take} but older than its limit.
     *
     * @return count since creation.
     */
    public long expired()
    {
        return expired;
    }

    private int home(final long flowUid, final int id)
    {
        long h = flowUid * 0x9E3779B97F4A7C15L + id;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int)h & mask;
    }
}
