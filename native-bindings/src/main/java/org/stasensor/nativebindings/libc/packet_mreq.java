package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct packet_mreq} of {@code <linux/if_packet.h>}, 16 bytes on LP64 Linux. A membership for
 * PACKET_ADD_MEMBERSHIP, e.g. PACKET_MR_PROMISC.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class packet_mreq
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("mr_ifindex"),
        Libc.C_SHORT.withName("mr_type"),
        Libc.C_SHORT.withName("mr_alen"),
        MemoryLayout.sequenceLayout(8, Libc.C_CHAR).withName("mr_address")).withName("packet_mreq");

    private packet_mreq()
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
     * {@code sizeof(struct packet_mreq)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long mr_ifindex$OFFSET = LAYOUT.byteOffset(groupElement("mr_ifindex"));

    /**
     * Offset of {@code mr_ifindex}.
     *
     * @return bytes from the start of the struct.
     */
    public static long mr_ifindex$offset()
    {
        return mr_ifindex$OFFSET;
    }

    /**
     * Reads {@code mr_ifindex}: interface index.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int mr_ifindex(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, mr_ifindex$OFFSET);
    }

    /**
     * Writes {@code mr_ifindex}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void mr_ifindex(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, mr_ifindex$OFFSET, fieldValue);
    }

    private static final long mr_type$OFFSET = LAYOUT.byteOffset(groupElement("mr_type"));

    /**
     * Offset of {@code mr_type}.
     *
     * @return bytes from the start of the struct.
     */
    public static long mr_type$offset()
    {
        return mr_type$OFFSET;
    }

    /**
     * Reads {@code mr_type}: PACKET_MR_PROMISC, ....
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short mr_type(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, mr_type$OFFSET);
    }

    /**
     * Writes {@code mr_type}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void mr_type(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, mr_type$OFFSET, fieldValue);
    }

    private static final long mr_alen$OFFSET = LAYOUT.byteOffset(groupElement("mr_alen"));

    /**
     * Offset of {@code mr_alen}.
     *
     * @return bytes from the start of the struct.
     */
    public static long mr_alen$offset()
    {
        return mr_alen$OFFSET;
    }

    /**
     * Reads {@code mr_alen}: bytes of mr_address used.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short mr_alen(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, mr_alen$OFFSET);
    }

    /**
     * Writes {@code mr_alen}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void mr_alen(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, mr_alen$OFFSET, fieldValue);
    }

    private static final long mr_address$OFFSET = LAYOUT.byteOffset(groupElement("mr_address"));

    /**
     * Offset of {@code mr_address}.
     *
     * @return bytes from the start of the struct.
     */
    public static long mr_address$offset()
    {
        return mr_address$OFFSET;
    }

    /**
     * A view of {@code mr_address}: address for PACKET_MR_MULTICAST.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment mr_address(final MemorySegment struct)
    {
        return struct.asSlice(mr_address$OFFSET, 8);
    }
}
