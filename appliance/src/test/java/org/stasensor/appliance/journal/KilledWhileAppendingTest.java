package org.stasensor.appliance.journal;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.StaProcess;
import org.stasensor.pipeline.record.RecordDescriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash safety: a JVM appending numbered, checksummed records as fast as it can is killed with SIGKILL (by PID,
 * mid-append), twice in a row on the same journal; then this JVM opens an appender on it and appends more. Every
 * record a killed process reported as appended must read back intact and in order, no partial record may appear, and
 * the new records must follow. The oracle is the killed process's own report and the JDK's CRC-32 of each record.
 */
class KilledWhileAppendingTest
{
    private static final long FIRST_RUN = 0;
    private static final long SECOND_RUN = 1_000_000_000L;
    private static final long AFTER_RESTART = 2_000_000_000L;
    private static final int APPENDED_AFTER_RESTART = 5_000;
    private static final long ACKED_BEFORE_KILL = 150_000;
    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void everyReportedRecordSurvivesSigkillAndAppendingContinues() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final long firstRunAcked = appendUntilKilled(journal, FIRST_RUN);
        final long secondRunAcked = appendUntilKilled(journal, SECOND_RUN);

        final List<String> log = new CopyOnWriteArrayList<>();
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(RecordDescriptor.MAX_RECORD_LENGTH));
        final JournalSettings settings = JournalSettings.defaults(journal).withMaintenance(Duration.ZERO,
            Duration.ZERO);
        final long opened = System.nanoTime();
        try (JournalAppender appender = JournalAppender.open(settings, log::add))
        {
            for (int i = 0; i < APPENDED_AFTER_RESTART; i++)
            {
                final int length = records.write(buffer, AFTER_RESTART + i, System.currentTimeMillis() * 1_000_000L);
                assertTrue(appender.append(buffer, 0, length), "record " + i + " after restart refused");
            }
        }
        final long restartMillis = (System.nanoTime() - opened) / 1_000_000;
        assertTrue(restartMillis < 5_000, "appending after the kill took " + restartMillis + " ms to resume "
            + "(a dead writer's lock must be taken over at once); log: " + log);

        final Runs runs = readBack(journal);
        System.out.printf("killed twice: reported %d and %d appended, found %s records in runs from %s; restart "
            + "took %d ms; log %s%n", firstRunAcked, secondRunAcked, runs.counts, runs.starts, restartMillis, log);
        assertEquals(List.of(), runs.invalid, "documents that are not whole records");
        assertEquals(3, runs.starts.size(), "runs of consecutive numbers: " + runs.starts);
        assertEquals(FIRST_RUN, runs.starts.get(0));
        assertEquals(SECOND_RUN, runs.starts.get(1));
        assertEquals(AFTER_RESTART, runs.starts.get(2));
        assertTrue(runs.counts.get(0) >= firstRunAcked, "first run: " + runs.counts.get(0)
            + " records in the journal but the killed process reported " + firstRunAcked + " appended");
        assertTrue(runs.counts.get(1) >= secondRunAcked, "second run: " + runs.counts.get(1)
            + " records in the journal but the killed process reported " + secondRunAcked + " appended");
        assertEquals(APPENDED_AFTER_RESTART, runs.counts.get(2));
    }

    /** Starts a CrashingAppender, waits until it has reported enough appends, kills it; returns its last report. */
    private long appendUntilKilled(final Path journal, final long first) throws InterruptedException
    {
        final List<String> command = StaProcess.javaCommand(CrashingAppender.class, List.of(journal.toString(),
            Long.toString(first)));
        assertTrue(command.contains("-Dchronicle.analytics.disable=true"), "the forked JVM must carry "
            + "-Dchronicle.analytics.disable=true: " + command);
        final BackgroundProcess process = HostCommands.start(temp.resolve("logs"), command);
        try
        {
            final long deadline = System.nanoTime() + APPEND_TIMEOUT.toNanos();
            while (lastAcked(process.stdout()) < ACKED_BEFORE_KILL)
            {
                if (!process.alive() || System.nanoTime() > deadline)
                {
                    fail("the appender did not report " + ACKED_BEFORE_KILL + " appends: " + process.describe());
                }
                Thread.sleep(20);
            }
            process.signal("KILL");
            assertTrue(process.awaitExit(Duration.ofSeconds(10)), "not dead after SIGKILL: " + process.describe());
            assertEquals(128 + 9, process.exitCode(), "killed by SIGKILL: " + process.describe());
            return lastAcked(process.stdout());
        }
        finally
        {
            process.stop();
        }
    }

    /** The count of the last complete {@code acked N} line; a line cut short by the kill does not count. */
    private static long lastAcked(final String stdout)
    {
        long acked = 0;
        final int end = stdout.lastIndexOf('\n');
        if (end < 0)
        {
            return 0;
        }
        for (final String line : stdout.substring(0, end).split("\n"))
        {
            if (line.startsWith("acked "))
            {
                acked = Long.parseLong(line.substring("acked ".length()));
            }
        }
        return acked;
    }

    /** Consecutive numbers read back, as (first number, count) runs, and every invalid document. */
    private static final class Runs implements JournalRecordHandler
    {
        private final List<Long> starts = new ArrayList<>();
        private final List<Long> counts = new ArrayList<>();
        private final List<String> invalid = new ArrayList<>();
        private long next = -1;

        @Override
        public void onRecord(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            final long number = NumberedRecords.verify(buffer, offset, length);
            if (number != next)
            {
                starts.add(number);
                counts.add(0L);
            }
            counts.set(counts.size() - 1, counts.get(counts.size() - 1) + 1);
            next = number + 1;
        }

        @Override
        public void onInvalidRecord(final long index, final String problem)
        {
            invalid.add(index + ": " + problem);
        }
    }

    private static Runs readBack(final Path journal)
    {
        assertTrue(Files.isDirectory(journal));
        final Runs runs = new Runs();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll(runs, 10_000) > 0)
            {
                // reads to the end
            }
        }
        return runs;
    }
}
