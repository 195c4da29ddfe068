package org.stasensor.appliance.journal;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordDescriptor;

/**
 * Reads a journal in append order, from its start, from a record time, from its end, or from just after an index a
 * forwarder acknowledged, optionally keeping only some datasets. Each record is handed over where it lies in the
 * mapped file, without a copy; a document that is not a whole record of the layout this program reads (length field
 * not equal to the document's length, unknown layout version or dataset, too short or too long) is reported to
 * {@link JournalRecordHandler#onInvalidRecord} and skipped.
 * <p>
 * The journal is opened read-only: a reader never creates, locks or changes anything, so any number of readers (one
 * per forwarder, {@code sta journal tail}) can follow a journal while {@code sta run} appends to it. Each reader keeps
 * its own position; a forwarder that stores the index of the last record it delivered resumes with
 * {@link #startAfter(long)}. One thread uses a reader.
 */
public final class JournalReader implements AutoCloseable
{
    /** The queue's metadata file: its presence tells a journal directory from any other. */
    static final String METADATA_FILE = "metadata.cq4t";

    private static final int ALL_DATASETS = -1;
    private static final int VALID = 0;
    private static final int TOO_SHORT = 1;
    private static final int TOO_LONG = 2;
    private static final int LENGTH_MISMATCH = 3;
    private static final int UNKNOWN_VERSION = 4;
    private static final int UNKNOWN_DATASET = 5;

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final CycleFiles files;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private int datasetMask = ALL_DATASETS;
    private long fromNanos = Long.MIN_VALUE;
    private long lastReadIndex = -1;
    private long documentsRead;
    private long recordsDelivered;
    private long invalidRecords;

    private JournalReader(final Path directory, final SingleChronicleQueue queue)
    {
        this.directory = directory;
        this.queue = queue;
        this.tailer = queue.createTailer();
        this.files = new CycleFiles(queue.rollCycle(), queue.epoch());
    }

    /**
     * Opens a journal for reading, positioned at its start.
     *
     * @param directory the journal directory.
     * @return the reader.
     * @throws JournalException when there is no such directory or it is not a journal.
     */
    public static JournalReader open(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new JournalException(directory + ": no such journal directory");
        }
        if (!Files.isRegularFile(directory.resolve(METADATA_FILE)))
        {
            throw new JournalException(directory + ": not a journal (no " + METADATA_FILE
                + "); is it the journal path sta run writes to?");
        }
        ChronicleRuntime.prepare();
        final SingleChronicleQueue queue;
        try
        {
            // A reader does not know the roll cycle; Chronicle takes it from the metadata and warns about that.
            final List<String> warnings = new ArrayList<>();
            queue = ChronicleRuntime.collectingWarnings(
                () -> SingleChronicleQueueBuilder.binary(directory).readOnly(true).build(), warnings);
            for (final String warning : warnings)
            {
                if (!ChronicleRuntime.isRollCycleOverride(warning))
                {
                    System.err.println("sta: journal: chronicle: " + warning);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            throw new JournalException(directory + ": cannot open the journal: " + ex.getMessage(), ex);
        }
        try
        {
            return new JournalReader(directory, queue);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw new JournalException(directory + ": cannot read the journal: " + ex.getMessage(), ex);
        }
    }

    /**
     * Keeps only records of some datasets.
     *
     * @param datasets the datasets to keep; empty for all.
     * @return this.
     */
    public JournalReader datasets(final Set<Dataset> datasets)
    {
        int mask = 0;
        for (final Dataset dataset : datasets)
        {
            mask |= 1 << dataset.code();
        }
        datasetMask = datasets.isEmpty() ? ALL_DATASETS : mask;
        return this;
    }

    /**
     * Keeps only records whose own time ({@code @timestamp}) is at or after a moment, and skips the cycle files
     * that cannot hold such records. A record is appended after the moment it describes, so a cycle that ended
     * before that moment holds none; one more cycle is read before it for records stamped by a clock somewhat ahead
     * of the journal's. When the moment is later than now, every cycle is read.
     *
     * @param epochNanos the moment, nanoseconds since the epoch.
     * @return this.
     */
    public JournalReader fromTime(final long epochNanos)
    {
        fromNanos = epochNanos;
        final long fromMillis = Math.floorDiv(epochNanos, 1_000_000L);
        if (fromMillis > System.currentTimeMillis())
        {
            return toStart();
        }
        final int firstCycle = files.cycleAt(fromMillis) - 1;
        final TreeMap<Integer, Path> cycles = listCycles();
        final Integer start = cycles.ceilingKey(firstCycle);
        if (start == null)
        {
            tailer.toEnd();
        }
        else if (start.equals(cycles.firstKey()) || !tailer.moveToCycle(start))
        {
            tailer.toStart();
        }
        return this;
    }

    /**
     * Moves to the first record of the journal.
     *
     * @return this.
     */
    public JournalReader toStart()
    {
        tailer.toStart();
        return this;
    }

    /**
     * Moves past the last record: only records appended from now on are read.
     *
     * @return this.
     */
    public JournalReader toEnd()
    {
        tailer.toEnd();
        return this;
    }

    /**
     * Moves to just after a record, for a forwarder resuming after the last record it delivered.
     *
     * @param index the record's index, as {@link JournalRecordHandler#onRecord} gave it.
     * @return true when positioned after it; false when the journal no longer holds that record (retention deleted
     *         its cycle, or it never existed): the reader is then at the start of the journal, the oldest record
     *         retention left, and the caller knows records were lost.
     */
    public boolean startAfter(final long index)
    {
        if (tailer.moveToIndex(index))
        {
            try (DocumentContext context = tailer.readingDocument())
            {
                if (context.isPresent() && context.index() == index)
                {
                    lastReadIndex = index;
                    return true;
                }
            }
        }
        tailer.toStart();
        return false;
    }

    /**
     * Reads what has been appended and not read yet, up to a number of documents.
     *
     * @param handler receives records and invalid documents.
     * @param limit   most documents to read in this call.
     * @return documents read (delivered, filtered out or invalid); 0 when the reader is at the end of the journal.
     */
    public int poll(final JournalRecordHandler handler, final int limit)
    {
        int documents = 0;
        while (documents < limit)
        {
            try (DocumentContext context = tailer.readingDocument())
            {
                if (!context.isPresent())
                {
                    break;
                }
                documents++;
                final long index = context.index();
                lastReadIndex = index;
                final Bytes<?> bytes = context.wire().bytes();
                final long length = bytes.readRemaining();
                int check = length < RecordDescriptor.HEADER_LENGTH ? TOO_SHORT
                    : length > RecordDescriptor.MAX_RECORD_LENGTH ? TOO_LONG : VALID;
                if (check == VALID)
                {
                    view.wrap(bytes.addressForRead(bytes.readPosition(), (int)length), (int)length);
                    check = check(view, (int)length);
                }
                if (check != VALID)
                {
                    invalidRecords++;
                    handler.onInvalidRecord(index, describe(check, view, length));
                }
                else if (selected(view))
                {
                    recordsDelivered++;
                    handler.onRecord(index, view, 0, (int)length);
                }
            }
        }
        documentsRead += documents;
        return documents;
    }

    /**
     * The index of the last document read (delivered, filtered out or invalid).
     *
     * @return the index, -1 before the first.
     */
    public long lastReadIndex()
    {
        return lastReadIndex;
    }

    /**
     * Documents read so far.
     *
     * @return the count.
     */
    public long documentsRead()
    {
        return documentsRead;
    }

    /**
     * Records handed to {@link JournalRecordHandler#onRecord} so far.
     *
     * @return the count.
     */
    public long recordsDelivered()
    {
        return recordsDelivered;
    }

    /**
     * Documents skipped as invalid so far.
     *
     * @return the count.
     */
    public long invalidRecords()
    {
        return invalidRecords;
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
     * Describes an index for people: Chronicle's index packs the cycle (a file) and the sequence within it.
     *
     * @param index a Chronicle index from this journal.
     * @return e.g. {@code 2142834843779074 (cycle file 20261128-22F.cq4, record 2)}.
     */
    public String describeIndex(final long index)
    {
        final int cycle = queue.rollCycle().toCycle(index);
        final long sequence = queue.rollCycle().toSequenceNumber(index);
        return index + " (cycle file " + files.fileName(cycle) + ", record " + sequence + ")";
    }

    @Override
    public void close()
    {
        try
        {
            tailer.close();
        }
        finally
        {
            queue.close();
        }
    }

    private boolean selected(final UnsafeBuffer record)
    {
        final int code = record.getByte(RecordDescriptor.DATASET_OFFSET) & 0xFF;
        return (datasetMask & (1 << code)) != 0
            && record.getLong(RecordDescriptor.TIMESTAMP_OFFSET, ByteOrder.LITTLE_ENDIAN) >= fromNanos;
    }

    private static int check(final UnsafeBuffer record, final int length)
    {
        if (record.getInt(RecordDescriptor.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) != length)
        {
            return LENGTH_MISMATCH;
        }
        if (record.getByte(RecordDescriptor.VERSION_OFFSET) != RecordDescriptor.LAYOUT_VERSION)
        {
            return UNKNOWN_VERSION;
        }
        if (Dataset.ofCode(record.getByte(RecordDescriptor.DATASET_OFFSET) & 0xFF) == null)
        {
            return UNKNOWN_DATASET;
        }
        return VALID;
    }

    private static String describe(final int check, final UnsafeBuffer record, final long length)
    {
        return switch (check)
        {
            case TOO_SHORT -> "document of " + length + " bytes is shorter than a record header ("
                + RecordDescriptor.HEADER_LENGTH + " bytes)";
            case TOO_LONG -> "document of " + length + " bytes is longer than the largest record ("
                + RecordDescriptor.MAX_RECORD_LENGTH + " bytes)";
            case LENGTH_MISMATCH -> "length field says "
                + record.getInt(RecordDescriptor.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN)
                + " but the document holds " + length + " bytes";
            case UNKNOWN_VERSION -> "unknown layout version "
                + (record.getByte(RecordDescriptor.VERSION_OFFSET) & 0xFF) + " (this sta reads version "
                + RecordDescriptor.LAYOUT_VERSION + ")";
            case UNKNOWN_DATASET -> "unknown dataset code " + (record.getByte(RecordDescriptor.DATASET_OFFSET) & 0xFF);
            default -> "not a record";
        };
    }

    private TreeMap<Integer, Path> listCycles()
    {
        try
        {
            return files.list(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException(directory + ": cannot list the journal: " + ex.getMessage(), ex);
        }
    }
}
