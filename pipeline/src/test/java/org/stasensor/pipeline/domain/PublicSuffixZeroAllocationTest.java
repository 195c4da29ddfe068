package org.stasensor.pipeline.domain;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Matching a name allocates nothing, from an array or a buffer, measured with the JVM's per-thread allocation
 * counter.
 */
class PublicSuffixZeroAllocationTest
{
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 200_000;
    private static final int ATTEMPTS = 5;

    @Test
    void matchingAllocatesNothing()
    {
        assumeTrue(Files.isReadable(PublicSuffixList.DEFAULT_PATH), "publicsuffix package not installed");
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());

        final PublicSuffixList list = PublicSuffixList.load();
        final String[] names = {"www.example.co.uk", "a.b.c.kobe.jp", "www.ck", "foo.bar.ck", "host.corp.",
            "WWW.EXAMPLE.COM", "xn--85x722f.xn--55qx5d.cn", "x.y.z.s3.dualstack.us-east-1.amazonaws.com", "com",
            "a..b", ("a".repeat(63) + ".").repeat(4) + "com", "3.2.1.10.in-addr.arpa"};
        final byte[][] arrays = new byte[names.length][];
        final UnsafeBuffer[] buffers = new UnsafeBuffer[names.length];
        for (int i = 0; i < names.length; i++)
        {
            arrays[i] = names[i].getBytes(StandardCharsets.US_ASCII);
            buffers[i] = new UnsafeBuffer(arrays[i]);
        }
        long work = 0;
        for (int i = 0; i < WARM_UP; i++)
        {
            work += round(list, arrays, buffers, i);
        }
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS && allocated >= MEASURED; attempt++)
        {
            final long before = counter.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++)
            {
                work += round(list, arrays, buffers, i);
            }
            allocated = counter.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(work != 0, "the rounds did work");
        assertTrue(allocated < MEASURED, allocated + " bytes allocated in " + MEASURED + " rounds");
    }

    private static int round(final PublicSuffixList list, final byte[][] arrays, final UnsafeBuffer[] buffers,
        final int i)
    {
        final int index = i % arrays.length;
        return list.match(arrays[index], 0, arrays[index].length)
            + list.match(buffers[index], 0, buffers[index].capacity());
    }
}
