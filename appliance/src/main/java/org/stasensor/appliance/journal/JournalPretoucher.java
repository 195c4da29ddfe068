package org.stasensor.appliance.journal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import net.openhft.chronicle.core.time.TimeProvider;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Takes the page faults of the journal's next pages off the appending thread. A cycle file is a sparse,
 * memory-mapped file: the first write to each 4 KiB page makes the kernel allocate, zero and map a page-cache page,
 * which costs microseconds, 30 to 40 ns per 128-byte record, and bounds a bare copy loop into a fresh mapping at about
 * 4.5 M records/s on the machine this was measured on (against 50 M/s into pages already mapped). This runs on the
 * maintenance thread: it maps the current cycle file a second time and touches each page between just past the
 * appender's write position and {@link JournalSettings#pretouchBytes()} further, so the kernel's work is done here and
 * the appender finds its pages in the page cache.
 * <p>
 * The touch is an atomic compare-and-set of the page's first int from 0 to 0: it never changes a byte, so racing the
 * appender (or a Chronicle header being published in that word) cannot lose data; a page the appender wrote first just
 * keeps its value. Pages past the file's current length are never touched (Chronicle grows the file a chunk at a time,
 * ahead of the appender). Chronicle Queue's own pretoucher is a commercial feature; this is the same idea.
 * <p>
 * A touched page takes disk space whether or not a record ever lands in it, so the look-ahead follows the append
 * rate: {@value #LEAD_MILLIS} ms of appending at the rate of the last {@value #RATE_WINDOW_MILLIS} ms, at most
 * {@link JournalSettings#pretouchBytes()}, and never more than the rate fills before the cycle ends. An idle journal
 * is not touched at all; a burst that stops leaves at most one look-ahead of touched, empty pages at the end of its
 * cycle file, which {@link #touchedExtent(int)} reports to retention so that they count towards the journal's size.
 */
final class JournalPretoucher implements AutoCloseable
{
    private static final long PAGE = 4096;
    private static final long WINDOW = 256L << 20;
    /** Pages this close to the write position are left to the appender, which is about to write them. */
    private static final long MARGIN = 64 * 1024;
    /** How far ahead, in time at the current rate. */
    private static final long LEAD_MILLIS = 50;
    /** How long the rate is measured over. */
    private static final long RATE_WINDOW_MILLIS = 20;

    private final Path directory;
    private final CycleFiles files;
    private final long aheadBytes;
    private final IntSupplier appenderCycle;
    private final LongSupplier appenderPosition;
    private final TimeProvider clock;
    private final UnsafeBuffer window = new UnsafeBuffer(0, 0);
    private int mappedCycle = Integer.MIN_VALUE;
    private FileChannel channel;
    private Arena arena;
    private long windowStart;
    private long windowLength;
    private long touchedUpTo;
    private int previousCycle = Integer.MIN_VALUE;
    private long previousTouchedUpTo;
    private long rateSinceNanos;
    private long rateSincePosition;
    private long bytesPerSecond;
    private volatile long pagesTouched;

    JournalPretoucher(final Path directory, final CycleFiles files, final long aheadBytes,
        final IntSupplier appenderCycle, final LongSupplier appenderPosition, final TimeProvider clock)
    {
        this.directory = directory;
        this.files = files;
        this.aheadBytes = aheadBytes;
        this.appenderCycle = appenderCycle;
        this.appenderPosition = appenderPosition;
        this.clock = clock;
    }

    /**
     * Touches the pages from just past the appender's position up to the look-ahead.
     *
     * @return pages touched by this call.
     * @throws IOException when the cycle file cannot be opened or mapped.
     */
    synchronized int touch() throws IOException
    {
        final int cycle = appenderCycle.getAsInt();
        if (cycle == Integer.MIN_VALUE)
        {
            return 0;
        }
        if (cycle != mappedCycle && !open(cycle))
        {
            return 0;
        }
        final long position = appenderPosition.getAsLong();
        final long fileLength = channel.size();
        final long end = Math.min(position + lookAhead(cycle, position), fileLength) & -PAGE;
        long page = Math.max(touchedUpTo, (position + MARGIN + PAGE - 1) & -PAGE);
        int touched = 0;
        for (; page < end; page += PAGE)
        {
            if (page < windowStart || page + Integer.BYTES > windowStart + windowLength)
            {
                map(page, fileLength);
            }
            window.compareAndSetInt((int)(page - windowStart), 0, 0);
            touched++;
        }
        touchedUpTo = Math.max(touchedUpTo, end);
        pagesTouched = pagesTouched + touched;
        return touched;
    }

    long pagesTouched()
    {
        return pagesTouched;
    }

    /**
     * How far into a cycle file pages were touched, for retention's count of the file's size. Any thread.
     *
     * @param cycle a cycle.
     * @return the file offset up to which pages were touched; 0 for a cycle not touched since start.
     */
    synchronized long touchedExtent(final int cycle)
    {
        return cycle == mappedCycle ? touchedUpTo : cycle == previousCycle ? previousTouchedUpTo : 0;
    }

    private long lookAhead(final int cycle, final long position)
    {
        final long nowNanos = System.nanoTime();
        if (rateSinceNanos == 0 || position < rateSincePosition)
        {
            rateSinceNanos = nowNanos;
            rateSincePosition = position;
        }
        else if (nowNanos - rateSinceNanos >= RATE_WINDOW_MILLIS * 1_000_000L)
        {
            bytesPerSecond = (position - rateSincePosition) * 1_000_000_000L / (nowNanos - rateSinceNanos);
            rateSinceNanos = nowNanos;
            rateSincePosition = position;
        }
        final long untilCycleEndMillis = Math.max(0, files.endMillis(cycle) - clock.currentTimeMillis());
        final long millis = Math.min(LEAD_MILLIS, untilCycleEndMillis);
        return Math.min(aheadBytes, bytesPerSecond / 1000 * millis);
    }

    @Override
    public synchronized void close()
    {
        unmap();
        closeChannel();
        mappedCycle = Integer.MIN_VALUE;
    }

    private boolean open(final int cycle) throws IOException
    {
        if (mappedCycle != Integer.MIN_VALUE)
        {
            previousCycle = mappedCycle;
            previousTouchedUpTo = touchedUpTo;
        }
        close();
        try
        {
            channel = FileChannel.open(directory.resolve(files.fileName(cycle)), StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
        mappedCycle = cycle;
        touchedUpTo = 0;
        rateSinceNanos = 0;
        return true;
    }

    private void map(final long start, final long fileLength) throws IOException
    {
        unmap();
        final Arena mapping = Arena.ofShared();
        final long length = Math.min(WINDOW, fileLength - start);
        final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, start, length, mapping);
        arena = mapping;
        windowStart = start;
        windowLength = length;
        window.wrap(segment.address(), (int)length);
    }

    private void unmap()
    {
        if (arena != null)
        {
            window.wrap(0, 0);
            arena.close();
            arena = null;
            windowStart = 0;
            windowLength = 0;
        }
    }

    private void closeChannel()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // A read-write handle of a file the queue keeps open itself: nothing was written through it.
            }
            channel = null;
        }
    }
}
