package org.stasensor.appliance.run;

import java.util.List;

import org.agrona.MutableDirectBuffer;
import org.stasensor.appliance.journal.JournalAppender;
import org.stasensor.pipeline.enrich.LateRecords;
import org.stasensor.pipeline.stage.RecordRing;
import org.stasensor.pipeline.stage.RecordStage;
import org.stasensor.rules.DetectionStage;
import org.stasensor.rules.Detector;

/**
 * The journal stage: the records of every worker's ring, after their other stages, appended to the journal by one
 * thread (the thread that opened the journal: {@code sta run}'s main thread), so that the journal has a single
 * writer (no lock between workers, one Chronicle appender, which is bound to one thread) and appends in batches
 * whatever the rings hold.
 * <p>
 * Lag, for metrics and {@code /health}: how long the journal has been continuously behind, that is, since it last
 * found every ring empty; 0 while it keeps up, growing when the disk is slow or the thread is stuck.
 */
public final class JournalWriter implements RecordStage
{
    private static final int LATE_RECORDS_PER_POLL = 256;

    private final JournalAppender appender;
    private final List<RecordRing> rings;
    private final LateRecords lateRecords;
    private final DetectionStage detection;
    private final LateRecords.Handler lateHandler = this::appendAndDetect;
    private volatile long caughtUpNanos = System.nanoTime();
    private volatile boolean behind;
    private long refused;

    /**
     * A writer over rings; the list may still grow until the first poll.
     *
     * @param appender    the journal, opened on the thread that will poll.
     * @param rings       the rings whose final stage this is.
     * @param lateRecords records enrichment made later, journaled as they come.
     * @param detectors   detection run on every record after it is journaled; its alerts follow it.
     */
    public JournalWriter(final JournalAppender appender, final List<RecordRing> rings, final LateRecords lateRecords,
        final List<Detector> detectors)
    {
        this.appender = appender;
        this.rings = rings;
        this.lateRecords = lateRecords;
        this.detection = new DetectionStage(detectors, this::append);
    }

    /**
     * Replaces the detectors (rules reloaded), between two records.
     *
     * @param detectors the new ones.
     */
    public void replaceDetectors(final List<Detector> detectors)
    {
        detection.replace(detectors);
    }

    /**
     * The detection stage, for its counters.
     *
     * @return the stage.
     */
    public DetectionStage detection()
    {
        return detection;
    }

    /**
     * Appends what every ring holds now.
     *
     * @return records taken.
     */
    public int pollOnce()
    {
        int taken = 0;
        for (int i = 0; i < rings.size(); i++)
        {
            taken += rings.get(i).pollFinalStage(this);
        }
        taken += lateRecords.drain(lateHandler, LATE_RECORDS_PER_POLL);
        if (allDrained())
        {
            caughtUpNanos = System.nanoTime();
            behind = false;
        }
        else
        {
            behind = true;
        }
        return taken;
    }

    @Override
    public void onRecord(final MutableDirectBuffer buffer, final int offset, final int length,
        final boolean endOfBatch)
    {
        appendAndDetect(buffer, offset, length);
    }

    private void appendAndDetect(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        append(buffer, offset, length);
        detection.onRecord(buffer, offset, length);
    }

    private void append(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (!appender.append(buffer, offset, length))
        {
            refused++;
        }
    }

    /**
     * How long the journal has been behind the rings.
     *
     * @return nanoseconds, 0 while it keeps up.
     */
    public long lagNanos()
    {
        return behind ? Math.max(0, System.nanoTime() - caughtUpNanos) : 0;
    }

    /**
     * Records the journal refused (not whole records: a bug upstream, counted).
     *
     * @return the count.
     */
    public long refused()
    {
        return refused;
    }

    /**
     * Whether every ring's records have all been appended.
     *
     * @return true when nothing waits.
     */
    public boolean allDrained()
    {
        for (int i = 0; i < rings.size(); i++)
        {
            if (!rings.get(i).isDrained())
            {
                return false;
            }
        }
        return lateRecords.isEmpty();
    }
}
