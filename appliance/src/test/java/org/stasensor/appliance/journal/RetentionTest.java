package org.stasensor.appliance.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.pipeline.record.RecordDescriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention deletes whole cycle files, oldest first, by age and by size, one log line and one count each, and never
 * the current file. The clock is Chronicle's {@link SetTimeProvider}, moved an hour at a time so that each hour's
 * records land in their own hourly file; the file names on disk are Chronicle's, and disk usage is what
 * {@code du} (coreutils) says.
 */
class RetentionTest
{
    private static final Instant START = Instant.parse("2026-11-01T00:00:30Z");
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path temp;

    @BeforeAll
    static void prepareChronicle()
    {
        ChronicleRuntime.prepare();
    }

    @Test
    void cyclesOlderThanTheAgeLimitGoAndTheRestStays() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(START);
        final List<String> log = new CopyOnWriteArrayList<>();
        final JournalSettings settings = AppendAndReadBackTest.quiet(journal).withRetention(Duration.ofHours(5),
            Long.MAX_VALUE);
        try (JournalAppender appender = JournalAppender.open(settings, log::add, clock))
        {
            fillHours(appender, clock, new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10});
            // The clock is now 09:00:30: hours 00..03 ended at or before 04:00:30, five hours ago; 04 ends at 05:00.
            assertEquals(10, cycleFiles(journal).size());
            assertEquals(4, appender.retention().apply());
            assertEquals(List.of("20261101-04F.cq4", "20261101-05F.cq4", "20261101-06F.cq4", "20261101-07F.cq4",
                "20261101-08F.cq4", "20261101-09F.cq4"), cycleFiles(journal));
            assertEquals(4, appender.deletedCycles());
            assertEquals(4, log.size(), log.toString());
            for (int hour = 0; hour < 4; hour++)
            {
                assertTrue(log.get(hour).startsWith("journal: deleted cycle 20261101-0" + hour + "F.cq4 ("),
                    log.get(hour));
                assertTrue(log.get(hour).contains("by age: records appended 2026-11-01T0" + hour
                    + ":00:00Z to 2026-11-01T0" + (hour + 1) + ":00:00Z, older than retain_age 5h"), log.get(hour));
            }
            assertEquals(0, appender.retention().apply(), "nothing more is old enough");
        }
    }

    @Test
    void theCurrentCycleIsNeverDeletedHoweverOld() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(START);
        final List<String> log = new CopyOnWriteArrayList<>();
        final JournalSettings settings = AppendAndReadBackTest.quiet(journal).withRetention(Duration.ofMillis(1), 1);
        try (JournalAppender appender = JournalAppender.open(settings, log::add, clock))
        {
            fillHours(appender, clock, new int[] {5, 5, 5});
            clock.advanceMillis(3 * HOUR);
            assertEquals(2, appender.retention().apply());
            assertEquals(List.of("20261101-02F.cq4"), cycleFiles(journal),
                "the newest file stays although it is hours old and over the size limit");
            assertEquals(0, appender.retention().apply());
            // The appender still has its file and goes on to the next.
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
            assertTrue(appender.append(buffer, 0, new NumberedRecords().write(buffer, 99, 0)));
            assertEquals(List.of("20261101-02F.cq4", "20261101-05F.cq4"), cycleFiles(journal));
        }
        final List<Long> numbers = numbers(journal);
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L, 99L), numbers);
    }

    @Test
    void theOldestCyclesGoWhileTheJournalIsOverTheSizeLimit() throws Exception
    {
        HostCommands.assumeInstalled("du");
        final Path journal = temp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(START);
        final List<String> log = new CopyOnWriteArrayList<>();
        // Files of a few MB each, different sizes, so that the limit falls between two sums.
        final int[] recordsPerHour = {30_000, 10_000, 40_000, 20_000, 30_000, 10_000};
        // Without the pretoucher, whose pages touched ahead of the last record du would count too (see below).
        final JournalSettings unlimited = AppendAndReadBackTest.quiet(journal).withPretouch(0);
        try (JournalAppender appender = JournalAppender.open(unlimited, log::add, clock))
        {
            fillHours(appender, clock, recordsPerHour);
        }
        final List<String> files = cycleFiles(journal);
        final long[] du = new long[files.size()];
        for (int i = 0; i < files.size(); i++)
        {
            du[i] = diskUsage(journal.resolve(files.get(i)));
        }
        // The newest three files fit with room for the indexes' rounding; the fourth newest does not.
        final long newestThree = du[3] + du[4] + du[5];
        final long limit = newestThree + 256 * 1024;
        assertTrue(limit < newestThree + du[2], "test premise: the limit must fall between the sums");
        log.clear();
        try (JournalAppender appender = JournalAppender.open(
            unlimited.withRetention(Duration.ofDays(7), limit), log::add, clock))
        {
            assertEquals(3, appender.retention().apply());
            assertEquals(files.subList(3, 6), cycleFiles(journal));
            assertEquals(3, log.size(), log.toString());
            for (int i = 0; i < 3; i++)
            {
                assertTrue(log.get(i).startsWith("journal: deleted cycle " + files.get(i) + " ("), log.get(i));
                assertTrue(log.get(i).contains("by size: the journal held "), log.get(i));
                assertTrue(log.get(i).contains("more than retain_size " + limit), log.get(i));
            }
            final long remaining = appender.retention().journalBytes();
            assertTrue(Math.abs(remaining - newestThree) < 3 * 128 * 1024, "journal bytes " + remaining
                + " against du's " + newestThree);
            assertEquals(3, appender.deletedCycles());
            assertTrue(appender.retention().deletedBytes() > du[0] + du[1] + du[2] - 3 * 128 * 1024);
        }
    }

    @Test
    void aReaderInTheMiddleOfADeletedCycleReadsItToTheEndAndGoesOn() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(START);
        final JournalSettings settings = AppendAndReadBackTest.quiet(journal).withRetention(Duration.ofHours(3),
            Long.MAX_VALUE);
        try (JournalAppender appender = JournalAppender.open(settings, line ->
        {
        }, clock))
        {
            fillHours(appender, clock, new int[] {1_000, 1_000, 1_000, 1_000, 1_000, 1_000});
            final List<Long> numbers = new ArrayList<>();
            final JournalRecordHandler collect =
                new AppendAndReadBackTest.Collect(new ArrayList<>(), new ArrayList<>())
            {
                @Override
                public void onRecord(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    numbers.add(NumberedRecords.verify(buffer, offset, length));
                }
            };
            try (JournalReader reader = JournalReader.open(journal))
            {
                assertEquals(500, reader.poll(collect, 500));
                // Now 05:00:30: hours 00 and 01 ended three hours ago or more.
                assertEquals(2, appender.retention().apply());
                assertEquals(List.of("20261101-02F.cq4", "20261101-03F.cq4", "20261101-04F.cq4",
                    "20261101-05F.cq4"), cycleFiles(journal));
                while (reader.poll(collect, 1_000) > 0)
                {
                    // to the end
                }
            }
            // The rest of hour 00 from the reader's mapping of the deleted file, then hour 02 onwards.
            assertEquals(500 + 4_500, numbers.size());
            for (int i = 0; i < 1_000; i++)
            {
                assertEquals(i, numbers.get(i));
            }
            assertEquals(2_000, numbers.get(1_000), "after hour 00 comes hour 02, the oldest file left");
            assertEquals(5_999, numbers.get(numbers.size() - 1));
        }
        assertEquals(4_000, numbers(journal).size(), "a reader starting now begins at the oldest file left");
    }

    @Test
    void theMaintenanceThreadAppliesRetentionWithoutBeingAsked() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(START);
        final List<String> log = new CopyOnWriteArrayList<>();
        final JournalSettings settings = JournalSettings.defaults(journal)
            .withRetention(Duration.ofHours(1), Long.MAX_VALUE)
            .withMaintenance(Duration.ofMillis(20), Duration.ofMillis(20));
        try (JournalAppender appender = JournalAppender.open(settings, log::add, clock))
        {
            fillHours(appender, clock, new int[] {100, 100});
            clock.advanceMillis(2 * HOUR);
            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (appender.deletedCycles() < 1 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertEquals(List.of("20261101-01F.cq4"), cycleFiles(journal), log.toString());
            assertEquals(1, appender.deletedCycles());
            while (appender.syncedRecords() < 200 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertEquals(200, appender.syncedRecords(), "records the maintenance thread has forced to disk");
        }
        assertEquals(1, log.size(), log.toString());
    }

    @Test
    void pagesTouchedAheadCountTowardsTheSizeAndNeverChangeARecord() throws Exception
    {
        HostCommands.assumeInstalled("du");
        final Path journal = temp.resolve("journal");
        final SetTimeProvider clock = new SetTimeProvider(START);
        final JournalSettings settings = AppendAndReadBackTest.quiet(journal).withPretouch(16L << 20);
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        long appended = 0;
        try (JournalAppender appender = JournalAppender.open(settings, line ->
        {
        }, clock))
        {
            final long until = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
            while (System.nanoTime() < until || appender.pagesPretouched() == 0)
            {
                for (int i = 0; i < 1_000; i++)
                {
                    assertTrue(appender.append(buffer, 0, records.write(buffer, appended++, 0)));
                }
            }
            assertTrue(appender.pagesPretouched() > 0);
            Thread.sleep(50);
            // du first: the pretoucher may touch more pages meanwhile, which the count made after it then includes.
            final long du = diskUsage(journal.resolve("20261101-00F.cq4"));
            appender.retention().apply();
            final long counted = appender.retention().journalBytes();
            // The count is the write position or the pretouched extent; Chronicle's index pages beyond them are not
            // counted, measured here at about 0.5 % of the file: retention may overshoot the size limit by that much.
            final long slack = Math.max(128 * 1024, du / 100);
            assertTrue(du <= counted + slack, "du says " + du + " bytes, retention counts " + counted);
        }
        final List<Long> numbers = numbers(journal);
        assertEquals(appended, numbers.size());
        for (int i = 0; i < numbers.size(); i++)
        {
            assertEquals(i, numbers.get(i));
        }
    }

    /** Appends the given number of records in each of consecutive hours, starting at the clock's hour. */
    private static void fillHours(final JournalAppender appender, final SetTimeProvider clock, final int[] perHour)
    {
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        long number = 0;
        for (int hour = 0; hour < perHour.length; hour++)
        {
            if (hour > 0)
            {
                clock.advanceMillis(HOUR);
            }
            for (int i = 0; i < perHour[hour]; i++)
            {
                assertTrue(appender.append(buffer, 0, records.write(buffer, number++, 0)));
            }
        }
    }

    private static List<String> cycleFiles(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".cq4")).sorted()
                .toList();
        }
    }

    private long diskUsage(final Path file)
    {
        final String out = HostCommands.run(temp.resolve("logs"), Duration.ofSeconds(10),
            List.of("du", "--block-size=1", file.toString())).orFail().stdout();
        return Long.parseLong(out.trim().split("\\s+")[0]);
    }

    private static List<Long> numbers(final Path journal)
    {
        final List<Long> numbers = new ArrayList<>();
        for (final byte[] record : AppendAndReadBackTest.readAll(journal, new ArrayList<>()))
        {
            numbers.add(NumberedRecords.verify(new UnsafeBuffer(record), 0, record.length));
        }
        return numbers;
    }
}
