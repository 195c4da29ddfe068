package org.stasensor.pipeline.record;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

import static org.stasensor.pipeline.record.RecordDescriptor.*;

/**
 * Flyweight that reads a record written by {@link RecordWriter}: header accessors and a cursor over the variable
 * fields. The cursor methods allocate nothing; the convenience getters that return Strings or lists are for tests
 * and the edges of the system.
 */
public final class RecordReader
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private int start;
    private int end;
    private int cursor;
    private int fieldId;
    private int valueOffset;
    private int valueLength;

    /**
     * Points the reader at a record.
     *
     * @param buffer memory holding the record.
     * @param offset where the record starts.
     * @return this.
     * @throws IllegalArgumentException when the length field is not plausible.
     */
    public RecordReader wrap(final DirectBuffer buffer, final int offset)
    {
        final int length = buffer.getInt(offset + LENGTH_OFFSET, ORDER);
        if (length < HEADER_LENGTH || length > MAX_RECORD_LENGTH || offset + length > buffer.capacity())
        {
            throw new IllegalArgumentException("not a record at offset " + offset + ": length " + length);
        }
        this.buffer = buffer;
        this.start = offset;
        this.end = offset + length;
        this.cursor = offset + HEADER_LENGTH;
        return this;
    }

    /**
     * The buffer the record lies in.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the record starts in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int offset()
    {
        return start;
    }

    /**
     * Total length.
     *
     * @return bytes.
     */
    public int length()
    {
        return end - start;
    }

    /**
     * Record type.
     *
     * @return the dataset, or null for an unknown code.
     */
    public Dataset dataset()
    {
        return Dataset.ofCode(buffer.getByte(start + DATASET_OFFSET) & 0xFF);
    }

    /**
     * Record flags.
     *
     * @return flag bits.
     */
    public int flags()
    {
        return buffer.getShort(start + FLAGS_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * Event time.
     *
     * @return nanoseconds since the epoch.
     */
    public long timestampNanos()
    {
        return buffer.getLong(start + TIMESTAMP_OFFSET, ORDER);
    }

    /**
     * The uid of the flow the record belongs to.
     *
     * @return the uid, 0 when none.
     */
    public long flowUid()
    {
        return buffer.getLong(start + FLOW_UID_OFFSET, ORDER);
    }

    /**
     * IP version of the connection.
     *
     * @return 4, 6 or 0 when the record carries no connection.
     */
    public int ipVersion()
    {
        return buffer.getByte(start + IP_VERSION_OFFSET) & 0xFF;
    }

    /**
     * IP protocol number.
     *
     * @return 6, 17 or another protocol number.
     */
    public int transport()
    {
        return buffer.getByte(start + TRANSPORT_OFFSET) & 0xFF;
    }

    /**
     * Source (initiator) port.
     *
     * @return the port.
     */
    public int sourcePort()
    {
        return buffer.getShort(start + SOURCE_PORT_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * Destination (responder) port.
     *
     * @return the port.
     */
    public int destinationPort()
    {
        return buffer.getShort(start + DESTINATION_PORT_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * Offset of the source address in {@link #buffer()}.
     *
     * @return the offset; 4 or 16 bytes by {@link #ipVersion()}.
     */
    public int sourceAddressOffset()
    {
        return start + SOURCE_ADDRESS_OFFSET;
    }

    /**
     * Offset of the destination address in {@link #buffer()}.
     *
     * @return the offset; 4 or 16 bytes by {@link #ipVersion()}.
     */
    public int destinationAddressOffset()
    {
        return start + DESTINATION_ADDRESS_OFFSET;
    }

    /**
     * Offset of the enrichment area in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int enrichmentOffset()
    {
        return start + ENRICHMENT_OFFSET;
    }

    /**
     * Moves the cursor to the first field.
     *
     * @return this.
     */
    public RecordReader rewind()
    {
        cursor = start + HEADER_LENGTH;
        return this;
    }

    /**
     * Advances to the next field.
     *
     * @return false when there are no more fields (or the rest is malformed).
     */
    public boolean nextField()
    {
        if (cursor + FIELD_HEADER_LENGTH > end)
        {
            return false;
        }
        final int id = buffer.getShort(cursor, ORDER) & 0xFFFF;
        final int length = buffer.getShort(cursor + 2, ORDER) & 0xFFFF;
        if (cursor + FIELD_HEADER_LENGTH + length > end)
        {
            cursor = end;
            return false;
        }
        fieldId = id;
        valueOffset = cursor + FIELD_HEADER_LENGTH;
        valueLength = length;
        cursor = valueOffset + length;
        return true;
    }

    /**
     * Id of the current field.
     *
     * @return the field id.
     */
    public int fieldId()
    {
        return fieldId;
    }

    /**
     * Offset of the current field's value in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int valueOffset()
    {
        return valueOffset;
    }

    /**
     * Length of the current field's value.
     *
     * @return bytes.
     */
    public int valueLength()
    {
        return valueLength;
    }

    /**
     * The current field's value as a long (LONG, TIMESTAMP fields).
     *
     * @return the value, 0 when the value is not 8 bytes.
     */
    public long valueAsLong()
    {
        return valueLength == 8 ? buffer.getLong(valueOffset, ORDER) : 0;
    }

    /**
     * The current field's value as a double (DOUBLE fields).
     *
     * @return the value, NaN when the value is not 8 bytes.
     */
    public double valueAsDouble()
    {
        return valueLength == 8 ? buffer.getDouble(valueOffset, ORDER) : Double.NaN;
    }

    /**
     * First value of a field as text. Allocates.
     *
     * @param field the field.
     * @return the value, or null when absent.
     */
    public String string(final Field field)
    {
        final List<String> values = strings(field);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Every value of a field as text. Allocates.
     *
     * @param field the field.
     * @return the values in record order.
     */
    public List<String> strings(final Field field)
    {
        final List<String> values = new ArrayList<>();
        final int saved = cursor;
        final int savedId = fieldId;
        final int savedOffset = valueOffset;
        final int savedLength = valueLength;
        rewind();
        while (nextField())
        {
            if (fieldId == field.id())
            {
                values.add(buffer.getStringWithoutLengthUtf8(valueOffset, valueLength));
            }
        }
        restore(saved, savedId, savedOffset, savedLength);
        return values;
    }

    /**
     * First value of a LONG/TIMESTAMP field.
     *
     * @param field        the field.
     * @param defaultValue value when absent.
     * @return the value.
     */
    public long longValue(final Field field, final long defaultValue)
    {
        final int saved = cursor;
        final int savedId = fieldId;
        final int savedOffset = valueOffset;
        final int savedLength = valueLength;
        rewind();
        long result = defaultValue;
        while (nextField())
        {
            if (fieldId == field.id())
            {
                result = valueAsLong();
                break;
            }
        }
        restore(saved, savedId, savedOffset, savedLength);
        return result;
    }

    /**
     * Whether a field is present.
     *
     * @param field the field.
     * @return true when the record has at least one value of it.
     */
    public boolean has(final Field field)
    {
        final int saved = cursor;
        final int savedId = fieldId;
        final int savedOffset = valueOffset;
        final int savedLength = valueLength;
        rewind();
        boolean found = false;
        while (nextField())
        {
            if (fieldId == field.id())
            {
                found = true;
                break;
            }
        }
        restore(saved, savedId, savedOffset, savedLength);
        return found;
    }

    /**
     * The bytes of the first value of a field, decoded as UTF-8 with invalid bytes replaced. Allocates.
     *
     * @param field the field.
     * @return the text or null.
     */
    public String text(final Field field)
    {
        final int saved = cursor;
        final int savedId = fieldId;
        final int savedOffset = valueOffset;
        final int savedLength = valueLength;
        rewind();
        String result = null;
        while (nextField())
        {
            if (fieldId == field.id())
            {
                final byte[] bytes = new byte[valueLength];
                buffer.getBytes(valueOffset, bytes);
                result = new String(bytes, StandardCharsets.UTF_8);
                break;
            }
        }
        restore(saved, savedId, savedOffset, savedLength);
        return result;
    }

    private void restore(final int savedCursor, final int savedId, final int savedOffset, final int savedLength)
    {
        cursor = savedCursor;
        fieldId = savedId;
        valueOffset = savedOffset;
        valueLength = savedLength;
    }
}
