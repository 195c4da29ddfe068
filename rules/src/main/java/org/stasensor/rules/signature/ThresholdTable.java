package org.stasensor.rules.signature;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;

/**
 * Counts for thresholded rules, per (rule, tracked addresses), in a fixed-size open-addressing table: a key is
 * looked for in {@link #PROBES} slots; when all are taken by other keys, the one whose window started first is
 * replaced (and {@link #evictions()} counted). Memory is fixed at construction; nothing is allocated per record.
 */
final class ThresholdTable
{
    private static final int PROBES = 8;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int mask;
    private final int[] rules;
    private final long[] keys;
    private final long[] windowStart;
    private final int[] counts;
    private long evictions;

    /**
     * @param capacity slots, rounded up to a power of two.
     */
    ThresholdTable(final int capacity)
    {
        final int size = Integer.highestOneBit(Math.max(16, capacity - 1) << 1);
        mask = size - 1;
        rules = new int[size];
        java.util.Arrays.fill(rules, -1);
        keys = new long[size * 4];
        windowStart = new long[size];
        counts = new int[size];
    }

    /**
     * Counts one match and says whether it makes an alert.
     *
     * @param rule      the rule's index.
     * @param threshold its threshold.
     * @param record    the record that matched.
     * @return true to alert.
     */
    boolean onMatch(final int rule, final Threshold threshold, final RecordReader record)
    {
        final long a0;
        final long a1;
        final long b0;
        final long b1;
        final DirectBuffer memory = record.buffer();
        final int src = record.offset() + RecordDescriptor.SOURCE_ADDRESS_OFFSET;
        final int dst = record.offset() + RecordDescriptor.DESTINATION_ADDRESS_OFFSET;
        switch (threshold.track())
        {
            case BY_SRC ->
            {
                a0 = memory.getLong(src);
                a1 = memory.getLong(src + 8);
                b0 = 0;
                b1 = 0;
            }
            case BY_DST ->
            {
                a0 = memory.getLong(dst);
                a1 = memory.getLong(dst + 8);
                b0 = 0;
                b1 = 0;
            }
            case BY_BOTH ->
            {
                a0 = memory.getLong(src);
                a1 = memory.getLong(src + 8);
                b0 = memory.getLong(dst);
                b1 = memory.getLong(dst + 8);
            }
            default ->
            {
                a0 = 0;
                a1 = 0;
                b0 = 0;
                b1 = 0;
            }
        }
        final int slot = find(rule, a0, a1, b0, b1);
        return count(slot, threshold, record.timestampNanos());
    }

    /**
     * Keys replaced because their probe window was full.
     *
     * @return the count.
     */
    long evictions()
    {
        return evictions;
    }

    private int find(final int rule, final long a0, final long a1, final long b0, final long b1)
    {
        long hash = rule * 0x9E3779B97F4A7C15L;
        hash = (hash ^ a0) * 0xBF58476D1CE4E5B9L;
        hash = (hash ^ a1) * 0x94D049BB133111EBL;
        hash = (hash ^ b0) * 0xBF58476D1CE4E5B9L;
        hash = (hash ^ b1) * 0x94D049BB133111EBL;
        final int home = (int)(hash ^ (hash >>> 32)) & mask;
        int oldest = home;
        for (int i = 0; i < PROBES; i++)
        {
            final int slot = (home + i) & mask;
            if (rules[slot] == -1)
            {
                return claim(slot, rule, a0, a1, b0, b1);
            }
            if (rules[slot] == rule && keys[slot * 4] == a0 && keys[slot * 4 + 1] == a1 &&
                keys[slot * 4 + 2] == b0 && keys[slot * 4 + 3] == b1)
            {
                return slot;
            }
            if (windowStart[slot] < windowStart[oldest])
            {
                oldest = slot;
            }
        }
        evictions++;
        return claim(oldest, rule, a0, a1, b0, b1);
    }

    private int claim(final int slot, final int rule, final long a0, final long a1, final long b0, final long b1)
    {
        rules[slot] = rule;
        keys[slot * 4] = a0;
        keys[slot * 4 + 1] = a1;
        keys[slot * 4 + 2] = b0;
        keys[slot * 4 + 3] = b1;
        counts[slot] = 0;
        windowStart[slot] = Long.MIN_VALUE;
        return slot;
    }

    private boolean count(final int slot, final Threshold threshold, final long now)
    {
        final long window = threshold.seconds() * NANOS_PER_SECOND;
        final boolean inWindow = windowStart[slot] != Long.MIN_VALUE && now >= windowStart[slot] &&
            now - windowStart[slot] < window;
        if (!inWindow)
        {
            windowStart[slot] = now;
            counts[slot] = 1;
        }
        else
        {
            counts[slot]++;
        }
        final int count = counts[slot];
        return switch (threshold.type())
        {
            case LIMIT -> count <= threshold.count();
            case THRESHOLD ->
            {
                if (count >= threshold.count())
                {
                    counts[slot] = 0;
                    yield true;
                }
                yield false;
            }
            case BOTH -> count == threshold.count();
            case DETECTION_FILTER -> count > threshold.count();
        };
    }
}
