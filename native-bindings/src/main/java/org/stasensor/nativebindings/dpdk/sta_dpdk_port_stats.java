package org.stasensor.nativebindings.dpdk;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

/**
 * {@code struct sta_dpdk_port_stats} of {@code sta_dpdk.h}: a port's counters since it was started (DPDK's
 * {@code struct rte_eth_stats}), read by {@link sta_dpdk_h#sta_dpdk_port_stats}. Unsigned 64-bit counters.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class sta_dpdk_port_stats
{
    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        sta_dpdk_h.C_LONG.withName("ipackets"),
        sta_dpdk_h.C_LONG.withName("ibytes"),
        sta_dpdk_h.C_LONG.withName("imissed"),
        sta_dpdk_h.C_LONG.withName("ierrors"),
        sta_dpdk_h.C_LONG.withName("rx_nombuf"),
        MemoryLayout.sequenceLayout(16, sta_dpdk_h.C_LONG).withName("q_ipackets"),
        MemoryLayout.sequenceLayout(16, sta_dpdk_h.C_LONG).withName("q_errors")).withName("sta_dpdk_port_stats");

    sta_dpdk_port_stats()
    {
        // Should not be called directly
    }

    /**
     * The layout, member names as in C.
     *
     * @return the layout.
     */
    public static GroupLayout layout()
    {
        return $LAYOUT;
    }

    private static final ValueLayout.OfLong ipackets$LAYOUT =
        (ValueLayout.OfLong)$LAYOUT.select(groupElement("ipackets"));

    /**
     * Layout of {@code uint64_t ipackets}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfLong ipackets$layout()
    {
        return ipackets$LAYOUT;
    }

    private static final long ipackets$OFFSET = $LAYOUT.byteOffset(groupElement("ipackets"));

    /**
     * Offset of {@code ipackets}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ipackets$offset()
    {
        return ipackets$OFFSET;
    }

    /**
     * Reads {@code ipackets}: packets received.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long ipackets(final MemorySegment struct)
    {
        return struct.get(ipackets$LAYOUT, ipackets$OFFSET);
    }

    /**
     * Writes {@code ipackets}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void ipackets(final MemorySegment struct, final long fieldValue)
    {
        struct.set(ipackets$LAYOUT, ipackets$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong ibytes$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("ibytes"));

    /**
     * Layout of {@code uint64_t ibytes}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfLong ibytes$layout()
    {
        return ibytes$LAYOUT;
    }

    private static final long ibytes$OFFSET = $LAYOUT.byteOffset(groupElement("ibytes"));

    /**
     * Offset of {@code ibytes}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ibytes$offset()
    {
        return ibytes$OFFSET;
    }

    /**
     * Reads {@code ibytes}: bytes received.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long ibytes(final MemorySegment struct)
    {
        return struct.get(ibytes$LAYOUT, ibytes$OFFSET);
    }

    /**
     * Writes {@code ibytes}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void ibytes(final MemorySegment struct, final long fieldValue)
    {
        struct.set(ibytes$LAYOUT, ibytes$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong imissed$LAYOUT =
        (ValueLayout.OfLong)$LAYOUT.select(groupElement("imissed"));

    /**
     * Layout of {@code uint64_t imissed}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfLong imissed$layout()
    {
        return imissed$LAYOUT;
    }

    private static final long imissed$OFFSET = $LAYOUT.byteOffset(groupElement("imissed"));

    /**
     * Offset of {@code imissed}.
     *
     * @return bytes from the start of the struct.
     */
    public static long imissed$offset()
    {
        return imissed$OFFSET;
    }

    /**
     * Reads {@code imissed}: packets the NIC dropped (receive queue full).
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long imissed(final MemorySegment struct)
    {
        return struct.get(imissed$LAYOUT, imissed$OFFSET);
    }

    /**
     * Writes {@code imissed}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void imissed(final MemorySegment struct, final long fieldValue)
    {
        struct.set(imissed$LAYOUT, imissed$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong ierrors$LAYOUT =
        (ValueLayout.OfLong)$LAYOUT.select(groupElement("ierrors"));

    /**
     * Layout of {@code uint64_t ierrors}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfLong ierrors$layout()
    {
        return ierrors$LAYOUT;
    }

    private static final long ierrors$OFFSET = $LAYOUT.byteOffset(groupElement("ierrors"));

    /**
     * Offset of {@code ierrors}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ierrors$offset()
    {
        return ierrors$OFFSET;
    }

    /**
     * Reads {@code ierrors}: erroneous packets received.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long ierrors(final MemorySegment struct)
    {
        return struct.get(ierrors$LAYOUT, ierrors$OFFSET);
    }

    /**
     * Writes {@code ierrors}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void ierrors(final MemorySegment struct, final long fieldValue)
    {
        struct.set(ierrors$LAYOUT, ierrors$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong rx_nombuf$LAYOUT =
        (ValueLayout.OfLong)$LAYOUT.select(groupElement("rx_nombuf"));

    /**
     * Layout of {@code uint64_t rx_nombuf}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfLong rx_nombuf$layout()
    {
        return rx_nombuf$LAYOUT;
    }

    private static final long rx_nombuf$OFFSET = $LAYOUT.byteOffset(groupElement("rx_nombuf"));

    /**
     * Offset of {@code rx_nombuf}.
     *
     * @return bytes from the start of the struct.
     */
    public static long rx_nombuf$offset()
    {
        return rx_nombuf$OFFSET;
    }

    /**
     * Reads {@code rx_nombuf}: receive buffer allocation failures.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long rx_nombuf(final MemorySegment struct)
    {
        return struct.get(rx_nombuf$LAYOUT, rx_nombuf$OFFSET);
    }

    /**
     * Writes {@code rx_nombuf}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void rx_nombuf(final MemorySegment struct, final long fieldValue)
    {
        struct.set(rx_nombuf$LAYOUT, rx_nombuf$OFFSET, fieldValue);
    }

    private static final SequenceLayout q_ipackets$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("q_ipackets"));

    /**
     * Layout of {@code uint64_t q_ipackets[STA_DPDK_QUEUE_STAT_COUNTERS]}.
     *
     * @return the member's layout.
     */
    public static SequenceLayout q_ipackets$layout()
    {
        return q_ipackets$LAYOUT;
    }

    private static final long q_ipackets$OFFSET = $LAYOUT.byteOffset(groupElement("q_ipackets"));

    /**
     * Offset of {@code q_ipackets}.
     *
     * @return bytes from the start of the struct.
     */
    public static long q_ipackets$offset()
    {
        return q_ipackets$OFFSET;
    }

    private static final long[] q_ipackets$DIMS = {16};

    /**
     * Dimensions of {@code q_ipackets}.
     *
     * @return a copy of the dimensions.
     */
    public static long[] q_ipackets$dimensions()
    {
        return q_ipackets$DIMS.clone();
    }

    /**
     * Slice of {@code q_ipackets}: packets received per queue, where the PMD counts per queue.
     *
     * @param struct the struct.
     * @return the array's memory.
     */
    public static MemorySegment q_ipackets(final MemorySegment struct)
    {
        return struct.asSlice(q_ipackets$OFFSET, q_ipackets$LAYOUT.byteSize());
    }

    /**
     * Copies into {@code q_ipackets}.
     *
     * @param struct     the struct.
     * @param fieldValue the whole array's bytes.
     */
    public static void q_ipackets(final MemorySegment struct, final MemorySegment fieldValue)
    {
        MemorySegment.copy(fieldValue, 0L, struct, q_ipackets$OFFSET, q_ipackets$LAYOUT.byteSize());
    }

    /**
     * Reads {@code q_ipackets[index0]}.
     *
     * @param struct the struct.
     * @param index0 the element.
     * @return the value.
     */
    public static long q_ipackets(final MemorySegment struct, final long index0)
    {
        return struct.get(sta_dpdk_h.C_LONG, q_ipackets$OFFSET + index0 * 8);
    }

    /**
     * Writes {@code q_ipackets[index0]}.
     *
     * @param struct     the struct.
     * @param index0     the element.
     * @param fieldValue the value.
     */
    public static void q_ipackets(final MemorySegment struct, final long index0, final long fieldValue)
    {
        struct.set(sta_dpdk_h.C_LONG, q_ipackets$OFFSET + index0 * 8, fieldValue);
    }

    private static final SequenceLayout q_errors$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("q_errors"));

    /**
     * Layout of {@code uint64_t q_errors[STA_DPDK_QUEUE_STAT_COUNTERS]}.
     *
     * @return the member's layout.
     */
    public static SequenceLayout q_errors$layout()
    {
        return q_errors$LAYOUT;
    }

    private static final long q_errors$OFFSET = $LAYOUT.byteOffset(groupElement("q_errors"));

    /**
     * Offset of {@code q_errors}.
     *
     * @return bytes from the start of the struct.
     */
    public static long q_errors$offset()
    {
        return q_errors$OFFSET;
    }

    private static final long[] q_errors$DIMS = {16};

    /**
     * Dimensions of {@code q_errors}.
     *
     * @return a copy of the dimensions.
     */
    public static long[] q_errors$dimensions()
    {
        return q_errors$DIMS.clone();
    }

    /**
     * Slice of {@code q_errors}: erroneous packets per queue, where the PMD counts per queue.
     *
     * @param struct the struct.
     * @return the array's memory.
     */
    public static MemorySegment q_errors(final MemorySegment struct)
    {
        return struct.asSlice(q_errors$OFFSET, q_errors$LAYOUT.byteSize());
    }

    /**
     * Copies into {@code q_errors}.
     *
     * @param struct     the struct.
     * @param fieldValue the whole array's bytes.
     */
    public static void q_errors(final MemorySegment struct, final MemorySegment fieldValue)
    {
        MemorySegment.copy(fieldValue, 0L, struct, q_errors$OFFSET, q_errors$LAYOUT.byteSize());
    }

    /**
     * Reads {@code q_errors[index0]}.
     *
     * @param struct the struct.
     * @param index0 the element.
     * @return the value.
     */
    public static long q_errors(final MemorySegment struct, final long index0)
    {
        return struct.get(sta_dpdk_h.C_LONG, q_errors$OFFSET + index0 * 8);
    }

    /**
     * Writes {@code q_errors[index0]}.
     *
     * @param struct     the struct.
     * @param index0     the element.
     * @param fieldValue the value.
     */
    public static void q_errors(final MemorySegment struct, final long index0, final long fieldValue)
    {
        struct.set(sta_dpdk_h.C_LONG, q_errors$OFFSET + index0 * 8, fieldValue);
    }

    /**
     * Element {@code index} of an array of these structs.
     *
     * @param array the array.
     * @param index the element.
     * @return a slice over it.
     */
    public static MemorySegment asSlice(final MemorySegment array, final long index)
    {
        return array.asSlice(layout().byteSize() * index);
    }

    /**
     * {@code sizeof(struct sta_dpdk_port_stats)}: 296 bytes.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return layout().byteSize();
    }

    /**
     * Allocates one, zeroed as the allocator zeroes.
     *
     * @param allocator where.
     * @return the struct.
     */
    public static MemorySegment allocate(final SegmentAllocator allocator)
    {
        return allocator.allocate(layout());
    }

    /**
     * Allocates an array of them.
     *
     * @param elementCount how many.
     * @param allocator    where.
     * @return the array.
     */
    public static MemorySegment allocateArray(final long elementCount, final SegmentAllocator allocator)
    {
        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
    }

    /**
     * One struct at a raw address, with a lifetime.
     *
     * @param addr    the address.
     * @param arena   the lifetime.
     * @param cleanup run when the arena closes, or null.
     * @return the segment.
     */
    public static MemorySegment reinterpret(final MemorySegment addr, final Arena arena,
        final Consumer<MemorySegment> cleanup)
    {
        return reinterpret(addr, 1, arena, cleanup);
    }

    /**
     * An array of structs at a raw address, with a lifetime.
     *
     * @param addr         the address.
     * @param elementCount how many.
     * @param arena        the lifetime.
     * @param cleanup      run when the arena closes, or null.
     * @return the segment.
     */
    public static MemorySegment reinterpret(final MemorySegment addr, final long elementCount, final Arena arena,
        final Consumer<MemorySegment> cleanup)
    {
        return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
    }
}
