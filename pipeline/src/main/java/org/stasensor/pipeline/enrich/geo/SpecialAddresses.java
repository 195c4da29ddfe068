package org.stasensor.pipeline.enrich.geo;

import org.agrona.DirectBuffer;

/**
 * Addresses that belong to no country and no public AS: the IANA special-purpose registries (RFC 6890 and its
 * successors) plus multicast and reserved space. They are never looked up, so a private LAN never shows up as
 * "somewhere" through a database's quirks, and lookups cost nothing for the many records between local hosts.
 */
public final class SpecialAddresses
{
    /** IPv4 prefixes as (network, prefix length). */
    private static final int[][] IPV4 = {
        {0x00000000, 8},   // "this network", RFC 791
        {0x0A000000, 8},   // private, RFC 1918
        {0x64400000, 10},  // shared address space (CGNAT), RFC 6598
        {0x7F000000, 8},   // loopback, RFC 1122
        {0xA9FE0000, 16},  // link local, RFC 3927
        {0xAC100000, 12},  // private, RFC 1918
        {0xC0000000, 24},  // IETF protocol assignments, RFC 6890
        {0xC0000200, 24},  // documentation TEST-NET-1, RFC 5737
        {0xC0586300, 24},  // 6to4 relay anycast (deprecated), RFC 7526
        {0xC0A80000, 16},  // private, RFC 1918
        {0xC6120000, 15},  // benchmarking, RFC 2544
        {0xC6336400, 24},  // documentation TEST-NET-2, RFC 5737
        {0xCB007100, 24},  // documentation TEST-NET-3, RFC 5737
        {0xE0000000, 4},   // multicast, RFC 5771
        {0xF0000000, 4},   // reserved and limited broadcast, RFC 1112 / RFC 919
    };

    /** IPv6 prefixes as (high 64 bits, low 64 bits, prefix length). */
    private static final long[][] IPV6 = {
        {0L, 0L, 128},                          // unspecified, RFC 4291
        {0L, 1L, 128},                          // loopback, RFC 4291
        {0L, 0x0000FFFF00000000L, 96},          // IPv4-mapped, RFC 4291 (the IPv4 address is judged instead)
        {0x0064FF9B00000000L, 0L, 96},          // NAT64 well-known prefix, RFC 6052
        {0x0064FF9B00010000L, 0L, 48},          // local-use NAT64, RFC 8215
        {0x0100000000000000L, 0L, 64},          // discard-only, RFC 6666
        {0x2001000000000000L, 0L, 23},          // IETF protocol assignments, RFC 2928 (incl. Teredo, ORCHID)
        {0x20010DB800000000L, 0L, 32},          // documentation, RFC 3849
        {0x3FFF000000000000L, 0L, 20},          // documentation, RFC 9637
        {0xFC00000000000000L, 0L, 7},           // unique local, RFC 4193
        {0xFE80000000000000L, 0L, 10},          // link local, RFC 4291
        {0xFF00000000000000L, 0L, 8},           // multicast, RFC 4291
    };

    private SpecialAddresses()
    {
    }

    /**
     * Whether an address is special-purpose (never looked up).
     *
     * @param buffer    holds the address.
     * @param offset    where it starts: 4 bytes for IPv4, 16 for IPv6, network byte order.
     * @param ipVersion 4 or 6; anything else counts as special.
     * @return true for private, loopback, link-local, documentation, multicast and the rest of the registries.
     */
    public static boolean isSpecial(final DirectBuffer buffer, final int offset, final int ipVersion)
    {
        if (ipVersion == 4)
        {
            return isSpecialIpv4(buffer.getInt(offset, java.nio.ByteOrder.BIG_ENDIAN));
        }
        if (ipVersion == 6)
        {
            final long high = buffer.getLong(offset, java.nio.ByteOrder.BIG_ENDIAN);
            final long low = buffer.getLong(offset + 8, java.nio.ByteOrder.BIG_ENDIAN);
            if (high == 0 && (low >>> 32) == 0x0000FFFFL)
            {
                return isSpecialIpv4((int)low);
            }
            return isSpecialIpv6(high, low);
        }
        return true;
    }

    /**
     * Whether an IPv4 address is special-purpose.
     *
     * @param address the address as a big-endian int.
     * @return true when it lies in one of the registries' prefixes.
     */
    public static boolean isSpecialIpv4(final int address)
    {
        for (final int[] prefix : IPV4)
        {
            final int mask = prefix[1] == 0 ? 0 : -1 << (32 - prefix[1]);
            if ((address & mask) == prefix[0])
            {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpecialIpv6(final long high, final long low)
    {
        for (final long[] prefix : IPV6)
        {
            final int length = (int)prefix[2];
            if (length <= 64)
            {
                final long mask = length == 0 ? 0 : -1L << (64 - length);
                if ((high & mask) == prefix[0])
                {
                    return true;
                }
            }
            else if (high == prefix[0] && (low & (-1L << (128 - length))) == prefix[1])
            {
                return true;
            }
        }
        return false;
    }
}
