package org.stasensor.nativebindings.dpdk;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

/**
 * {@code struct sta_dpdk_burst} of {@code sta_dpdk.h}: one received burst, element {@code i} of every array
 * describing packet {@code i}. Allocated once per receive queue and reused for every burst, so that a burst costs
 * one downcall ({@link sta_dpdk_h#sta_dpdk_rx_burst}) and no allocation. The arrays are laid out one after the
 * other (structure of arrays), so the receive loop reads each at a constant offset plus {@code i} times the
 * element size.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class sta_dpdk_burst
{
    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(64, sta_dpdk_h.C_POINTER).withName("mbufs"),
        MemoryLayout.sequenceLayout(64, sta_dpdk_h.C_LONG).withName("data"),
        MemoryLayout.sequenceLayout(64, sta_dpdk_h.C_INT).withName("data_length"),
        MemoryLayout.sequenceLayout(64, sta_dpdk_h.C_INT).withName("packet_length"),
        MemoryLayout.sequenceLayout(64, sta_dpdk_h.C_LONG).withName("timestamp")).withName("sta_dpdk_burst");

    sta_dpdk_burst()
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

    private static final SequenceLayout mbufs$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("mbufs"));

    /**
     * Layout of {@code void * mbufs[STA_DPDK_MAX_BURST]}.
     *
     * @return the member's layout.
     */
    public static SequenceLayout mbufs$layout()
    {
        return mbufs$LAYOUT;
    }

    private static final long mbufs$OFFSET = $LAYOUT.byteOffset(groupElement("mbufs"));

    /**
     * Offset of {@code mbufs}.
     *
     * @return bytes from the start of the struct.
     */
    public static long mbufs$offset()
    {
        return mbufs$OFFSET;
    }

    private static final long[] mbufs$DIMS = {64};

    /**
     * Dimensions of {@code mbufs}.
     *
     * @return a copy of the dimensions.
     */
    public static long[] mbufs$dimensions()
    {
        return mbufs$DIMS.clone();
    }

    /**
     * Slice of {@code mbufs}: the mbufs ({@code struct rte_mbuf *}), freed with {@link sta_dpdk_h#sta_dpdk_free_bulk}.
     *
     * @param struct the struct.
     * @return the array's memory.
     */
    public static MemorySegment mbufs(final MemorySegment struct)
    {
        return struct.asSlice(mbufs$OFFSET, mbufs$LAYOUT.byteSize());
    }

    /**
     * Copies into {@code mbufs}.
     *
     * @param struct     the struct.
     * @param fieldValue the whole array's bytes.
     */
    public static void mbufs(final MemorySegment struct, final MemorySegment fieldValue)
    {
        MemorySegment.copy(fieldValue, 0L, struct, mbufs$OFFSET, mbufs$LAYOUT.byteSize());
    }

    /**
     * Reads {@code mbufs[index0]}.
     *
     * @param struct the struct.
     * @param index0 the element.
     * @return the value.
     */
    public static MemorySegment mbufs(final MemorySegment struct, final long index0)
    {
        return struct.get(sta_dpdk_h.C_POINTER, mbufs$OFFSET + index0 * 8);
    }

    /**
     * Writes {@code mbufs[index0]}.
     *
     * @param struct     the struct.
     * @param index0     the element.
     * @param fieldValue the value.
     */
    public static void mbufs(final MemorySegment struct, final long index0, final MemorySegment fieldValue)
    {
        struct.set(sta_dpdk_h.C_POINTER, mbufs$OFFSET + index0 * 8, fieldValue);
    }

    private static final SequenceLayout data$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("data"));

    /**
     * Layout of {@code uint64_t data[STA_DPDK_MAX_BURST]}.
     *
     * @return the member's layout.
     */
    public static SequenceLayout data$layout()
    {
        return data$LAYOUT;
    }

    private static final long data$OFFSET = $LAYOUT.byteOffset(groupElement("data"));

    /**
     * Offset of {@code data}.
     *
     * @return bytes from the start of the struct.
     */
    public static long data$offset()
    {
        return data$OFFSET;
    }

    private static final long[] data$DIMS = {64};

    /**
     * Dimensions of {@code data}.
     *
     * @return a copy of the dimensions.
     */
    public static long[] data$dimensions()
    {
        return data$DIMS.clone();
    }

    /**
     * Slice of {@code data}: address of each packet's first byte.
     *
     * @param struct the struct.
     * @return the array's memory.
     */
    public static MemorySegment data(final MemorySegment struct)
    {
        return struct.asSlice(data$OFFSET, data$LAYOUT.byteSize());
    }

    /**
     * Copies into {@code data}.
     *
     * @param struct     the struct.
     * @param fieldValue the whole array's bytes.
     */
    public static void data(final MemorySegment struct, final MemorySegment fieldValue)
    {
        MemorySegment.copy(fieldValue, 0L, struct, data$OFFSET, data$LAYOUT.byteSize());
    }

    /**
     * Reads {@code data[index0]}.
     *
     * @param struct the struct.
     * @param index0 the element.
     * @return the value.
     */
    public static long data(final MemorySegment struct, final long index0)
    {
        return struct.get(sta_dpdk_h.C_LONG, data$OFFSET + index0 * 8);
    }

    /**
     * Writes {@code data[index0]}.
     *
     * @param struct     the struct.
     * @param index0     the element.
     * @param fieldValue the value.
     */
    public static void data(final MemorySegment struct, final long index0, final long fieldValue)
    {
        struct.set(sta_dpdk_h.C_LONG, data$OFFSET + index0 * 8, fieldValue);
    }

    private static final SequenceLayout data_length$LAYOUT =
        (SequenceLayout)$LAYOUT.select(groupElement("data_length"));

    /**
     * Layout of {@code uint32_t data_length[STA_DPDK_MAX_BURST]}.
     *
     * @return the member's layout.
     */
    public static SequenceLayout data_length$layout()
    {
        return data_length$LAYOUT;
    }

    private static final long data_length$OFFSET = $LAYOUT.byteOffset(groupElement("data_length"));

    /**
     * Offset of {@code data_length}.
     *
     * @return bytes from the start of the struct.
     */
    public static long data_length$offset()
    {
        return data_length$OFFSET;
    }

    private static final long[] data_length$DIMS = {64};

    /**
     * Dimensions of {@code data_length}.
     *
     * @return a copy of the dimensions.
     */
    public static long[] data_length$dimensions()
    {
        return data_length$DIMS.clone();
    }

    /**
     * Slice of {@code data_length}: bytes at {@code data} (the first segment).
     *
     * @param struct the struct.
     * @return the array's memory.
     */
    public static MemorySegment data_length(final MemorySegment struct)
    {
        return struct.asSlice(data_length$OFFSET, data_length$LAYOUT.byteSize());
    }

    /**
     * Copies into {@code data_length}.
     *
     * @param struct     the struct.
     * @param fieldValue the whole array's bytes.
     */
    public static void data_length(final MemorySegment struct, final MemorySegment fieldValue)
    {
        MemorySegment.copy(fieldValue, 0L, struct, data_length$OFFSET, data_length$LAYOUT.byteSize());
    }

    /**
     * Reads {@code data_length[index0]}.
     *
     * @param struct the struct.
     * @param index0 the element.
     * @return the value.
     */
    public static int data_length(final MemorySegment struct, final long index0)
    {
        return struct.get(sta_dpdk_h.C_INT, data_length$OFFSET + index0 * 4);
    }

    /**
     * Writes {@code data_length[index0]}.
     *
     * @param struct     the struct.
     * @param index0     the element.
     * @param fieldValue the value.
     */
    public static void data_length(final MemorySegment struct, final long index0, final int fieldValue)
    {
        struct.set(sta_dpdk_h.C_INT, data_length$OFFSET + index0 * 4, fieldValue);
    }

    private static final SequenceLayout packet_length$LAYOUT =
        (SequenceLayout)$LAYOUT.select(groupElement("packet_length"));

    /**
     * Layout of {@code uint32_t packet_length[STA_DPDK_MAX_BURST]}.
     *
     * @return the member's layout.
     */
    public static SequenceLayout packet_length$layout()
    {
        return packet_length$LAYOUT;
    }

    private static final long packet_length$OFFSET = $LAYOUT.byteOffset(groupElement("packet_length"));

    /**
     * Offset of {@code packet_length}.
     *
     * @return bytes from the start of the struct.
     */
    public static long packet_length$offset()
    {
        return packet_length$OFFSET;
    }

    private static final long[] packet_length$DIMS = {64};

    /**
     * Dimensions of {@code packet_length}.
     *
     * @return a copy of the dimensions.
     */
    public static long[] packet_length$dimensions()
    {
        return packet_length$DIMS.clone();
    }

    /**
     * Slice of {@code packet_length}: bytes of the whole packet.
     *
     * @param struct the struct.
     * @return the array's memory.
     */
    public static MemorySegment packet_length(final MemorySegment struct)
    {
        return struct.asSlice(packet_length$OFFSET, packet_length$LAYOUT.byteSize());
    }

    /**
     * Copies into {@code packet_length}.
     *
     * @param struct     the struct.
     * @param fieldValue the whole array's bytes.
     */
    public static void packet_length(final MemorySegment struct, final MemorySegment fieldValue)
    {
        MemorySegment.copy(fieldValue, 0L, struct, packet_length$OFFSET, packet_length$LAYOUT.byteSize());
    }

    /**
     * Reads {@code packet_length[index0]}.
     *
     * @param struct the struct.
     * @param index0 the element.
     * @return the value.
     */
    public static int packet_length(final MemorySegment struct, final long index0)
    {
        return struct.get(sta_dpdk_h.C_INT, packet_length$OFFSET + index0 * 4);
    }

    /**
     * Writes {@code packet_length[index0]}.
     *
     * @param struct     the struct.
     * @param index0     the element.
     * @param fieldValue the value.
     */
    public static void packet_length(final MemorySegment struct, final long index0, final int fieldValue)
    {
        struct.set(sta_dpdk_h.C_INT, packet_length$OFFSET + index0 * 4, fieldValue);
    }

    private static final SequenceLayout timestamp$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("timestamp"));

    /**
     * Layout of {@code int64_t timestamp[STA_DPDK_MAX_BURST]}.
     *
     * @return the member's layout.
     */
    public static SequenceLayout timestamp$layout()
    {
        return timestamp$LAYOUT;
    }

    private static final long timestamp$OFFSET = $LAYOUT.byteOffset(groupElement("timestamp"));

    /**
     * Offset of {@code timestamp}.
     *
     * @return bytes from the start of the struct.
     */
    public static long timestamp$offset()
    {
        return timestamp$OFFSET;
    }

    private static final long[] timestamp$DIMS = {64};

    /**
     * Dimensions of {@code timestamp}.
     *
     * @return a copy of the dimensions.
     */
    public static long[] timestamp$dimensions()
    {
        return timestamp$DIMS.clone();
    }

    /**
     * Slice of {@code timestamp}: receive time, ns since the Unix epoch.
     *
     * @param struct the struct.
     * @return the array's memory.
     */
    public static MemorySegment timestamp(final MemorySegment struct)
    {
        return struct.asSlice(timestamp$OFFSET, timestamp$LAYOUT.byteSize());
    }

    /**
     * Copies into {@code timestamp}.
     *
     * @param struct     the struct.
     * @param fieldValue the whole array's bytes.
     */
    public static void timestamp(final MemorySegment struct, final MemorySegment fieldValue)
    {
        MemorySegment.copy(fieldValue, 0L, struct, timestamp$OFFSET, timestamp$LAYOUT.byteSize());
    }

    /**
     * Reads {@code timestamp[index0]}.
     *
     * @param struct the struct.
     * @param index0 the element.
     * @return the value.
     */
    public static long timestamp(final MemorySegment struct, final long index0)
    {
        return struct.get(sta_dpdk_h.C_LONG, timestamp$OFFSET + index0 * 8);
    }

    /**
     * Writes {@code timestamp[index0]}.
     *
     * @param struct     the struct.
     * @param index0     the element.
     * @param fieldValue the value.
     */
    public static void timestamp(final MemorySegment struct, final long index0, final long fieldValue)
    {
        struct.set(sta_dpdk_h.C_LONG, timestamp$OFFSET + index0 * 8, fieldValue);
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
     * {@code sizeof(struct sta_dpdk_burst)}: 2048 bytes.
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
