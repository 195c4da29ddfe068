package org.stasensor.appliance.journal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a journal is kept.
 *
 * @param directory         the journal directory (created when missing).
 * @param rollCycle         how often a new cycle file starts.
 * @param retainAge         whole cycles whose last possible append is older than this are deleted.
 * @param retainBytes       the oldest whole cycles are deleted while the journal holds more bytes than this; the
 *                          current cycle is never deleted, so the journal can exceed it by up to one cycle.
 * @param maintenanceEvery  how often the maintenance thread applies retention; {@link Duration#ZERO} starts no
 *                          thread (the owner then calls {@link JournalAppender#retention()} itself).
 * @param syncEvery         how often the maintenance thread forces appended records to the disk (fsync);
 *                          {@link Duration#ZERO} leaves that to the kernel's writeback (see {@code docs/journal.md}).
 * @param pretouchBytes     at most how far ahead of the appender the maintenance thread maps the next pages of
 *                          the cycle file, so that the appending thread does not take the page faults
 *                          ({@link JournalPretoucher}: 50 ms at the current rate, up to this); 0 for not at all.
 */
public record JournalSettings(Path directory, JournalRollCycle rollCycle, Duration retainAge, long retainBytes,
    Duration maintenanceEvery, Duration syncEvery, long pretouchBytes)
{
    /** Default roll cycle. */
    public static final JournalRollCycle DEFAULT_ROLL_CYCLE = JournalRollCycle.HOURLY;
    /** Default age limit: a week. */
    public static final Duration DEFAULT_RETAIN_AGE = Duration.ofDays(7);
    /** Default size limit: 10 GiB. */
    public static final long DEFAULT_RETAIN_BYTES = 10L << 30;
    /** Default retention interval: a minute, short against any roll cycle. */
    public static final Duration DEFAULT_MAINTENANCE_EVERY = Duration.ofMinutes(1);
    /** Default largest look-ahead of the pretoucher: 32 MiB, 50 ms of 128-byte records at 5 M/s. */
    public static final long DEFAULT_PRETOUCH_BYTES = 32L << 20;

    /** Checks. */
    public JournalSettings
    {
        if (directory == null)
        {
            throw new IllegalArgumentException("journal directory is required");
        }
        if (rollCycle == null)
        {
            throw new IllegalArgumentException("journal roll cycle is required");
        }
        if (retainAge == null || retainAge.isNegative() || retainAge.isZero())
        {
            throw new IllegalArgumentException("journal retain_age must be positive: " + retainAge);
        }
        if (retainBytes <= 0)
        {
            throw new IllegalArgumentException("journal retain_size must be positive: " + retainBytes);
        }
        if (maintenanceEvery == null || maintenanceEvery.isNegative())
        {
            throw new IllegalArgumentException("journal maintenance interval must be 0 or positive: "
                + maintenanceEvery);
        }
        if (syncEvery == null || syncEvery.isNegative())
        {
            throw new IllegalArgumentException("journal sync interval must be 0 or positive: " + syncEvery);
        }
        if (pretouchBytes < 0)
        {
            throw new IllegalArgumentException("journal pretouch look-ahead must be 0 or positive: " + pretouchBytes);
        }
    }

    /**
     * The defaults for a directory: hourly cycles, 7 days, 10 GiB, retention every minute, no forced sync, pages
     * touched up to 32 MiB ahead.
     *
     * @param directory the journal directory.
     * @return the settings.
     */
    public static JournalSettings defaults(final Path directory)
    {
        return new JournalSettings(directory, DEFAULT_ROLL_CYCLE, DEFAULT_RETAIN_AGE, DEFAULT_RETAIN_BYTES,
            DEFAULT_MAINTENANCE_EVERY, Duration.ZERO, DEFAULT_PRETOUCH_BYTES);
    }

    /**
     * These settings with another roll cycle.
     *
     * @param cycle the roll cycle.
     * @return new settings.
     */
    public JournalSettings withRollCycle(final JournalRollCycle cycle)
    {
        return new JournalSettings(directory, cycle, retainAge, retainBytes, maintenanceEvery, syncEvery,
            pretouchBytes);
    }

    /**
     * These settings with other retention limits.
     *
     * @param age   the age limit.
     * @param bytes the size limit.
     * @return new settings.
     */
    public JournalSettings withRetention(final Duration age, final long bytes)
    {
        return new JournalSettings(directory, rollCycle, age, bytes, maintenanceEvery, syncEvery, pretouchBytes);
    }

    /**
     * These settings with other maintenance intervals.
     *
     * @param retention how often retention runs; zero for never (the owner runs it).
     * @param sync      how often appended records are forced to disk; zero for never.
     * @return new settings.
     */
    public JournalSettings withMaintenance(final Duration retention, final Duration sync)
    {
        return new JournalSettings(directory, rollCycle, retainAge, retainBytes, retention, sync, pretouchBytes);
    }

    /**
     * These settings with another pretouch look-ahead.
     *
     * @param bytes how far ahead of the appender pages are touched; 0 for not at all.
     * @return new settings.
     */
    public JournalSettings withPretouch(final long bytes)
    {
        return new JournalSettings(directory, rollCycle, retainAge, retainBytes, maintenanceEvery, syncEvery, bytes);
    }
}
