package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct tpacket_bd_ts} of {@code <linux/if_packet.h>}, 8 bytes on LP64 Linux. A block timestamp (seconds and
 * nanoseconds under TPACKET_V3).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class tpacket_bd_ts
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("ts_sec"),
        MemoryLayout.unionLayout(
            Libc.C_INT.withName("ts_usec"),
            Libc.C_INT.withName("ts_nsec")).withName("$anon$0")).withName("tpacket_bd_ts");

    private tpacket_bd_ts()
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
     * {@code sizeof(struct tpacket_bd_ts)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long ts_sec$OFFSET = LAYOUT.byteOffset(groupElement("ts_sec"));

    /**
     * Offset of {@code ts_sec}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ts_sec$offset()
    {
        return ts_sec$OFFSET;
    }

    /**
     * Reads {@code ts_sec}: seconds.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int ts_sec(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, ts_sec$OFFSET);
    }

    /**
     * Writes {@code ts_sec}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void ts_sec(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, ts_sec$OFFSET, fieldValue);
    }

    private static final long ts_usec$OFFSET = LAYOUT.byteOffset(groupElement("$anon$0"), groupElement("ts_usec"));

    /**
     * Offset of {@code ts_usec}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ts_usec$offset()
    {
        return ts_usec$OFFSET;
    }

    /**
     * Reads {@code ts_usec}: microseconds (V2).
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int ts_usec(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, ts_usec$OFFSET);
    }

    /**
     * Writes {@code ts_usec}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void ts_usec(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, ts_usec$OFFSET, fieldValue);
    }

    private static final long ts_nsec$OFFSET = LAYOUT.byteOffset(groupElement("$anon$0"), groupElement("ts_nsec"));

    /**
     * Offset of {@code ts_nsec}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ts_nsec$offset()
    {
        return ts_nsec$OFFSET;
    }

    /**
     * Reads {@code ts_nsec}: nanoseconds.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int ts_nsec(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, ts_nsec$OFFSET);
    }

    /**
     * Writes {@code ts_nsec}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void ts_nsec(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, ts_nsec$OFFSET, fieldValue);
    }
}
