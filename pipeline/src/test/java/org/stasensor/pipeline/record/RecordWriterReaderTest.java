package org.stasensor.pipeline.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binary record layout drawn in {@link RecordDescriptor}, checked byte by byte with {@link ByteBuffer} (the
 * JDK's little-endian reads) and read back through {@link RecordReader}.
 */
class RecordWriterReaderTest
{
    private final RecordWriter writer = new RecordWriter();
    private final RecordReader reader = new RecordReader();

    @Test
    void theHeaderIsLaidOutAsDrawn()
    {
        final byte[] memory = new byte[1024];
        final UnsafeBuffer slot = new UnsafeBuffer(memory);
        java.util.Arrays.fill(memory, (byte)0x77); // the writer clears what it owns
        final byte[] addresses = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            addresses[i] = (byte)(0xA0 + i);
        }
        writer.begin(slot, 40, 900, Dataset.SSH, 0x0102_0304_0506_0708L)
            .connection(0x1122_3344_5566_7788L, 6, 6, new UnsafeBuffer(addresses), 0, 16, 65535, 22)
            .flag(RecordDescriptor.FLAG_TRUNCATED);
        final int length = writer.finish();
        assertEquals(RecordDescriptor.HEADER_LENGTH, length);
        final ByteBuffer b = ByteBuffer.wrap(memory, 40, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(128, b.getInt(0));
        assertEquals(Dataset.SSH.code(), b.get(4));
        assertEquals(RecordDescriptor.LAYOUT_VERSION, b.get(5));
        assertEquals(1, b.getShort(6));
        assertEquals(0x0102_0304_0506_0708L, b.getLong(8));
        assertEquals(0x1122_3344_5566_7788L, b.getLong(16));
        assertEquals(6, b.get(24));
        assertEquals(6, b.get(25));
        assertEquals(65535, b.getShort(26) & 0xFFFF);
        assertEquals(22, b.getShort(28));
        for (int i = 0; i < 16; i++)
        {
            assertEquals(addresses[i], b.get(32 + i));
            assertEquals(addresses[16 + i], b.get(48 + i));
        }
        for (int i = 64; i < 128; i++)
        {
            assertEquals(0, b.get(i), "enrichment area cleared at " + i);
        }
        assertEquals(0x77, memory[40 + 128] & 0xFF, "nothing written past the record");

        reader.wrap(slot, 40);
        assertEquals(Dataset.SSH, reader.dataset());
        assertEquals(0x0102_0304_0506_0708L, reader.timestampNanos());
        assertEquals(0x1122_3344_5566_7788L, reader.flowUid());
        assertEquals(6, reader.ipVersion());
        assertEquals(65535, reader.sourcePort());
        assertEquals(22, reader.destinationPort());
        assertEquals(RecordDescriptor.FLAG_TRUNCATED, reader.flags());
        assertFalse(reader.nextField());
    }

    @Test
    void anIpv4ConnectionStoresFourBytesAndZeroes()
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[512]);
        slot.setMemory(0, 512, (byte)0x55);
        writer.begin(slot, 0, 512, Dataset.TLS, 1)
            .connection(9, 4, 17, new UnsafeBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), 0, 4, 53, 5353);
        writer.finish();
        for (int i = 4; i < 16; i++)
        {
            assertEquals(0, slot.getByte(RecordDescriptor.SOURCE_ADDRESS_OFFSET + i));
            assertEquals(0, slot.getByte(RecordDescriptor.DESTINATION_ADDRESS_OFFSET + i));
        }
        assertEquals(5, slot.getByte(RecordDescriptor.DESTINATION_ADDRESS_OFFSET));
    }

    @Test
    void fieldsReadBackInOrderWithTheirBytes()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final Field[] all = Fields.all();
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH + 100]);
        for (int round = 0; round < 300; round++)
        {
            final int offset = random.nextInt(100);
            writer.begin(slot, offset, RecordDescriptor.MAX_RECORD_LENGTH, Dataset.FLOW, round);
            final List<Field> fields = new ArrayList<>();
            final List<byte[]> values = new ArrayList<>();
            for (int i = random.nextInt(40); i > 0; i--)
            {
                final Field field = all[random.nextInt(all.length)];
                final byte[] value = new byte[random.nextInt(200)];
                for (int k = 0; k < value.length; k++)
                {
                    value[k] = (byte)random.nextInt(256);
                }
                writer.put(field, new UnsafeBuffer(value), 0, value.length);
                fields.add(field);
                values.add(value);
            }
            final int length = writer.finish();
            reader.wrap(slot, offset);
            assertEquals(length, reader.length());
            for (int i = 0; i < fields.size(); i++)
            {
                assertTrue(reader.nextField());
                assertEquals(fields.get(i).id(), reader.fieldId());
                final byte[] actual = new byte[reader.valueLength()];
                slot.getBytes(reader.valueOffset(), actual);
                assertArrayEquals(values.get(i), actual);
            }
            assertFalse(reader.nextField());
        }
    }

    @Test
    void valuesThatDoNotFitAreDroppedAndTheRecordFlagged()
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[70_000 + 200]);
        writer.begin(slot, 0, 200, Dataset.TLS, 0);
        writer.putString(Fields.TLS_VERSION, "1.2");
        writer.putString(Fields.TLS_CLIENT_SERVER_NAME, "x".repeat(50)); // 128 + 7 + 54 = 189 bytes
        assertEquals(0, flagsOf(slot), "still fits");
        writer.putString(Fields.TLS_CIPHER, "y".repeat(100));
        assertEquals(RecordDescriptor.FLAG_TRUNCATED, flagsOf(slot));
        assertTrue(writer.finish() <= 200);
        reader.wrap(slot, 0);
        assertEquals("1.2", reader.string(Fields.TLS_VERSION));
        assertNull(reader.string(Fields.TLS_CIPHER));

        writer.begin(slot, 0, 70_000, Dataset.TLS, 0);
        assertTrue(writer.put(Fields.TLS_CIPHER, new byte[70_000], 0, 65_536).finish()
            <= RecordDescriptor.MAX_RECORD_LENGTH);
        assertEquals(RecordDescriptor.FLAG_TRUNCATED, flagsOf(slot), "a value longer than a field can be");

        writer.begin(slot, 0, 70_000, Dataset.TLS, 0);
        writer.put(Fields.TLS_CIPHER, new byte[20_000], 0, 20_000);
        assertEquals(RecordDescriptor.FLAG_TRUNCATED, flagsOf(slot), "a slot is used up to 16 KiB only");
        assertEquals(RecordDescriptor.HEADER_LENGTH, writer.finish());
    }

    @Test
    void aSlotSmallerThanTheHeaderIsRefused()
    {
        assertThrows(IllegalArgumentException.class,
            () -> writer.begin(new UnsafeBuffer(new byte[100]), 0, 100, Dataset.TLS, 0));
    }

    @Test
    void asciiTextReplacesWhatIsNotAscii()
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[512]);
        writer.begin(slot, 0, 512, Dataset.TLS, 0).putAscii(Fields.TLS_CIPHER, "TLS_é_€");
        writer.finish();
        assertEquals("TLS_?_?", reader.wrap(slot, 0).string(Fields.TLS_CIPHER));
    }

    @Test
    void implausibleLengthsAreRefusedAndCutFieldsEndTheCursor()
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH * 2]);
        slot.putInt(0, 127, ByteOrder.LITTLE_ENDIAN);
        assertThrows(IllegalArgumentException.class, () -> reader.wrap(slot, 0));
        slot.putInt(0, RecordDescriptor.MAX_RECORD_LENGTH + 1, ByteOrder.LITTLE_ENDIAN);
        assertThrows(IllegalArgumentException.class, () -> reader.wrap(slot, 0));
        final UnsafeBuffer small = new UnsafeBuffer(new byte[200]);
        small.putInt(0, 300, ByteOrder.LITTLE_ENDIAN);
        assertThrows(IllegalArgumentException.class, () -> reader.wrap(small, 0));

        writer.begin(slot, 0, 1024, Dataset.DNS, 0).putString(Fields.TLS_VERSION, "abc");
        writer.finish();
        slot.putShort(130, (short)500, ByteOrder.LITTLE_ENDIAN); // the value now claims to run past the end
        reader.wrap(slot, 0);
        assertFalse(reader.nextField());
        assertFalse(reader.nextField());
    }

    @Test
    void textReplacesMalformedUtf8()
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[512]);
        final byte[] raw = {'a', (byte)0xFF, 'b', (byte)0xC3, (byte)0xA9};
        writer.begin(slot, 0, 512, Dataset.TLS, 0).put(Fields.TLS_CLIENT_SERVER_NAME, raw, 0, raw.length);
        writer.finish();
        assertEquals(new String(raw, StandardCharsets.UTF_8),
            reader.wrap(slot, 0).text(Fields.TLS_CLIENT_SERVER_NAME));
        assertEquals("a\uFFFDb\u00E9", reader.text(Fields.TLS_CLIENT_SERVER_NAME));
    }

    /**
     * The convenience getters save and restore the cursor so that they can be called while iterating; the field the
     * cursor is on must survive the call too, or the caller reads another field's value.
     */
    @Test
    void lookingUpAFieldWhileIteratingKeepsTheCurrentField()
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[512]);
        writer.begin(slot, 0, 512, Dataset.FLOW, 0).putLong(Fields.SOURCE_BYTES, 11)
            .putLong(Fields.DESTINATION_BYTES, 22).putString(Fields.EVENT_REASON, "fin");
        writer.finish();
        reader.wrap(slot, 0);
        assertTrue(reader.nextField());
        assertEquals(Fields.SOURCE_BYTES.id(), reader.fieldId());
        assertTrue(reader.has(Fields.EVENT_REASON));
        assertEquals("fin", reader.string(Fields.EVENT_REASON));
        assertEquals(22, reader.longValue(Fields.DESTINATION_BYTES, -1));
        assertEquals(Fields.SOURCE_BYTES.id(), reader.fieldId(), "still on the first field");
        assertEquals(11, reader.valueAsLong(), "and its value");
        assertTrue(reader.nextField());
        assertEquals(Fields.DESTINATION_BYTES.id(), reader.fieldId(), "the cursor went on from where it was");
    }

    private static int flagsOf(final UnsafeBuffer slot)
    {
        return slot.getShort(RecordDescriptor.FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }
}
