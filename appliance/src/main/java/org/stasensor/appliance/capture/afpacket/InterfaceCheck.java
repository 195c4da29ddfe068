package org.stasensor.appliance.capture.afpacket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.nativebindings.libc.Libc;
import org.stasensor.nativebindings.libc.if_nameindex;
import org.stasensor.nativebindings.libc.ifreq;
import org.stasensor.nativebindings.libc.sockaddr;

/**
 * What the kernel says of an interface before any packet socket is opened, so that a wrong name, a link that is
 * down or a link type the pipeline cannot decode is reported in one line even without CAP_NET_RAW. Everything is
 * asked of the calling thread's network namespace (netlink and ioctl, not /sys, which shows the namespace sysfs was
 * mounted in).
 *
 * @param name     the interface name.
 * @param index    its index.
 * @param loopback whether it is a loopback interface (ARPHRD_LOOPBACK).
 */
record InterfaceCheck(String name, int index, boolean loopback)
{
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;

    /**
     * Looks the interface up and checks that it can be captured from.
     *
     * @param name the interface name.
     * @return what was found.
     * @throws CaptureSetupException unknown interface, down, or not Ethernet-framed.
     */
    static InterfaceCheck of(final String name) throws CaptureSetupException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Libc.allocateCallState(arena);
            final int index = name.length() < Libc.IF_NAMESIZE() && name.indexOf('\0') < 0 ?
                Libc.if_nametoindex(state, arena.allocateFrom(name)) : 0;
            if (index == 0)
            {
                throw new CaptureSetupException("no interface '" + name + "'; interfaces here: "
                    + String.join(", ", interfaceNames()));
            }
            // Any socket answers the interface ioctls; a UDP one needs no privilege.
            final int fd = Libc.socket(state, AF_INET, SOCK_DGRAM | Libc.SOCK_CLOEXEC(), 0);
            if (fd < 0)
            {
                throw new CaptureSetupException("cannot query interface '" + name + "': "
                    + Libc.errorText(Libc.errno(state)));
            }
            try
            {
                final MemorySegment request = arena.allocate(ifreq.layout());
                request.setString(ifreq.ifr_name$offset(), name);
                if (Libc.ioctl(state, fd, Libc.SIOCGIFFLAGS(), request) != 0)
                {
                    throw new CaptureSetupException("cannot read the flags of interface '" + name + "': "
                        + Libc.errorText(Libc.errno(state)));
                }
                if ((ifreq.ifru_flags(request) & Libc.IFF_UP()) == 0)
                {
                    throw new CaptureSetupException("interface '" + name + "' is down; bring it up first (ip link "
                        + "set " + name + " up)");
                }
                if (Libc.ioctl(state, fd, Libc.SIOCGIFHWADDR(), request) != 0)
                {
                    throw new CaptureSetupException("cannot read the link type of interface '" + name + "': "
                        + Libc.errorText(Libc.errno(state)));
                }
                final int type = Short.toUnsignedInt(sockaddr.sa_family(ifreq.ifru_hwaddr(request)));
                if (type != Libc.ARPHRD_ETHER() && type != Libc.ARPHRD_LOOPBACK())
                {
                    throw new CaptureSetupException("interface '" + name + "' has link type " + typeName(type)
                        + "; af_packet captures Ethernet and loopback interfaces only");
                }
                return new InterfaceCheck(name, index, type == Libc.ARPHRD_LOOPBACK());
            }
            finally
            {
                Libc.close(state, fd);
            }
        }
    }

    /**
     * Names of the interfaces of the calling thread's network namespace, in index order.
     *
     * @return the names, or an empty list when the kernel does not say.
     */
    static List<String> interfaceNames()
    {
        final List<String> names = new ArrayList<>();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment array = Libc.if_nameindex(Libc.allocateCallState(arena));
            if (array.address() == 0)
            {
                return names;
            }
            try
            {
                final MemorySegment entries = array.reinterpret(Long.MAX_VALUE);
                for (long at = 0; ; at += if_nameindex.sizeof())
                {
                    final MemorySegment entry = entries.asSlice(at, if_nameindex.sizeof());
                    if (if_nameindex.if_index(entry) == 0)
                    {
                        return names;
                    }
                    names.add(if_nameindex.if_name(entry).getString(0));
                }
            }
            finally
            {
                Libc.if_freenameindex(array);
            }
        }
    }

    private static String typeName(final int type)
    {
        // include/uapi/linux/if_arp.h
        return switch (type)
        {
            case 0xFFFE -> "ARPHRD_NONE (no link-layer header, e.g. tun or WireGuard)";
            case 0xFFFF -> "ARPHRD_VOID";
            case 512 -> "ARPHRD_PPP";
            case 768 -> "ARPHRD_TUNNEL";
            case 776 -> "ARPHRD_SIT";
            case 778 -> "ARPHRD_IPGRE";
            case 801 -> "ARPHRD_IEEE80211";
            case 803 -> "ARPHRD_IEEE80211_RADIOTAP";
            case 32 -> "ARPHRD_INFINIBAND";
            case 280 -> "ARPHRD_CAN";
            default -> "ARPHRD " + type;
        };
    }
}
