package org.stasensor.pipeline.enrich.rdap;

/**
 * Why a registered domain's creation date is known or not: the value of {@code domain.creation_date_status}
 * (docs/rdap.md).
 */
public enum DomainAgeStatus
{
    /** The RDAP answer had a registration event: the creation date is known. */
    FOUND("found"),
    /** A lookup is queued or in flight; a {@code domain} update record follows when it completes. */
    PENDING("pending"),
    /** Lookups are disabled (the default: the sensor makes no outbound request unless told to). */
    OFFLINE("offline"),
    /** The registry answered 404: no such domain. */
    NOT_REGISTERED("not_registered"),
    /** The bootstrap file names no RDAP server for the domain's top-level domain. */
    NO_RDAP_SERVER("no_rdap_server"),
    /** The server answered 429, or our own per-server limit would be exceeded and the queue is full. */
    RATE_LIMITED("rate_limited"),
    /** Broken JSON, a 5xx answer, an unreachable server or a timeout; the update's reason says which. */
    ERROR("error"),
    /** The server answered but the domain object has no {@code registration} event. */
    NO_EVENT("no_event");

    private static final DomainAgeStatus[] VALUES = values();

    private final String word;

    DomainAgeStatus(final String word)
    {
        this.word = word;
    }

    /**
     * The word written in {@code domain.creation_date_status}.
     *
     * @return e.g. "not_registered".
     */
    public String word()
    {
        return word;
    }

    /**
     * The status a word names.
     *
     * @param word as returned by {@link #word()}.
     * @return the status, or null when the word names none.
     */
    public static DomainAgeStatus ofWord(final String word)
    {
        for (final DomainAgeStatus status : VALUES)
        {
            if (status.word.equals(word))
            {
                return status;
            }
        }
        return null;
    }

    static DomainAgeStatus ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
