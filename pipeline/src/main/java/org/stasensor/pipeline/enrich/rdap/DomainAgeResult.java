package org.stasensor.pipeline.enrich.rdap;

import java.time.Instant;

/**
 * A mutable holder for one answer of {@link DomainAgeService#lookup}, reused by the caller so that cache hits
 * allocate nothing.
 */
public final class DomainAgeResult
{
    /** The creation date when there is none. */
    public static final long NO_DATE = Long.MIN_VALUE;

    private DomainAgeStatus status = DomainAgeStatus.OFFLINE;
    private long creationEpochMillis = NO_DATE;

    /**
     * The last answer's status.
     *
     * @return the status.
     */
    public DomainAgeStatus status()
    {
        return status;
    }

    /**
     * The registration date when {@link #status()} is {@link DomainAgeStatus#FOUND}.
     *
     * @return milliseconds since 1970-01-01T00:00:00Z, or {@link #NO_DATE}.
     */
    public long creationEpochMillis()
    {
        return creationEpochMillis;
    }

    /**
     * Whole days from the creation date to a moment, for {@code domain.age_days}.
     *
     * @param nowMillis the record's time.
     * @return days, or -1 when there is no date.
     */
    public long ageDays(final long nowMillis)
    {
        return creationEpochMillis == NO_DATE ? -1 : Math.floorDiv(nowMillis - creationEpochMillis, 86_400_000L);
    }

    /**
     * Sets both values, e.g. from a {@link DomainAgeUpdate}.
     *
     * @param status              the status.
     * @param creationEpochMillis the date, or {@link #NO_DATE}.
     * @return this.
     */
    public DomainAgeResult set(final DomainAgeStatus status, final long creationEpochMillis)
    {
        this.status = status;
        this.creationEpochMillis = creationEpochMillis;
        return this;
    }

    @Override
    public String toString()
    {
        return status.word() + (creationEpochMillis == NO_DATE ? "" : " " + Instant.ofEpochMilli(creationEpochMillis));
    }
}
