package org.stasensor.nativebindings.libc;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct ifreq} of {@code <net/if.h>}, 40 bytes on LP64 Linux. The argument of the interface ioctls
 * (SIOCGIFFLAGS, SIOCGIFHWADDR); {@code ifr_flags} and {@code ifr_hwaddr} are the C macros for members of {@code
 * ifr_ifru}.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class ifreq
{
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(16, Libc.C_CHAR).withName("ifr_name"),
        MemoryLayout.unionLayout(
            sockaddr.layout().withName("ifru_hwaddr"),
            Libc.C_SHORT.withName("ifru_flags"),
            Libc.C_INT.withName("ifru_ivalue"),
            ifmap.layout().withName("ifru_map")).withName("ifr_ifru")).withName("ifreq");

    private ifreq()
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
     * {@code sizeof(struct ifreq)}.
     *
     * @return bytes.
     */
    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    private static final long ifr_name$OFFSET = LAYOUT.byteOffset(groupElement("ifr_name"));

    /**
     * Offset of {@code ifr_name}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ifr_name$offset()
    {
        return ifr_name$OFFSET;
    }

    /**
     * A view of {@code ifr_name}: interface name, NUL-terminated.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment ifr_name(final MemorySegment struct)
    {
        return struct.asSlice(ifr_name$OFFSET, 16);
    }

    private static final long ifru_hwaddr$OFFSET =
        LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifru_hwaddr"));

    /**
     * Offset of {@code ifr_ifru.ifru_hwaddr}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ifru_hwaddr$offset()
    {
        return ifru_hwaddr$OFFSET;
    }

    /**
     * A view of {@code ifr_ifru.ifru_hwaddr}: hardware address; sa_family is the ARPHRD_ type.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment ifru_hwaddr(final MemorySegment struct)
    {
        return struct.asSlice(ifru_hwaddr$OFFSET, 16);
    }

    private static final long ifru_flags$OFFSET =
        LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifru_flags"));

    /**
     * Offset of {@code ifr_ifru.ifru_flags}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ifru_flags$offset()
    {
        return ifru_flags$OFFSET;
    }

    /**
     * Reads {@code ifr_ifru.ifru_flags}: IFF_ flags.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static short ifru_flags(final MemorySegment struct)
    {
        return struct.get(Libc.C_SHORT, ifru_flags$OFFSET);
    }

    /**
     * Writes {@code ifr_ifru.ifru_flags}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void ifru_flags(final MemorySegment struct, final short fieldValue)
    {
        struct.set(Libc.C_SHORT, ifru_flags$OFFSET, fieldValue);
    }

    private static final long ifru_ivalue$OFFSET =
        LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifru_ivalue"));

    /**
     * Offset of {@code ifr_ifru.ifru_ivalue}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ifru_ivalue$offset()
    {
        return ifru_ivalue$OFFSET;
    }

    /**
     * Reads {@code ifr_ifru.ifru_ivalue}: an int.
     *
     * @param struct the struct.
     * @return the value.
     */
    public static int ifru_ivalue(final MemorySegment struct)
    {
        return struct.get(Libc.C_INT, ifru_ivalue$OFFSET);
    }

    /**
     * Writes {@code ifr_ifru.ifru_ivalue}.
     *
     * @param struct     the struct.
     * @param fieldValue the value.
     */
    public static void ifru_ivalue(final MemorySegment struct, final int fieldValue)
    {
        struct.set(Libc.C_INT, ifru_ivalue$OFFSET, fieldValue);
    }

    private static final long ifru_map$OFFSET = LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifru_map"));

    /**
     * Offset of {@code ifr_ifru.ifru_map}.
     *
     * @return bytes from the start of the struct.
     */
    public static long ifru_map$offset()
    {
        return ifru_map$OFFSET;
    }

    /**
     * A view of {@code ifr_ifru.ifru_map}: device map.
     *
     * @param struct the struct.
     * @return a slice of it.
     */
    public static MemorySegment ifru_map(final MemorySegment struct)
    {
        return struct.asSlice(ifru_map$OFFSET, 24);
    }
}
