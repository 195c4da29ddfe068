package org.stasensor.appliance.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.stasensor.pipeline.record.JsonRecordEncoder;
import org.stasensor.pipeline.record.SingleSlotRecordSink;

/**
 * Prints each record as one line of JSON as soon as it is committed: what {@code sta analyze} and {@code sta
 * capture} use. The caller's output stream should be buffered.
 */
public final class JsonLinesSink implements SingleSlotRecordSink.RecordHandler
{
    private final JsonRecordEncoder encoder;
    private final OutputStream out;
    private long written;

    /**
     * A printer to a stream.
     *
     * @param out              where lines go.
     * @param observerHostname the sensor's name for {@code observer.hostname}, or null.
     */
    public JsonLinesSink(final OutputStream out, final String observerHostname)
    {
        this.out = out;
        this.encoder = new JsonRecordEncoder(observerHostname);
    }

    /**
     * A record sink that prints through this.
     *
     * @return a new sink.
     */
    public SingleSlotRecordSink sink()
    {
        return new SingleSlotRecordSink(this);
    }

    @Override
    public void onRecord(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        print(buffer, offset, length);
    }

    /**
     * Prints one record as a line.
     *
     * @param buffer holds the record.
     * @param offset where it starts.
     * @param length its length.
     */
    public void print(final DirectBuffer buffer, final int offset, final int length)
    {
        final int jsonLength = encoder.encode(buffer, offset);
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
