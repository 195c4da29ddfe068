package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct sockaddr_ll} of {@code <linux/if_packet.h>}, 20 bytes on LP64 Linux. The link-layer address an
 * AF_PACKET socket is bound to, and the one the kernel writes after each TPACKET_V3 frame header (at {@code
 * TPACKET_ALIGN(sizeof(struct tpacket3_hdr))}).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class sockaddr_ll
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_SHORT.withName("sll_family"),
        Libc.C_SHORT.withName("sll_protocol"),
        Libc.C_INT.withName("sll_ifindex"),
        Libc.C_SHORT.withName("sll_hatype"),
        Libc.C_CHAR.withName("sll_pkttype"),
        Libc.C_CHAR.withName("sll_halen"),
        MemoryLayout.sequenceLayout(8, Libc.C_CHAR).withName("sll_addr")).withName("sockaddr_ll");

    private sockaddr_ll()
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
     * {@code sizeof(struct sockaddr_ll)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long sll_family$OFFSET = LAYOUT.byteOffset(groupElement("sll_family"));

    /**
     * Offset of {@code sll_family}.
     *
     * @return bytes from the start of the struct.
     */
    public static long sll_family$offset()
    {
        return sll_family$OFFSET;
    }

    /**
     * Reads {@code sll_family}: AF_PACKET.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short sll_family(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, sll_family$OFFSET);
    }

    /**
     * Writes {@code sll_family}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void sll_family(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, sll_family$OFFSET, fieldValue);
    }

    private static final long sll_protocol$OFFSET = LAYOUT.byteOffset(groupElement("sll_protocol"));

    /**
     * Offset of {@code sll_protocol}.
     *
     * @return bytes from the start of the struct.
     */
    public static long sll_protocol$offset()
    {
        return sll_protocol$OFFSET;
    }

    /**
     * Reads {@code sll_protocol}: EtherType in network byte order.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short sll_protocol(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, sll_protocol$OFFSET);
    }

    /**
     * Writes {@code sll_protocol}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void sll_protocol(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, sll_protocol$OFFSET, fieldValue);
    }

    private static final long sll_ifindex$OFFSET = LAYOUT.byteOffset(groupElement("sll_ifindex"));

    /**
     * Offset of {@code sll_ifindex}.
     *
     * @return bytes from the start of the struct.
     */
    public static long sll_ifindex$offset()
    {
        return sll_ifindex$OFFSET;
    }

    /**
     * Reads {@code sll_ifindex}: interface index.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int sll_ifindex(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, sll_ifindex$OFFSET);
    }

    /**
     * Writes {@code sll_ifindex}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void sll_ifindex(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, sll_ifindex$OFFSET, fieldValue);
    }

    private static final long sll_hatype$OFFSET = LAYOUT.byteOffset(groupElement("sll_hatype"));

    /**
     * Offset of {@code sll_hatype}.
     *
     * @return bytes from the start of the struct.
     */
    public static long sll_hatype$offset()
    {
        return sll_hatype$OFFSET;
    }

    /**
     * Reads {@code sll_hatype}: ARPHRD_ type.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short sll_hatype(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, sll_hatype$OFFSET);
    }

    /**
     * Writes {@code sll_hatype}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void sll_hatype(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, sll_hatype$OFFSET, fieldValue);
    }

    private static final long sll_pkttype$OFFSET = LAYOUT.byteOffset(groupElement("sll_pkttype"));

    /**
     * Offset of {@code sll_pkttype}.
     *
     * @return bytes from the start of the struct.
     */
    public static long sll_pkttype$offset()
    {
        return sll_pkttype$OFFSET;
    }

    /**
     * Reads {@code sll_pkttype}: PACKET_HOST, PACKET_OUTGOING, ....
     *
     * @param struct the struct.
     * @return the value.
     */
    public static byte sll_pkttype(final MemorySegment struct)
    {
        return struct.get(Libc.C_CHAR, sll_pkttype$OFFSET);
    }

    /**
     * Writes {@code sll_pkttype}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void sll_pkttype(final MemorySegment struct, final byte fieldValue)
    {
        struct.set(Libc.C_CHAR, sll_pkttype$OFFSET, fieldValue);
    }

    private static final long sll_halen$OFFSET = LAYOUT.byteOffset(groupElement("sll_halen"));

    /**
     * Offset of {@code sll_halen}.
     *
     * @return bytes from the start of the struct.
     */
    public static long sll_halen$offset()
    {
        return sll_halen$OFFSET;
    }

    /**
     * Reads {@code sll_halen}: bytes of sll_addr used.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static byte sll_halen(final MemorySegment struct)
    {
        return struct.get(Libc.C_CHAR, sll_halen$OFFSET);
    }

    /**
     * Writes {@code sll_halen}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void sll_halen(final MemorySegment struct, final byte fieldValue)
    {
        struct.set(Libc.C_CHAR, sll_halen$OFFSET, fieldValue);
    }

    private static final long sll_addr$OFFSET = LAYOUT.byteOffset(groupElement("sll_addr"));

    /**
     * Offset of {@code sll_addr}.
     *
     * @return bytes from the start of the struct.
     */
    public static long sll_addr$offset()
    {
        return sll_addr$OFFSET;
    }

    /**
     * A view of {@code sll_addr}: link-layer address.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment sll_addr(final MemorySegment struct)
    {
        return struct.asSlice(sll_addr$OFFSET, 8);
    }
}
