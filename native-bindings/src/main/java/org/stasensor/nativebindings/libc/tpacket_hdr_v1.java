package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct tpacket_hdr_v1} of {@code <linux/if_packet.h>}, 40 bytes on LP64 Linux. The TPACKET_V3 block header:
 * who owns the block, how many packets it holds and where the first is.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class tpacket_hdr_v1
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("block_status"),
        Libc.C_INT.withName("num_pkts"),
        Libc.C_INT.withName("offset_to_first_pkt"),
        Libc.C_INT.withName("blk_len"),
        Libc.C_LONG.withName("seq_num"),
        tpacket_bd_ts.layout().withName("ts_first_pkt"),
        tpacket_bd_ts.layout().withName("ts_last_pkt")).withName("tpacket_hdr_v1");

    private tpacket_hdr_v1()
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
     * {@code sizeof(struct tpacket_hdr_v1)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long block_status$OFFSET = LAYOUT.byteOffset(groupElement("block_status"));

    /**
     * Offset of {@code block_status}.
     *
     * @return bytes from the start of the struct.
     */
    public static long block_status$offset()
    {
        return block_status$OFFSET;
    }

    /**
     * Reads {@code block_status}: TP_STATUS_KERNEL or TP_STATUS_USER (| TP_STATUS_BLK_TMO).
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int block_status(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, block_status$OFFSET);
    }

    /**
     * Writes {@code block_status}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void block_status(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, block_status$OFFSET, fieldValue);
    }

    private static final long num_pkts$OFFSET = LAYOUT.byteOffset(groupElement("num_pkts"));

    /**
     * Offset of {@code num_pkts}.
     *
     * @return bytes from the start of the struct.
     */
    public static long num_pkts$offset()
    {
        return num_pkts$OFFSET;
    }

    /**
     * Reads {@code num_pkts}: packets in the block.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int num_pkts(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, num_pkts$OFFSET);
    }

    /**
     * Writes {@code num_pkts}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void num_pkts(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, num_pkts$OFFSET, fieldValue);
    }

    private static final long offset_to_first_pkt$OFFSET = LAYOUT.byteOffset(groupElement("offset_to_first_pkt"));

    /**
     * Offset of {@code offset_to_first_pkt}.
     *
     * @return bytes from the start of the struct.
     */
    public static long offset_to_first_pkt$offset()
    {
        return offset_to_first_pkt$OFFSET;
    }

    /**
     * Reads {@code offset_to_first_pkt}: from the start of the block.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int offset_to_first_pkt(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, offset_to_first_pkt$OFFSET);
    }

    /**
     * Writes {@code offset_to_first_pkt}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void offset_to_first_pkt(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, offset_to_first_pkt$OFFSET, fieldValue);
    }

    private static final long blk_len$OFFSET = LAYOUT.byteOffset(groupElement("blk_len"));

    /**
     * Offset of {@code blk_len}.
     *
     * @return bytes from the start of the struct.
     */
    public static long blk_len$offset()
    {
        return blk_len$OFFSET;
    }

    /**
     * Reads {@code blk_len}: bytes used in the block.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int blk_len(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, blk_len$OFFSET);
    }

    /**
     * Writes {@code blk_len}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void blk_len(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, blk_len$OFFSET, fieldValue);
    }

    private static final long seq_num$OFFSET = LAYOUT.byteOffset(groupElement("seq_num"));

    /**
     * Offset of {@code seq_num}.
     *
     * @return bytes from the start of the struct.
     */
    public static long seq_num$offset()
    {
        return seq_num$OFFSET;
    }

    /**
     * Reads {@code seq_num}: block sequence number.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long seq_num(final MemorySegment struct)
    {
        return struct.get(Libc.C_LONG, seq_num$OFFSET);
    }

    /**
     * Writes {@code seq_num}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void seq_num(final MemorySegment struct, final long fieldValue)
    {
        struct.set(Libc.C_LONG, seq_num$OFFSET, fieldValue);
    }

    private static final long ts_first_pkt$OFFSET = LAYOUT.byteOffset(groupElement("ts_first_pkt"));

    /**
     * Offset of {@code ts_first_pkt}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ts_first_pkt$offset()
    {
        return ts_first_pkt$OFFSET;
    }

    /**
     * A view of {@code ts_first_pkt}: time of the first packet.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment ts_first_pkt(final MemorySegment struct)
    {
        return struct.asSlice(ts_first_pkt$OFFSET, 8);
    }

    private static final long ts_last_pkt$OFFSET = LAYOUT.byteOffset(groupElement("ts_last_pkt"));

    /**
     * Offset of {@code ts_last_pkt}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ts_last_pkt$offset()
    {
        return ts_last_pkt$OFFSET;
    }

    /**
     * A view of {@code ts_last_pkt}: time of the last packet.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment ts_last_pkt(final MemorySegment struct)
    {
        return struct.asSlice(ts_last_pkt$OFFSET, 8);
    }
}
