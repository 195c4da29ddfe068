package org.stasensor.appliance.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.JsonRecordEncoder;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordSink;

/**
 * A record sink that prints each record as one line of JSON as soon as it is committed: what {@code sta analyze}
 * and {@code sta capture} use. One scratch slot, reused; the caller's output stream should be buffered.
 */
public final class JsonLinesSink implements RecordSink
{
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
    private final JsonRecordEncoder encoder;
    private final OutputStream out;
    private long written;

    /**
     * A sink printing to a stream.
     *
     * @param out              where lines go.
     * @param observerHostname the sensor's name for {@code observer.hostname}, or null.
     */
    public JsonLinesSink(final OutputStream out, final String observerHostname)
    {
        this.out = out;
        this.encoder = new JsonRecordEncoder(observerHostname);
    }

    @Override
    public boolean tryClaim()
    {
        return true;
    }

    @Override
    public MutableDirectBuffer slotBuffer()
    {
        return slot;
    }

    @Override
    public int slotOffset()
    {
        return 0;
    }

    @Override
    public int slotCapacity()
    {
        return slot.capacity();
    }

    @Override
    public void commit(final int length)
    {
        if (length <= 0)
        {
            return;
        }
        final int jsonLength = encoder.encode(slot, 0);
        try
        {
            out.write(encoder.buffer().byteArray(), 0, jsonLength);
            out.write('\n');
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write records: " + ex.getMessage(), ex);
        }
        written++;
    }

    /**
     * Records printed.
     *
     * @return the count.
     */
    public long written()
    {
        return written;
    }
}
