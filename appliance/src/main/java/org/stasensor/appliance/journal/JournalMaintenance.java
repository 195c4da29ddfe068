package org.stasensor.appliance.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The journal's one maintenance thread ({@code sta-journal-maintenance}, a daemon): applies retention every
 * {@link JournalSettings#maintenanceEvery()}; when {@link JournalSettings#syncEvery()} is set, forces the cycle
 * files appended to since the last sync to disk; when {@link JournalSettings#pretouchBytes()} is set, touches the
 * pages ahead of the appender every millisecond ({@link JournalPretoucher}).
 * <p>
 * Why a thread of its own rather than the appending thread: retention must run when no records arrive (an idle
 * sensor still ages its journal out, and the journal stage only runs when records come); listing, deleting and
 * fsync can block for as long as the disk is slow, which on the appending thread would back records up into the
 * rings; and none of it touches the appender's state: retention only deletes cycles the appender has left (see
 * {@link JournalRetention}), and fsync of a file is independent of the mapping being written.
 */
final class JournalMaintenance implements AutoCloseable
{
    private static final long STOP_WAIT_SECONDS = 30;
    private static final long PRETOUCH_EVERY_MICROS = 1_000;

    private final Path directory;
    private final CycleFiles files;
    private final LongSupplier appendedRecords;
    private final JournalLog log;
    private final JournalRetention retention;
    private final ScheduledExecutorService executor;
    private final JournalPretoucher pretoucher;
    private int syncFromCycle;
    private boolean pretouchFailing;
    private volatile long syncedRecords;

    private JournalMaintenance(final JournalSettings settings, final SingleChronicleQueue queue,
        final JournalRetention retention, final LongSupplier appendedRecords, final IntSupplier writeCycle,
        final LongSupplier writePosition, final JournalLog log)
    {
        this.directory = settings.directory();
        this.files = new CycleFiles(queue.rollCycle(), queue.epoch());
        this.appendedRecords = appendedRecords;
        this.log = log;
        this.retention = retention;
        this.syncFromCycle = files.cycleAt(queue.time().currentTimeMillis());
        final boolean retain = !settings.maintenanceEvery().isZero();
        final boolean sync = !settings.syncEvery().isZero();
        final boolean pretouch = settings.pretouchBytes() > 0;
        this.pretoucher = pretouch
            ? new JournalPretoucher(directory, files, settings.pretouchBytes(), writeCycle, writePosition,
                queue.time()) : null;
        this.executor = retain || sync || pretouch ? Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "sta-journal-maintenance");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    static JournalMaintenance create(final JournalSettings settings, final SingleChronicleQueue queue,
        final JournalRetention retention, final LongSupplier appendedRecords, final IntSupplier writeCycle,
        final LongSupplier writePosition, final JournalLog log)
    {
        return new JournalMaintenance(settings, queue, retention, appendedRecords, writeCycle, writePosition, log);
    }

    /**
     * Starts the thread's tasks, once the journal's other parts exist.
     *
     * @param settings the intervals.
     */
    void start(final JournalSettings settings)
    {
        if (!settings.maintenanceEvery().isZero())
        {
            final long every = settings.maintenanceEvery().toNanos();
            executor.scheduleWithFixedDelay(this::retainSafely, 0, every, TimeUnit.NANOSECONDS);
        }
        if (!settings.syncEvery().isZero())
        {
            final long every = settings.syncEvery().toNanos();
            executor.scheduleWithFixedDelay(this::syncSafely, every, every, TimeUnit.NANOSECONDS);
        }
        if (pretoucher != null)
        {
            executor.scheduleWithFixedDelay(this::pretouchSafely, PRETOUCH_EVERY_MICROS, PRETOUCH_EVERY_MICROS,
                TimeUnit.MICROSECONDS);
        }
    }

    long pagesPretouched()
    {
        return pretoucher == null ? 0 : pretoucher.pagesTouched();
    }

    long pretouchedExtent(final int cycle)
    {
        return pretoucher == null ? 0 : pretoucher.touchedExtent(cycle);
    }

    long syncedRecords()
    {
        return syncedRecords;
    }

    /**
     * Forces every cycle file appended to since the last sync to disk; the records appended before the call are then
     * on disk.
     *
     * @throws IOException when a file cannot be synced.
     */
    synchronized void sync() throws IOException
    {
        final long appended = appendedRecords.getAsLong();
        final TreeMap<Integer, Path> cycles = files.list(directory);
        for (final Map.Entry<Integer, Path> entry : cycles.tailMap(syncFromCycle, true).entrySet())
        {
            try (FileChannel channel = FileChannel.open(entry.getValue(), StandardOpenOption.READ))
            {
                // fsync writes back the file's dirty page-cache pages, those written through the mapping included.
                channel.force(false);
            }
        }
        if (!cycles.isEmpty())
        {
            syncFromCycle = cycles.lastKey();
        }
        syncedRecords = appended;
    }

    /**
     * Stops the thread, waiting for a run in progress, then syncs once more.
     */
    @Override
    public void close()
    {
        if (executor != null)
        {
            executor.shutdown();
            try
            {
                if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS))
                {
                    log.line("journal: the maintenance thread did not stop within " + STOP_WAIT_SECONDS + " s");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (pretoucher != null)
        {
            pretoucher.close();
        }
        syncSafely();
    }

    private void retainSafely()
    {
        try
        {
            retention.apply();
        }
        catch (final RuntimeException ex)
        {
            // A scheduled task that throws is never run again; retention must keep running.
            log.line("journal: retention failed this time, will retry: " + ex);
        }
    }

    private void pretouchSafely()
    {
        try
        {
            pretoucher.touch();
            pretouchFailing = false;
        }
        catch (final IOException | RuntimeException ex)
        {
            // The appender then takes its own page faults; nothing is lost. Said once, not every millisecond.
            pretoucher.close();
            if (!pretouchFailing)
            {
                log.line("journal: pretouching " + directory + " failed, will retry: " + ex);
            }
            pretouchFailing = true;
        }
    }

    private void syncSafely()
    {
        try
        {
            sync();
        }
        catch (final IOException | RuntimeException ex)
        {
            log.line("journal: cannot force " + directory + " to disk, will retry: " + ex);
        }
    }
}
