package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct tpacket_stats_v3} of {@code <linux/if_packet.h>}, 12 bytes on LP64 Linux. What
 * getsockopt(PACKET_STATISTICS) returns under TPACKET_V3; reading it resets the counters.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class tpacket_stats_v3
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        Libc.C_INT.withName("tp_packets"),
        Libc.C_INT.withName("tp_drops"),
        Libc.C_INT.withName("tp_freeze_q_cnt")).withName("tpacket_stats_v3");

    private tpacket_stats_v3()
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
     * {@code sizeof(struct tpacket_stats_v3)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long tp_packets$OFFSET = LAYOUT.byteOffset(groupElement("tp_packets"));

    /**
     * Offset of {@code tp_packets}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_packets$offset()
    {
        return tp_packets$OFFSET;
    }

    /**
     * Reads {@code tp_packets}: packets received (including tp_drops).
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_packets(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_packets$OFFSET);
    }

    /**
     * Writes {@code tp_packets}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_packets(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_packets$OFFSET, fieldValue);
    }

    private static final long tp_drops$OFFSET = LAYOUT.byteOffset(groupElement("tp_drops"));

    /**
     * Offset of {@code tp_drops}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_drops$offset()
    {
        return tp_drops$OFFSET;
    }

    /**
     * Reads {@code tp_drops}: packets dropped: ring full.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_drops(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_drops$OFFSET);
    }

    /**
     * Writes {@code tp_drops}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_drops(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_drops$OFFSET, fieldValue);
    }

    private static final long tp_freeze_q_cnt$OFFSET = LAYOUT.byteOffset(groupElement("tp_freeze_q_cnt"));

    /**
     * Offset of {@code tp_freeze_q_cnt}.
     *
     * @return bytes from the start of the struct.
     */
    public static long tp_freeze_q_cnt$offset()
    {
        return tp_freeze_q_cnt$OFFSET;
    }

    /**
     * Reads {@code tp_freeze_q_cnt}: times the queue was frozen because user space held every block.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int tp_freeze_q_cnt(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, tp_freeze_q_cnt$OFFSET);
    }

    /**
     * Writes {@code tp_freeze_q_cnt}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void tp_freeze_q_cnt(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, tp_freeze_q_cnt$OFFSET, fieldValue);
    }
}
