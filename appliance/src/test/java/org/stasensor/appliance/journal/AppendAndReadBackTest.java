package org.stasensor.appliance.journal;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordDescriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What goes into the journal comes out byte for byte, in order, across cycle files; what is not a whole record is
 * refused on the way in and reported and skipped on the way out; appending allocates nothing once warm.
 */
class AppendAndReadBackTest
{
    private static final JournalLog SILENT = line ->
    {
    };
    private static final Instant START = Instant.parse("2026-11-01T00:00:30Z");

    @TempDir
    Path temp;

    @BeforeAll
    static void prepareChronicle()
    {
        ChronicleRuntime.prepare();
    }

    @Test
    void recordsFromHeapAndOffHeapBuffersReadBackByteForByte()
    {
        final Path journal = temp.resolve("journal");
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer heap = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH + 64], 64,
            RecordDescriptor.MAX_RECORD_LENGTH);
        final UnsafeBuffer direct =
            new UnsafeBuffer(ByteBuffer.allocateDirect(RecordDescriptor.MAX_RECORD_LENGTH * 2));
        final List<byte[]> written = new ArrayList<>();
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT))
        {
            for (int n = 0; n < 2_000; n++)
            {
                // Off-heap records start at an odd offset of the buffer, as a ring slot may.
                final UnsafeBuffer source = n % 2 == 0 ? heap : new UnsafeBuffer(direct, 77, direct.capacity() - 77);
                final int length = records.write(source, n, START.toEpochMilli() * 1_000_000L + n);
                final byte[] copy = new byte[length];
                source.getBytes(0, copy);
                written.add(copy);
                assertTrue(appender.append(source, 0, length));
            }
            assertEquals(2_000, appender.appendedRecords());
            assertEquals(written.stream().mapToLong(bytes -> bytes.length).sum(), appender.appendedBytes());
        }
        final List<byte[]> read = readAll(journal, new ArrayList<>());
        assertEquals(written.size(), read.size());
        for (int i = 0; i < written.size(); i++)
        {
            assertArrayEquals(written.get(i), read.get(i), "record " + i);
        }
    }

    @Test
    void whatIsNotAWholeRecordIsRefusedAndCounted()
    {
        final Path journal = temp.resolve("journal");
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT))
        {
            final int length = records.write(buffer, 1, 0);
            assertFalse(appender.append(buffer, 0, length - 1), "length shorter than the length field");
            assertFalse(appender.append(buffer, 0, 100), "shorter than a header");
            buffer.putByte(RecordDescriptor.VERSION_OFFSET, (byte)2);
            assertFalse(appender.append(buffer, 0, length), "layout version 2");
            buffer.putByte(RecordDescriptor.VERSION_OFFSET, (byte)RecordDescriptor.LAYOUT_VERSION);
            buffer.putByte(RecordDescriptor.DATASET_OFFSET, (byte)(Dataset.values().length + 1));
            assertFalse(appender.append(buffer, 0, length), "an unknown dataset code");
            buffer.putByte(RecordDescriptor.DATASET_OFFSET, (byte)Dataset.FLOW.code());
            assertFalse(appender.append(buffer, buffer.capacity() - 200, 300), "beyond the buffer");
            assertEquals(5, appender.rejectedRecords());
            assertEquals(0, appender.appendedRecords());
            assertTrue(appender.append(buffer, 0, length));
        }
        assertEquals(1, readAll(journal, new ArrayList<>()).size());
    }

    @Test
    void countersTellMetricsWhatWasAppendedAndWhen()
    {
        final Path journal = temp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(START);
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        final long[] lastIndexRead = {-1};
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT, clock))
        {
            assertEquals(0, appender.lastAppendMillis());
            assertEquals(-1, appender.lastIndex());
            long bytes = 0;
            for (int n = 0; n < 10; n++)
            {
                clock.advanceMillis(1_000);
                final int length = records.write(buffer, n, 0);
                bytes += length;
                appender.append(buffer, 0, length);
            }
            assertEquals(10, appender.appendedRecords());
            assertEquals(bytes, appender.appendedBytes());
            assertEquals(START.toEpochMilli() + 10_000, appender.lastAppendMillis());
            try (JournalReader reader = JournalReader.open(journal))
            {
                reader.poll(new Collect(new ArrayList<>(), new ArrayList<>())
                {
                    @Override
                    public void onRecord(final long index, final DirectBuffer buffer, final int offset,
                        final int length)
                    {
                        lastIndexRead[0] = index;
                    }
                }, 100);
            }
            assertEquals(lastIndexRead[0], appender.lastIndex());
            assertEquals(10, appender.gauges("records", () -> 0).appendedRecords());
        }
    }

    @Test
    void appendingAllocatesNothingOnceWarm()
    {
        final Path journal = temp.resolve("journal");
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer heap = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(RecordDescriptor.MAX_RECORD_LENGTH));
        final int heapLength = records.write(heap, 1, 0);
        final int directLength = records.write(direct, 2, 0);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT))
        {
            for (int i = 0; i < 200_000; i++)
            {
                appender.append(heap, 0, heapLength);
                appender.append(direct, 0, directLength);
            }
            final int measured = 200_000;
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < measured; i++)
            {
                appender.append(heap, 0, heapLength);
                appender.append(direct, 0, directLength);
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            final double perRecord = allocated / (2.0 * measured);
            System.out.printf("journal append: %.4f bytes allocated per record over %d records%n", perRecord,
                2L * measured);
            assertTrue(perRecord < 0.05, "bytes allocated per append once warm: " + perRecord + " (" + allocated
                + " bytes over " + 2 * measured + " records)");
        }
    }

    @Test
    void readsOnAcrossCycleFilesNamedAsChronicleNamesThem() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(START);
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT, clock))
        {
            for (int hour = 0; hour < 3; hour++)
            {
                for (int n = 0; n < 100; n++)
                {
                    appender.append(buffer, 0, records.write(buffer, hour * 100L + n, 0));
                }
                clock.advanceMillis(3_600_000);
            }
            // A gap of two hours with no records, then more: the reader must step over the missing files.
            clock.advanceMillis(2 * 3_600_000);
            appender.append(buffer, 0, records.write(buffer, 300, 0));
        }
        try (Stream<Path> files = Files.list(journal))
        {
            assertEquals(List.of("20261101-00F.cq4", "20261101-01F.cq4", "20261101-02F.cq4", "20261101-05F.cq4",
                "metadata.cq4t"), files.map(file -> file.getFileName().toString()).sorted().toList());
        }
        final CycleFiles names = new CycleFiles(JournalRollCycle.HOURLY.chronicle(), 0);
        final int first = names.cycleAt(START.toEpochMilli());
        assertEquals(first, names.cycleOf("20261101-00F.cq4"));
        assertEquals("20261101-05F.cq4", names.fileName(first + 5));
        assertEquals(-1, names.cycleOf("metadata.cq4t"));
        final List<Long> numbers = new ArrayList<>();
        readAll(journal, new ArrayList<>()).forEach(bytes ->
            numbers.add(NumberedRecords.verify(new UnsafeBuffer(bytes), 0, bytes.length)));
        assertEquals(301, numbers.size());
        for (int i = 0; i < numbers.size(); i++)
        {
            assertEquals(i, numbers.get(i));
        }
    }

    @Test
    void documentsThatAreNotRecordsAreReportedAndSkipped()
    {
        final Path journal = temp.resolve("journal");
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT))
        {
            final SingleChronicleQueue queue = appender.queue();
            try (ExcerptAppender raw = queue.createAppender())
            {
                appender.append(buffer, 0, records.write(buffer, 0, 0));
                final int length = records.write(buffer, 1, 0);
                writeRaw(raw, buffer, length, bytes -> bytes.putInt(0, length + 5, ByteOrder.LITTLE_ENDIAN));
                writeRaw(raw, buffer, length, bytes -> bytes.putByte(RecordDescriptor.VERSION_OFFSET, (byte)9));
                writeRaw(raw, buffer, 10, bytes ->
                {
                });
                writeRaw(raw, buffer, length, bytes -> bytes.putByte(RecordDescriptor.DATASET_OFFSET, (byte)0));
                appender.append(buffer, 0, records.write(buffer, 2, 0));
            }
        }
        final List<String> problems = new ArrayList<>();
        final List<byte[]> read = readAll(journal, problems);
        assertEquals(2, read.size());
        assertEquals(0, NumberedRecords.verify(new UnsafeBuffer(read.get(0)), 0, read.get(0).length));
        assertEquals(2, NumberedRecords.verify(new UnsafeBuffer(read.get(1)), 0, read.get(1).length));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("length field says"), problems.get(0));
        assertTrue(problems.get(1).contains("unknown layout version 9"), problems.get(1));
        assertTrue(problems.get(2).contains("shorter than a record header"), problems.get(2));
        assertTrue(problems.get(3).contains("unknown dataset code 0"), problems.get(3));
    }

    @Test
    void aForwarderResumesAfterTheIndexItAcknowledged()
    {
        final Path journal = temp.resolve("journal");
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT))
        {
            for (int n = 0; n < 50; n++)
            {
                appender.append(buffer, 0, records.write(buffer, n, 0));
            }
        }
        final List<Long> indexes = new ArrayList<>();
        final List<Long> numbers = new ArrayList<>();
        final JournalRecordHandler collect = new Collect(new ArrayList<>(), new ArrayList<>())
        {
            @Override
            public void onRecord(final long index, final DirectBuffer buffer, final int offset, final int length)
            {
                indexes.add(index);
                numbers.add(NumberedRecords.verify(buffer, offset, length));
            }
        };
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertEquals(20, reader.poll(collect, 20));
        }
        final long acknowledged = indexes.get(19);
        numbers.clear();
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertTrue(reader.startAfter(acknowledged));
            while (reader.poll(collect, 100) > 0)
            {
                // to the end
            }
            assertFalse(reader.startAfter(acknowledged + 1_000), "an index the journal never held");
        }
        assertEquals(30, numbers.size());
        assertEquals(20, numbers.get(0));
        assertEquals(49, numbers.get(29));
    }

    @Test
    void datasetFilterKeepsOnlyTheAskedDatasets()
    {
        final Path journal = temp.resolve("journal");
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        final Dataset[] datasets = Dataset.values();
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT))
        {
            for (int n = 0; n < 10 * datasets.length; n++)
            {
                final int length = records.write(buffer, n, 0);
                buffer.putByte(RecordDescriptor.DATASET_OFFSET, (byte)datasets[n % datasets.length].code());
                appender.append(buffer, 0, length);
            }
        }
        final List<Integer> codes = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.datasets(Set.of(Dataset.TLS, Dataset.ALERT));
            reader.poll(new Collect(new ArrayList<>(), new ArrayList<>())
            {
                @Override
                public void onRecord(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    codes.add(buffer.getByte(offset + RecordDescriptor.DATASET_OFFSET) & 0xFF);
                }
            }, 1_000);
        }
        assertEquals(20, codes.size());
        assertTrue(codes.stream().allMatch(code -> code == Dataset.TLS.code() || code == Dataset.ALERT.code()));
    }

    @Test
    void openedOnOneThreadAppendedOnAnotherClosedOnTheFirst() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT))
        {
            final Thread stage = new Thread(() ->
            {
                try
                {
                    final NumberedRecords records = new NumberedRecords();
                    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
                    for (int n = 0; n < 1_000; n++)
                    {
                        assertTrue(appender.append(buffer, 0, records.write(buffer, n, 0)));
                    }
                }
                catch (final Throwable ex)
                {
                    failures.add(ex);
                }
            }, "journal-stage");
            stage.start();
            stage.join();
            assertEquals(List.of(), failures);
            assertEquals(1_000, appender.appendedRecords());
        }
        assertEquals(1_000, readAll(journal, new ArrayList<>()).size());
    }

    @Test
    void anotherRollCycleThanTheJournalsIsReportedAndTheJournalsKept()
    {
        final Path journal = temp.resolve("journal");
        try (JournalAppender appender = JournalAppender.open(quiet(journal), SILENT))
        {
            assertEquals(JournalRollCycle.HOURLY, appender.rollCycle());
        }
        final List<String> log = new ArrayList<>();
        try (JournalAppender appender = JournalAppender.open(quiet(journal).withRollCycle(JournalRollCycle.DAILY),
            log::add))
        {
            assertEquals(JournalRollCycle.HOURLY, appender.rollCycle());
        }
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("keeps the roll cycle it was made with (hourly, not the configured daily)"),
            log.get(0));
    }

    @Test
    void anUnwritableJournalIsOneLineNamingThePath() throws Exception
    {
        final Path file = Files.writeString(temp.resolve("plain-file"), "x");
        final JournalException ex = org.junit.jupiter.api.Assertions.assertThrows(JournalException.class,
            () -> JournalAppender.open(quiet(file.resolve("journal")), SILENT));
        assertTrue(ex.getMessage().startsWith(file.resolve("journal") + ": cannot create the journal directory"),
            ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
        final JournalException notJournal = org.junit.jupiter.api.Assertions.assertThrows(JournalException.class,
            () -> JournalReader.open(temp));
        assertEquals(temp + ": not a journal (no metadata.cq4t); is it the journal path sta run writes to?",
            notJournal.getMessage());
        final JournalException missing = org.junit.jupiter.api.Assertions.assertThrows(JournalException.class,
            () -> JournalReader.open(temp.resolve("nothing-here")));
        assertEquals(temp.resolve("nothing-here") + ": no such journal directory", missing.getMessage());
    }

    static JournalSettings quiet(final Path journal)
    {
        return JournalSettings.defaults(journal).withMaintenance(Duration.ZERO, Duration.ZERO);
    }

    /** Writes a document straight through Chronicle: a copy of the record, changed, of the given length. */
    private static void writeRaw(final ExcerptAppender raw, final UnsafeBuffer record, final int length,
        final java.util.function.Consumer<UnsafeBuffer> change)
    {
        final byte[] bytes = new byte[length];
        record.getBytes(0, bytes, 0, Math.min(length, record.capacity()));
        final UnsafeBuffer copy = new UnsafeBuffer(bytes);
        change.accept(copy);
        try (DocumentContext context = raw.writingDocument())
        {
            context.wire().bytes().write(bytes);
        }
    }

    static List<byte[]> readAll(final Path journal, final List<String> problems)
    {
        final List<byte[]> read = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            final Collect collect = new Collect(read, problems);
            while (reader.poll(collect, 1_000) > 0)
            {
                // to the end
            }
        }
        return read;
    }

    /** Copies every record and every problem. */
    static class Collect implements JournalRecordHandler
    {
        private final List<byte[]> records;
        private final List<String> problems;

        Collect(final List<byte[]> records, final List<String> problems)
        {
            this.records = records;
            this.problems = problems;
        }

        @Override
        public void onRecord(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            records.add(copy);
        }

        @Override
        public void onInvalidRecord(final long index, final String problem)
        {
            problems.add(problem);
        }
    }
}
