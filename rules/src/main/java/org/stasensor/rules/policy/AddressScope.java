package org.stasensor.rules.policy;

import java.util.List;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.enrich.geo.SpecialAddresses;

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
        // Special-purpose addresses (the one list the project keeps, also used to skip GeoIP) are never public.
        return (ipVersion == 4 || ipVersion == 6) && !lan.contains(buffer, offset, ipVersion)
            && !SpecialAddresses.isSpecial(buffer, offset, ipVersion);
    }
}
