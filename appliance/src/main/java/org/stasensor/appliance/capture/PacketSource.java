package org.stasensor.appliance.capture;

import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * One receive queue (a DPDK rx queue, an AF_PACKET fanout member, a list of capture files) polled by exactly one
 * worker thread. Packets are handed to the consumer where they lie and are released when {@link #poll} returns, so
 * the consumer must not keep the memory it is given (as {@link PacketConsumer} already says).
 * <p>
 * Every method except {@link #statistics} and {@link #requestStop} is called from the owning worker thread only;
 * those two may be called from any thread.
 */
public interface PacketSource extends AutoCloseable
{
    /** What {@link #poll} returns when the source will never deliver another packet (a file read to its end). */
    int END = -1;

    /**
     * The queue's name in messages and metrics, e.g. {@code dpdk:0/1}, {@code af_packet:veth0#1}, {@code pcap:0}.
     *
     * @return a short name.
     */
    String name();

    /**
     * Called once on the worker thread before the first {@link #poll}: where a source must register the thread
     * (DPDK's per-lcore mempool cache) or map per-thread state.
     */
    default void onWorkerStart()
    {
    }

    /**
     * Called from another thread when the worker is asked to stop: a source whose {@link #poll} can run long (a
     * whole capture file, paced at its original speed) cuts it short; others need not do anything, since the worker
     * stops after the current poll anyway.
     */
    default void requestStop()
    {
    }

    /**
     * Hands at most one burst of waiting packets to the consumer and releases them.
     *
     * @param consumer receives each packet on the calling thread.
     * @return packets delivered (0 when none were waiting), or {@link #END}.
     */
    int poll(PacketConsumer consumer);

    /**
     * Adds what the source knows of this queue's drops to {@code into}: packets the NIC or kernel dropped before the
     * source saw them, and packets the source itself could not receive (no buffers).
     *
     * @param into where the numbers are added.
     */
    void statistics(QueueStatistics into);

    /** Releases the queue; called once, on the worker thread, after the last {@link #poll}. */
    @Override
    void close();
}
