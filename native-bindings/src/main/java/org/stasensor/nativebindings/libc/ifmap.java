package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct ifmap} of {@code <net/if.h>}, 24 bytes on LP64 Linux. Device memory map (only here so that struct
 * ifreq has its size).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class ifmap
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_LONG.withName("mem_start"),
        Libc.C_LONG.withName("mem_end"),
        Libc.C_SHORT.withName("base_addr"),
        Libc.C_CHAR.withName("irq"),
        Libc.C_CHAR.withName("dma"),
        Libc.C_CHAR.withName("port"),
        MemoryLayout.paddingLayout(3)).withName("ifmap");

    private ifmap()
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
     * {@code sizeof(struct ifmap)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long mem_start$OFFSET = LAYOUT.byteOffset(groupElement("mem_start"));

    /**
     * Offset of {@code mem_start}.
     *
     * @return bytes from the start of the struct.
     */
    public static long mem_start$offset()
    {
        return mem_start$OFFSET;
    }

    /**
     * Reads {@code mem_start}: memory start.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long mem_start(final MemorySegment struct)
    {
        return struct.get(Libc.C_LONG, mem_start$OFFSET);
    }

    /**
     * Writes {@code mem_start}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void mem_start(final MemorySegment struct, final long fieldValue)
    {
        struct.set(Libc.C_LONG, mem_start$OFFSET, fieldValue);
    }

    private static final long mem_end$OFFSET = LAYOUT.byteOffset(groupElement("mem_end"));

    /**
     * Offset of {@code mem_end}.
     *
     * @return bytes from the start of the struct.
     */
    public static long mem_end$offset()
    {
        return mem_end$OFFSET;
    }

    /**
     * Reads {@code mem_end}: memory end.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static long mem_end(final MemorySegment struct)
    {
        return struct.get(Libc.C_LONG, mem_end$OFFSET);
    }

    /**
     * Writes {@code mem_end}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void mem_end(final MemorySegment struct, final long fieldValue)
    {
        struct.set(Libc.C_LONG, mem_end$OFFSET, fieldValue);
    }

    private static final long base_addr$OFFSET = LAYOUT.byteOffset(groupElement("base_addr"));

    /**
     * Offset of {@code base_addr}.
     *
     * @return bytes from the start of the struct.
     */
    public static long base_addr$offset()
    {
        return base_addr$OFFSET;
    }

    /**
     * Reads {@code base_addr}: base address.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short base_addr(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, base_addr$OFFSET);
    }

    /**
     * Writes {@code base_addr}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void base_addr(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, base_addr$OFFSET, fieldValue);
    }

    private static final long irq$OFFSET = LAYOUT.byteOffset(groupElement("irq"));

    /**
     * Offset of {@code irq}.
     *
     * @return bytes from the start of the struct.
     */
    public static long irq$offset()
    {
        return irq$OFFSET;
    }

    /**
     * Reads {@code irq}: IRQ.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static byte irq(final MemorySegment struct)
    {
        return struct.get(Libc.C_CHAR, irq$OFFSET);
    }

    /**
     * Writes {@code irq}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void irq(final MemorySegment struct, final byte fieldValue)
    {
        struct.set(Libc.C_CHAR, irq$OFFSET, fieldValue);
    }

    private static final long dma$OFFSET = LAYOUT.byteOffset(groupElement("dma"));

    /**
     * Offset of {@code dma}.
     *
     * @return bytes from the start of the struct.
     */
    public static long dma$offset()
    {
        return dma$OFFSET;
    }

    /**
     * Reads {@code dma}: DMA channel.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static byte dma(final MemorySegment struct)
    {
        return struct.get(Libc.C_CHAR, dma$OFFSET);
    }

    /**
     * Writes {@code dma}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void dma(final MemorySegment struct, final byte fieldValue)
    {
        struct.set(Libc.C_CHAR, dma$OFFSET, fieldValue);
    }

    private static final long port$OFFSET = LAYOUT.byteOffset(groupElement("port"));

    /**
     * Offset of {@code port}.
     *
     * @return bytes from the start of the struct.
     */
    public static long port$offset()
    {
        return port$OFFSET;
    }

    /**
     * Reads {@code port}: port.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static byte port(final MemorySegment struct)
    {
        return struct.get(Libc.C_CHAR, port$OFFSET);
    }

    /**
     * Writes {@code port}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void port(final MemorySegment struct, final byte fieldValue)
    {
        struct.set(Libc.C_CHAR, port$OFFSET, fieldValue);
    }
}
