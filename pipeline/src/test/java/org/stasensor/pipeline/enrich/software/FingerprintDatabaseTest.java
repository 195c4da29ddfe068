package org.stasensor.pipeline.enrich.software;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading, merging and looking up fingerprint files.
 */
class FingerprintDatabaseTest
{
    private static final String CURL_JA3 = "0149f47eabf9a20d0893e2a44e5a6323";

    @Test
    void unknownFingerprintIsUnknown()
    {
        final FingerprintDatabase database = FingerprintDatabase.builtIn();
        assertNull(database.lookup(FingerprintKind.JA3, "00000000000000000000000000000000"));
        assertNull(database.lookup(FingerprintKind.HASSH, CURL_JA3), "a JA3 is not a HASSH");
        assertNull(database.lookup(FingerprintKind.JA3, CURL_JA3.substring(1)), "wrong length");
        assertNull(database.lookup(FingerprintKind.JA4, ""));
    }

    @Test
    void lookupFoldsCaseWhereTheFingerprintLies()
    {
        final FingerprintDatabase database = FingerprintDatabase.builtIn();
        final byte[] bytes = ("xx" + CURL_JA3.toUpperCase() + "yy").getBytes(StandardCharsets.US_ASCII);
        final FingerprintEntry entry = database.lookup(FingerprintKind.JA3, new UnsafeBuffer(bytes), 2, 32);
        assertEquals("curl", entry.software());
        assertEquals("ja3:sta-lab", entry.sourceTag());
    }

    @Test
    void sameFingerprintTwiceInOneListNamesBoth() throws IOException
    {
        final FingerprintDatabase database = new FingerprintDatabase.Builder().add(new StringReader("""
            kind\tfingerprint\tsoftware\tversion\tcategory\tsource
            ja3\t%s\tAlpha\t1.0\tbrowser\t
            ja3\t%s\tBeta\t2.0\tlibrary\t
            ja3\t%s\tAlpha\t1.0\tbrowser\t
            """.formatted(CURL_JA3, CURL_JA3, CURL_JA3)), "one.tsv", "one").build();
        final FingerprintEntry entry = database.lookup(FingerprintKind.JA3, CURL_JA3);
        assertEquals("Alpha | Beta", entry.software());
        assertEquals("1.0 | 2.0", entry.version());
        assertEquals("browser | library", entry.category());
        assertEquals("ja3:one", entry.sourceTag());
    }

    @Test
    void laterListOverridesEarlierAndSaysSo() throws IOException
    {
        final FingerprintDatabase database = new FingerprintDatabase.Builder()
            .add(new StringReader("ja3\t" + CURL_JA3 + "\tAlpha\t\t\tfirst\n"), "first.tsv", "first")
            .add(new StringReader("# comment\n\nja3\t" + CURL_JA3 + "\tBeta\t\tscanner\tsecond\n"), "second.tsv",
                "x")
            .build();
        final FingerprintEntry entry = database.lookup(FingerprintKind.JA3, CURL_JA3);
        assertEquals("Beta", entry.software());
        assertEquals("ja3:second", entry.sourceTag());
        assertEquals(List.of("second.tsv:3: ja3 " + CURL_JA3 + " now names 'Beta' (second) instead of 'Alpha' "
            + "(first)"), database.notes());
    }

    @Test
    void badLinesAreLeftOutWithFileAndLine() throws IOException
    {
        final FingerprintDatabase database = new FingerprintDatabase.Builder().add(new StringReader("""
            # a comment
            ja3\tnot-hex\tX\t\t\t
            ja5\t%s\tX\t\t\t
            ja3\t%s\t\t\t\t
            ja3\t%s\tX
            ja4\tt13d1516h2_8daaf6152771_e5627efa2ab1\tGood\t\t\t
            """.formatted(CURL_JA3, CURL_JA3, CURL_JA3)), "bad.tsv", "bad").build();
        assertEquals(1, database.size());
        assertEquals(4, database.notes().size(), database.notes().toString());
        assertTrue(database.notes().get(0).startsWith("bad.tsv:2: ja3 fingerprint must have 32 characters"));
        assertTrue(database.notes().get(1).startsWith("bad.tsv:3: unknown kind 'ja5'"));
        assertEquals("bad.tsv:4: software name is empty", database.notes().get(2));
        assertTrue(database.notes().get(3).startsWith("bad.tsv:5: expected 6 tab-separated columns"));
    }

    @Test
    void lookupAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final FingerprintDatabase database = FingerprintDatabase.builtIn();
        final UnsafeBuffer known = new UnsafeBuffer(CURL_JA3.getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer unknown = new UnsafeBuffer("ffffffffffffffffffffffffffffffff".getBytes(
            StandardCharsets.US_ASCII));
        final UnsafeBuffer ja4 = new UnsafeBuffer("t13d3112h2_e8f1e7e78f70_b26ce05bbdd6".getBytes(
            StandardCharsets.US_ASCII));
        int found = 0;
        for (int i = 0; i < 50_000; i++)
        {
            found += database.lookup(FingerprintKind.JA3, known, 0, 32) != null ? 1 : 0;
        }
        // Less than a byte per lookup: the JIT's own rare allocations pass, one object per lookup would not.
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5 && allocated >= 300_000; attempt++)
        {
            found = 0;
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++)
            {
                found += database.lookup(FingerprintKind.JA3, known, 0, 32) != null ? 1 : 0;
                found += database.lookup(FingerprintKind.JA3, unknown, 0, 32) != null ? 1 : 0;
                found += database.lookup(FingerprintKind.JA4, ja4, 0, 36) != null ? 1 : 0;
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(200_000, found);
        assertTrue(allocated < 300_000, "allocated " + allocated + " bytes in 300000 lookups");
    }

    @Test
    void manyThreadsLookUpTheSameDatabase() throws InterruptedException
    {
        final FingerprintDatabase database = FingerprintDatabase.builtIn();
        final FingerprintEntry expected = database.lookup(FingerprintKind.JA3, CURL_JA3);
        final boolean[] ok = new boolean[4];
        final Thread[] threads = new Thread[ok.length];
        for (int t = 0; t < threads.length; t++)
        {
            final int index = t;
            threads[t] = new Thread(() ->
            {
                final UnsafeBuffer key = new UnsafeBuffer(CURL_JA3.getBytes(StandardCharsets.US_ASCII));
                boolean same = true;
                for (int i = 0; i < 100_000; i++)
                {
                    same &= database.lookup(FingerprintKind.JA3, key, 0, 32) == expected;
                }
                ok[index] = same;
            });
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        for (final boolean each : ok)
        {
            assertTrue(each);
        }
        assertSame(expected, database.lookup(FingerprintKind.JA3, CURL_JA3));
    }
}
