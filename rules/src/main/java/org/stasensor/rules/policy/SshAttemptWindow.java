package org.stasensor.rules.policy;

/**
 * One source's SSH authentication attempts over recent connections: a ring of (time, attempts) slots summed over a
 * sliding window ending at the newest record. Connections less than {@link #COALESCE_NANOS} after the newest slot's
 * time add to that slot (whose time moves to theirs), so the {@link #SLOTS} slots cover at least that many distinct
 * minutes of activity: sums over windows up to 32 minutes are exact, longer windows may miss the oldest attempts of a
 * source active in more than 32 distinct minutes of the window. Attempts age out up to a minute late, never early.
 */
final class SshAttemptWindow
{
    /** Slots per source: 32 x 12 bytes. */
    static final int SLOTS = 32;
    /** Connections this close to the newest slot share it. */
    static final long COALESCE_NANOS = 60_000_000_000L;

    final long[] times = new long[SLOTS];
    final int[] attempts = new int[SLOTS];
    int next;
    int used;

    /**
     * Adds a connection's attempts.
     *
     * @param timeNanos record time.
     * @param count     attempts.
     */
    void add(final long timeNanos, final int count)
    {
        final int newest = (next + SLOTS - 1) % SLOTS;
        if (used > 0 && timeNanos >= times[newest] && timeNanos - times[newest] < COALESCE_NANOS)
        {
            times[newest] = timeNanos;
            attempts[newest] = (int)Math.min(Integer.MAX_VALUE, (long)attempts[newest] + count);
            return;
        }
        times[next] = timeNanos;
        attempts[next] = count;
        next = (next + 1) % SLOTS;
        used = Math.min(used + 1, SLOTS);
    }

    /**
     * Attempts inside a window ending at a time.
     *
     * @param nowNanos    the end of the window.
     * @param windowNanos its length.
     * @return the sum.
     */
    long sum(final long nowNanos, final long windowNanos)
    {
        long sum = 0;
        for (int i = 0; i < used; i++)
        {
            final long age = nowNanos - times[i];
            if (age >= 0 && age <= windowNanos)
            {
                sum += attempts[i];
            }
        }
        return sum;
    }
}
