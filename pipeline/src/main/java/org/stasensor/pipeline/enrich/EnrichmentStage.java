package org.stasensor.pipeline.enrich;

import static org.stasensor.pipeline.record.RecordDescriptor.FIELD_HEADER_LENGTH;
import static org.stasensor.pipeline.record.RecordDescriptor.HEADER_LENGTH;
import static org.stasensor.pipeline.record.RecordDescriptor.LENGTH_OFFSET;

import java.nio.ByteOrder;
import java.util.List;
import org.agrona.MutableDirectBuffer;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.stage.RecordStage;

/**
 * The enrichment stage of one ring: runs every {@link RecordEnrichment} over each record in its slot, appending their
 * fields, then removes what only the enrichments needed (the certificates' DER, which would triple a TLS record in the
 * journal). One per ring, on the ring's stage thread; {@code sta analyze} calls {@link #enrich} inline instead.
 */
public final class EnrichmentStage implements RecordStage
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final RecordEnrichment[] enrichments;
    private final int slotCapacity;
    private final RecordReader reader = new RecordReader();
    private final RecordWriter writer = new RecordWriter();
    private volatile long records;
    private volatile long failures;
    private volatile RuntimeException lastFailure;

    /**
     * A stage running enrichments in order.
     *
     * @param enrichments  what to run; objects that are not thread-safe must be this stage's own.
     * @param slotCapacity bytes of the ring's slots: how far a record may grow.
     */
    public EnrichmentStage(final List<RecordEnrichment> enrichments, final int slotCapacity)
    {
        this.enrichments = enrichments.toArray(new RecordEnrichment[0]);
        this.slotCapacity = slotCapacity;
    }

    @Override
    public void onRecord(final MutableDirectBuffer buffer, final int offset, final int length,
        final boolean endOfBatch)
    {
        enrich(buffer, offset, length, slotCapacity);
    }

    @Override
    public int lengthAfter(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getInt(offset + LENGTH_OFFSET, ORDER);
    }

    /**
     * Enriches one record in place.
     *
     * @param buffer   holds the record.
     * @param offset   where it starts.
     * @param length   its length.
     * @param capacity bytes it may grow to from {@code offset}.
     * @return its new length (also in its header).
     */
    public int enrich(final MutableDirectBuffer buffer, final int offset, final int length, final int capacity)
    {
        if (length < HEADER_LENGTH || length > capacity)
        {
            return length;
        }
        writer.resume(buffer, offset, capacity, length);
        for (final RecordEnrichment enrichment : enrichments)
        {
            reader.wrap(buffer, offset).rewind();
            try
            {
                enrichment.enrich(reader, writer);
            }
            catch (final RuntimeException ex)
            {
                // A bug or a hostile value in one enrichment costs that record its fields, not the stage.
                failures++;
                lastFailure = ex;
            }
        }
        final int enriched = writer.finish();
        final int stripped = removeInternalFields(buffer, offset, enriched);
        buffer.putInt(offset + LENGTH_OFFSET, stripped, ORDER);
        records++;
        return stripped;
    }

    /**
     * Records enriched.
     *
     * @return the count.
     */
    public long records()
    {
        return records;
    }

    /**
     * Enrichments that threw (their record went on without their fields).
     *
     * @return the count.
     */
    public long failures()
    {
        return failures;
    }

    /**
     * The last enrichment failure, for the log.
     *
     * @return the exception, or null.
     */
    public RuntimeException lastFailure()
    {
        return lastFailure;
    }

    /** Moves every field but the internal ones down over them; returns the new length. */
    static int removeInternalFields(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int read = offset + HEADER_LENGTH;
        int write = read;
        final int internal = Fields.TLS_SERVER_CERTIFICATE_DER.id();
        while (read + FIELD_HEADER_LENGTH <= end)
        {
            final int id = buffer.getShort(read, ORDER) & 0xFFFF;
            final int fieldLength = FIELD_HEADER_LENGTH + (buffer.getShort(read + 2, ORDER) & 0xFFFF);
            if (read + fieldLength > end)
            {
                break;
            }
            if (id != internal)
            {
                if (write != read)
                {
                    buffer.putBytes(write, buffer, read, fieldLength);
                }
                write += fieldLength;
            }
            read += fieldLength;
        }
        return write - offset;
    }
}
