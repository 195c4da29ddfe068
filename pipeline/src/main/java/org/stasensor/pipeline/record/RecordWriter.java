package org.stasensor.pipeline.record;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static org.stasensor.pipeline.record.RecordDescriptor.*;

/**
 * Writes one record into a slot (a ring slot, or a scratch buffer): the header first, then fields appended in
 * any order. Reused for every record; allocation-free. A field that does not fit is dropped and the record
 * flagged {@link RecordDescriptor#FLAG_TRUNCATED}, so a hostile certificate with thousands of names cannot
 * overrun a slot.
 */
public final class RecordWriter
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private MutableDirectBuffer buffer;
    private int start;
    private int limit;
    private int position;

    /**
     * Starts a record at {@code offset} of {@code buffer}: clears the header and the enrichment area.
     *
     * @param buffer    the slot memory.
     * @param offset    where the record starts.
     * @param capacity  bytes available from {@code offset}, at most {@link RecordDescriptor#MAX_RECORD_LENGTH}
     *                  are used.
     * @param dataset   the record type.
     * @param timestampNanos event time.
     * @return this.
     */
    public RecordWriter begin(final MutableDirectBuffer buffer, final int offset, final int capacity,
        final Dataset dataset, final long timestampNanos)
    {
        if (capacity < HEADER_LENGTH)
        {
            throw new IllegalArgumentException("record slot of " + capacity + " bytes is smaller than the header");
        }
        this.buffer = buffer;
        this.start = offset;
        this.limit = offset + Math.min(capacity, MAX_RECORD_LENGTH);
        this.position = offset + HEADER_LENGTH;
        buffer.setMemory(offset, HEADER_LENGTH, (byte)0);
        buffer.putByte(offset + DATASET_OFFSET, (byte)dataset.code());
        buffer.putByte(offset + VERSION_OFFSET, (byte)LAYOUT_VERSION);
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestampNanos, ORDER);
        return this;
    }

    /**
     * Continues a record already written (the enrichment stage appends its fields to the worker's record in the
     * slot): header and fields stay, new fields go after the last one; {@link #finish()} updates the length.
     *
     * @param buffer   the slot memory holding a whole record at {@code offset}.
     * @param offset   where the record starts.
     * @param capacity bytes available from {@code offset}, at most {@link RecordDescriptor#MAX_RECORD_LENGTH} used.
     * @param length   the record's current length, at least {@link RecordDescriptor#HEADER_LENGTH}.
     * @return this.
     */
    public RecordWriter resume(final MutableDirectBuffer buffer, final int offset, final int capacity,
        final int length)
    {
        if (length < HEADER_LENGTH || length > capacity)
        {
            throw new IllegalArgumentException("record of " + length + " bytes in a slot of " + capacity);
        }
        this.buffer = buffer;
        this.start = offset;
        this.limit = offset + Math.min(capacity, MAX_RECORD_LENGTH);
        this.position = offset + length;
        return this;
    }

    /**
     * Sets the connection this record belongs to.
     *
     * @param flowUid        the flow's uid.
     * @param ipVersion      4 or 6.
     * @param transport      IP protocol number.
     * @param addresses      buffer holding both addresses.
     * @param sourceOffset   offset of the source address in {@code addresses}.
     * @param destinationOffset offset of the destination address.
     * @param sourcePort     source port.
     * @param destinationPort destination port.
     * @return this.
     */
    public RecordWriter connection(final long flowUid, final int ipVersion, final int transport,
        final DirectBuffer addresses, final int sourceOffset, final int destinationOffset,
        final int sourcePort, final int destinationPort)
    {
        final int addressLength = ipVersion == 6 ? 16 : 4;
        buffer.putLong(start + FLOW_UID_OFFSET, flowUid, ORDER);
        buffer.putByte(start + IP_VERSION_OFFSET, (byte)ipVersion);
        buffer.putByte(start + TRANSPORT_OFFSET, (byte)transport);
        buffer.putShort(start + SOURCE_PORT_OFFSET, (short)sourcePort, ORDER);
        buffer.putShort(start + DESTINATION_PORT_OFFSET, (short)destinationPort, ORDER);
        buffer.putBytes(start + SOURCE_ADDRESS_OFFSET, addresses, sourceOffset, addressLength);
        buffer.putBytes(start + DESTINATION_ADDRESS_OFFSET, addresses, destinationOffset, addressLength);
        return this;
    }

    /**
     * Appends a field whose value is copied from a buffer.
     *
     * @param field  the field.
     * @param source buffer holding the value.
     * @param offset value offset.
     * @param length value length.
     * @return this.
     */
    public RecordWriter put(final Field field, final DirectBuffer source, final int offset, final int length)
    {
        if (reserve(field, length))
        {
            buffer.putBytes(position, source, offset, length);
            position += length;
        }
        return this;
    }

    /**
     * Appends a field whose value is copied from a byte array.
     *
     * @param field  the field.
     * @param source the value bytes.
     * @param offset value offset.
     * @param length value length.
     * @return this.
     */
    public RecordWriter put(final Field field, final byte[] source, final int offset, final int length)
    {
        if (reserve(field, length))
        {
            buffer.putBytes(position, source, offset, length);
            position += length;
        }
        return this;
    }

    /**
     * Appends a text field of ASCII characters; meant for constants such as version names, which callers keep
     * as interned strings so that nothing is allocated.
     *
     * @param field the field.
     * @param value the text; only chars below 0x80 are stored as is, others as '?'.
     * @return this.
     */
    public RecordWriter putAscii(final Field field, final CharSequence value)
    {
        final int length = value.length();
        if (reserve(field, length))
        {
            for (int i = 0; i < length; i++)
            {
                final char c = value.charAt(i);
                buffer.putByte(position + i, c < 0x80 ? (byte)c : (byte)'?');
            }
            position += length;
        }
        return this;
    }

    /**
     * Appends a text field, UTF-8 encoded. Allocates; for tests and the edges, not the packet path.
     *
     * @param field the field.
     * @param value the text.
     * @return this.
     */
    public RecordWriter putString(final Field field, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return put(field, bytes, 0, bytes.length);
    }

    /**
     * Appends a LONG or TIMESTAMP field.
     *
     * @param field the field.
     * @param value the value.
     * @return this.
     */
    public RecordWriter putLong(final Field field, final long value)
    {
        if (reserve(field, 8))
        {
            buffer.putLong(position, value, ORDER);
            position += 8;
        }
        return this;
    }

    /**
     * Appends a DOUBLE field.
     *
     * @param field the field.
     * @param value the value.
     * @return this.
     */
    public RecordWriter putDouble(final Field field, final double value)
    {
        if (reserve(field, 8))
        {
            buffer.putDouble(position, value, ORDER);
            position += 8;
        }
        return this;
    }

    /**
     * Appends a BOOLEAN field.
     *
     * @param field the field.
     * @param value the value.
     * @return this.
     */
    public RecordWriter putBoolean(final Field field, final boolean value)
    {
        if (reserve(field, 1))
        {
            buffer.putByte(position, value ? (byte)1 : (byte)0);
            position += 1;
        }
        return this;
    }

    /**
     * Sets record flag bits.
     *
     * @param flags bits to set.
     * @return this.
     */
    public RecordWriter flag(final int flags)
    {
        final int at = start + FLAGS_OFFSET;
        buffer.putShort(at, (short)(buffer.getShort(at, ORDER) | flags), ORDER);
        return this;
    }

    /**
     * Bytes written so far, header included.
     *
     * @return the current record length.
     */
    public int length()
    {
        return position - start;
    }

    /**
     * Bytes still free in the slot, field headers included: a field with an {@code n}-byte value fits when
     * {@code RecordDescriptor.FIELD_HEADER_LENGTH + n <= remaining()}. Lets a writer leave out a group of fields
     * whole (e.g. one element of each of several parallel lists) instead of having only some of them fit.
     *
     * @return bytes between the end of what was written and the end of the slot.
     */
    public int remaining()
    {
        return limit - position;
    }

    /**
     * Writes the total length into the header.
     *
     * @return the record length in bytes.
     */
    public int finish()
    {
        final int length = position - start;
        buffer.putInt(start + LENGTH_OFFSET, length, ORDER);
        return length;
    }

    private boolean reserve(final Field field, final int length)
    {
        if (length < 0 || length > MAX_FIELD_LENGTH || position + FIELD_HEADER_LENGTH + length > limit)
        {
            flag(FLAG_TRUNCATED);
            return false;
        }
        buffer.putShort(position, (short)field.id(), ORDER);
        buffer.putShort(position + 2, (short)length, ORDER);
        position += FIELD_HEADER_LENGTH;
        return true;
    }
}
