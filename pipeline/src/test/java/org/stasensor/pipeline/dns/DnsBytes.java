package org.stasensor.pipeline.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test side: DNS messages built byte by byte (RFC 1035 4.1), including hostile ones no server would send, and a
 * pcap file of them as UDP datagrams so that tshark can dissect the same bytes.
 */
final class DnsBytes
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /**
     * Starts a message with its header.
     */
    DnsBytes(final int id, final int flags, final int questions, final int answers, final int authorities,
        final int additionals)
    {
        u16(id).u16(flags).u16(questions).u16(answers).u16(authorities).u16(additionals);
    }

    int position()
    {
        return out.size();
    }

    DnsBytes u8(final int value)
    {
        out.write(value);
        return this;
    }

    DnsBytes u16(final int value)
    {
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    DnsBytes u32(final long value)
    {
        return u16((int)(value >>> 16)).u16((int)value);
    }

    DnsBytes bytes(final byte[] value)
    {
        out.writeBytes(value);
        return this;
    }

    /**
     * A name in uncompressed wire form.
     */
    DnsBytes name(final String dotted)
    {
        if (!dotted.isEmpty() && !dotted.equals("."))
        {
            for (final String label : dotted.split("\\."))
            {
                final byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                u8(bytes.length).bytes(bytes);
            }
        }
        return u8(0);
    }

    /**
     * A compression pointer (RFC 1035 4.1.4).
     */
    DnsBytes pointer(final int offset)
    {
        return u16(0xC000 | offset);
    }

    /**
     * TYPE, CLASS, TTL and RDLENGTH of a record whose RDATA follows.
     */
    DnsBytes fixed(final int type, final int dnsClass, final long ttl, final int dataLength)
    {
        return u16(type).u16(dnsClass).u32(ttl).u16(dataLength);
    }

    /**
     * An OPT record (RFC 6891 6.1.2) without options: root owner, payload size, extended RCODE, version, flags.
     */
    DnsBytes opt(final int udpSize, final int extendedRcode, final int version, final int flags)
    {
        return u8(0).u16(DnsRecordType.OPT).u16(udpSize).u8(extendedRcode).u8(version).u16(flags).u16(0);
    }

    byte[] toBytes()
    {
        return out.toByteArray();
    }

    /**
     * Writes messages as UDP/IPv4 datagrams from 192.0.2.1:40000 to 192.0.2.53:53 (queries) or back (responses)
     * into a pcap file (LINKTYPE_RAW), one per frame.
     *
     * @param file     the file.
     * @param messages the DNS payloads.
     */
    static void writePcap(final Path file, final List<byte[]> messages)
    {
        final ByteArrayOutputStream pcap = new ByteArrayOutputStream();
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535)
            .putInt(101);
        pcap.writeBytes(header.array());
        int second = 1;
        for (final byte[] message : messages)
        {
            final boolean response = message.length > 2 && (message[2] & 0x80) != 0;
            final byte[] packet = ipv4Udp(response, message);
            final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(second++).putInt(0).putInt(packet.length).putInt(packet.length);
            pcap.writeBytes(record.array());
            pcap.writeBytes(packet);
        }
        try
        {
            Files.write(file, pcap.toByteArray());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] ipv4Udp(final boolean response, final byte[] payload)
    {
        final int udpLength = 8 + payload.length;
        final ByteBuffer packet = ByteBuffer.allocate(20 + udpLength).order(ByteOrder.BIG_ENDIAN);
        final byte[] client = {(byte)192, 0, 2, 1};
        final byte[] server = {(byte)192, 0, 2, 53};
        packet.put((byte)0x45).put((byte)0).putShort((short)(20 + udpLength)).putShort((short)1).putShort((short)0)
            .put((byte)64).put((byte)17).putShort((short)0).put(response ? server : client)
            .put(response ? client : server);
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += packet.getShort(i) & 0xFFFF;
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        packet.putShort(10, (short)~sum);
        packet.putShort((short)(response ? 53 : 40000)).putShort((short)(response ? 40000 : 53))
            .putShort((short)udpLength).putShort((short)0).put(payload);
        return packet.array();
    }
}
