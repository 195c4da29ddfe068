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
 * {@code struct sta_dpdk_port_info} of {@code sta_dpdk.h}: what a port is and offers, filled by
 * {@link sta_dpdk_h#sta_dpdk_port_info}.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class sta_dpdk_port_info
{
    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(64, sta_dpdk_h.C_CHAR).withName("name"),
        MemoryLayout.sequenceLayout(64, sta_dpdk_h.C_CHAR).withName("driver_name"),
        sta_dpdk_h.C_LONG.withName("flow_type_rss_offloads"),
        sta_dpdk_h.C_LONG.withName("rx_offload_capa"),
        sta_dpdk_h.C_INT.withName("socket_id"),
        sta_dpdk_h.C_SHORT.withName("max_rx_queues"),
        sta_dpdk_h.C_SHORT.withName("max_tx_queues"),
        sta_dpdk_h.C_CHAR.withName("hash_key_size"),
        sta_dpdk_h.C_CHAR.withName("unix_timestamps"),
        MemoryLayout.paddingLayout(6)).withName("sta_dpdk_port_info");

    sta_dpdk_port_info()
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

    private static final SequenceLayout name$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("name"));

    /**
     * Layout of {@code char name[STA_DPDK_NAME_SIZE]}.
     *
     * @return the member's layout.
     */
    public static SequenceLayout name$layout()
    {
        return name$LAYOUT;
    }

    private static final long name$OFFSET = $LAYOUT.byteOffset(groupElement("name"));

    /**
     * Offset of {@code name}.
     *
     * @return bytes from the start of the struct.
     */
    public static long name$offset()
    {
        return name$OFFSET;
    }

    private static final long[] name$DIMS = {64};

    /**
     * Dimensions of {@code name}.
     *
     * @return a copy of the dimensions.
     */
    public static long[] name$dimensions()
    {
        return name$DIMS.clone();
    }

    /**
     * Slice of {@code name}: the device name, NUL-terminated.
     *
     * @param struct the struct.
     * @return the array's memory.
     */
    public static MemorySegment name(final MemorySegment struct)
    {
        return struct.asSlice(name$OFFSET, name$LAYOUT.byteSize());
    }

    /**
     * Copies into {@code name}.
     *
     * @param struct     the struct.
     * @param fieldValue the whole array's bytes.
     */
    public static void name(final MemorySegment struct, final MemorySegment fieldValue)
    {
        MemorySegment.copy(fieldValue, 0L, struct, name$OFFSET, name$LAYOUT.byteSize());
    }

    /**
     * Reads {@code name[index0]}.
     *
     * @param struct the struct.
     * @param index0 the element.
     * @return the value.
     */
    public static byte name(final MemorySegment struct, final long index0)
    {
        return struct.get(sta_dpdk_h.C_CHAR, name$OFFSET + index0 * 1);
    }

    /**
     * Writes {@code name[index0]}.
     *
     * @param struct     the struct.
     * @param index0     the element.
     * @param fieldValue the value.
     */
    public static void name(final MemorySegment struct, final long index0, final byte fieldValue)
    {
        struct.set(sta_dpdk_h.C_CHAR, name$OFFSET + index0 * 1, fieldValue);
    }

    private static final SequenceLayout driver_name$LAYOUT =
        (SequenceLayout)$LAYOUT.select(groupElement("driver_name"));

    /**
     * Layout of {@code char driver_name[STA_DPDK_NAME_SIZE]}.
     *
     * @return the member's layout.
     */
    public static SequenceLayout driver_name$layout()
    {
        return driver_name$LAYOUT;
    }

    private static final long driver_name$OFFSET = $LAYOUT.byteOffset(groupElement("driver_name"));

    /**
     * Offset of {@code driver_name}.
     *
     * @return bytes from the start of the struct.
     */
    public static long driver_name$offset()
    {
        return driver_name$OFFSET;
    }

    private static final long[] driver_name$DIMS = {64};

    /**
     * Dimensions of {@code driver_name}.
     *
     * @return a copy of the dimensions.
     */
    public static long[] driver_name$dimensions()
    {
        return driver_name$DIMS.clone();
    }

    /**
     * Slice of {@code driver_name}: the driver name, NUL-terminated.
     *
     * @param struct the struct.
     * @return the array's memory.
     */
    public static MemorySegment driver_name(final MemorySegment struct)
    {
        return struct.asSlice(driver_name$OFFSET, driver_name$LAYOUT.byteSize());
    }

    /**
     * Copies into {@code driver_name}.
     *
     * @param struct     the struct.
     * @param fieldValue the whole array's bytes.
     */
    public static void driver_name(final MemorySegment struct, final MemorySegment fieldValue)
    {
        MemorySegment.copy(fieldValue, 0L, struct, driver_name$OFFSET, driver_name$LAYOUT.byteSize());
    }

    /**
     * Reads {@code driver_name[index0]}.
     *
     * @param struct the struct.
     * @param index0 the element.
     * @return the value.
     */
    public static byte driver_name(final MemorySegment struct, final long index0)
    {
        return struct.get(sta_dpdk_h.C_CHAR, driver_name$OFFSET + index0 * 1);
    }

    /**
     * Writes {@code driver_name[index0]}.
     *
     * @param struct     the struct.
     * @param index0     the element.
     * @param fieldValue the value.
     */
    public static void driver_name(final MemorySegment struct, final long index0, final byte fieldValue)
    {
        struct.set(sta_dpdk_h.C_CHAR, driver_name$OFFSET + index0 * 1, fieldValue);
    }

    private static final ValueLayout.OfLong flow_type_rss_offloads$LAYOUT =
        (ValueLayout.OfLong)$LAYOUT.select(groupElement("flow_type_rss_offloads"));

    /**
     * Layout of {@code uint64_t flow_type_rss_offloads}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfLong flow_type_rss_offloads$layout()
    {
        return flow_type_rss_offloads$LAYOUT;
    }

    private static final long flow_type_rss_offloads$OFFSET =
        $LAYOUT.byteOffset(groupElement("flow_type_rss_offloads"));

    /**
     * Offset of {@code flow_type_rss_offloads}.
     *
     * @return bytes from the start of the struct.
     */
    public static long flow_type_rss_offloads$offset()
    {
        return flow_type_rss_offloads$OFFSET;
    }

    /**
     * Reads {@code flow_type_rss_offloads}: RSS hash functions offered; 0: no RSS.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long flow_type_rss_offloads(final MemorySegment struct)
    {
        return struct.get(flow_type_rss_offloads$LAYOUT, flow_type_rss_offloads$OFFSET);
    }

    /**
     * Writes {@code flow_type_rss_offloads}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void flow_type_rss_offloads(final MemorySegment struct, final long fieldValue)
    {
        struct.set(flow_type_rss_offloads$LAYOUT, flow_type_rss_offloads$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong rx_offload_capa$LAYOUT =
        (ValueLayout.OfLong)$LAYOUT.select(groupElement("rx_offload_capa"));

    /**
     * Layout of {@code uint64_t rx_offload_capa}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfLong rx_offload_capa$layout()
    {
        return rx_offload_capa$LAYOUT;
    }

    private static final long rx_offload_capa$OFFSET = $LAYOUT.byteOffset(groupElement("rx_offload_capa"));

    /**
     * Offset of {@code rx_offload_capa}.
     *
     * @return bytes from the start of the struct.
     */
    public static long rx_offload_capa$offset()
    {
        return rx_offload_capa$OFFSET;
    }

    /**
     * Reads {@code rx_offload_capa}: receive offloads offered.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long rx_offload_capa(final MemorySegment struct)
    {
        return struct.get(rx_offload_capa$LAYOUT, rx_offload_capa$OFFSET);
    }

    /**
     * Writes {@code rx_offload_capa}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void rx_offload_capa(final MemorySegment struct, final long fieldValue)
    {
        struct.set(rx_offload_capa$LAYOUT, rx_offload_capa$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt socket_id$LAYOUT =
        (ValueLayout.OfInt)$LAYOUT.select(groupElement("socket_id"));

    /**
     * Layout of {@code int32_t socket_id}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfInt socket_id$layout()
    {
        return socket_id$LAYOUT;
    }

    private static final long socket_id$OFFSET = $LAYOUT.byteOffset(groupElement("socket_id"));

    /**
     * Offset of {@code socket_id}.
     *
     * @return bytes from the start of the struct.
     */
    public static long socket_id$offset()
    {
        return socket_id$OFFSET;
    }

    /**
     * Reads {@code socket_id}: NUMA socket, or -1.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int socket_id(final MemorySegment struct)
    {
        return struct.get(socket_id$LAYOUT, socket_id$OFFSET);
    }

    /**
     * Writes {@code socket_id}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void socket_id(final MemorySegment struct, final int fieldValue)
    {
        struct.set(socket_id$LAYOUT, socket_id$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfShort max_rx_queues$LAYOUT =
        (ValueLayout.OfShort)$LAYOUT.select(groupElement("max_rx_queues"));

    /**
     * Layout of {@code uint16_t max_rx_queues}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfShort max_rx_queues$layout()
    {
        return max_rx_queues$LAYOUT;
    }

    private static final long max_rx_queues$OFFSET = $LAYOUT.byteOffset(groupElement("max_rx_queues"));

    /**
     * Offset of {@code max_rx_queues}.
     *
     * @return bytes from the start of the struct.
     */
    public static long max_rx_queues$offset()
    {
        return max_rx_queues$OFFSET;
    }

    /**
     * Reads {@code max_rx_queues}: most receive queues (unsigned).
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short max_rx_queues(final MemorySegment struct)
    {
        return struct.get(max_rx_queues$LAYOUT, max_rx_queues$OFFSET);
    }

    /**
     * Writes {@code max_rx_queues}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void max_rx_queues(final MemorySegment struct, final short fieldValue)
    {
        struct.set(max_rx_queues$LAYOUT, max_rx_queues$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfShort max_tx_queues$LAYOUT =
        (ValueLayout.OfShort)$LAYOUT.select(groupElement("max_tx_queues"));

    /**
     * Layout of {@code uint16_t max_tx_queues}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfShort max_tx_queues$layout()
    {
        return max_tx_queues$LAYOUT;
    }

    private static final long max_tx_queues$OFFSET = $LAYOUT.byteOffset(groupElement("max_tx_queues"));

    /**
     * Offset of {@code max_tx_queues}.
     *
     * @return bytes from the start of the struct.
     */
    public static long max_tx_queues$offset()
    {
        return max_tx_queues$OFFSET;
    }

    /**
     * Reads {@code max_tx_queues}: most transmit queues (unsigned).
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short max_tx_queues(final MemorySegment struct)
    {
        return struct.get(max_tx_queues$LAYOUT, max_tx_queues$OFFSET);
    }

    /**
     * Writes {@code max_tx_queues}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void max_tx_queues(final MemorySegment struct, final short fieldValue)
    {
        struct.set(max_tx_queues$LAYOUT, max_tx_queues$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfByte hash_key_size$LAYOUT =
        (ValueLayout.OfByte)$LAYOUT.select(groupElement("hash_key_size"));

    /**
     * Layout of {@code uint8_t hash_key_size}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfByte hash_key_size$layout()
    {
        return hash_key_size$LAYOUT;
    }

    private static final long hash_key_size$OFFSET = $LAYOUT.byteOffset(groupElement("hash_key_size"));

    /**
     * Offset of {@code hash_key_size}.
     *
     * @return bytes from the start of the struct.
     */
    public static long hash_key_size$offset()
    {
        return hash_key_size$OFFSET;
    }

    /**
     * Reads {@code hash_key_size}: RSS key bytes the PMD takes (unsigned); 0: not said.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static byte hash_key_size(final MemorySegment struct)
    {
        return struct.get(hash_key_size$LAYOUT, hash_key_size$OFFSET);
    }

    /**
     * Writes {@code hash_key_size}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void hash_key_size(final MemorySegment struct, final byte fieldValue)
    {
        struct.set(hash_key_size$LAYOUT, hash_key_size$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfByte unix_timestamps$LAYOUT =
        (ValueLayout.OfByte)$LAYOUT.select(groupElement("unix_timestamps"));

    /**
     * Layout of {@code uint8_t unix_timestamps}.
     *
     * @return the member's layout.
     */
    public static ValueLayout.OfByte unix_timestamps$layout()
    {
        return unix_timestamps$LAYOUT;
    }

    private static final long unix_timestamps$OFFSET = $LAYOUT.byteOffset(groupElement("unix_timestamps"));

    /**
     * Offset of {@code unix_timestamps}.
     *
     * @return bytes from the start of the struct.
     */
    public static long unix_timestamps$offset()
    {
        return unix_timestamps$OFFSET;
    }

    /**
     * Reads {@code unix_timestamps}: 1 when the PMD stamps packets with Unix time.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static byte unix_timestamps(final MemorySegment struct)
    {
        return struct.get(unix_timestamps$LAYOUT, unix_timestamps$OFFSET);
    }

    /**
     * Writes {@code unix_timestamps}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void unix_timestamps(final MemorySegment struct, final byte fieldValue)
    {
        struct.set(unix_timestamps$LAYOUT, unix_timestamps$OFFSET, fieldValue);
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
     * {@code sizeof(struct sta_dpdk_port_info)}: 160 bytes.
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
