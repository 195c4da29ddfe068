package org.stasensor.pipeline.decode;

/**
 * IP protocol numbers and IPv6 extension header types the decoder knows
 * (https://www.iana.org/assignments/protocol-numbers).
 */
public final class IpProtocol
{
    /** IPv6 Hop-by-Hop Options (RFC 8200). */
    public static final int HOP_BY_HOP = 0;
    /** ICMP. */
    public static final int ICMP = 1;
    /** IPv4 encapsulated in IP (RFC 2003). */
    public static final int IPIP = 4;
    /** TCP (RFC 9293). */
    public static final int TCP = 6;
    /** UDP (RFC 768). */
    public static final int UDP = 17;
    /** IPv6 encapsulated in IP (RFC 2473, 6in4). */
    public static final int IPV6_IN_IP = 41;
    /** IPv6 Routing header. */
    public static final int ROUTING = 43;
    /** IPv6 Fragment header. */
    public static final int FRAGMENT = 44;
    /** GRE (RFC 2784). */
    public static final int GRE = 47;
    /** ESP (RFC 4303): encrypted, nothing behind it can be read. */
    public static final int ESP = 50;
    /** Authentication Header (RFC 4302). */
    public static final int AH = 51;
    /** ICMPv6. */
    public static final int ICMPV6 = 58;
    /** IPv6 No Next Header. */
    public static final int NO_NEXT_HEADER = 59;
    /** IPv6 Destination Options. */
    public static final int DESTINATION_OPTIONS = 60;
    /** Mobility header (RFC 6275). */
    public static final int MOBILITY = 135;
    /** Host Identity Protocol (RFC 7401). */
    public static final int HIP = 139;
    /** Shim6 (RFC 5533). */
    public static final int SHIM6 = 140;

    private IpProtocol()
    {
    }
}
