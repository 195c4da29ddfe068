package org.stasensor.pipeline.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Test side: a message written by {@link DnsRecordWriter} into a real record slot and read back with the record
 * reader, every value as text (strings as ISO-8859-1 so that no byte is lost, numbers in decimal, IP values as "ip:"
 * and hex).
 */
final class WrittenRecord
{
    final Map<Field, List<String>> values = new LinkedHashMap<>();
    final int flags;
    final int length;
    final boolean written;

    private WrittenRecord(final RecordReader reader, final boolean written)
    {
        this.flags = reader.flags();
        this.length = reader.length();
        this.written = written;
        while (reader.nextField())
        {
            final Field field = Fields.byId(reader.fieldId());
            final byte[] bytes = new byte[reader.valueLength()];
            reader.buffer().getBytes(reader.valueOffset(), bytes);
            final String text = switch (field.type())
            {
                case LONG, TIMESTAMP -> Long.toString(reader.valueAsLong());
                case IP -> "ip:" + HexFormat.of().formatHex(bytes);
                default -> new String(bytes, StandardCharsets.ISO_8859_1);
            };
            values.computeIfAbsent(field, k -> new ArrayList<>()).add(text);
        }
    }

    /**
     * Writes a message into a slot of {@code capacity} bytes and reads it back.
     *
     * @param writer   the writer under test.
     * @param message  a parsed message.
     * @param capacity slot size, at most {@link RecordDescriptor#MAX_RECORD_LENGTH}.
     * @return the record's values.
     */
    static WrittenRecord of(final DnsRecordWriter writer, final DnsMessage message, final int capacity)
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[capacity]);
        final RecordWriter record = new RecordWriter().begin(slot, 0, capacity, Dataset.DNS, 0);
        final boolean written = writer.write(message, record);
        record.finish();
        return new WrittenRecord(new RecordReader().wrap(slot, 0), written);
    }

    static WrittenRecord of(final DnsRecordWriter writer, final DnsMessage message)
    {
        return of(writer, message, RecordDescriptor.MAX_RECORD_LENGTH);
    }

    List<String> get(final Field field)
    {
        return values.getOrDefault(field, List.of());
    }

    String first(final Field field)
    {
        final List<String> list = get(field);
        return list.isEmpty() ? null : list.get(0);
    }

    boolean truncated()
    {
        return (flags & RecordDescriptor.FLAG_TRUNCATED) != 0;
    }
}
