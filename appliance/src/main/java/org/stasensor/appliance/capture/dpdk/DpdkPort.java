package org.stasensor.appliance.capture.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.nativebindings.dpdk.sta_dpdk_h;
import org.stasensor.nativebindings.dpdk.sta_dpdk_port_info;
import org.stasensor.nativebindings.dpdk.sta_dpdk_port_stats;

/**
 * One DPDK port set up for receiving: configured with its receive queues (symmetric RSS where the PMD hashes), one
 * mbuf pool per queue, started; and its counters, read for the queues' statistics.
 * <p>
 * Counters: DPDK counts {@code imissed} (NIC ring full) and {@code rx_nombuf} (pool empty) per port only; they are
 * reported by queue 0, so that sums over queues are right. {@code ierrors} is reported per queue from
 * {@code q_errors} when the PMD fills the per-queue counters (their sum equals the port's), else by queue 0 too.
 */
final class DpdkPort
{
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final int MEBIBYTE = 1 << 20;

    private final short id;
    private final String name;
    private final String driver;
    private final int queues;
    private final int flags;
    private final List<MemorySegment> pools = new ArrayList<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment stats = sta_dpdk_port_stats.allocate(arena);
    private final long[] lastQueueErrors;
    private long lastMissed;
    private long lastErrors;
    private long lastNoBuffer;
    private long lastPackets;
    private boolean perQueueErrors;
    private boolean started;
    private boolean closed;

    private DpdkPort(final short id, final String name, final String driver, final int queues, final int flags)
    {
        this.id = id;
        this.name = name;
        this.driver = driver;
        this.queues = queues;
        this.flags = flags;
        this.lastQueueErrors = new long[queues];
    }

    /**
     * Configures, sets up and starts a port; on failure releases what it made.
     *
     * @param id       the port id.
     * @param settings queues, pools, descriptors.
     * @param eal      EAL's arguments, to name the memory it was given in messages.
     * @return the started port.
     * @throws CaptureSetupException one line: too many queues, DPDK refused the configuration, no memory for pools.
     */
    static DpdkPort open(final short id, final DpdkSettings settings, final List<String> eal)
        throws CaptureSetupException
    {
        final String name;
        final String driver;
        final int maxQueues;
        final boolean rss;
        final int socket;
        try (Arena setup = Arena.ofConfined())
        {
            final MemorySegment info = sta_dpdk_port_info.allocate(setup);
            check(sta_dpdk_h.sta_dpdk_port_info(id, info), "port " + id, "cannot read what the port offers");
            name = sta_dpdk_port_info.name(info).getString(0);
            driver = sta_dpdk_port_info.driver_name(info).getString(0);
            maxQueues = Short.toUnsignedInt(sta_dpdk_port_info.max_rx_queues(info));
            rss = sta_dpdk_port_info.flow_type_rss_offloads(info) != 0;
            socket = sta_dpdk_port_info.socket_id(info);
        }
        final String who = "port " + id + " (" + name + ", " + driver + ")";
        final int queues = queues(settings.queuesPerPort(), maxQueues, rss);
        if (queues < 1)
        {
            throw new CaptureSetupException(who + " offers no receive queue");
        }
        if (queues > maxQueues)
        {
            throw new CaptureSetupException(who + " offers at most " + maxQueues + " receive queue(s); "
                + settings.queuesPerPort() + " were asked for");
        }
        final int flags;
        try (Arena setup = Arena.ofConfined())
        {
            final MemorySegment out = setup.allocate(ValueLayout.JAVA_INT);
            check(sta_dpdk_h.sta_dpdk_port_configure(id, (short)queues, out), who,
                "DPDK refused to configure " + queues + " receive queue(s)");
            flags = out.get(ValueLayout.JAVA_INT, 0);
        }
        final DpdkPort port = new DpdkPort(id, name, driver, queues, flags);
        try
        {
            for (int queue = 0; queue < queues; queue++)
            {
                final MemorySegment pool = port.createPool(queue, settings, socket, eal);
                check(sta_dpdk_h.sta_dpdk_rx_queue_setup(id, (short)queue, (short)settings.rxDescriptors(), pool), who,
                    "DPDK refused receive queue " + queue + " with " + settings.rxDescriptors() + " descriptors");
            }
            check(sta_dpdk_h.sta_dpdk_port_start(id), who, "DPDK could not start the port");
            port.started = true;
            return port;
        }
        catch (final CaptureSetupException | RuntimeException ex)
        {
            port.close();
            throw ex;
        }
    }

    private static int queues(final int asked, final int offered, final boolean rss)
    {
        if (asked > 0)
        {
            return asked;
        }
        // Without RSS each queue is an input of its own (net_pcap: one per rx_pcap file): all must be read. With
        // RSS the count is ours: one per CPU this process may use.
        return rss ? Math.min(offered, Runtime.getRuntime().availableProcessors()) : offered;
    }

    private MemorySegment createPool(final int queue, final DpdkSettings settings, final int socket,
        final List<String> eal) throws CaptureSetupException
    {
        final String poolName = "sta_p" + id + "_q" + queue + "_" + POOLS.incrementAndGet();
        final MemorySegment pool;
        try (Arena setup = Arena.ofConfined())
        {
            pool = sta_dpdk_h.sta_dpdk_pktmbuf_pool_create(setup.allocateFrom(poolName), settings.mbufsPerQueue(),
                (short)settings.mbufDataRoom(), socket);
        }
        if (pool.address() == 0)
        {
            final int errno = sta_dpdk_h.sta_dpdk_errno();
            final long needed = sta_dpdk_h.sta_dpdk_pktmbuf_pool_bytes(settings.mbufsPerQueue(),
                (short)settings.mbufDataRoom());
            final long free = sta_dpdk_h.sta_dpdk_heap_free_bytes(socket);
            throw new CaptureSetupException("cannot create the mbuf pool of port " + id + " (" + name + ") queue "
                + queue + " (" + sta_dpdk_h.sta_dpdk_strerror(errno).getString(0) + "): " + settings.mbufsPerQueue()
                + " mbufs of " + settings.mbufDataRoom() + " bytes need about " + mebibytes(needed) + " MiB, DPDK "
                + "has " + mebibytes(free) + " MiB free of the memory EAL was given (" + memoryArguments(eal)
                + "); give EAL more memory (-m or --socket-mem, or hugepages) or use fewer mbufs per queue");
        }
        pools.add(pool);
        return pool;
    }

    private static String memoryArguments(final List<String> eal)
    {
        for (int i = 0; i < eal.size(); i++)
        {
            final String argument = eal.get(i);
            if (("-m".equals(argument) || "--socket-mem".equals(argument)) && i + 1 < eal.size())
            {
                return argument + " " + eal.get(i + 1);
            }
            if (argument.startsWith("--socket-mem=") || argument.startsWith("-m") && argument.length() > 2)
            {
                return argument;
            }
        }
        return "no -m or --socket-mem: hugepages as available";
    }

    private static long mebibytes(final long bytes)
    {
        return (bytes + MEBIBYTE - 1) / MEBIBYTE;
    }

    private static void check(final int result, final String who, final String failure) throws CaptureSetupException
    {
        if (result < 0)
        {
            throw new CaptureSetupException(who + ": " + failure + ": "
                + sta_dpdk_h.sta_dpdk_strerror(-result).getString(0));
        }
    }

    short id()
    {
        return id;
    }

    String name()
    {
        return name;
    }

    String driver()
    {
        return driver;
    }

    int queues()
    {
        return queues;
    }

    boolean symmetricRss()
    {
        return (flags & sta_dpdk_h.STA_DPDK_CONFIGURED_RSS()) != 0;
    }

    boolean pmdTimestamps()
    {
        return (flags & sta_dpdk_h.STA_DPDK_CONFIGURED_PMD_TIMESTAMPS()) != 0;
    }

    /**
     * Adds a queue's share of the port's drop counters, as the class comment says.
     *
     * @param queue the queue.
     * @param into  where they are added.
     */
    synchronized void addStatistics(final int queue, final QueueStatistics into)
    {
        read();
        if (queue == 0)
        {
            into.addNicDrops(lastMissed + (perQueueErrors ? 0 : lastErrors));
            into.addSoftwareDrops(lastNoBuffer);
        }
        if (perQueueErrors)
        {
            into.addNicDrops(lastQueueErrors[queue]);
        }
    }

    /**
     * Packets the port received since it started, as DPDK counts them.
     *
     * @return {@code ipackets}.
     */
    synchronized long receivedPackets()
    {
        read();
        return lastPackets;
    }

    private void read()
    {
        if (closed || sta_dpdk_h.sta_dpdk_port_stats(id, stats) != 0)
        {
            return;
        }
        lastPackets = sta_dpdk_port_stats.ipackets(stats);
        lastMissed = sta_dpdk_port_stats.imissed(stats);
        lastErrors = sta_dpdk_port_stats.ierrors(stats);
        lastNoBuffer = sta_dpdk_port_stats.rx_nombuf(stats);
        long sum = 0;
        final boolean counted = queues <= sta_dpdk_h.STA_DPDK_QUEUE_STAT_COUNTERS();
        for (int queue = 0; counted && queue < queues; queue++)
        {
            lastQueueErrors[queue] = sta_dpdk_port_stats.q_errors(stats, queue);
            sum += lastQueueErrors[queue];
        }
        perQueueErrors = counted && sum == lastErrors;
    }

    /**
     * Writes frames into the data area of every mbuf of this port's pools (benchmarks on net_null, which hands out
     * mbufs without writing them).
     *
     * @param frames      frames back to back.
     * @param frameLength bytes per frame.
     * @param frameCount  frames.
     * @return mbufs written.
     */
    synchronized long fillMbufs(final MemorySegment frames, final int frameLength, final int frameCount)
    {
        long written = 0;
        for (final MemorySegment pool : pools)
        {
            written += Math.max(0, sta_dpdk_h.sta_dpdk_pool_fill(pool, frames, frameLength, frameCount));
        }
        return written;
    }

    /** Stops and closes the port and frees its pools; after every worker of its queues ended. */
    synchronized void close()
    {
        if (closed)
        {
            return;
        }
        read();
        closed = true;
        if (started)
        {
            sta_dpdk_h.sta_dpdk_port_stop(id);
        }
        sta_dpdk_h.sta_dpdk_port_close(id);
        pools.forEach(sta_dpdk_h::sta_dpdk_mempool_free);
        pools.clear();
        arena.close();
    }
}
