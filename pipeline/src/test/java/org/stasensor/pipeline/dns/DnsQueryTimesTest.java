package org.stasensor.pipeline.dns;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The query-time table against a plain {@link HashMap} as the model, its bounds (a full probe window loses its
 * oldest entry, never a wrong answer), ageing, and that it allocates nothing.
 */
class DnsQueryTimesTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void takeReturnsThePutTimeOnceForTheSameFlowAndId()
    {
        final DnsQueryTimes times = new DnsQueryTimes(1024);
        times.put(7, 0x1234, 100);
        times.put(8, 0x1234, 200);
        times.put(7, 0x4321, 300);
        assertEquals(3, times.size());
        assertEquals(100, times.take(7, 0x1234, 150, SECOND));
        assertEquals(DnsQueryTimes.NONE, times.take(7, 0x1234, 150, SECOND), "taken once");
        assertEquals(200, times.take(8, 0x11234, 250, SECOND), "only the low 16 bits of the id count");
        assertEquals(DnsQueryTimes.NONE, times.take(9, 0x4321, 350, SECOND), "another flow");
        assertEquals(300, times.take(7, 0x4321, 350, SECOND));
        assertEquals(0, times.size());
    }

    @Test
    void sameKeyOverwritesAndOldEntriesExpire()
    {
        final DnsQueryTimes times = new DnsQueryTimes(64);
        times.put(1, 1, 10);
        times.put(1, 1, 20);
        assertEquals(1, times.overwrites());
        assertEquals(1, times.size());
        assertEquals(20, times.take(1, 1, 30, SECOND));
        times.put(1, 2, 0);
        assertEquals(DnsQueryTimes.NONE, times.take(1, 2, 5 * SECOND, SECOND));
        assertEquals(1, times.expired());
        assertEquals(0, times.size(), "an expired entry is removed too");
    }

    @Test
    void aFullProbeWindowLosesItsOldestEntry()
    {
        final DnsQueryTimes times = new DnsQueryTimes(1);
        assertEquals(DnsQueryTimes.MAX_PROBES, times.capacity(), "one window is the whole table");
        for (int id = 0; id < DnsQueryTimes.MAX_PROBES; id++)
        {
            times.put(5, id, 1000 - id);
        }
        times.put(5, 100, 2000);
        assertEquals(1, times.evictions());
        assertEquals(DnsQueryTimes.MAX_PROBES, times.size());
        final int oldest = DnsQueryTimes.MAX_PROBES - 1;
        assertEquals(DnsQueryTimes.NONE, times.take(5, oldest, 2000, SECOND), "the oldest query went");
        for (int id = 0; id < oldest; id++)
        {
            assertEquals(1000 - id, times.take(5, id, 2000, SECOND));
        }
        assertEquals(2000, times.take(5, 100, 2000, SECOND));
    }

    @Test
    void agreesWithAMapAndNeverAnswersWrong()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (final int capacity : new int[]{1 << 16, 256})
        {
            final DnsQueryTimes times = new DnsQueryTimes(capacity);
            final Map<Long, Long> model = new HashMap<>();
            int missing = 0;
            for (int i = 0; i < 200_000; i++)
            {
                final long flow = random.nextInt(300);
                final int id = random.nextInt(64);
                final long key = flow << 16 | id;
                if (random.nextBoolean())
                {
                    times.put(flow, id, i);
                    model.put(key, (long)i);
                }
                else
                {
                    final Long expected = model.remove(key);
                    final long actual = times.take(flow, id, i, Long.MAX_VALUE);
                    if (actual == DnsQueryTimes.NONE && expected != null)
                    {
                        missing++; // evicted under pressure
                    }
                    else
                    {
                        assertEquals(expected == null ? DnsQueryTimes.NONE : expected, actual, "take " + key);
                    }
                }
                assertTrue(times.size() <= times.capacity());
            }
            assertTrue(missing <= times.evictions(), missing + " missing, " + times.evictions() + " evictions");
            if (capacity == 1 << 16)
            {
                assertEquals(0, times.evictions(), "at 30% load no window fills up");
                assertEquals(model.size(), times.size());
            }
            else
            {
                assertTrue(times.evictions() > 0 && times.size() <= 256);
            }
        }
    }

    @Test
    void badCapacitiesAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new DnsQueryTimes(0));
        assertThrows(IllegalArgumentException.class, () -> new DnsQueryTimes(DnsQueryTimes.MAX_CAPACITY + 1));
        assertEquals(1 << 16, new DnsQueryTimes(50_000).capacity());
    }

    @Test
    void putAndTakeAllocateNothing()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());
        final DnsQueryTimes times = new DnsQueryTimes(4096);
        long work = 0;
        for (int i = 0; i < 500_000; i++)
        {
            work += cycle(times, i);
        }
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5 && allocated >= 100_000; attempt++)
        {
            final long before = counter.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 500_000; i++)
            {
                work += cycle(times, i);
            }
            allocated = counter.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(work != 0);
        assertTrue(allocated < 100_000, allocated + " bytes allocated in 500,000 rounds");
    }

    private static long cycle(final DnsQueryTimes times, final int i)
    {
        times.put(i & 0x3FFF, i & 0xFFFF, i);
        return times.take((i - 100) & 0x3FFF, (i - 100) & 0xFFFF, i, SECOND);
    }
}
