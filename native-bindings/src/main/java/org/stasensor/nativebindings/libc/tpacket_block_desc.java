package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct tpacket_block_desc} of {@code <linux/if_packet.h>}, 48 bytes on LP64 Linux. The start of every
 * TPACKET_V3 block: a version, the private area offset and the {@link tpacket_hdr_v1} (inside {@code union
 * tpacket_bd_header_u hdr}).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class tpacket_block_desc
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("version"),
        Libc.C_INT.withName("offset_to_priv"),
        MemoryLayout.unionLayout(
            tpacket_hdr_v1.layout().withName("bh1")).withName("hdr")).withName("tpacket_block_desc");

    private tpacket_block_desc()
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
     * {@code sizeof(struct tpacket_block_desc)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long version$OFFSET = LAYOUT.byteOffset(groupElement("version"));

    /**
     * Offset of {@code version}.
     *
     * @return bytes from the start of the struct.
     */
    public static long version$offset()
    {
        return version$OFFSET;
    }

    /**
     * Reads {@code version}: block descriptor version.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int version(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, version$OFFSET);
    }

    /**
     * Writes {@code version}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void version(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, version$OFFSET, fieldValue);
    }

    private static final long offset_to_priv$OFFSET = LAYOUT.byteOffset(groupElement("offset_to_priv"));

    /**
     * Offset of {@code offset_to_priv}.
     *
     * @return bytes from the start of the struct.
     */
    public static long offset_to_priv$offset()
    {
        return offset_to_priv$OFFSET;
    }

    /**
     * Reads {@code offset_to_priv}: offset of the private area.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int offset_to_priv(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, offset_to_priv$OFFSET);
    }

    /**
     * Writes {@code offset_to_priv}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void offset_to_priv(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, offset_to_priv$OFFSET, fieldValue);
    }

    private static final long bh1$OFFSET = LAYOUT.byteOffset(groupElement("hdr"), groupElement("bh1"));

    /**
     * Offset of {@code hdr.bh1}.
     *
     * @return bytes from the start of the struct.
     */
    public static long bh1$offset()
    {
        return bh1$OFFSET;
    }

    /**
     * A view of {@code hdr.bh1}: the V3 block header.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment bh1(final MemorySegment struct)
    {
        return struct.asSlice(bh1$OFFSET, 40);
    }
}
