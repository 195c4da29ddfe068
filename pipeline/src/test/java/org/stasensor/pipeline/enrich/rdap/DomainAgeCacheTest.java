package org.stasensor.pipeline.enrich.rdap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DomainAgeCache}: bound, recency, expiry, the file, and hits that allocate nothing.
 */
class DomainAgeCacheTest
{
    private static final long NOW = 1_800_000_000_000L;
    private static final long LATER = NOW + 86_400_000L;

    @TempDir
    Path directory;

    @Test
    void leastRecentlyUsedIsEvictedAtTheBound()
    {
        final DomainAgeCache cache = new DomainAgeCache(3);
        final DomainAgeResult result = new DomainAgeResult();
        cache.put("a.test", DomainAgeStatus.FOUND, 1, LATER);
        cache.put("b.test", DomainAgeStatus.FOUND, 2, LATER);
        cache.put("c.test", DomainAgeStatus.FOUND, 3, LATER);
        assertTrue(cache.get("a.test", NOW, result));
        cache.put("d.test", DomainAgeStatus.FOUND, 4, LATER);

        assertEquals(3, cache.size());
        assertFalse(cache.get("b.test", NOW, result));
        assertTrue(cache.get("A.Test.", NOW, result));
        assertEquals(1, result.creationEpochMillis());
        assertTrue(cache.get(new StringBuilder("d.test"), NOW, result));
        assertEquals(4, result.creationEpochMillis());
    }

    @Test
    void expiredEntryIsNotUsed()
    {
        final DomainAgeCache cache = new DomainAgeCache(8);
        cache.put("a.test", DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE, NOW + 1000);

        assertTrue(cache.get("a.test", NOW + 999, new DomainAgeResult()));
        assertFalse(cache.get("a.test", NOW + 1000, new DomainAgeResult()));
        assertEquals(0, cache.size());
    }

    @Test
    void manyEntriesThroughASmallCacheKeepItConsistent()
    {
        final DomainAgeCache cache = new DomainAgeCache(100);
        final DomainAgeResult result = new DomainAgeResult();
        for (int i = 0; i < 10_000; i++)
        {
            cache.put("d" + i + ".test", DomainAgeStatus.FOUND, i, LATER);
            if (i % 7 == 0)
            {
                cache.removeIf("d" + (i - 3) + ".test", DomainAgeStatus.FOUND);
            }
        }
        assertTrue(cache.size() <= 100);
        for (int i = 9_990; i < 10_000; i++)
        {
            final boolean removed = (i + 3) % 7 == 0;
            assertEquals(!removed, cache.get("d" + i + ".test", NOW, result), "d" + i);
            if (!removed)
            {
                assertEquals(i, result.creationEpochMillis());
            }
        }
    }

    @Test
    void savedFileLoadsBackWithoutPendingOrExpiredEntries() throws IOException
    {
        final Path file = directory.resolve("sub/cache.tsv");
        final DomainAgeCache cache = new DomainAgeCache(8);
        cache.put("found.test", DomainAgeStatus.FOUND, 662_687_999_000L, LATER);
        cache.put("gone.test", DomainAgeStatus.NOT_REGISTERED, DomainAgeResult.NO_DATE, LATER);
        cache.put("pending.test", DomainAgeStatus.PENDING, DomainAgeResult.NO_DATE, Long.MAX_VALUE);
        cache.put("stale.test", DomainAgeStatus.ERROR, DomainAgeResult.NO_DATE, NOW - 1);
        assertEquals(2, cache.save(file, NOW));

        final DomainAgeCache loaded = new DomainAgeCache(8);
        assertEquals(2, loaded.load(file, NOW));
        final DomainAgeResult result = new DomainAgeResult();
        assertTrue(loaded.get("found.test", NOW, result));
        assertEquals(DomainAgeStatus.FOUND, result.status());
        assertEquals(662_687_999_000L, result.creationEpochMillis());
        assertTrue(loaded.get("gone.test", NOW, result));
        assertEquals(DomainAgeStatus.NOT_REGISTERED, result.status());
        assertFalse(loaded.get("pending.test", NOW, result));
        try (var files = Files.list(file.getParent()))
        {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void corruptFileLoadsNothingAndSaysWhere() throws IOException
    {
        final Path file = directory.resolve("cache.tsv");
        Files.writeString(file, DomainAgeCache.HEADER + "\nok.test\tfound\t1\t" + LATER + "\nbad.test\tmaybe\t1\t2\n");
        final DomainAgeCache cache = new DomainAgeCache(8);

        final IOException problem = assertThrows(IOException.class, () -> cache.load(file, NOW));
        assertTrue(problem.getMessage().contains("line 3"), problem.getMessage());
        assertEquals(0, cache.size());
        Files.write(file, new byte[] {(byte)0xff, (byte)0xfe, 0, 1, 2});
        assertThrows(IOException.class, () -> cache.load(file, NOW));
    }

    @Test
    void hitAllocatesNothing() throws IOException
    {
        final DomainAgeCache cache = new DomainAgeCache(1024);
        for (int i = 0; i < 1000; i++)
        {
            cache.put("d" + i + ".test", DomainAgeStatus.FOUND, i, LATER);
        }
        final StringBuilder name = new StringBuilder("D500.TEST.");
        final DomainAgeResult result = new DomainAgeResult();
        final long bytes = allocatedBy(() ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                cache.get(name, NOW, result);
            }
        });
        assertEquals(500, result.creationEpochMillis());
        assertTrue(bytes < 10_000, "100000 hits allocated " + bytes + " bytes");
    }

    @Test
    void serviceHitAllocatesNothing() throws IOException
    {
        final Path bootstrap = directory.resolve("dns.json");
        Files.writeString(bootstrap, "{\"services\": [[[\"test\"], [\"http://127.0.0.1:9/rdap/\"]]]}");
        final Path file = directory.resolve("cache.tsv");
        Files.writeString(file, DomainAgeCache.HEADER + "\nexample.test\tfound\t662687999000\t"
            + (System.currentTimeMillis() + 86_400_000L) + "\n");
        final RdapSettings settings = new RdapSettings(true, bootstrap, file, 100, Duration.ofDays(30),
            Duration.ofDays(1), Duration.ofMinutes(10), 1, 1, Duration.ofSeconds(1), 10);
        try (DomainAgeService service = DomainAgeService.open(settings, update -> { }))
        {
            final DomainAgeResult result = new DomainAgeResult();
            final long now = System.currentTimeMillis();
            final long bytes = allocatedBy(() ->
            {
                for (int i = 0; i < 100_000; i++)
                {
                    service.lookup("example.test", now, result);
                }
            });
            assertEquals(DomainAgeStatus.FOUND, result.status());
            assertEquals(0, service.requests());
            assertTrue(bytes < 10_000, "100000 service hits allocated " + bytes + " bytes");
        }
    }

    private static long allocatedBy(final Runnable work)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        work.run(); // warm up: class loading, lock inflation, JIT
        work.run();
        final long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
