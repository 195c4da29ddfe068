package org.stasensor.rules.signature;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Records written with the pipeline's {@link RecordWriter} for cases no capture has (timestamps chosen to the
 * second, pathological host names).
 */
final class SyntheticRecords
{
    private SyntheticRecords()
    {
    }

    /**
     * A record of one dataset between two IPv4 addresses with string fields.
     *
     * @param dataset        the dataset.
     * @param timestampNanos its time.
     * @param source         initiator address.
     * @param destination    responder address.
     * @param port           responder port.
     * @param fieldsAndValues field, value, field, value...
     * @return the record bytes.
     */
    static byte[] record(final Dataset dataset, final long timestampNanos, final String source,
        final String destination, final int port, final Object... fieldsAndValues)
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        final UnsafeBuffer addresses = new UnsafeBuffer(new byte[8]);
        try
        {
            addresses.putBytes(0, InetAddress.getByName(source).getAddress());
            addresses.putBytes(4, InetAddress.getByName(destination).getAddress());
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(ex);
        }
        final RecordWriter writer = new RecordWriter().begin(slot, 0, slot.capacity(), dataset, timestampNanos)
            .connection(1, 4, dataset == Dataset.DNS || dataset == Dataset.QUIC ? 17 : 6, addresses, 0, 4, 50000,
                port);
        for (int i = 0; i < fieldsAndValues.length; i += 2)
        {
            writer.putString((Field)fieldsAndValues[i], (String)fieldsAndValues[i + 1]);
        }
        final int length = writer.finish();
        final byte[] record = new byte[length];
        slot.getBytes(0, record);
        return record;
    }
}
