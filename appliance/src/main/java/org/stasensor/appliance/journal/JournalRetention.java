package org.stasensor.appliance.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

/**
 * Keeps the journal within its age and size limits by deleting whole cycle files, oldest first, one log line and
 * one count per file. Never deletes the newest cycle file (the one being appended to, or the one the appender will
 * roll from) nor any cycle the clock has reached, so the appender never loses its file.
 * <ul>
 *   <li><b>Age:</b> a cycle goes once its end, the latest moment a record in it can have been appended, is more than
 *       {@link JournalSettings#retainAge()} ago. A record is therefore kept at least that long, and at most that
 *       plus one cycle plus one retention interval.</li>
 *   <li><b>Size:</b> then, while the cycles hold more than {@link JournalSettings#retainBytes()}, the oldest goes.
 *       A cycle's size is its written extent (Chronicle's write position: records, headers and indexes, or as far
 *       as the pretoucher touched pages when that is further), which is what the file occupies on disk within one
 *       index block (about 64 KiB); the files themselves are sparse and their apparent length says nothing.</li>
 * </ul>
 * Deleting a file a tailer is reading is safe on Linux: the tailer keeps its mapping of the unlinked file, reads to
 * its end and moves on to the next cycle. After deleting, the queue's directory listing is refreshed so that readers
 * that start later begin at the oldest remaining cycle.
 * <p>
 * {@link #apply()} may run on any thread, one call at a time: the journal's maintenance thread calls it at
 * {@link JournalSettings#maintenanceEvery()}.
 */
public final class JournalRetention
{
    private final SingleChronicleQueue queue;
    private final Path directory;
    private final CycleFiles files;
    private final Duration retainAge;
    private final long retainBytes;
    private final JournalLog log;
    private final IntToLongFunction pretouchedExtent;
    /** Sizes of cycles no longer appended to; they do not change. */
    private final Map<Integer, Long> closedCycleBytes = new HashMap<>();
    private volatile long deletedCycles;
    private volatile long deletedBytes;
    private volatile long journalBytes;

    JournalRetention(final SingleChronicleQueue queue, final JournalSettings settings, final JournalLog log,
        final IntToLongFunction pretouchedExtent)
    {
        this.pretouchedExtent = pretouchedExtent;
        this.queue = queue;
        this.directory = settings.directory();
        this.files = new CycleFiles(queue.rollCycle(), queue.epoch());
        this.retainAge = settings.retainAge();
        this.retainBytes = settings.retainBytes();
        this.log = log;
    }

    /**
     * Deletes what the limits say must go.
     *
     * @return the number of cycle files deleted by this call.
     */
    public synchronized int apply()
    {
        final TreeMap<Integer, Path> cycles;
        try
        {
            cycles = files.list(directory);
        }
        catch (final IOException ex)
        {
            log.line("journal: retention cannot list " + directory + ": " + ex.getMessage());
            return 0;
        }
        if (cycles.isEmpty())
        {
            journalBytes = 0;
            return 0;
        }
        final long nowMillis = queue.time().currentTimeMillis();
        final int protectedFrom = Math.min(cycles.lastKey(), files.cycleAt(nowMillis));
        closedCycleBytes.keySet().retainAll(cycles.keySet());
        final Map<Integer, Long> sizes = new HashMap<>();
        long total = 0;
        for (final Map.Entry<Integer, Path> entry : cycles.entrySet())
        {
            final int cycle = entry.getKey();
            final long bytes = cycle < protectedFrom
                ? closedCycleBytes.computeIfAbsent(cycle, this::writtenExtent) : writtenExtent(cycle);
            sizes.put(cycle, bytes);
            total += bytes;
        }
        final long ageLimitMillis = nowMillis - retainAge.toMillis();
        int deleted = 0;
        boolean removed = false;
        for (final Map.Entry<Integer, Path> entry : cycles.headMap(protectedFrom, false).entrySet())
        {
            final int cycle = entry.getKey();
            final long bytes = sizes.get(cycle);
            final String reason;
            if (files.endMillis(cycle) <= ageLimitMillis)
            {
                reason = "by age: records appended " + Instant.ofEpochMilli(files.startMillis(cycle)) + " to "
                    + Instant.ofEpochMilli(files.endMillis(cycle)) + ", older than retain_age " + text(retainAge);
            }
            else if (total > retainBytes)
            {
                reason = "by size: the journal held " + total + " bytes, more than retain_size " + retainBytes;
            }
            else
            {
                break;
            }
            final int outcome = delete(entry.getValue(), bytes, reason);
            if (outcome < 0)
            {
                break;
            }
            total -= bytes;
            deleted += outcome;
            removed = true;
        }
        journalBytes = total;
        if (removed)
        {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    /**
     * Cycle files deleted since the journal was opened.
     *
     * @return a count that only grows.
     */
    public long deletedCycles()
    {
        return deletedCycles;
    }

    /**
     * Bytes (written extent) of the cycle files deleted since the journal was opened.
     *
     * @return a count that only grows.
     */
    public long deletedBytes()
    {
        return deletedBytes;
    }

    /**
     * What the journal's cycles held after the last {@link #apply()}.
     *
     * @return bytes of written extent, 0 before the first run.
     */
    public long journalBytes()
    {
        return journalBytes;
    }

    /** Returns 1 when deleted, 0 when someone else already had, -1 when it cannot be deleted. */
    private int delete(final Path file, final long bytes, final String reason)
    {
        try
        {
            Files.delete(file);
        }
        catch (final NoSuchFileException ex)
        {
            // Someone else removed it: not counted here, and the next cycle may still be over a limit.
            return 0;
        }
        catch (final IOException ex)
        {
            log.line("journal: cannot delete " + file + " (" + ex.getMessage() + "); retention stops until the "
                + "next run");
            return -1;
        }
        deletedCycles = deletedCycles + 1;
        deletedBytes = deletedBytes + bytes;
        log.line("journal: deleted cycle " + file.getFileName() + " (" + bytes + " bytes) " + reason);
        return 1;
    }

    private long writtenExtent(final int cycle)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null)
        {
            return 0;
        }
        try
        {
            return Math.max(store.writePosition(), pretouchedExtent.applyAsLong(cycle));
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    static String text(final Duration duration)
    {
        final long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0)
        {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0)
        {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0)
        {
            return seconds / 60 + "m";
        }
        return duration.toMillis() % 1000 == 0 ? seconds + "s" : duration.toMillis() + "ms";
    }
}
