package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct sockaddr} of {@code <sys/socket.h>}, 16 bytes on LP64 Linux. A generic socket address.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class sockaddr
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_SHORT.withName("sa_family"),
        MemoryLayout.sequenceLayout(14, Libc.C_CHAR).withName("sa_data")).withName("sockaddr");

    private sockaddr()
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
     * {@code sizeof(struct sockaddr)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long sa_family$OFFSET = LAYOUT.byteOffset(groupElement("sa_family"));

    /**
     * Offset of {@code sa_family}.
     *
     * @return bytes from the start of the struct.
     */
    public static long sa_family$offset()
    {
        return sa_family$OFFSET;
    }

    /**
     * Reads {@code sa_family}: address family; ARPHRD_ type in ifr_hwaddr.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short sa_family(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, sa_family$OFFSET);
    }

    /**
     * Writes {@code sa_family}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void sa_family(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, sa_family$OFFSET, fieldValue);
    }

    private static final long sa_data$OFFSET = LAYOUT.byteOffset(groupElement("sa_data"));

    /**
     * Offset of {@code sa_data}.
     *
     * @return bytes from the start of the struct.
     */
    public static long sa_data$offset()
    {
        return sa_data$OFFSET;
    }

    /**
     * A view of {@code sa_data}: address bytes.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment sa_data(final MemorySegment struct)
    {
        return struct.asSlice(sa_data$OFFSET, 14);
    }
}
