package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct tpacket_req3} of {@code <linux/if_packet.h>}, 28 bytes on LP64 Linux. The ring requested with
 * PACKET_RX_RING for TPACKET_V3.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class tpacket_req3
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("tp_block_size"),
        Libc.C_INT.withName("tp_block_nr"),
        Libc.C_INT.withName("tp_frame_size"),
        Libc.C_INT.withName("tp_frame_nr"),
        Libc.C_INT.withName("tp_retire_blk_tov"),
        Libc.C_INT.withName("tp_sizeof_priv"),
        Libc.C_INT.withName("tp_feature_req_word")).withName("tpacket_req3");

    private tpacket_req3()
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
     * {@code sizeof(struct tpacket_req3)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long tp_block_size$OFFSET = LAYOUT.byteOffset(groupElement("tp_block_size"));

    /**
     * Offset of {@code tp_block_size}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_block_size$offset()
    {
        return tp_block_size$OFFSET;
    }

    /**
     * Reads {@code tp_block_size}: bytes per block, a multiple of the page size.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_block_size(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_block_size$OFFSET);
    }

    /**
     * Writes {@code tp_block_size}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_block_size(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_block_size$OFFSET, fieldValue);
    }

    private static final long tp_block_nr$OFFSET = LAYOUT.byteOffset(groupElement("tp_block_nr"));

    /**
     * Offset of {@code tp_block_nr}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_block_nr$offset()
    {
        return tp_block_nr$OFFSET;
    }

    /**
     * Reads {@code tp_block_nr}: blocks.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_block_nr(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_block_nr$OFFSET);
    }

    /**
     * Writes {@code tp_block_nr}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_block_nr(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_block_nr$OFFSET, fieldValue);
    }

    private static final long tp_frame_size$OFFSET = LAYOUT.byteOffset(groupElement("tp_frame_size"));

    /**
     * Offset of {@code tp_frame_size}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_frame_size$offset()
    {
        return tp_frame_size$OFFSET;
    }

    /**
     * Reads {@code tp_frame_size}: only checked by the kernel for V3 (frames are packed in blocks).
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_frame_size(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_frame_size$OFFSET);
    }

    /**
     * Writes {@code tp_frame_size}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_frame_size(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_frame_size$OFFSET, fieldValue);
    }

    private static final long tp_frame_nr$OFFSET = LAYOUT.byteOffset(groupElement("tp_frame_nr"));

    /**
     * Offset of {@code tp_frame_nr}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_frame_nr$offset()
    {
        return tp_frame_nr$OFFSET;
    }

    /**
     * Reads {@code tp_frame_nr}: block_size * block_nr / frame_size.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_frame_nr(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_frame_nr$OFFSET);
    }

    /**
     * Writes {@code tp_frame_nr}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_frame_nr(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_frame_nr$OFFSET, fieldValue);
    }

    private static final long tp_retire_blk_tov$OFFSET = LAYOUT.byteOffset(groupElement("tp_retire_blk_tov"));

    /**
     * Offset of {@code tp_retire_blk_tov}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_retire_blk_tov$offset()
    {
        return tp_retire_blk_tov$OFFSET;
    }

    /**
     * Reads {@code tp_retire_blk_tov}: milliseconds after which a partly filled block is handed to user space.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_retire_blk_tov(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_retire_blk_tov$OFFSET);
    }

    /**
     * Writes {@code tp_retire_blk_tov}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_retire_blk_tov(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_retire_blk_tov$OFFSET, fieldValue);
    }

    private static final long tp_sizeof_priv$OFFSET = LAYOUT.byteOffset(groupElement("tp_sizeof_priv"));

    /**
     * Offset of {@code tp_sizeof_priv}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_sizeof_priv$offset()
    {
        return tp_sizeof_priv$OFFSET;
    }

    /**
     * Reads {@code tp_sizeof_priv}: private bytes per block.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_sizeof_priv(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_sizeof_priv$OFFSET);
    }

    /**
     * Writes {@code tp_sizeof_priv}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_sizeof_priv(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_sizeof_priv$OFFSET, fieldValue);
    }

    private static final long tp_feature_req_word$OFFSET = LAYOUT.byteOffset(groupElement("tp_feature_req_word"));

    /**
     * Offset of {@code tp_feature_req_word}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_feature_req_word$offset()
    {
        return tp_feature_req_word$OFFSET;
    }

    /**
     * Reads {@code tp_feature_req_word}: TP_FT_REQ_FILL_RXHASH.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_feature_req_word(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_feature_req_word$OFFSET);
    }

    /**
     * Writes {@code tp_feature_req_word}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_feature_req_word(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_feature_req_word$OFFSET, fieldValue);
    }
}
