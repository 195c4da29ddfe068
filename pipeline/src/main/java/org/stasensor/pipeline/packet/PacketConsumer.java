package org.stasensor.pipeline.packet;

import java.lang.foreign.MemorySegment;

/**
 * Where a capture source hands each packet: the bytes stay where they lie (an mmap'ed file, a DPDK mbuf,
 * an AF_PACKET block) and are only viewed, never copied to the heap.
 * <p>
 * The pipeline knows nothing of where packets come from; every source (pcap file, AF_PACKET, DPDK) calls
 * this one method from its worker thread. Implementations must not keep a reference to {@code memory}
 * beyond the call: the source may reuse or unmap it as soon as the call returns.
 */
public interface PacketConsumer
{
    /**
     * One captured packet.
     *
     * @param linkType        the link-layer header type of the bytes, a {@link LinkType} value.
     * @param memory          memory holding the packet; may be larger than the packet.
     * @param offset          byte offset of the first link-layer byte in {@code memory}.
     * @param capturedLength  bytes actually present at {@code offset}.
     * @param wireLength      length of the packet on the wire (may exceed the captured length).
     * @param timestampNanos  capture time, nanoseconds since the Unix epoch.
     */
    void onPacket(int linkType, MemorySegment memory, long offset, int capturedLength, int wireLength,
        long timestampNanos);
}
