package org.stasensor.appliance.capture.afpacket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.NetnsLab;
import org.stasensor.pipeline.packet.LinkType;
import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * How one ring behaves for its worker: an idle poll comes back with 0 within its timeout (so a worker stops within
 * ~100 ms), polling under traffic allocates nothing, loopback packets come once, and the counters survive close.
 * Packets are counted by what they are (UDP datagrams to the discard port, sent by bash's /dev/udp), so the number
 * sent is the oracle.
 */
final class AfPacketPollTest
{
    private static final int DISCARD_PORT = 9;
    private static final long ONE_HUNDRED_MILLIS = 100_000_000L;

    @TempDir
    static Path directory;
    private static NetnsLab lab;

    @BeforeAll
    static void createLab()
    {
        lab = NetnsLab.create("afpoll", directory);
    }

    @AfterAll
    static void deleteLab()
    {
        if (lab != null)
        {
            lab.close();
        }
    }

    @Test
    void anIdlePollReturnsNothingWithinItsTimeout() throws Exception
    {
        final PacketSource source = open(lab.a().interfaceName(), 1).getFirst();
        try
        {
            final DiscardCounter counter = new DiscardCounter();
            for (int i = 0; i < 20; i++)
            {
                final long start = System.nanoTime();
                final int delivered = source.poll(counter);
                final long took = System.nanoTime() - start;
                assertTrue(took < ONE_HUNDRED_MILLIS, "an idle poll took " + took + " ns");
                assertTrue(delivered == 0 || counter.discard == 0, "nothing was sent: " + delivered);
            }
        }
        finally
        {
            source.close();
        }
    }

    @Test
    void pollingUnderTrafficDeliversEveryDatagramAndAllocatesNothing() throws Exception
    {
        // Without a wait in the kernel, so that enough polls to compile poll() fit in a second.
        final PacketSource source = InNamespace.call(lab.a().name(), () -> AfPacketCapture.open(
            AfPacketSettings.of(lab.a().interfaceName(), 1).withBlocks(1 << 16, 64).withPollTimeoutMillis(0)))
            .getFirst();
        try
        {
            final DiscardCounter counter = new DiscardCounter();
            final BackgroundProcess warmUp = startSending(lab.b(), lab.a().address(), 3000);
            for (int i = 0; i < 200_000 || counter.discard < 3000; i++)
            {
                source.poll(counter);
            }
            warmUp.awaitExit(Duration.ofSeconds(30));
            counter.discard = 0;

            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final BackgroundProcess sender = startSending(lab.b(), lab.a().address(), 3000);
            final long before = threads.getCurrentThreadAllocatedBytes();
            final int polls = pollUntil(source, counter, 3000);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            sender.awaitExit(Duration.ofSeconds(30));
            assertEquals(3000, counter.discard);
            assertEquals(0, allocated, "bytes allocated in " + polls + " polls");

            final QueueStatistics statistics = new QueueStatistics();
            source.statistics(statistics);
            assertEquals(0, statistics.nicDrops());
        }
        finally
        {
            source.close();
        }
        final QueueStatistics afterClose = new QueueStatistics();
        source.statistics(afterClose);
        assertEquals(0, afterClose.nicDrops() + afterClose.softwareDrops());
    }

    @Test
    void loopbackPacketsComeOnceNotAlsoAsSent() throws Exception
    {
        final PacketSource source = open("lo", 1).getFirst();
        try
        {
            final DiscardCounter counter = new DiscardCounter();
            send(lab.a(), "127.0.0.1", 50);
            pollUntil(source, counter, 50);
            // Anything further would be the sent copies, were they not skipped.
            for (int i = 0; i < 5; i++)
            {
                source.poll(counter);
            }
            assertEquals(50, counter.discard);
        }
        finally
        {
            source.close();
        }
    }

    @Test
    void aRingSmallerThanTheTrafficCountsDropsAndKeepsGoing() throws Exception
    {
        final PacketSource source = open(lab.a().interfaceName(), 1, 1 << 16, 2);
        try
        {
            // Not polled while 3000 datagrams arrive: two 64 KiB blocks hold about 1000 of them.
            send(lab.b(), lab.a().address(), 3000);
            Thread.sleep(50);
            final DiscardCounter counter = new DiscardCounter();
            for (int i = 0; i < 20; i++)
            {
                source.poll(counter);
            }
            final QueueStatistics statistics = new QueueStatistics();
            source.statistics(statistics);
            assertTrue(counter.discard > 0 && counter.discard < 3000, "delivered " + counter.discard);
            // The drops may also hold a few of namespace a's ICMP port-unreachable answers (rate limited by the
            // kernel to about one a second), which go out through the same ring.
            final long dropped = statistics.nicDrops();
            assertTrue(counter.discard + dropped >= 3000 && counter.discard + dropped <= 3005,
                "delivered " + counter.discard + " + dropped " + dropped);
            send(lab.b(), lab.a().address(), 10);
            counter.discard = 0;
            pollUntil(source, counter, 10);
        }
        finally
        {
            source.close();
        }
    }

    private static List<PacketSource> open(final String name, final int workers) throws Exception
    {
        return InNamespace.call(lab.a().name(), () -> AfPacketCapture.open(AfPacketSettings.of(name, workers)
            .withBlocks(1 << 20, 8)));
    }

    private static PacketSource open(final String name, final int workers, final int blockSize, final int blocks)
        throws Exception
    {
        return InNamespace.call(lab.a().name(), () -> AfPacketCapture.open(AfPacketSettings.of(name, workers)
            .withBlocks(blockSize, blocks))).getFirst();
    }

    private static int pollUntil(final PacketSource source, final DiscardCounter counter, final int wanted)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        int polls = 0;
        while (counter.discard < wanted)
        {
            source.poll(counter);
            polls++;
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("only " + counter.discard + " of " + wanted + " datagrams arrived");
            }
        }
        return polls;
    }

    private static void send(final org.stasensor.appliance.lab.LabNamespace from, final String to, final int count)
    {
        lab.run(from, Duration.ofSeconds(30), "bash", "-c", script(to, count)).orFail();
    }

    private static BackgroundProcess startSending(final org.stasensor.appliance.lab.LabNamespace from,
        final String to, final int count)
    {
        return lab.start(from, "bash", "-c", script(to, count));
    }

    private static String script(final String to, final int count)
    {
        return "for i in $(seq " + count + "); do echo $i > /dev/udp/" + to + "/" + DISCARD_PORT + "; done";
    }

    /** Counts IPv4 UDP datagrams to the discard port; allocates nothing. */
    private static final class DiscardCounter implements PacketConsumer
    {
        private static final ValueLayout.OfShort BIG_ENDIAN_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        private int discard;

        @Override
        public void onPacket(final int linkType, final MemorySegment memory, final long offset,
            final int capturedLength, final int wireLength, final long timestampNanos)
        {
            // Ethernet (14) + IPv4 without options (20) + UDP destination port (2..3).
            if (linkType == LinkType.ETHERNET && capturedLength >= 38
                && memory.get(BIG_ENDIAN_SHORT, offset + 12) == 0x0800
                && memory.get(ValueLayout.JAVA_BYTE, offset + 14) == 0x45
                && memory.get(ValueLayout.JAVA_BYTE, offset + 23) == 17
                && memory.get(BIG_ENDIAN_SHORT, offset + 36) == DISCARD_PORT)
            {
                discard++;
            }
        }
    }
}
