package org.stasensor.pipeline.decode;

/**
 * EtherType values the decoder follows (IEEE 802 numbers, https://www.iana.org/assignments/ieee-802-numbers).
 */
public final class EtherType
{
    /** IPv4 (RFC 894). */
    public static final int IPV4 = 0x0800;
    /** IPv6 (RFC 2464). */
    public static final int IPV6 = 0x86DD;
    /** 802.1Q customer VLAN tag. */
    public static final int VLAN = 0x8100;
    /** 802.1ad service VLAN tag (QinQ outer tag). */
    public static final int QINQ = 0x88A8;
    /** Pre-standard QinQ outer tag still seen on some switches. */
    public static final int QINQ_LEGACY = 0x9100;
    /** MPLS unicast (RFC 3032). */
    public static final int MPLS = 0x8847;
    /** MPLS multicast (RFC 5332). */
    public static final int MPLS_MULTICAST = 0x8848;
    /** PPPoE session stage (RFC 2516). */
    public static final int PPPOE_SESSION = 0x8864;

    private EtherType()
    {
    }
}
