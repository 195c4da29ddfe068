package org.stasensor.appliance.metrics;

/**
 * What a journal (the Chronicle Queue the journal stage appends to) shows to metrics and to {@code /health}. Called
 * from the scrape and health threads: plain or volatile reads of numbers the journal keeps anyway.
 */
public interface JournalGauges
{
    /**
     * The journal's name, unique among journals: the {@code journal} label.
     *
     * @return e.g. {@code records}.
     */
    String name();

    /**
     * Records appended since start.
     *
     * @return a count that only grows.
     */
    long appendedRecords();

    /**
     * Bytes of records appended since start (the records' binary form, without the queue's own headers).
     *
     * @return a count that only grows.
     */
    long appendedBytes();

    /**
     * How far the journal is behind: the age of the oldest record that a ring has published and the journal has not
     * appended yet, 0 when nothing is waiting. An idle link therefore has no lag; a stuck or slow disk has a
     * growing one. {@code /health} fails when it passes {@link MetricsSettings#journalLagLimit()}.
     *
     * @return nanoseconds, 0 or more.
     */
    long lagNanos();

    /**
     * Whole roll cycles deleted by retention (by age or by disk size) since start.
     *
     * @return a count that only grows.
     */
    long deletedCycles();
}
