package org.stasensor.rules.policy;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.rules.AlertSink;
import org.stasensor.rules.RuleIdentity;

/**
 * Test side of the engine: runs records through a {@link PolicyEngine} and keeps what it raised; makes engines from
 * policy text; copies records with a field appended or their time changed.
 */
final class Alerts implements AlertSink
{
    /** One alert. */
    record Alert(String rule, String kind, int severity, String message, String dataset, long time)
    {
    }

    final List<Alert> raised = new ArrayList<>();

    @Override
    public void raise(final RecordReader trigger, final RuleIdentity rule, final CharSequence message)
    {
        raised.add(new Alert(rule.id(), rule.category(), rule.severity(), message.toString(),
            trigger.dataset().id(), trigger.timestampNanos()));
    }

    static Alerts run(final PolicyEngine engine, final List<byte[]> records)
    {
        final Alerts alerts = new Alerts();
        feed(engine, records, alerts);
        return alerts;
    }

    static void feed(final PolicyEngine engine, final List<byte[]> records, final Alerts alerts)
    {
        for (final byte[] record : records)
        {
            engine.onRecord(CapturedRecords.reader(record), alerts);
        }
    }

    List<String> messages()
    {
        return raised.stream().map(Alert::message).toList();
    }

    static Policy policy(final String yaml)
    {
        try
        {
            return PolicyLoader.parse("test.yaml", yaml);
        }
        catch (final PolicyException ex)
        {
            throw new AssertionError(ex.getMessage(), ex);
        }
    }

    static PolicyEngine engine(final String yaml)
    {
        return new PolicyEngine(policy(yaml), null, PolicyEngine.DEFAULT_CAPACITY);
    }

    /**
     * Records of one dataset.
     *
     * @param records all records.
     * @param dataset the one kept.
     * @return the records of that dataset, in order.
     */
    static List<byte[]> only(final List<byte[]> records, final Dataset dataset)
    {
        return records.stream().filter(record -> CapturedRecords.reader(record).dataset() == dataset).toList();
    }

    /**
     * A copy of a record with a different capture time (the header's timestamp), as a capture shifted with
     * editcap would give, for series too long to make one capture per minute.
     *
     * @param record    the record.
     * @param timeNanos the new time.
     * @return the copy.
     */
    static byte[] at(final byte[] record, final long timeNanos)
    {
        final byte[] copy = record.clone();
        new UnsafeBuffer(copy).putLong(RecordDescriptor.TIMESTAMP_OFFSET, timeNanos, ByteOrder.LITTLE_ENDIAN);
        return copy;
    }

    /**
     * A copy of a record with enrichment fields appended, as the enrichment stage appends them.
     *
     * @param record the record from a capture.
     * @param fields pairs of field and value (Double, Long or String).
     * @return the enriched copy.
     */
    static byte[] enriched(final byte[] record, final Object... fields)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        buffer.putBytes(0, record);
        final RecordWriter writer = new RecordWriter().resume(buffer, 0, buffer.capacity(), record.length);
        for (int i = 0; i < fields.length; i += 2)
        {
            final Field field = (Field)fields[i];
            switch (fields[i + 1])
            {
                case Double value -> writer.putDouble(field, value);
                case Long value -> writer.putLong(field, value);
                case String value -> writer.putString(field, value);
                default -> throw new IllegalArgumentException(String.valueOf(fields[i + 1]));
            }
        }
        final int length = writer.finish();
        final byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        return copy;
    }

    /**
     * A late {@code domain} record as the enrichment stage writes it when RDAP answers after the records that named
     * the domain.
     *
     * @param timeNanos when the answer came.
     * @param domain    the registered domain.
     * @param created   its creation date.
     * @return the record.
     */
    static byte[] domainRecord(final long timeNanos, final String domain, final long created)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final RecordWriter writer = new RecordWriter().begin(buffer, 0, buffer.capacity(), Dataset.DOMAIN, timeNanos)
            .putString(org.stasensor.pipeline.record.Fields.DOMAIN_REGISTERED_DOMAIN, domain)
            .putLong(org.stasensor.pipeline.record.Fields.DOMAIN_CREATION_DATE, created);
        final int length = writer.finish();
        final byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        return copy;
    }
}
