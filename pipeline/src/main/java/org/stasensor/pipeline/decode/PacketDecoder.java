package org.stasensor.pipeline.decode;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.packet.LinkType;

/**
 * Decodes link, network and transport headers in place. Every length read from the packet is checked against
 * the bytes captured before it is used; a packet that lies about its lengths yields {@link DecodeResult#MALFORMED}.
 * <p>
 * Follows Ethernet with up to {@value #MAX_VLAN_TAGS} VLAN tags (802.1Q, QinQ), MPLS label stacks, PPPoE sessions,
 * Linux cooked v1/v2, BSD loopback, raw IP, IPv4 with options, IPv6 with extension headers, and IP-in-IP / 6in4 tunnels (the
 * innermost IP header keys the flow).
 */
public final class PacketDecoder
{
    /** VLAN tags followed before a frame is called malformed. */
    public static final int MAX_VLAN_TAGS = 4;
    private static final int MAX_MPLS_LABELS = 8;
    private static final int MAX_IP_NESTING = 3;
    private static final int MAX_IPV6_EXTENSIONS = 8;
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private static final int ETHERNET_HEADER = 14;
    private static final int LOOPBACK_HEADER = 4;
    private static final int SLL_HEADER = 16;
    private static final int SLL_PROTOCOL_OFFSET = 14;
    private static final int SLL2_HEADER = 20;
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int TCP_MIN_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int PPPOE_HEADER = 8;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;

    private final DecodedPacket packet = new DecodedPacket();

    /**
     * The holder the last decode filled.
     *
     * @return the decoded packet.
     */
    public DecodedPacket packet()
    {
        return packet;
    }

    /**
     * Decodes one packet.
     *
     * @param linkType a {@link LinkType} value.
     * @param buffer   the packet bytes, from index 0.
     * @param length   bytes captured.
     * @return the outcome; on {@link DecodeResult#OK} {@link #packet()} holds the fields.
     */
    public DecodeResult decode(final int linkType, final DirectBuffer buffer, final int length)
    {
        final DecodedPacket p = packet;
        p.buffer = buffer;
        p.firstFragment = false;
        p.tcpFlags = 0;
        p.sequence = 0;
        p.acknowledgement = 0;
        switch (linkType)
        {
            case LinkType.ETHERNET:
                return ethernet(buffer, 0, length);
            case LinkType.NULL:
            case LinkType.LOOP:
                // The address family's value differs between systems (IPv6 is 24, 28 or 30); the IP version
                // nibble says the same for certain.
                return length < LOOPBACK_HEADER ? DecodeResult.MALFORMED : rawIp(buffer, LOOPBACK_HEADER, length, 0);
            case LinkType.RAW:
            case LinkType.RAW_BSD:
            case LinkType.RAW_OPENBSD:
                return rawIp(buffer, 0, length, 0);
            case LinkType.IPV4:
                return ipv4(buffer, 0, length, 0);
            case LinkType.IPV6:
                return ipv6(buffer, 0, length, 0);
            case LinkType.LINUX_SLL:
                if (length < SLL_HEADER)
                {
                    return DecodeResult.MALFORMED;
                }
                return etherPayload(buffer.getShort(SLL_PROTOCOL_OFFSET, NET) & 0xFFFF, buffer, SLL_HEADER, length);
            case LinkType.LINUX_SLL2:
                if (length < SLL2_HEADER)
                {
                    return DecodeResult.MALFORMED;
                }
                return etherPayload(buffer.getShort(0, NET) & 0xFFFF, buffer, SLL2_HEADER, length);
            default:
                return DecodeResult.UNSUPPORTED_LINK_TYPE;
        }
    }

    private DecodeResult ethernet(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length - offset < ETHERNET_HEADER)
        {
            return DecodeResult.MALFORMED;
        }
        return etherPayload(buffer.getShort(offset + 12, NET) & 0xFFFF, buffer, offset + ETHERNET_HEADER, length);
    }

    private DecodeResult etherPayload(final int firstType, final DirectBuffer buffer, final int firstOffset,
        final int length)
    {
        int type = firstType;
        int offset = firstOffset;
        int tags = 0;
        while (type == EtherType.VLAN || type == EtherType.QINQ || type == EtherType.QINQ_LEGACY)
        {
            if (++tags > MAX_VLAN_TAGS)
            {
                return DecodeResult.TOO_DEEP;
            }
            if (length - offset < 4)
            {
                return DecodeResult.MALFORMED;
            }
            type = buffer.getShort(offset + 2, NET) & 0xFFFF;
            offset += 4;
        }
        switch (type)
        {
            case EtherType.IPV4:
                return ipv4(buffer, offset, length, 0);
            case EtherType.IPV6:
                return ipv6(buffer, offset, length, 0);
            case EtherType.MPLS:
            case EtherType.MPLS_MULTICAST:
                return mpls(buffer, offset, length);
            case EtherType.PPPOE_SESSION:
                return pppoe(buffer, offset, length);
            default:
                return DecodeResult.NOT_IP;
        }
    }

    private DecodeResult mpls(final DirectBuffer buffer, final int firstOffset, final int length)
    {
        int offset = firstOffset;
        for (int labels = 0; labels < MAX_MPLS_LABELS; labels++)
        {
            if (length - offset < 4)
            {
                return DecodeResult.MALFORMED;
            }
            final boolean bottomOfStack = (buffer.getByte(offset + 2) & 0x01) != 0;
            offset += 4;
            if (bottomOfStack)
            {
                // RFC 3032 carries no payload type; IP is told apart by its version nibble.
                return rawIp(buffer, offset, length, 0);
            }
        }
        return DecodeResult.TOO_DEEP;
    }

    private DecodeResult pppoe(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length - offset < PPPOE_HEADER)
        {
            return DecodeResult.MALFORMED;
        }
        final int protocol = buffer.getShort(offset + 6, NET) & 0xFFFF;
        if (protocol == PPP_IPV4)
        {
            return ipv4(buffer, offset + PPPOE_HEADER, length, 0);
        }
        if (protocol == PPP_IPV6)
        {
            return ipv6(buffer, offset + PPPOE_HEADER, length, 0);
        }
        return DecodeResult.NOT_IP;
    }

    private DecodeResult rawIp(final DirectBuffer buffer, final int offset, final int length, final int nesting)
    {
        if (length - offset < 1)
        {
            return DecodeResult.MALFORMED;
        }
        final int version = (buffer.getByte(offset) & 0xF0) >>> 4;
        if (version == 4)
        {
            return ipv4(buffer, offset, length, nesting);
        }
        if (version == 6)
        {
            return ipv6(buffer, offset, length, nesting);
        }
        return DecodeResult.NOT_IP;
    }

    /** RFC 791. */
    private DecodeResult ipv4(final DirectBuffer buffer, final int offset, final int captured, final int nesting)
    {
        if (captured - offset < IPV4_MIN_HEADER)
        {
            return DecodeResult.MALFORMED;
        }
        final int versionAndLength = buffer.getByte(offset) & 0xFF;
        final int headerLength = (versionAndLength & 0x0F) * 4;
        final int totalLength = buffer.getShort(offset + 2, NET) & 0xFFFF;
        // Total length 0 is what TSO and Linux BIG TCP captures carry: the packet is as long as what was captured.
        final int claimed = totalLength == 0 ? captured - offset : totalLength;
        if ((versionAndLength >>> 4) != 4 || headerLength < IPV4_MIN_HEADER || claimed < headerLength
            || captured - offset < headerLength)
        {
            return DecodeResult.MALFORMED;
        }
        // Ethernet pads short frames, and some captures cut the tail: trust the smaller of the two.
        final int end = Math.min(captured, offset + claimed);
        final int flagsAndFragment = buffer.getShort(offset + 6, NET) & 0xFFFF;
        final int fragmentOffset = flagsAndFragment & 0x1FFF;
        final boolean moreFragments = (flagsAndFragment & 0x2000) != 0;
        final int protocol = buffer.getByte(offset + 9) & 0xFF;
        final DecodedPacket p = packet;
        p.ipVersion = 4;
        p.sourceAddressOffset = offset + 12;
        p.destinationAddressOffset = offset + 16;
        p.ipPayloadLength = claimed - headerLength;
        if (fragmentOffset != 0)
        {
            return DecodeResult.NON_FIRST_FRAGMENT;
        }
        p.firstFragment |= moreFragments;
        return transport(protocol, buffer, offset + headerLength, end, nesting);
    }

    /** RFC 8200. */
    private DecodeResult ipv6(final DirectBuffer buffer, final int offset, final int captured, final int nesting)
    {
        if (captured - offset < IPV6_HEADER || ((buffer.getByte(offset) & 0xF0) >>> 4) != 6)
        {
            return DecodeResult.MALFORMED;
        }
        final int payloadLength = buffer.getShort(offset + 4, NET) & 0xFFFF;
        // A zero payload length means a jumbogram (RFC 2675); take what was captured.
        final int end = payloadLength == 0 ? captured : Math.min(captured, offset + IPV6_HEADER + payloadLength);
        final DecodedPacket p = packet;
        p.ipVersion = 6;
        p.sourceAddressOffset = offset + 8;
        p.destinationAddressOffset = offset + 24;
        p.ipPayloadLength = payloadLength;
        int next = buffer.getByte(offset + 6) & 0xFF;
        int at = offset + IPV6_HEADER;
        for (int extensions = 0; extensions <= MAX_IPV6_EXTENSIONS; extensions++)
        {
            switch (next)
            {
                case IpProtocol.HOP_BY_HOP:
                case IpProtocol.ROUTING:
                case IpProtocol.DESTINATION_OPTIONS:
                case IpProtocol.MOBILITY:
                case IpProtocol.HIP:
                case IpProtocol.SHIM6:
                {
                    if (end - at < 8)
                    {
                        return DecodeResult.MALFORMED;
                    }
                    final int length = ((buffer.getByte(at + 1) & 0xFF) + 1) * 8;
                    if (end - at < length)
                    {
                        return DecodeResult.MALFORMED;
                    }
                    next = buffer.getByte(at) & 0xFF;
                    at += length;
                    break;
                }
                case IpProtocol.AH:
                {
                    if (end - at < 8)
                    {
                        return DecodeResult.MALFORMED;
                    }
                    // RFC 4302 2.2: AH counts its length in 32-bit words, minus 2.
                    final int length = ((buffer.getByte(at + 1) & 0xFF) + 2) * 4;
                    if (end - at < length)
                    {
                        return DecodeResult.MALFORMED;
                    }
                    next = buffer.getByte(at) & 0xFF;
                    at += length;
                    break;
                }
                case IpProtocol.FRAGMENT:
                {
                    if (end - at < 8)
                    {
                        return DecodeResult.MALFORMED;
                    }
                    final int offsetAndFlags = buffer.getShort(at + 2, NET) & 0xFFFF;
                    if ((offsetAndFlags & 0xFFF8) != 0)
                    {
                        return DecodeResult.NON_FIRST_FRAGMENT;
                    }
                    p.firstFragment |= (offsetAndFlags & 1) != 0;
                    next = buffer.getByte(at) & 0xFF;
                    at += 8;
                    break;
                }
                default:
                    return transport(next, buffer, at, end, nesting);
            }
        }
        return DecodeResult.TOO_DEEP;
    }

    private DecodeResult transport(final int protocol, final DirectBuffer buffer, final int offset, final int end,
        final int nesting)
    {
        final DecodedPacket p = packet;
        p.transport = protocol;
        switch (protocol)
        {
            case IpProtocol.TCP:
                return tcp(buffer, offset, end);
            case IpProtocol.UDP:
                return udp(buffer, offset, end);
            case IpProtocol.AH:
            {
                // RFC 4302 2.2 (IPsec AH in transport mode over IPv4; IPv6 meets it among extension headers).
                if (end - offset < 8 || nesting + 1 >= MAX_IP_NESTING)
                {
                    return end - offset < 8 ? DecodeResult.MALFORMED : DecodeResult.TOO_DEEP;
                }
                final int length = ((buffer.getByte(offset + 1) & 0xFF) + 2) * 4;
                if (end - offset < length)
                {
                    return DecodeResult.MALFORMED;
                }
                return transport(buffer.getByte(offset) & 0xFF, buffer, offset + length, end, nesting + 1);
            }
            case IpProtocol.IPIP:
                return nesting + 1 >= MAX_IP_NESTING ? DecodeResult.TOO_DEEP : ipv4(buffer, offset, end, nesting + 1);
            case IpProtocol.IPV6_IN_IP:
                return nesting + 1 >= MAX_IP_NESTING ? DecodeResult.TOO_DEEP : ipv6(buffer, offset, end, nesting + 1);
            default:
                p.sourcePort = 0;
                p.destinationPort = 0;
                p.payloadOffset = offset;
                p.payloadLength = Math.max(0, end - offset);
                return DecodeResult.OTHER_TRANSPORT;
        }
    }

    /** RFC 9293 3.1. */
    private DecodeResult tcp(final DirectBuffer buffer, final int offset, final int end)
    {
        if (end - offset < TCP_MIN_HEADER)
        {
            return DecodeResult.MALFORMED;
        }
        final int dataOffset = ((buffer.getByte(offset + 12) & 0xF0) >>> 4) * 4;
        if (dataOffset < TCP_MIN_HEADER || end - offset < dataOffset)
        {
            return DecodeResult.MALFORMED;
        }
        final DecodedPacket p = packet;
        p.sourcePort = buffer.getShort(offset, NET) & 0xFFFF;
        p.destinationPort = buffer.getShort(offset + 2, NET) & 0xFFFF;
        p.sequence = buffer.getInt(offset + 4, NET) & 0xFFFF_FFFFL;
        p.acknowledgement = buffer.getInt(offset + 8, NET) & 0xFFFF_FFFFL;
        p.tcpFlags = buffer.getByte(offset + 13) & 0xFF;
        p.payloadOffset = offset + dataOffset;
        p.payloadLength = end - p.payloadOffset;
        return DecodeResult.OK;
    }

    /** RFC 768. */
    private DecodeResult udp(final DirectBuffer buffer, final int offset, final int end)
    {
        if (end - offset < UDP_HEADER)
        {
            return DecodeResult.MALFORMED;
        }
        final int length = buffer.getShort(offset + 4, NET) & 0xFFFF;
        final DecodedPacket p = packet;
        p.sourcePort = buffer.getShort(offset, NET) & 0xFFFF;
        p.destinationPort = buffer.getShort(offset + 2, NET) & 0xFFFF;
        p.payloadOffset = offset + UDP_HEADER;
        // Length 0 is legal over IPv6 jumbograms; otherwise it must cover at least the header.
        if (length != 0 && length < UDP_HEADER)
        {
            return DecodeResult.MALFORMED;
        }
        final int claimed = length == 0 ? end - p.payloadOffset : length - UDP_HEADER;
        p.payloadLength = Math.min(claimed, end - p.payloadOffset);
        return DecodeResult.OK;
    }
}
