package org.stasensor.pipeline.packet;

/**
 * Link-layer header types a packet may start with, as numbered by the tcpdump.org LINKTYPE registry
 * (https://www.tcpdump.org/linktypes.html), which pcap and pcapng both use.
 */
public final class LinkType
{
    /** LINKTYPE_NULL: BSD loopback, a 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** LINKTYPE_LOOP: OpenBSD loopback, the 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    /** LINKTYPE_ETHERNET: IEEE 802.3 Ethernet. */
    public static final int ETHERNET = 1;
    /** LINKTYPE_RAW: raw IPv4 or IPv6, version taken from the first nibble. */
    public static final int RAW = 101;
    /** DLT_RAW as OpenBSD numbers it; some writers put it into files. */
    public static final int RAW_OPENBSD = 14;
    /** DLT_RAW as most BSDs number it. */
    public static final int RAW_BSD = 12;
    /** LINKTYPE_LINUX_SLL: Linux "cooked" capture v1 (16-byte header). */
    public static final int LINUX_SLL = 113;
    /** LINKTYPE_IPV4: raw IPv4. */
    public static final int IPV4 = 228;
    /** LINKTYPE_IPV6: raw IPv6. */
    public static final int IPV6 = 229;
    /** LINKTYPE_LINUX_SLL2: Linux "cooked" capture v2 (20-byte header). */
    public static final int LINUX_SLL2 = 276;

    private LinkType()
    {
    }

    /**
     * Whether the pipeline can decode packets of this link type.
     *
     * @param linkType a LINKTYPE value.
     * @return true when {@code linkType} is one of the constants of this class.
     */
    public static boolean isSupported(final int linkType)
    {
        return switch (linkType)
        {
            case NULL, LOOP, ETHERNET, RAW, RAW_OPENBSD, RAW_BSD, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    /**
     * A name for messages.
     *
     * @param linkType a LINKTYPE value.
     * @return a short name such as "ethernet", or "linktype-N".
     */
    public static String name(final int linkType)
    {
        return switch (linkType)
        {
            case NULL, LOOP -> "loopback";
            case ETHERNET -> "ethernet";
            case RAW, RAW_OPENBSD, RAW_BSD -> "raw-ip";
            case LINUX_SLL -> "linux-sll";
            case LINUX_SLL2 -> "linux-sll2";
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            default -> "linktype-" + linkType;
        };
    }
}
