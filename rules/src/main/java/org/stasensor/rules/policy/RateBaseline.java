package org.stasensor.rules.policy;

/**
 * The adaptive baseline of one measured key (a host's or a service's connections or bytes per minute): the current
 * minute's total and an exponentially weighted moving mean and variance of the totals of closed minutes (Finch,
 * "Incremental calculation of weighted mean and variance", 2009):
 * <pre>
 *   d = x - mean;  mean += alpha * d;  variance = (1 - alpha) * (variance + alpha * d * d)
 * </pre>
 * A minute with no record counts as 0. The score of the current minute is {@code (x - mean) / spread} with spread
 * the larger of the standard deviation and {@code sqrt(max(mean, 1))} (the spread of a Poisson count of that mean),
 * so a baseline that has been perfectly flat does not turn one extra connection into an infinite score.
 */
final class RateBaseline
{
    /** Zero minutes replayed one by one after a silence; a longer silence decays the baseline in one step. */
    private static final int MAX_REPLAYED_MINUTES = 1440;

    long minute;
    double current;
    double mean;
    double variance;
    long observedMinutes;
    boolean alerted;

    RateBaseline(final long minute)
    {
        this.minute = minute;
    }

    /**
     * Moves to a minute, closing the minutes in between.
     *
     * @param now   the record's minute.
     * @param alpha weight of each new minute.
     */
    void advance(final long now, final double alpha)
    {
        if (now <= minute)
        {
            // Same minute, or a slightly late record from another worker: it counts in the open minute.
            return;
        }
        update(current, alpha);
        final long silent = now - minute - 1;
        final long replayed = Math.min(silent, MAX_REPLAYED_MINUTES);
        for (long i = 0; i < replayed; i++)
        {
            update(0, alpha);
        }
        if (silent > replayed)
        {
            final double decay = Math.pow(1 - alpha, silent - replayed);
            mean *= decay;
            variance *= decay;
            observedMinutes += silent - replayed;
        }
        minute = now;
        current = 0;
        alerted = false;
    }

    private void update(final double value, final double alpha)
    {
        if (observedMinutes == 0)
        {
            mean = value;
            variance = 0;
        }
        else
        {
            final double difference = value - mean;
            mean += alpha * difference;
            variance = (1 - alpha) * (variance + alpha * difference * difference);
        }
        observedMinutes++;
    }

    /**
     * How far the open minute is above the baseline.
     *
     * @return the score; 0 or less when at or under the mean.
     */
    double score()
    {
        final double spread = Math.max(Math.sqrt(variance), Math.sqrt(Math.max(mean, 1.0)));
        return (current - mean) / spread;
    }
}
