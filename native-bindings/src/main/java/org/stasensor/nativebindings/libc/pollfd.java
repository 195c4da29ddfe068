package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct pollfd} of {@code <poll.h>}, 8 bytes on LP64 Linux. One descriptor to poll.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class pollfd
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("fd"),
        Libc.C_SHORT.withName("events"),
        Libc.C_SHORT.withName("revents")).withName("pollfd");

    private pollfd()
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
     * {@code sizeof(struct pollfd)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long fd$OFFSET = LAYOUT.byteOffset(groupElement("fd"));

    /**
     * Offset of {@code fd}.
     *
     * @return bytes from the start of the struct.
     */
    public static long fd$offset()
    {
        return fd$OFFSET;
    }

    /**
     * Reads {@code fd}: the descriptor.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int fd(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, fd$OFFSET);
    }

    /**
     * Writes {@code fd}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void fd(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, fd$OFFSET, fieldValue);
    }

    private static final long events$OFFSET = LAYOUT.byteOffset(groupElement("events"));

    /**
     * Offset of {@code events}.
     *
     * @return bytes from the start of the struct.
     */
    public static long events$offset()
    {
        return events$OFFSET;
    }

    /**
     * Reads {@code events}: POLLIN, ....
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short events(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, events$OFFSET);
    }

    /**
     * Writes {@code events}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void events(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, events$OFFSET, fieldValue);
    }

    private static final long revents$OFFSET = LAYOUT.byteOffset(groupElement("revents"));

    /**
     * Offset of {@code revents}.
     *
     * @return bytes from the start of the struct.
     */
    public static long revents$offset()
    {
        return revents$OFFSET;
    }

    /**
     * Reads {@code revents}: events that occurred.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short revents(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, revents$OFFSET);
    }

    /**
     * Writes {@code revents}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void revents(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, revents$OFFSET, fieldValue);
    }
}
