package org.stasensor.appliance.capture.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.nativebindings.dpdk.sta_dpdk_burst;
import org.stasensor.nativebindings.dpdk.sta_dpdk_h;
import org.stasensor.pipeline.packet.LinkType;
import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * One receive queue of a DPDK port. A poll is one downcall that receives a burst and describes it in a preallocated
 * {@link sta_dpdk_burst} (each packet's data address, lengths and timestamp), the packets handed to the consumer
 * where they lie in their mbufs, and one downcall that returns the burst's mbufs to their pool: two downcalls per
 * burst of up to 64 packets, no allocation.
 * <p>
 * The consumer gets one segment spanning all memory ({@code MemorySegment.NULL} reinterpreted to
 * {@code Long.MAX_VALUE} bytes, global scope, so no liveness check) with the packet's native address as the offset:
 * mbufs live anywhere in EAL's memory, and a segment per mbuf would cost an allocation per packet. Link type is
 * Ethernet (DPDK ports carry Ethernet frames). Timestamps: the PMD's where it writes Unix time (net_pcap: the
 * capture file's), else the wall clock read once per burst.
 */
final class DpdkQueueSource implements PacketSource
{
    private static final MemorySegment ALL_MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final long DATA = sta_dpdk_burst.data$offset();
    private static final long DATA_LENGTH = sta_dpdk_burst.data_length$offset();
    private static final long PACKET_LENGTH = sta_dpdk_burst.packet_length$offset();
    private static final long TIMESTAMP = sta_dpdk_burst.timestamp$offset();

    private final String name;
    private final DpdkPort port;
    private final short portId;
    private final short queueId;
    private final short burstSize;
    private final MemorySegment burst;
    private int lcore = -1;
    private boolean closed;

    /**
     * A queue of a started port.
     *
     * @param port      the port.
     * @param queue     the queue id.
     * @param burstSize most packets per poll, 1..64.
     */
    DpdkQueueSource(final DpdkPort port, final int queue, final int burstSize)
    {
        this.name = "dpdk:" + port.id() + "/" + queue;
        this.port = port;
        this.portId = port.id();
        this.queueId = (short)queue;
        this.burstSize = (short)burstSize;
        // An automatic arena: passing its segment to a downcall costs no atomic acquire, unlike a shared one.
        this.burst = sta_dpdk_burst.allocate(Arena.ofAuto());
    }

    @Override
    public String name()
    {
        return name;
    }

    /** Makes the worker an EAL thread: its own lcore id, so that mbuf frees and allocations use a per-lcore cache. */
    @Override
    public void onWorkerStart()
    {
        // Without it the queue still works, through the pool's shared ring (slower): not a reason to stop.
        lcore = sta_dpdk_h.sta_dpdk_thread_register();
    }

    /**
     * The EAL lcore id the worker got in {@link #onWorkerStart} (still after {@link #close()}, for reports).
     *
     * @return the id, or -1 when not registered.
     */
    int lcore()
    {
        return lcore;
    }

    @Override
    public int poll(final PacketConsumer consumer)
    {
        final MemorySegment burst = this.burst;
        final int count = Short.toUnsignedInt(sta_dpdk_h.sta_dpdk_rx_burst(portId, queueId, burst, burstSize));
        if (count == 0)
        {
            return 0;
        }
        try
        {
            for (int i = 0; i < count; i++)
            {
                final long address = burst.get(ValueLayout.JAVA_LONG, DATA + i * Long.BYTES);
                final int captured = burst.get(ValueLayout.JAVA_INT, DATA_LENGTH + i * Integer.BYTES);
                final int wire = burst.get(ValueLayout.JAVA_INT, PACKET_LENGTH + i * Integer.BYTES);
                final long timestamp = burst.get(ValueLayout.JAVA_LONG, TIMESTAMP + i * Long.BYTES);
                consumer.onPacket(LinkType.ETHERNET, ALL_MEMORY, address, captured, wire, timestamp);
            }
        }
        finally
        {
            // Returned even when the consumer threw: mbufs kept by mistake would drain the pool for good.
            sta_dpdk_h.sta_dpdk_free_bulk(burst, (short)count);
        }
        return count;
    }

    @Override
    public void statistics(final QueueStatistics into)
    {
        port.addStatistics(queueId, into);
    }

    /** Gives the worker's lcore id back; the port itself is released by {@link DpdkCapture#close()}. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (lcore >= 0)
        {
            sta_dpdk_h.sta_dpdk_thread_unregister();
        }
    }
}
