package org.stasensor.appliance.run;

import java.util.List;

import org.agrona.MutableDirectBuffer;
import org.stasensor.appliance.journal.JournalAppender;
import org.stasensor.pipeline.stage.RecordRing;
import org.stasensor.pipeline.stage.RecordStage;

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
    private final JournalAppender appender;
    private final List<RecordRing> rings;
    private volatile long caughtUpNanos = System.nanoTime();
    private volatile boolean behind;
    private long refused;

    /**
     * A writer over rings; the list may still grow until the first poll.
     *
     * @param appender the journal, opened on the thread that will poll.
     * @param rings    the rings whose final stage this is.
     */
    public JournalWriter(final JournalAppender appender, final List<RecordRing> rings)
    {
        this.appender = appender;
        this.rings = rings;
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
        return true;
    }
}
