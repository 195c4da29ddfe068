package org.stasensor.appliance.journal;

import java.nio.ByteOrder;
import java.util.zip.CRC32;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Records that carry their own proof of integrity: a number (in the flow uid), a payload whose length and bytes
 * follow from the number (so records differ in size and a record boundary lands anywhere), and the JDK's CRC-32 of
 * every other byte of the record in the first 8 bytes of the enrichment area.
 */
final class NumberedRecords
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int CRC_OFFSET = RecordDescriptor.ENRICHMENT_OFFSET;
    private static final int MAX_PAYLOAD = 700;

    private final RecordWriter writer = new RecordWriter();
    private final byte[] payload = new byte[MAX_PAYLOAD];

    /**
     * Writes record {@code number} at offset 0 of a buffer.
     *
     * @param buffer         at least {@link RecordDescriptor#MAX_RECORD_LENGTH} bytes.
     * @param number         the record's number.
     * @param timestampNanos its time.
     * @return its length.
     */
    int write(final MutableDirectBuffer buffer, final long number, final long timestampNanos)
    {
        writer.begin(buffer, 0, RecordDescriptor.MAX_RECORD_LENGTH, Dataset.FLOW, timestampNanos);
        buffer.putLong(RecordDescriptor.FLOW_UID_OFFSET, number, ORDER);
        final int payloadLength = (int)Math.floorMod(number * 7919L, MAX_PAYLOAD);
        for (int i = 0; i < payloadLength; i++)
        {
            payload[i] = (byte)(number * 31 + i);
        }
        writer.put(Fields.NETWORK_PROTOCOL, payload, 0, payloadLength);
        final int length = writer.finish();
        buffer.putLong(CRC_OFFSET, crc(buffer, 0, length), ORDER);
        return length;
    }

    /**
     * Checks a record read back and returns its number.
     *
     * @param buffer memory holding it.
     * @param offset where it starts.
     * @param length the length it was read with.
     * @return its number.
     * @throws AssertionError when any byte differs from what {@link #write} wrote.
     */
    static long verify(final DirectBuffer buffer, final int offset, final int length)
    {
        final long number = buffer.getLong(offset + RecordDescriptor.FLOW_UID_OFFSET, ORDER);
        if (buffer.getInt(offset, ORDER) != length)
        {
            throw new AssertionError("record " + number + ": length field " + buffer.getInt(offset, ORDER)
                + " but read with " + length + " bytes");
        }
        final long stored = buffer.getLong(offset + CRC_OFFSET, ORDER);
        final long actual = crc(buffer, offset, length);
        if (stored != actual)
        {
            throw new AssertionError("record " + number + ": CRC-32 " + Long.toHexString(actual) + " but "
                + Long.toHexString(stored) + " was written");
        }
        final int payloadLength = (int)Math.floorMod(number * 7919L, MAX_PAYLOAD);
        final int expectedLength = RecordDescriptor.HEADER_LENGTH + RecordDescriptor.FIELD_HEADER_LENGTH
            + payloadLength;
        if (length != expectedLength)
        {
            throw new AssertionError("record " + number + ": " + length + " bytes, written with " + expectedLength);
        }
        return number;
    }

    private static long crc(final DirectBuffer buffer, final int offset, final int length)
    {
        final CRC32 crc = new CRC32();
        for (int i = 0; i < length; i++)
        {
            if (i < CRC_OFFSET || i >= CRC_OFFSET + Long.BYTES)
            {
                crc.update(buffer.getByte(offset + i));
            }
        }
        return crc.getValue();
    }
}
