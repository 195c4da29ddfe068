package org.stasensor.appliance.journal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.stasensor.appliance.metrics.JournalGauges;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordDescriptor;

/**
 * Appends records to the journal, a Chronicle Queue directory: each record's binary form (the layout of
 * {@link RecordDescriptor}, exactly the bytes the worker wrote) is one Chronicle document, copied once from the
 * caller's buffer into the memory-mapped cycle file. One thread appends (the journal stage); the counters may be read
 * from any thread.
 * <p>
 * <b>What survives what.</b> A record is in the file's page-cache pages when {@link #append} returns, and Chronicle
 * publishes its length word last, so a reader never sees part of a record. Killing the process (SIGKILL included)
 * loses nothing {@link #append} has returned for: the pages belong to the kernel, which writes them out after the
 * process is gone; the next appender takes over the dead process's write lock at once (see {@link #open}) and writes
 * after the last whole record. Power loss or a kernel crash loses what the kernel had not yet written back: by default
 * up to {@code vm.dirty_expire_centisecs} (30 s) plus one writeback interval (5 s). With
 * {@link JournalSettings#syncEvery()} set, the maintenance thread also forces the cycle files to disk (fsync) at that
 * interval, which bounds the loss to about one interval and costs the appending thread nothing.
 * <p>
 * <b>Steady state.</b> {@link #append} allocates nothing: Chronicle reuses its document context, the copy goes
 * straight from the caller's memory into the mapped file, and the counters are plain fields published with release
 * stores.
 */
public final class JournalAppender implements AutoCloseable
{
    private static final VarHandle RECORDS;
    private static final VarHandle BYTES;
    private static final VarHandle LAST_APPEND;
    private static final VarHandle LAST_INDEX;
    private static final VarHandle REJECTED;
    private static final VarHandle WRITE_CYCLE;
    private static final VarHandle WRITE_POSITION;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECORDS = lookup.findVarHandle(JournalAppender.class, "appendedRecords", long.class);
            BYTES = lookup.findVarHandle(JournalAppender.class, "appendedBytes", long.class);
            LAST_APPEND = lookup.findVarHandle(JournalAppender.class, "lastAppendMillis", long.class);
            LAST_INDEX = lookup.findVarHandle(JournalAppender.class, "lastIndex", long.class);
            REJECTED = lookup.findVarHandle(JournalAppender.class, "rejectedRecords", long.class);
            WRITE_CYCLE = lookup.findVarHandle(JournalAppender.class, "writeCycle", int.class);
            WRITE_POSITION = lookup.findVarHandle(JournalAppender.class, "writePosition", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final AppendClock clock;
    private final JournalRetention retention;
    private final JournalMaintenance maintenance;
    private volatile long appendedRecords;
    private volatile long appendedBytes;
    private volatile long lastAppendMillis;
    private volatile long lastIndex = -1;
    private volatile long rejectedRecords;
    /** Cycle and file offset the appender writes at next: for the pretoucher. */
    private volatile int writeCycle = Integer.MIN_VALUE;
    private volatile long writePosition;
    private boolean closed;

    private JournalAppender(final JournalSettings settings, final SingleChronicleQueue queue, final AppendClock clock,
        final JournalLog log)
    {
        this.directory = settings.directory();
        this.queue = queue;
        this.clock = clock;
        this.appender = queue.createAppender();
        this.retention = new JournalRetention(queue, settings, log, this::pretouchedExtent);
        this.maintenance = JournalMaintenance.create(settings, queue, retention, this::appendedRecords,
            () -> writeCycle, () -> writePosition, log);
        this.maintenance.start(settings);
    }

    /**
     * Opens (creating when missing) the journal in {@code settings.directory()} for appending on the calling thread,
     * and starts the maintenance thread when the settings ask for one. When the previous writer died holding the
     * queue's write lock (a crash, SIGKILL), Chronicle takes the lock over at once when the queue opens, and the log
     * says so in one line; a live writer's lock is left alone (appends then wait for it, as Chronicle's multi-writer
     * lock does).
     *
     * @param settings where and how.
     * @param log      where deletions and recoveries are reported.
     * @return the appender.
     * @throws JournalException when the directory cannot be created or written, or is not a journal.
     */
    public static JournalAppender open(final JournalSettings settings, final JournalLog log)
    {
        ChronicleRuntime.prepare();
        return open(settings, log, SystemTimeProvider.INSTANCE);
    }

    /**
     * {@link #open(JournalSettings, JournalLog)} with another clock (tests move it to roll cycles).
     *
     * @param settings where and how.
     * @param log      where deletions and recoveries are reported.
     * @param time     the clock cycles are chosen and retention judged by.
     * @return the appender.
     */
    static JournalAppender open(final JournalSettings settings, final JournalLog log, final TimeProvider time)
    {
        ChronicleRuntime.prepare();
        final Path directory = settings.directory();
        prepareDirectory(directory);
        final AppendClock clock = new AppendClock(time);
        final SingleChronicleQueue queue;
        final List<String> warnings = new ArrayList<>();
        try
        {
            queue = ChronicleRuntime.collectingWarnings(() -> SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(settings.rollCycle().chronicle())
                .timeProvider(clock)
                .build(), warnings);
        }
        catch (final RuntimeException ex)
        {
            throw new JournalException(directory + ": cannot open the journal: " + ex.getMessage(), ex);
        }
        try
        {
            report(warnings, directory, log);
            if (queue.rollCycle() != settings.rollCycle().chronicle())
            {
                final JournalRollCycle kept = JournalRollCycle.ofChronicle(queue.rollCycle());
                log.line("journal: " + directory + " keeps the roll cycle it was made with ("
                    + (kept != null ? kept.id() : queue.rollCycle().toString()) + ", not the configured "
                    + settings.rollCycle().id() + "); move the old journal away to change it");
            }
            return new JournalAppender(settings, queue, clock, log);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /**
     * Appends one record. The record must be whole: its length field equal to {@code length}, at least the header
     * and at most {@link RecordDescriptor#MAX_RECORD_LENGTH}, the layout version this program writes, a known
     * dataset; anything else is refused and counted ({@link #rejectedRecords()}), never written.
     *
     * @param buffer memory holding the record (on or off heap).
     * @param offset where the record starts.
     * @param length its length in bytes.
     * @return true when appended; false when refused.
     */
    public boolean append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!isWholeRecord(buffer, offset, length))
        {
            REJECTED.setRelease(this, rejectedRecords + 1);
            return false;
        }
        if (clock.appendingThread == null)
        {
            clock.appendingThread = Thread.currentThread();
        }
        final DocumentContext context = appender.writingDocument();
        final long end;
        try
        {
            final Bytes<?> bytes = context.wire().bytes();
            final byte[] array = buffer.byteArray();
            if (array != null)
            {
                bytes.write(array, (int)buffer.wrapAdjustment() + offset, length);
            }
            else
            {
                bytes.unsafeWrite(buffer.addressOffset() + offset, length);
            }
            end = bytes.writePosition();
        }
        catch (final RuntimeException | Error ex)
        {
            context.rollbackOnClose();
            throw ex;
        }
        finally
        {
            context.close();
        }
        RECORDS.setRelease(this, appendedRecords + 1);
        BYTES.setRelease(this, appendedBytes + length);
        LAST_INDEX.setRelease(this, appender.lastIndexAppended());
        LAST_APPEND.setRelease(this, clock.appendMillis);
        WRITE_CYCLE.setRelease(this, appender.cycle());
        WRITE_POSITION.setRelease(this, end);
        return true;
    }

    /**
     * Whether bytes are a whole record of the layout this program writes.
     *
     * @param buffer memory holding the record.
     * @param offset where it starts.
     * @param length its length.
     * @return true when the length field, size, version and dataset are all right.
     */
    static boolean isWholeRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= RecordDescriptor.HEADER_LENGTH
            && length <= RecordDescriptor.MAX_RECORD_LENGTH
            && offset >= 0
            && offset <= buffer.capacity() - length
            && buffer.getInt(offset + RecordDescriptor.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) == length
            && buffer.getByte(offset + RecordDescriptor.VERSION_OFFSET) == RecordDescriptor.LAYOUT_VERSION
            && Dataset.ofCode(buffer.getByte(offset + RecordDescriptor.DATASET_OFFSET) & 0xFF) != null;
    }

    /**
     * The journal directory.
     *
     * @return the path.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * The roll cycle in use (the existing journal's own when it differs from the configured one).
     *
     * @return the roll cycle, or null when the journal uses a Chronicle roll cycle this program does not configure.
     */
    public JournalRollCycle rollCycle()
    {
        return JournalRollCycle.ofChronicle(queue.rollCycle());
    }

    /**
     * Retention, for metrics and for owners that run it themselves ({@link JournalSettings#maintenanceEvery()} zero).
     *
     * @return the retention of this journal.
     */
    public JournalRetention retention()
    {
        return retention;
    }

    /**
     * Records appended since open.
     *
     * @return a count that only grows.
     */
    public long appendedRecords()
    {
        return appendedRecords;
    }

    /**
     * Bytes of records appended since open (their binary form, without Chronicle's 4-byte document headers).
     *
     * @return a count that only grows.
     */
    public long appendedBytes()
    {
        return appendedBytes;
    }

    /**
     * When the last record was appended, by the journal's clock.
     *
     * @return ms since the epoch, 0 before the first append.
     */
    public long lastAppendMillis()
    {
        return lastAppendMillis;
    }

    /**
     * The Chronicle index of the last record appended (cycle and sequence).
     *
     * @return the index, -1 before the first append.
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    /**
     * Records refused by {@link #append} because they were not whole records.
     *
     * @return a count that only grows.
     */
    public long rejectedRecords()
    {
        return rejectedRecords;
    }

    /**
     * Records known to be on disk: those appended before the last completed fsync of the maintenance thread.
     *
     * @return a count that only grows; 0 when no sync interval is set.
     */
    public long syncedRecords()
    {
        return maintenance.syncedRecords();
    }

    /**
     * Whole cycles deleted by retention since open.
     *
     * @return a count that only grows.
     */
    public long deletedCycles()
    {
        return retention.deletedCycles();
    }

    /**
     * What the metrics endpoint reads of this journal.
     *
     * @param name      the {@code journal} label.
     * @param lagNanos  the age of the oldest record waiting for this journal (the journal stage knows it).
     * @return the gauges.
     */
    public JournalGauges gauges(final String name, final LongSupplier lagNanos)
    {
        return new JournalGauges()
        {
            @Override
            public String name()
            {
                return name;
            }

            @Override
            public long appendedRecords()
            {
                return JournalAppender.this.appendedRecords();
            }

            @Override
            public long appendedBytes()
            {
                return JournalAppender.this.appendedBytes();
            }

            @Override
            public long lagNanos()
            {
                return lagNanos.getAsLong();
            }

            @Override
            public long deletedCycles()
            {
                return retention.deletedCycles();
            }
        };
    }

    /**
     * Stops the maintenance thread, forces what was appended to disk (fsync) and closes the queue. Call from the
     * appending thread once it appends no more.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            maintenance.close();
        }
        finally
        {
            appender.close();
            queue.close();
        }
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    long pagesPretouched()
    {
        return maintenance.pagesPretouched();
    }

    /** For retention, which runs on the maintenance thread and only once that has started. */
    private long pretouchedExtent(final int cycle)
    {
        return maintenance.pretouchedExtent(cycle);
    }

    /** Chronicle's warnings while opening, in the journal's words; the roll cycle one is said below. */
    private static void report(final List<String> warnings, final Path directory, final JournalLog log)
    {
        for (final String warning : warnings)
        {
            if (warning.contains("Forced unlocking"))
            {
                log.line("journal: " + directory + ": took over the write lock of a process that ended while "
                    + "appending (crash or kill); appending continues after its last whole record (" + warning + ")");
            }
            else if (!ChronicleRuntime.isRollCycleOverride(warning))
            {
                log.line("journal: " + directory + ": chronicle: " + warning);
            }
        }
    }

    private static void prepareDirectory(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final AccessDeniedException ex)
        {
            throw new JournalException(directory + ": cannot create the journal directory (permission denied)", ex);
        }
        catch (final FileSystemException ex)
        {
            throw new JournalException(directory + ": cannot create the journal directory ("
                + (ex.getReason() != null ? ex.getReason() : ex.getClass().getSimpleName()) + ")", ex);
        }
        catch (final IOException ex)
        {
            throw new JournalException(directory + ": cannot create the journal directory (" + ex.getMessage() + ")",
                ex);
        }
        if (!Files.isWritable(directory))
        {
            throw new JournalException(directory + ": the journal directory is not writable by this user");
        }
        final Path metadata = directory.resolve(JournalReader.METADATA_FILE);
        if (Files.exists(metadata) && !Files.isWritable(metadata))
        {
            throw new JournalException(metadata + ": not writable by this user (is the journal another user's?)");
        }
    }

    /**
     * The queue's clock, which remembers the time Chronicle read while appending: Chronicle reads the clock for every
     * document (to pick its cycle), and reading it a second time for {@link #lastAppendMillis()} would cost about 30
     * ns a record, an eighth of an append. Reads by other threads (retention, directory refreshes) are not
     * remembered.
     */
    private static final class AppendClock implements TimeProvider
    {
        private final TimeProvider time;
        private Thread appendingThread;
        private long appendMillis;

        AppendClock(final TimeProvider time)
        {
            this.time = time;
        }

        @Override
        public long currentTimeMillis()
        {
            final long now = time.currentTimeMillis();
            if (Thread.currentThread() == appendingThread)
            {
                appendMillis = now;
            }
            return now;
        }

        @Override
        public long currentTimeMicros()
        {
            return time.currentTimeMicros();
        }

        @Override
        public long currentTimeNanos()
        {
            return time.currentTimeNanos();
        }
    }
}
