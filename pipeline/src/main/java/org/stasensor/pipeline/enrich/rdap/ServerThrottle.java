package org.stasensor.pipeline.enrich.rdap;

/**
 * Politeness towards one RDAP server host: a token bucket (sustained rate, burst) and a back-off after answers that
 * ask us to slow down (429 with or without Retry-After, RFC 6585 section 4) or show the server is struggling (5xx,
 * timeouts, refused connections).
 *
 * <p>{@link #reserve} hands out send times rather than refusing: a request beyond the burst is given a later slot
 * (the bucket goes into debt), so lookups queue in order; the service bounds how many may queue.
 */
final class ServerThrottle
{
    /** First back-off after a failure without Retry-After; doubled per further failure. */
    static final long BASE_BACKOFF_NANOS = 1_000_000_000L;
    /** Longest back-off. */
    static final long MAX_BACKOFF_NANOS = 300_000_000_000L;

    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long refilledAtNanos;
    private long blockedUntilNanos;
    private int failures;

    ServerThrottle(final double requestsPerSecond, final int burst, final long nowNanos)
    {
        this.tokensPerNano = requestsPerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAtNanos = nowNanos;
        this.blockedUntilNanos = nowNanos;
    }

    /**
     * Takes one token.
     *
     * @param nowNanos {@link System#nanoTime()}.
     * @return the time at which the request may be sent (now when a token was there and no back-off runs).
     */
    synchronized long reserve(final long nowNanos)
    {
        tokens = Math.min(burst, tokens + (nowNanos - refilledAtNanos) * tokensPerNano);
        refilledAtNanos = nowNanos;
        tokens -= 1.0;
        final long sendAt = tokens >= 0 ? nowNanos : nowNanos + (long)Math.ceil(-tokens / tokensPerNano);
        return Math.max(sendAt, blockedUntilNanos);
    }

    /**
     * When a back-off now running ends.
     *
     * @return a {@link System#nanoTime()} value, in the past when none runs.
     */
    synchronized long blockedUntilNanos()
    {
        return blockedUntilNanos;
    }

    /** An answer that was not a failure: back-off starts again from the base. */
    synchronized void onAnswer()
    {
        failures = 0;
    }

    /**
     * A failure: stop sending for Retry-After, else for an exponential back-off.
     *
     * @param nowNanos          {@link System#nanoTime()}.
     * @param retryAfterNanos   the server's Retry-After, or -1.
     * @return how long sending stops, in nanoseconds.
     */
    synchronized long onFailure(final long nowNanos, final long retryAfterNanos)
    {
        failures = Math.min(failures + 1, 30);
        final long delay = retryAfterNanos >= 0 ? retryAfterNanos
            : Math.min(MAX_BACKOFF_NANOS, BASE_BACKOFF_NANOS << Math.min(failures - 1, 20));
        blockedUntilNanos = Math.max(blockedUntilNanos, nowNanos + delay);
        return delay;
    }
}
