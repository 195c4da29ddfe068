package org.stasensor.pipeline.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.record.RecordSink;

class RecordRingTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void everyRecordPassesEveryStageInOrderAndLaterStagesSeeEarlierChanges()
    {
        final List<Long> seenByLast = new ArrayList<>();
        // The first stage fills a field in place, as enrichment fills the record's enrichment area.
        final RecordStage enrich = (buffer, offset, length, endOfBatch) ->
            buffer.putLong(offset + 8, buffer.getLong(offset) * 2);
        final RecordStage last = (buffer, offset, length, endOfBatch) ->
        {
            assertEquals(16, length);
            assertEquals(buffer.getLong(offset) * 2, buffer.getLong(offset + 8), "enriched before");
            seenByLast.add(buffer.getLong(offset));
        };
        final int records = 100_000;
        try (RecordRing ring = new RecordRing("test", 1024, 256, SECOND, List.of(enrich, last), false,
            Thread.ofPlatform().daemon().factory()))
        {
            ring.start();
            final RecordSink sink = ring.sink();
            for (long i = 0; i < records; i++)
            {
                publish(sink, i);
            }
            assertTrue(ring.drainAndStop(10 * SECOND));
            assertEquals(records, ring.published());
            assertEquals(0, ring.droppedFull());
        }
        assertEquals(records, seenByLast.size());
        for (int i = 0; i < records; i++)
        {
            assertEquals(i, seenByLast.get(i));
        }
    }

    @Test
    void oneThreadPollsTheFinalStageOfSeveralRingsAfterTheirThreadedStages() throws InterruptedException
    {
        final RecordStage enrich = (buffer, offset, length, endOfBatch) ->
            buffer.putLong(offset + 8, buffer.getLong(offset) + 1);
        final List<Long> journal = new ArrayList<>();
        final RecordStage append = (buffer, offset, length, endOfBatch) ->
        {
            assertEquals(buffer.getLong(offset) + 1, buffer.getLong(offset + 8), "enriched before the final stage");
            journal.add(buffer.getLong(offset));
        };
        final int records = 20_000;
        try (RecordRing first = new RecordRing("a", 256, 256, SECOND, List.of(enrich), true,
            Thread.ofPlatform().daemon().factory());
            RecordRing second = new RecordRing("b", 256, 256, SECOND, List.of(), true,
                Thread.ofPlatform().daemon().factory()))
        {
            first.start();
            second.start();
            final Thread producers = Thread.ofPlatform().start(() ->
            {
                for (long i = 0; i < records; i++)
                {
                    while (!publish(first.sink(), i))
                    {
                        Thread.onSpinWait();
                    }
                    while (!publish(second.sink(), -i - 1))
                    {
                        Thread.onSpinWait();
                    }
                }
            });
            // The second ring has no threaded stage: its records get the enrichment mark from the producer's zero.
            final RecordStage appendEither = (buffer, offset, length, endOfBatch) ->
            {
                if (buffer.getLong(offset) >= 0)
                {
                    append.onRecord(buffer, offset, length, endOfBatch);
                }
                else
                {
                    journal.add(buffer.getLong(offset));
                }
            };
            while (producers.isAlive() || !first.isDrained() || !second.isDrained())
            {
                if (first.pollFinalStage(appendEither) + second.pollFinalStage(appendEither) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            producers.join();
            assertTrue(first.drainAndStop(SECOND));
            assertTrue(second.drainAndStop(SECOND));
            assertEquals(0, first.stageFailures());
        }
        assertEquals(2 * records, journal.size());
        assertEquals(records, journal.stream().filter(v -> v >= 0).count());
        long expectedFirst = 0;
        long expectedSecond = -1;
        for (final long value : journal)
        {
            if (value >= 0)
            {
                assertEquals(expectedFirst++, value, "each ring's records in order");
            }
            else
            {
                assertEquals(expectedSecond--, value, "each ring's records in order");
            }
        }
    }

    @Test
    void aStuckStageMakesTheProducerDropAndCountInsteadOfBlocking() throws InterruptedException
    {
        final CountDownLatch release = new CountDownLatch(1);
        final long[] seen = new long[1];
        final RecordStage slow = (buffer, offset, length, endOfBatch) ->
        {
            awaitQuietly(release);
            seen[0]++;
        };
        final int slots = 64;
        try (RecordRing ring = new RecordRing("slow", slots, 256, 1_000_000L, List.of(slow), false,
            Thread.ofPlatform().daemon().factory()))
        {
            ring.start();
            final RecordSink sink = ring.sink();
            final long started = System.nanoTime();
            int claimed = 0;
            for (int i = 0; i < 1000; i++)
            {
                if (publish(sink, i))
                {
                    claimed++;
                }
            }
            final long elapsed = System.nanoTime() - started;
            // The stage holds one record; the ring holds the rest up to its size; every other record is dropped.
            assertTrue(claimed >= slots && claimed <= slots + 1, "claimed " + claimed);
            assertEquals(1000 - claimed, ring.droppedFull());
            assertEquals(slots, ring.occupancy());
            // Each drop waited its 1 ms claim wait, not forever.
            assertTrue(elapsed < 60 * SECOND, "producer was not blocked: " + elapsed + " ns");
            release.countDown();
            assertTrue(ring.drainAndStop(10 * SECOND));
            assertEquals(claimed, seen[0], "nothing published was lost");
            assertEquals(0, ring.occupancy());
        }
    }

    @Test
    void aStageThatThrowsIsCountedAndTheNextRecordsStillFlow()
    {
        final List<Long> seen = new ArrayList<>();
        final RecordStage flaky = (buffer, offset, length, endOfBatch) ->
        {
            if (buffer.getLong(offset) == 3)
            {
                throw new IllegalStateException("bug on record 3");
            }
            seen.add(buffer.getLong(offset));
        };
        try (RecordRing ring = new RecordRing("flaky", 16, 256, SECOND, List.of(flaky), false,
            Thread.ofPlatform().daemon().factory()))
        {
            ring.start();
            for (long i = 0; i < 10; i++)
            {
                publish(ring.sink(), i);
            }
            assertTrue(ring.drainAndStop(10 * SECOND));
            assertEquals(1, ring.stageFailures());
            assertEquals("bug on record 3", ring.lastStageFailure().getMessage());
        }
        assertEquals(List.of(0L, 1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L), seen);
    }

    @Test
    void anAbandonedClaimIsReusedNotSkipped()
    {
        final List<Long> seen = new ArrayList<>();
        try (RecordRing ring = new RecordRing("abandon", 16, 256, SECOND,
            List.of((buffer, offset, length, endOfBatch) -> seen.add(buffer.getLong(offset))), false,
            Thread.ofPlatform().daemon().factory()))
        {
            ring.start();
            final RecordSink sink = ring.sink();
            publish(sink, 1);
            assertTrue(sink.tryClaim());
            sink.slotBuffer().putLong(sink.slotOffset(), 99);
            // The writer failed here: no commit. The next record takes the same slot.
            publish(sink, 2);
            assertTrue(ring.drainAndStop(10 * SECOND));
            assertEquals(2, ring.published());
        }
        assertEquals(List.of(1L, 2L), seen);
    }

    @Test
    void publishingAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (RecordRing ring = new RecordRing("alloc", 4096, 256, SECOND,
            List.of((buffer, offset, length, endOfBatch) -> buffer.getLong(offset)), false,
            Thread.ofPlatform().daemon().factory()))
        {
            ring.start();
            final RecordSink sink = ring.sink();
            for (long i = 0; i < 200_000; i++)
            {
                publish(sink, i);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (long i = 0; i < 1_000_000; i++)
            {
                publish(sink, i);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(ring.drainAndStop(10 * SECOND));
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes for a million records");
            assertFalse(ring.droppedFull() > 0 && ring.published() == 0);
        }
    }

    private static boolean publish(final RecordSink sink, final long value)
    {
        if (!sink.tryClaim())
        {
            return false;
        }
        final MutableDirectBuffer buffer = sink.slotBuffer();
        buffer.putLong(sink.slotOffset(), value);
        buffer.putLong(sink.slotOffset() + 8, 0);
        sink.commit(16);
        return true;
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
