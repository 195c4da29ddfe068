package org.stasensor.pipeline.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds link, IP and transport headers byte by byte, inside out, for decoder tests. What the bytes mean is not
 * taken from here: the tests write them into a capture file and ask tshark. Checksums are left zero (neither
 * tshark by default nor the sensor verifies them).
 */
final class CraftedPackets
{
    static final int TCP = 6;
    static final int UDP = 17;
    static final int IPIP = 4;
    static final int IPV6_IN_IP = 41;
    static final int HOP_BY_HOP = 0;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int AH = 51;
    static final int NO_NEXT = 59;
    static final int DESTINATION_OPTIONS = 60;

    private CraftedPackets()
    {
    }

    static byte[] tcp(final int sourcePort, final int destinationPort, final long sequence,
        final long acknowledgement, final int flags, final int optionWords, final int payloadLength)
    {
        final int headerLength = 20 + 4 * optionWords;
        final ByteBuffer b = ByteBuffer.allocate(headerLength + payloadLength).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short)sourcePort).putShort((short)destinationPort).putInt((int)sequence)
            .putInt((int)acknowledgement).put((byte)((headerLength / 4) << 4)).put((byte)flags)
            .putShort((short)8192).putShort((short)0).putShort((short)0);
        for (int i = 0; i < optionWords * 4; i++)
        {
            b.put((byte)1); // NOP (RFC 9293 3.2)
        }
        return b.array();
    }

    static byte[] udp(final int sourcePort, final int destinationPort, final int payloadLength)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + payloadLength).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short)sourcePort).putShort((short)destinationPort).putShort((short)(8 + payloadLength))
            .putShort((short)0);
        return b.array();
    }

    /**
     * IPv4 header (RFC 791) in front of {@code payload}.
     *
     * @param fragmentField the 16-bit flags and fragment offset field.
     */
    static byte[] ipv4(final byte[] source, final byte[] destination, final int protocol, final int optionWords,
        final int fragmentField, final byte[] payload)
    {
        final int headerLength = 20 + 4 * optionWords;
        final ByteBuffer b = ByteBuffer.allocate(headerLength + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte)(0x40 | (headerLength / 4))).put((byte)0).putShort((short)(headerLength + payload.length))
            .putShort((short)0x1234).putShort((short)fragmentField).put((byte)64).put((byte)protocol)
            .putShort((short)0).put(source).put(destination);
        for (int i = 0; i < optionWords * 4; i++)
        {
            b.put((byte)1); // NOP option
        }
        b.put(payload);
        return b.array();
    }

    /** IPv6 header (RFC 8200) in front of {@code payload} (extension headers included in the payload). */
    static byte[] ipv6(final byte[] source, final byte[] destination, final int nextHeader, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(40 + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x6000_0000).putShort((short)payload.length).put((byte)nextHeader).put((byte)64)
            .put(source).put(destination).put(payload);
        return b.array();
    }

    /** Hop-by-hop or destination options header padded with PadN to {@code (lengthUnits + 1) * 8} bytes. */
    static byte[] options(final int nextHeader, final int lengthUnits, final byte[] payload)
    {
        final int length = (lengthUnits + 1) * 8;
        final byte[] header = new byte[length];
        header[0] = (byte)nextHeader;
        header[1] = (byte)lengthUnits;
        header[2] = 1; // PadN (RFC 8200 4.2)
        header[3] = (byte)(length - 4);
        return concat(header, payload);
    }

    /** Type 0 routing header with no addresses and segments left 0: processed as if absent. */
    static byte[] routing(final int nextHeader, final byte[] payload)
    {
        final byte[] header = new byte[8];
        header[0] = (byte)nextHeader;
        return concat(header, payload);
    }

    static byte[] fragment(final int nextHeader, final int offsetUnits, final boolean more, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        b.put((byte)nextHeader).put((byte)0).putShort((short)((offsetUnits << 3) | (more ? 1 : 0)))
            .putInt(0x01020304);
        return concat(b.array(), payload);
    }

    /** Authentication header (RFC 4302) with a 96-bit ICV: 24 bytes, payload length field 4. */
    static byte[] authentication(final int nextHeader, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        b.put((byte)nextHeader).put((byte)4).putShort((short)0).putInt(0x1000).putInt(7);
        return concat(b.array(), payload);
    }

    static byte[] ethernet(final int[] vlanTpids, final int etherType, final byte[] payload, final int trailer)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02});
        int vlan = 10;
        for (final int tpid : vlanTpids)
        {
            out.write(tpid >>> 8);
            out.write(tpid);
            out.write(0);
            out.write(vlan++);
        }
        out.write(etherType >>> 8);
        out.write(etherType);
        out.writeBytes(payload);
        out.writeBytes(new byte[trailer]);
        while (out.size() < 60)
        {
            out.write(0); // Ethernet minimum frame padding, beyond the IP length
        }
        return out.toByteArray();
    }

    /** An MPLS label stack (RFC 3032); bottom of stack set on the last label. */
    static byte[] mpls(final int[] labels, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(4 * labels.length).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < labels.length; i++)
        {
            final boolean bottom = i == labels.length - 1;
            b.putInt((labels[i] << 12) | (bottom ? 0x100 : 0) | 64);
        }
        return concat(b.array(), payload);
    }

    /** PPPoE session header (RFC 2516) and the PPP protocol field. */
    static byte[] pppoe(final int pppProtocol, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        b.put((byte)0x11).put((byte)0).putShort((short)0x1234).putShort((short)(payload.length + 2))
            .putShort((short)pppProtocol);
        return concat(b.array(), payload);
    }

    /** Linux cooked capture v1 header. */
    static byte[] sll(final int protocol, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short)0).putShort((short)1).putShort((short)6)
            .put(new byte[] {0x02, 0, 0, 0, 0, 0x01, 0, 0}).putShort((short)protocol);
        return concat(b.array(), payload);
    }

    /** Linux cooked capture v2 header. */
    static byte[] sll2(final int protocol, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short)protocol).putShort((short)0).putInt(2).putShort((short)1).put((byte)0).put((byte)6)
            .put(new byte[] {0x02, 0, 0, 0, 0, 0x01, 0, 0});
        return concat(b.array(), payload);
    }

    /** BSD loopback header: the address family as a 4-byte integer in the given byte order. */
    static byte[] loopback(final int family, final ByteOrder order, final byte[] payload)
    {
        return concat(ByteBuffer.allocate(4).order(order).putInt(family).array(), payload);
    }

    static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
