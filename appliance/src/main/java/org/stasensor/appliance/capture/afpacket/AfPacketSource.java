package org.stasensor.appliance.capture.afpacket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.nativebindings.libc.Libc;
import org.stasensor.nativebindings.libc.pollfd;
import org.stasensor.nativebindings.libc.sockaddr_ll;
import org.stasensor.nativebindings.libc.tpacket3_hdr;
import org.stasensor.nativebindings.libc.tpacket_block_desc;
import org.stasensor.nativebindings.libc.tpacket_hdr_v1;
import org.stasensor.nativebindings.libc.tpacket_stats_v3;
import org.stasensor.pipeline.packet.LinkType;
import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * One fanout member: a TPACKET_V3 receive ring read in place. The ring is one mapping of {@code blockCount} blocks;
 * the kernel fills them in order and hands each over by setting {@code TP_STATUS_USER} in its header, we give it
 * back with {@code TP_STATUS_KERNEL} after its packets were delivered.
 * <pre>
 *   block i at i * blockSize:
 *   +--------------------------+------------------------+------+-----------------+------------------------+---
 *   | tpacket_block_desc (48)  | tpacket3_hdr (48)      | sll  | pad | packet    | tpacket3_hdr ...       |
 *   |  hdr.bh1.block_status    |  tp_next_offset ------>|      |     | ^ tp_mac  |                        |
 *   |  hdr.bh1.num_pkts        |  tp_sec, tp_nsec, ...  |      |     |           |                        |
 *   |  offset_to_first_pkt ----^                        |      |     |           |                        |
 *   +--------------------------+------------------------+------+-----------------+------------------------+---
 * </pre>
 * One {@link #poll} delivers the packets of at most one block: the consumer gets one segment spanning the whole ring
 * and the packet's offset within it, so nothing is allocated per packet or per block. When the next block is still
 * the kernel's, poll waits in {@code poll(2)} for at most the configured poll timeout (10 ms by default) and returns
 * 0 if nothing came: the worker can stop within that, and the kernel wakes it as soon as a block is retired (full,
 * or older than the block timeout).
 * <p>
 * The block status is read with acquire and written with release semantics: the kernel's packet bytes are visible
 * once the status says USER, and our reads of a block are done before the kernel may reuse it.
 */
final class AfPacketSource implements PacketSource
{
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long BLOCK_STATUS = tpacket_block_desc.bh1$offset() + tpacket_hdr_v1.block_status$offset();
    private static final long NUM_PACKETS = tpacket_block_desc.bh1$offset() + tpacket_hdr_v1.num_pkts$offset();
    private static final long FIRST_PACKET = tpacket_block_desc.bh1$offset()
        + tpacket_hdr_v1.offset_to_first_pkt$offset();
    private static final long NEXT_OFFSET = tpacket3_hdr.tp_next_offset$offset();
    private static final long SECONDS = tpacket3_hdr.tp_sec$offset();
    private static final long NANOSECONDS = tpacket3_hdr.tp_nsec$offset();
    private static final long SNAP_LENGTH = tpacket3_hdr.tp_snaplen$offset();
    private static final long WIRE_LENGTH = tpacket3_hdr.tp_len$offset();
    private static final long MAC_OFFSET = tpacket3_hdr.tp_mac$offset();
    /** The kernel writes a sockaddr_ll at TPACKET_ALIGN(sizeof(struct tpacket3_hdr)) after each frame header. */
    private static final long PACKET_TYPE = align(tpacket3_hdr.sizeof()) + sockaddr_ll.sll_pkttype$offset();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final String name;
    private final int fd;
    private final MemorySegment ring;
    private final int blockSize;
    private final int blockCount;
    private final boolean skipOutgoing;
    private final int pollTimeoutMillis;
    private final Arena arena;
    private final MemorySegment pollFds;
    private final MemorySegment pollState;
    private final MemorySegment statistics;
    private final MemorySegment statisticsLength;
    private final MemorySegment statisticsState;
    private int block;
    private long kernelDrops;
    private long queueFreezes;
    private boolean closed;

    /**
     * Takes over an open, bound ring.
     *
     * @param name              e.g. {@code eth1#0}.
     * @param fd                the AF_PACKET socket.
     * @param mapping           the mmap'ed ring (any length; {@code blockSize * blockCount} bytes are used).
     * @param blockSize         bytes per block.
     * @param blockCount        blocks.
     * @param loopback          the interface is loopback: skip the sent copy of each packet.
     * @param pollTimeoutMillis longest wait in the kernel when no block is ready; 0 asks without waiting.
     */
    AfPacketSource(final String name, final int fd, final MemorySegment mapping, final int blockSize,
        final int blockCount, final boolean loopback, final int pollTimeoutMillis)
    {
        this.pollTimeoutMillis = pollTimeoutMillis;
        this.name = "af_packet:" + name;
        this.fd = fd;
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.skipOutgoing = loopback;
        this.arena = Arena.ofShared();
        final long bytes = (long)blockSize * blockCount;
        // Unmapped when the arena closes; a late access then fails in Java instead of faulting.
        final MemorySegment unmapState = Libc.allocateCallState(Arena.ofAuto());
        this.ring = mapping.reinterpret(bytes, arena, segment -> Libc.munmap(unmapState, segment, bytes));
        this.pollFds = arena.allocate(pollfd.layout());
        this.pollState = Libc.allocateCallState(arena);
        this.statistics = arena.allocate(tpacket_stats_v3.layout());
        this.statisticsLength = arena.allocate(ValueLayout.JAVA_INT);
        this.statisticsState = Libc.allocateCallState(arena);
        pollfd.fd(pollFds, fd);
        pollfd.events(pollFds, (short)(Libc.POLLIN() | Libc.POLLERR()));
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public int poll(final PacketConsumer consumer)
    {
        final long start = (long)block * blockSize;
        if (!ready(start))
        {
            pollFds.set(ValueLayout.JAVA_SHORT, pollfd.revents$offset(), (short)0);
            Libc.poll(pollState, pollFds, 1, pollTimeoutMillis);
            if (!ready(start))
            {
                return 0;
            }
        }
        try
        {
            return deliver(start, consumer);
        }
        finally
        {
            // Given back even when the consumer threw: a block kept by mistake would stop the ring for good.
            INT.setRelease(ring, start + BLOCK_STATUS, Libc.TP_STATUS_KERNEL());
            block = block + 1 == blockCount ? 0 : block + 1;
        }
    }

    private boolean ready(final long start)
    {
        return ((int)INT.getAcquire(ring, start + BLOCK_STATUS) & Libc.TP_STATUS_USER()) != 0;
    }

    private int deliver(final long start, final PacketConsumer consumer)
    {
        final MemorySegment ring = this.ring;
        final long end = start + blockSize;
        final int packets = ring.get(ValueLayout.JAVA_INT, start + NUM_PACKETS);
        long header = start + Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, start + FIRST_PACKET));
        int delivered = 0;
        for (int i = 0; i < packets; i++)
        {
            if (header + PACKET_TYPE + 1 > end)
            {
                break;
            }
            final int captured = ring.get(ValueLayout.JAVA_INT, header + SNAP_LENGTH);
            final long data = header + Short.toUnsignedLong(ring.get(ValueLayout.JAVA_SHORT, header + MAC_OFFSET));
            if (captured < 0 || data + captured > end)
            {
                break;
            }
            if (!skipOutgoing || ring.get(ValueLayout.JAVA_BYTE, header + PACKET_TYPE) != Libc.PACKET_OUTGOING())
            {
                final long nanos = Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, header + SECONDS))
                    * NANOS_PER_SECOND + Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, header + NANOSECONDS));
                consumer.onPacket(LinkType.ETHERNET, ring, data, captured,
                    ring.get(ValueLayout.JAVA_INT, header + WIRE_LENGTH), nanos);
                delivered++;
            }
            final int next = ring.get(ValueLayout.JAVA_INT, header + NEXT_OFFSET);
            if (next <= 0)
            {
                break;
            }
            header += next;
        }
        return delivered;
    }

    /**
     * Adds the kernel's counts since the capture opened: {@code tp_drops} (ring full) as NIC drops and
     * {@code tp_freeze_q_cnt} (the queue froze because every block was still ours) as software drops. The kernel
     * resets its counters on each read, so they are summed here.
     */
    @Override
    public synchronized void statistics(final QueueStatistics into)
    {
        readKernelStatistics();
        into.addNicDrops(kernelDrops);
        into.addSoftwareDrops(queueFreezes);
    }

    private void readKernelStatistics()
    {
        if (closed)
        {
            return;
        }
        statisticsLength.set(ValueLayout.JAVA_INT, 0, (int)tpacket_stats_v3.sizeof());
        if (Libc.getsockopt(statisticsState, fd, Libc.SOL_PACKET(), Libc.PACKET_STATISTICS(), statistics,
            statisticsLength) == 0)
        {
            kernelDrops += Integer.toUnsignedLong(tpacket_stats_v3.tp_drops(statistics));
            queueFreezes += Integer.toUnsignedLong(tpacket_stats_v3.tp_freeze_q_cnt(statistics));
        }
    }

    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        readKernelStatistics();
        closed = true;
        Libc.close(statisticsState, fd);
        arena.close();
    }

    private static long align(final long length)
    {
        // TPACKET_ALIGN in <linux/if_packet.h>
        final long alignment = Libc.TPACKET_ALIGNMENT();
        return (length + alignment - 1) & -alignment;
    }
}
