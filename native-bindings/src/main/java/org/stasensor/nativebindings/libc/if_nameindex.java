package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct if_nameindex} of {@code <net/if.h>}, 16 bytes on LP64 Linux. One entry of what if_nameindex() returns.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class if_nameindex
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("if_index"),
        MemoryLayout.paddingLayout(4),
        Libc.C_POINTER.withName("if_name")).withName("if_nameindex");

    private if_nameindex()
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
     * {@code sizeof(struct if_nameindex)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long if_index$OFFSET = LAYOUT.byteOffset(groupElement("if_index"));

    /**
     * Offset of {@code if_index}.
     *
     * @return bytes from the start of the struct.
     */
    public static long if_index$offset()
    {
        return if_index$OFFSET;
    }

    /**
     * Reads {@code if_index}: index, 0 in the terminating entry.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int if_index(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, if_index$OFFSET);
    }

    /**
     * Writes {@code if_index}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void if_index(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, if_index$OFFSET, fieldValue);
    }

    private static final long if_name$OFFSET = LAYOUT.byteOffset(groupElement("if_name"));

    /**
     * Offset of {@code if_name}.
     *
     * @return bytes from the start of the struct.
     */
    public static long if_name$offset()
    {
        return if_name$OFFSET;
    }

    /**
     * Reads {@code if_name}: NUL-terminated name, NULL in the terminating entry.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static MemorySegment if_name(final MemorySegment struct)
    {
        return struct.get(Libc.C_POINTER, if_name$OFFSET);
    }

    /**
     * Writes {@code if_name}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void if_name(final MemorySegment struct, final MemorySegment fieldValue)
    {
        struct.set(Libc.C_POINTER, if_name$OFFSET, fieldValue);
    }
}
