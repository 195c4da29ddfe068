package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct tpacket3_hdr} of {@code <linux/if_packet.h>}, 48 bytes on LP64 Linux. The header before each packet
 * in a TPACKET_V3 block.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class tpacket3_hdr
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("tp_next_offset"),
        Libc.C_INT.withName("tp_sec"),
        Libc.C_INT.withName("tp_nsec"),
        Libc.C_INT.withName("tp_snaplen"),
        Libc.C_INT.withName("tp_len"),
        Libc.C_INT.withName("tp_status"),
        Libc.C_SHORT.withName("tp_mac"),
        Libc.C_SHORT.withName("tp_net"),
        MemoryLayout.unionLayout(
            tpacket_hdr_variant1.layout().withName("hv1")).withName("$anon$0"),
        MemoryLayout.sequenceLayout(8, Libc.C_CHAR).withName("tp_padding")).withName("tpacket3_hdr");

    private tpacket3_hdr()
    {
    }

    /**
     * The layout, member names as in C.
     *
     * @return the layout.
     */
    public static GroupLayout layout()
    {
        return LAYOUT;
    }

    /**
     * {@code sizeof(struct tpacket3_hdr)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long tp_next_offset$OFFSET = LAYOUT.byteOffset(groupElement("tp_next_offset"));

    /**
     * Offset of {@code tp_next_offset}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_next_offset$offset()
    {
        return tp_next_offset$OFFSET;
    }

    /**
     * Reads {@code tp_next_offset}: from this header to the next one in the block, 0 for the last.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_next_offset(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_next_offset$OFFSET);
    }

    /**
     * Writes {@code tp_next_offset}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_next_offset(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_next_offset$OFFSET, fieldValue);
    }

    private static final long tp_sec$OFFSET = LAYOUT.byteOffset(groupElement("tp_sec"));

    /**
     * Offset of {@code tp_sec}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_sec$offset()
    {
        return tp_sec$OFFSET;
    }

    /**
     * Reads {@code tp_sec}: capture time, seconds.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_sec(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_sec$OFFSET);
    }

    /**
     * Writes {@code tp_sec}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_sec(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_sec$OFFSET, fieldValue);
    }

    private static final long tp_nsec$OFFSET = LAYOUT.byteOffset(groupElement("tp_nsec"));

    /**
     * Offset of {@code tp_nsec}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_nsec$offset()
    {
        return tp_nsec$OFFSET;
    }

    /**
     * Reads {@code tp_nsec}: capture time, nanoseconds.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_nsec(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_nsec$OFFSET);
    }

    /**
     * Writes {@code tp_nsec}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_nsec(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_nsec$OFFSET, fieldValue);
    }

    private static final long tp_snaplen$OFFSET = LAYOUT.byteOffset(groupElement("tp_snaplen"));

    /**
     * Offset of {@code tp_snaplen}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_snaplen$offset()
    {
        return tp_snaplen$OFFSET;
    }

    /**
     * Reads {@code tp_snaplen}: bytes captured.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_snaplen(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_snaplen$OFFSET);
    }

    /**
     * Writes {@code tp_snaplen}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_snaplen(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_snaplen$OFFSET, fieldValue);
    }

    private static final long tp_len$OFFSET = LAYOUT.byteOffset(groupElement("tp_len"));

    /**
     * Offset of {@code tp_len}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_len$offset()
    {
        return tp_len$OFFSET;
    }

    /**
     * Reads {@code tp_len}: bytes on the wire.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_len(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_len$OFFSET);
    }

    /**
     * Writes {@code tp_len}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_len(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_len$OFFSET, fieldValue);
    }

    private static final long tp_status$OFFSET = LAYOUT.byteOffset(groupElement("tp_status"));

    /**
     * Offset of {@code tp_status}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_status$offset()
    {
        return tp_status$OFFSET;
    }

    /**
     * Reads {@code tp_status}: TP_STATUS_ flags of the packet.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_status(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_status$OFFSET);
    }

    /**
     * Writes {@code tp_status}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_status(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_status$OFFSET, fieldValue);
    }

    private static final long tp_mac$OFFSET = LAYOUT.byteOffset(groupElement("tp_mac"));

    /**
     * Offset of {@code tp_mac}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_mac$offset()
    {
        return tp_mac$OFFSET;
    }

    /**
     * Reads {@code tp_mac}: from this header to the link-layer header.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short tp_mac(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, tp_mac$OFFSET);
    }

    /**
     * Writes {@code tp_mac}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_mac(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, tp_mac$OFFSET, fieldValue);
    }

    private static final long tp_net$OFFSET = LAYOUT.byteOffset(groupElement("tp_net"));

    /**
     * Offset of {@code tp_net}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_net$offset()
    {
        return tp_net$OFFSET;
    }

    /**
     * Reads {@code tp_net}: from this header to the network header.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short tp_net(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, tp_net$OFFSET);
    }

    /**
     * Writes {@code tp_net}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_net(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, tp_net$OFFSET, fieldValue);
    }

    private static final long hv1$OFFSET = LAYOUT.byteOffset(groupElement("$anon$0"), groupElement("hv1"));

    /**
     * Offset of {@code hv1}.
     *
     * @return bytes from the start of the struct.
     */
    public static long hv1$offset()
    {
        return hv1$OFFSET;
    }

    /**
     * A view of {@code hv1}: hash and VLAN.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment hv1(final MemorySegment struct)
    {
        return struct.asSlice(hv1$OFFSET, 12);
    }

    private static final long tp_padding$OFFSET = LAYOUT.byteOffset(groupElement("tp_padding"));

    /**
     * Offset of {@code tp_padding}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_padding$offset()
    {
        return tp_padding$OFFSET;
    }

    /**
     * A view of {@code tp_padding}: padding.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment tp_padding(final MemorySegment struct)
    {
        return struct.asSlice(tp_padding$OFFSET, 8);
    }
}
