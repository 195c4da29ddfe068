package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct tpacket_hdr_variant1} of {@code <linux/if_packet.h>}, 12 bytes on LP64 Linux. The V3 frame header
 * variant: receive hash and VLAN tag.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class tpacket_hdr_variant1
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("tp_rxhash"),
        Libc.C_INT.withName("tp_vlan_tci"),
        Libc.C_SHORT.withName("tp_vlan_tpid"),
        Libc.C_SHORT.withName("tp_padding")).withName("tpacket_hdr_variant1");

    private tpacket_hdr_variant1()
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
     * {@code sizeof(struct tpacket_hdr_variant1)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long tp_rxhash$OFFSET = LAYOUT.byteOffset(groupElement("tp_rxhash"));

    /**
     * Offset of {@code tp_rxhash}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_rxhash$offset()
    {
        return tp_rxhash$OFFSET;
    }

    /**
     * Reads {@code tp_rxhash}: flow hash (TP_FT_REQ_FILL_RXHASH).
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_rxhash(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_rxhash$OFFSET);
    }

    /**
     * Writes {@code tp_rxhash}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_rxhash(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_rxhash$OFFSET, fieldValue);
    }

    private static final long tp_vlan_tci$OFFSET = LAYOUT.byteOffset(groupElement("tp_vlan_tci"));

    /**
     * Offset of {@code tp_vlan_tci}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_vlan_tci$offset()
    {
        return tp_vlan_tci$OFFSET;
    }

    /**
     * Reads {@code tp_vlan_tci}: VLAN TCI when TP_STATUS_VLAN_VALID.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_vlan_tci(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_vlan_tci$OFFSET);
    }

    /**
     * Writes {@code tp_vlan_tci}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_vlan_tci(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_vlan_tci$OFFSET, fieldValue);
    }

    private static final long tp_vlan_tpid$OFFSET = LAYOUT.byteOffset(groupElement("tp_vlan_tpid"));

    /**
     * Offset of {@code tp_vlan_tpid}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_vlan_tpid$offset()
    {
        return tp_vlan_tpid$OFFSET;
    }

    /**
     * Reads {@code tp_vlan_tpid}: VLAN TPID when TP_STATUS_VLAN_TPID_VALID.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short tp_vlan_tpid(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, tp_vlan_tpid$OFFSET);
    }

    /**
     * Writes {@code tp_vlan_tpid}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_vlan_tpid(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, tp_vlan_tpid$OFFSET, fieldValue);
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
     * Reads {@code tp_padding}: padding.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short tp_padding(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, tp_padding$OFFSET);
    }

    /**
     * Writes {@code tp_padding}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_padding(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, tp_padding$OFFSET, fieldValue);
    }
}
