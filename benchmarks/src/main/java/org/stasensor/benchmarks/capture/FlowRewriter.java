package org.stasensor.benchmarks.capture;

import org.stasensor.pipeline.decode.EtherType;
import org.stasensor.pipeline.decode.IpProtocol;

/**
 * Gives a copy of a packet its own flow identity: the low 24 bits of both IP addresses are XORed with a mask and
 * ephemeral ports (32768 and up, the Linux default range) are rotated within that range. Both maps are bijections,
 * so distinct flows of a seed stay distinct, both directions of a flow map alike, and well-known server ports (443,
 * 22, 53) are kept so that every tool still recognises the protocol by port.
 * <p>
 * The IPv4 header checksum and the TCP/UDP checksums are updated incrementally (RFC 1624, eqn. 3), so a packet keeps
 * whatever checksum status it had: a correct checksum stays correct, and a seed captured with checksum offload keeps
 * its "bad" checksum.
 * <p>
 * Follows Ethernet with VLAN tags (802.1Q/802.1ad), PPPoE sessions, MPLS, IPv4, IPv6 with extension headers and
 * IP-in-IP / 6in4 (both the outer and the inner header are rewritten). Other tunnels (GRE, VXLAN, ...) only get the
 * outer header rewritten.
 */
public final class FlowRewriter
{
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;
    private static final int MAX_TAGS = 8;
    private static final int MAX_IP_NESTING = 3;
    private static final int MAX_IPV6_EXTENSIONS = 8;

    private static final int EPHEMERAL_FIRST = 32768;
    private static final int EPHEMERAL_MASK = 0x7FFF;
    private static final int ADDRESS_MASK_BITS = 0xFFFFFF;
    /** An odd multiplier: index * MIX mod 2^24 is a bijection, so every copy index gets its own mask. */
    private static final int MIX = 0x9E3779B1;
    private static final int PORT_STRIDE = 7919;

    private int addressMask;
    private int portShift;

    /**
     * Selects the identity of a copy: index 0 leaves packets unchanged, every other index below 2^24 gives distinct
     * addresses.
     *
     * @param copyIndex the copy.
     * @return this.
     */
    public FlowRewriter copy(final long copyIndex)
    {
        if (copyIndex < 0 || copyIndex > ADDRESS_MASK_BITS)
        {
            throw new IllegalArgumentException("copy index must be 0.." + ADDRESS_MASK_BITS + ", got " + copyIndex);
        }
        addressMask = ((int)copyIndex * MIX) & ADDRESS_MASK_BITS;
        portShift = (int)((copyIndex * PORT_STRIDE) & EPHEMERAL_MASK);
        return this;
    }

    /**
     * Maps a port as this copy does.
     *
     * @param port a port.
     * @return the port in this copy.
     */
    public int mapPort(final int port)
    {
        return port >= EPHEMERAL_FIRST ? EPHEMERAL_FIRST + ((port - EPHEMERAL_FIRST + portShift) & EPHEMERAL_MASK) :
            port;
    }

    /**
     * Rewrites an Ethernet frame in place.
     *
     * @param frame  the frame.
     * @param length captured bytes.
     * @return true when an IP header was found and rewritten.
     */
    public boolean rewrite(final byte[] frame, final int length)
    {
        if (length < EthernetFraming.ETHERNET_HEADER)
        {
            return false;
        }
        int offset = EthernetFraming.ETHERNET_HEADER;
        int etherType = word(frame, 12);
        for (int tags = 0; tags < MAX_TAGS; tags++)
        {
            if (etherType == EtherType.VLAN || etherType == EtherType.QINQ || etherType == EtherType.QINQ_LEGACY)
            {
                if (offset + 4 > length)
                {
                    return false;
                }
                etherType = word(frame, offset + 2);
                offset += 4;
            }
            else if (etherType == EtherType.PPPOE_SESSION)
            {
                if (offset + 8 > length)
                {
                    return false;
                }
                final int ppp = word(frame, offset + 6);
                etherType = ppp == PPP_IPV4 ? EtherType.IPV4 : ppp == PPP_IPV6 ? EtherType.IPV6 : -1;
                offset += 8;
            }
            else if (etherType == EtherType.MPLS)
            {
                while (offset + 4 <= length && (frame[offset + 2] & 0x01) == 0)
                {
                    offset += 4;
                }
                offset += 4;
                if (offset >= length)
                {
                    return false;
                }
                etherType = ((frame[offset] >> 4) & 0xF) == 6 ? EtherType.IPV6 : EtherType.IPV4;
            }
            else
            {
                break;
            }
        }
        if (etherType == EtherType.IPV4 || etherType == EtherType.IPV6)
        {
            return ip(frame, offset, length, 0);
        }
        return false;
    }

    private boolean ip(final byte[] frame, final int offset, final int length, final int depth)
    {
        if (offset >= length || depth >= MAX_IP_NESTING)
        {
            return false;
        }
        final int version = (frame[offset] >> 4) & 0xF;
        if (version == 4)
        {
            return ipv4(frame, offset, length, depth);
        }
        if (version == 6)
        {
            return ipv6(frame, offset, length, depth);
        }
        return false;
    }

    private boolean ipv4(final byte[] frame, final int ip, final int length, final int depth)
    {
        final int headerLength = (frame[ip] & 0xF) * 4;
        if (headerLength < 20 || ip + headerLength > length)
        {
            return false;
        }
        final int protocol = frame[ip + 9] & 0xFF;
        final boolean firstFragment = (word(frame, ip + 6) & 0x1FFF) == 0;
        final int l4 = ip + headerLength;
        final int l4Checksum = firstFragment ? transportChecksumOffset(frame, protocol, l4, length) : -1;
        int headerSum = word(frame, ip + 10);
        int transportSum = l4Checksum >= 0 ? word(frame, l4Checksum) : 0;
        for (int address = ip + 12; address <= ip + 16; address += 4)
        {
            final int high = word(frame, address);
            final int low = word(frame, address + 2);
            final int newHigh = high ^ ((addressMask >> 16) & 0xFF);
            final int newLow = low ^ (addressMask & 0xFFFF);
            putWord(frame, address, newHigh);
            putWord(frame, address + 2, newLow);
            headerSum = adjust(adjust(headerSum, high, newHigh), low, newLow);
            transportSum = adjust(adjust(transportSum, high, newHigh), low, newLow);
        }
        putWord(frame, ip + 10, headerSum);
        if (firstFragment)
        {
            transport(frame, protocol, l4, length, l4Checksum, transportSum);
            if (protocol == IpProtocol.IPIP || protocol == IpProtocol.IPV6_IN_IP)
            {
                ip(frame, l4, length, depth + 1);
            }
        }
        return true;
    }

    private boolean ipv6(final byte[] frame, final int ip, final int length, final int depth)
    {
        if (ip + 40 > length)
        {
            return false;
        }
        int next = frame[ip + 6] & 0xFF;
        int l4 = ip + 40;
        boolean firstFragment = true;
        for (int i = 0; i < MAX_IPV6_EXTENSIONS && l4 + 8 <= length; i++)
        {
            if (next == IpProtocol.HOP_BY_HOP || next == IpProtocol.ROUTING || next == IpProtocol.DESTINATION_OPTIONS)
            {
                final int extension = ((frame[l4 + 1] & 0xFF) + 1) * 8;
                next = frame[l4] & 0xFF;
                l4 += extension;
            }
            else if (next == IpProtocol.FRAGMENT)
            {
                firstFragment = (word(frame, l4 + 2) & 0xFFF8) == 0;
                next = frame[l4] & 0xFF;
                l4 += 8;
            }
            else if (next == IpProtocol.AH)
            {
                final int extension = ((frame[l4 + 1] & 0xFF) + 2) * 4;
                next = frame[l4] & 0xFF;
                l4 += extension;
            }
            else
            {
                break;
            }
        }
        final boolean transportPresent = firstFragment && l4 <= length;
        final int l4Checksum = transportPresent ? transportChecksumOffset(frame, next, l4, length) : -1;
        int transportSum = l4Checksum >= 0 ? word(frame, l4Checksum) : 0;
        for (int address = ip + 8; address <= ip + 24; address += 16)
        {
            // The last three bytes of the address: bytes 13 (low half of word 12) and 14-15.
            final int high = word(frame, address + 12);
            final int low = word(frame, address + 14);
            final int newHigh = high ^ ((addressMask >> 16) & 0xFF);
            final int newLow = low ^ (addressMask & 0xFFFF);
            putWord(frame, address + 12, newHigh);
            putWord(frame, address + 14, newLow);
            transportSum = adjust(adjust(transportSum, high, newHigh), low, newLow);
        }
        if (transportPresent)
        {
            transport(frame, next, l4, length, l4Checksum, transportSum);
            if (next == IpProtocol.IPIP || next == IpProtocol.IPV6_IN_IP)
            {
                ip(frame, l4, length, depth + 1);
            }
        }
        return true;
    }

    /** Offset of the TCP/UDP checksum, or -1 when absent, not captured, or (UDP over IPv4) switched off. */
    private static int transportChecksumOffset(final byte[] frame, final int protocol, final int l4,
        final int length)
    {
        final int offset = protocol == IpProtocol.TCP ? l4 + 16 : protocol == IpProtocol.UDP ? l4 + 6 : -1;
        if (offset < 0 || offset + 2 > length)
        {
            return -1;
        }
        if (protocol == IpProtocol.UDP && word(frame, offset) == 0)
        {
            return -1;
        }
        return offset;
    }

    private void transport(final byte[] frame, final int protocol, final int l4, final int length,
        final int checksumOffset, final int addressAdjustedSum)
    {
        if ((protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) || l4 + 4 > length)
        {
            return;
        }
        int sum = addressAdjustedSum;
        for (int port = l4; port <= l4 + 2; port += 2)
        {
            final int old = word(frame, port);
            final int mapped = mapPort(old);
            putWord(frame, port, mapped);
            sum = adjust(sum, old, mapped);
        }
        if (checksumOffset >= 0)
        {
            // RFC 768: a computed UDP checksum of zero is sent as all ones, zero meaning "no checksum".
            putWord(frame, checksumOffset, protocol == IpProtocol.UDP && sum == 0 ? 0xFFFF : sum);
        }
    }

    /** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), in one's complement arithmetic. */
    static int adjust(final int checksum, final int oldWord, final int newWord)
    {
        int sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }

    private static int word(final byte[] frame, final int offset)
    {
        return ((frame[offset] & 0xFF) << 8) | (frame[offset + 1] & 0xFF);
    }

    private static void putWord(final byte[] frame, final int offset, final int value)
    {
        frame[offset] = (byte)(value >> 8);
        frame[offset + 1] = (byte)value;
    }
}
