package org.stasensor.appliance.capture.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.nativebindings.dpdk.sta_dpdk_h;

/**
 * Capture through DPDK: starts EAL (once per process) with the operator's arguments, sets up every port EAL found
 * for receiving, and offers one {@link PacketSource} per receive queue, ordered by port, then queue; worker
 * {@code i} polls source {@code i}.
 * <p>
 * Use, as {@code sta capture --source dpdk} does:
 * <pre>
 * try (DpdkCapture capture = DpdkCapture.open(DpdkSettings.of(ealArguments, 0)))
 * {
 *     // one pinned worker per capture.sources() element, busy-spinning; each calls onWorkerStart() first
 *     // ... after every worker ended:
 * }   // close() stops and closes the ports and frees their pools
 * </pre>
 * Each port: receive queues as {@link DpdkSettings#queuesPerPort()} says; where the PMD hashes flows to queues
 * (RSS), over IP addresses and TCP/UDP ports with the symmetric key (0x6d5a repeated), so both directions of a flow
 * reach the same queue and worker; no transmit queue unless the PMD insists; promiscuous mode where the PMD has it;
 * one mbuf pool per queue on the port's NUMA socket. A PMD without RSS (net_pcap: one queue per {@code rx_pcap}
 * file) delivers what each of its inputs carries on its own queue.
 * <p>
 * Failures are {@link CaptureSetupException}s with one line for the operator: the shim or DPDK's libraries cannot
 * be loaded; EAL refused its arguments (with DPDK's reason and the offending argument where DPDK names it); a
 * device DPDK refused ({@code --vdev} parameters its PMD rejected); no ports; more queues than a port offers; no
 * memory for a pool (what was asked against what EAL has); a configuration DPDK refused.
 */
public final class DpdkCapture implements AutoCloseable
{
    private static final int MAX_PORTS = 64;

    private final List<DpdkPort> ports;
    private final List<PacketSource> sources;

    private DpdkCapture(final List<DpdkPort> ports, final List<PacketSource> sources)
    {
        this.ports = List.copyOf(ports);
        this.sources = List.copyOf(sources);
    }

    /**
     * Starts EAL if it is not running yet, and sets up and starts every port it found.
     *
     * @param settings EAL arguments, queues, pools and bursts.
     * @return the capture, its ports started.
     * @throws CaptureSetupException when DPDK cannot be used as asked; one line for the operator.
     */
    public static DpdkCapture open(final DpdkSettings settings) throws CaptureSetupException
    {
        settings.validate();
        final List<String> arguments = settings.effectiveEalArguments();
        final List<String> refused = Eal.start(arguments);
        if (!refused.isEmpty())
        {
            throw new CaptureSetupException("DPDK refused a device: " + String.join("; ", refused)
                + "; EAL arguments: " + String.join(" ", arguments));
        }
        final short[] ids = portIds();
        if (ids.length == 0)
        {
            throw new CaptureSetupException("DPDK found no ports: the EAL arguments name no device it could use "
                + "(give --vdev, or -a PCI_ADDRESS of a NIC bound to vfio-pci); EAL arguments: "
                + String.join(" ", arguments));
        }
        final List<DpdkPort> ports = new ArrayList<>();
        try
        {
            for (final short id : ids)
            {
                ports.add(DpdkPort.open(id, settings, arguments));
            }
        }
        catch (final CaptureSetupException | RuntimeException ex)
        {
            ports.forEach(DpdkPort::close);
            throw ex;
        }
        final List<PacketSource> sources = new ArrayList<>();
        for (final DpdkPort port : ports)
        {
            for (int queue = 0; queue < port.queues(); queue++)
            {
                sources.add(new DpdkQueueSource(port, queue, settings.burstSize()));
            }
        }
        return new DpdkCapture(ports, sources);
    }

    private static short[] portIds()
    {
        try (Arena setup = Arena.ofConfined())
        {
            final MemorySegment ids = setup.allocate(ValueLayout.JAVA_SHORT, MAX_PORTS);
            final int count = sta_dpdk_h.sta_dpdk_port_ids(ids, MAX_PORTS);
            final short[] result = new short[count];
            for (int i = 0; i < count; i++)
            {
                result[i] = ids.getAtIndex(ValueLayout.JAVA_SHORT, i);
            }
            return result;
        }
    }

    /**
     * The receive queues, ordered by port, then queue.
     *
     * @return one source per queue.
     */
    public List<PacketSource> sources()
    {
        return sources;
    }

    /**
     * One line per port for the operator: id, device, driver, queues, whether flows are spread by symmetric RSS,
     * where timestamps come from.
     *
     * @return the lines.
     */
    public List<String> describePorts()
    {
        final List<String> lines = new ArrayList<>();
        for (final DpdkPort port : ports)
        {
            lines.add("dpdk port " + port.id() + ": " + port.name() + " (" + port.driver() + "), " + port.queues()
                + " receive queue(s), " + (port.symmetricRss() ? "symmetric RSS" : "no RSS") + ", timestamps from "
                + (port.pmdTimestamps() ? "the PMD" : "the wall clock per burst"));
        }
        return lines;
    }

    /**
     * Packets the ports received since they started, as DPDK counts them (tests wait for a file's worth).
     *
     * @return the sum of every port's {@code ipackets}.
     */
    public long receivedPackets()
    {
        long sum = 0;
        for (final DpdkPort port : ports)
        {
            sum += port.receivedPackets();
        }
        return sum;
    }

    /**
     * For benchmarks only: writes frames into the data area of every mbuf of every pool, where a PMD that does not
     * write packet data (net_null with {@code copy=0}, which only sets lengths) leaves it, so that the pipeline gets
     * real frames at net_null's speed. Call before the workers start.
     *
     * @param frames      {@code frameCount} frames of {@code frameLength} bytes, back to back, native memory.
     * @param frameLength bytes per frame; at most the mbuf data room minus its 128-byte headroom.
     * @param frameCount  frames; mbuf {@code i} of a pool gets frame {@code i % frameCount}.
     * @return mbufs written.
     */
    public long fillMbufsForBenchmark(final MemorySegment frames, final int frameLength, final int frameCount)
    {
        long written = 0;
        for (final DpdkPort port : ports)
        {
            written += port.fillMbufs(frames, frameLength, frameCount);
        }
        return written;
    }

    /** Stops and closes the ports and frees their pools: only after every worker polling them has ended. */
    @Override
    public void close()
    {
        ports.forEach(DpdkPort::close);
    }
}
