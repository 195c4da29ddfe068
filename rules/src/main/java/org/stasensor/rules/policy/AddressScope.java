package org.stasensor.rules.policy;

import java.util.List;

import org.agrona.DirectBuffer;

/**
 * Which side of the perimeter an address is on. "LAN" is configured (default {@link #DEFAULT_LAN}); "public" is
 * every address that is neither LAN nor special-purpose ({@link #SPECIAL_PURPOSE}, from the IANA special-purpose
 * address registries, RFC 6890): traffic to a special-purpose address never reaches the Internet, so it must not
 * count as Internet traffic even when the LAN definition leaves it out.
 */
final class AddressScope
{
    /** RFC 1918 private IPv4 networks and RFC 4193 unique local IPv6 addresses. */
    static final List<String> DEFAULT_LAN = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

    /** Never public, whatever the LAN definition says. */
    static final List<String> SPECIAL_PURPOSE = List.of(
        "0.0.0.0/8",          // "this network", RFC 791
        "10.0.0.0/8",         // private use, RFC 1918
        "100.64.0.0/10",      // shared address space (carrier-grade NAT), RFC 6598
        "127.0.0.0/8",        // loopback, RFC 1122
        "169.254.0.0/16",     // link local, RFC 3927
        "172.16.0.0/12",      // private use, RFC 1918
        "192.0.0.0/24",       // IETF protocol assignments, RFC 6890
        "192.0.2.0/24",       // documentation TEST-NET-1, RFC 5737
        "192.168.0.0/16",     // private use, RFC 1918
        "198.18.0.0/15",      // benchmarking, RFC 2544
        "198.51.100.0/24",    // documentation TEST-NET-2, RFC 5737
        "203.0.113.0/24",     // documentation TEST-NET-3, RFC 5737
        "224.0.0.0/4",        // multicast, RFC 5771
        "240.0.0.0/4",        // reserved, RFC 1112; includes limited broadcast 255.255.255.255 (RFC 919)
        "::/128",             // unspecified, RFC 4291
        "::1/128",            // loopback, RFC 4291
        "::ffff:0:0/96",      // IPv4-mapped, RFC 4291 (never on the wire between hosts)
        "100::/64",           // discard only, RFC 6666
        "2001:2::/48",        // benchmarking, RFC 5180
        "2001:db8::/32",      // documentation, RFC 3849
        "3fff::/20",          // documentation, RFC 9637
        "fc00::/7",           // unique local, RFC 4193
        "fe80::/10",          // link local, RFC 4291
        "ff00::/8");          // multicast, RFC 4291

    private static final HostSet SPECIAL = HostSet.of(SPECIAL_PURPOSE);

    private final HostSet lan;

    /**
     * A scope.
     *
     * @param lan the LAN networks.
     */
    AddressScope(final HostSet lan)
    {
        this.lan = lan;
    }

    HostSet lan()
    {
        return lan;
    }

    /**
     * Whether an address is on the LAN.
     *
     * @param buffer    holds the address.
     * @param offset    where it starts.
     * @param ipVersion 4 or 6.
     * @return true for a LAN address.
     */
    boolean isLan(final DirectBuffer buffer, final int offset, final int ipVersion)
    {
        return lan.contains(buffer, offset, ipVersion);
    }

    /**
     * Whether an address is on the Internet: neither LAN nor special-purpose.
     *
     * @param buffer    holds the address.
     * @param offset    where it starts.
     * @param ipVersion 4 or 6.
     * @return true for a public address.
     */
    boolean isPublic(final DirectBuffer buffer, final int offset, final int ipVersion)
    {
        return (ipVersion == 4 || ipVersion == 6) && !lan.contains(buffer, offset, ipVersion)
            && !SPECIAL.contains(buffer, offset, ipVersion);
    }
}
