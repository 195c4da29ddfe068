package org.stasensor.appliance.robustness;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A capture file of hostile DNS, built byte by byte for the robustness test: Ethernet, IPv4, UDP or TCP, and DNS
 * messages that break the rules of RFC 1035 4.1.4 (name compression) and 3.1 (names of at most 255 octets, labels of
 * at most 63), each in its own UDP flow, plus a TCP connection whose DNS length prefix (RFC 1035 4.2.2) promises more
 * than it carries. Each message is named, so that a failure can say which one.
 */
final class CraftedDnsCapture
{
    /** Where the crafted DNS messages come from and go to: documentation addresses (RFC 5737), never sent. */
    private static final byte[] CLIENT = {(byte)192, 0, 2, 10};
    private static final byte[] SERVER = {(byte)192, 0, 2, 53};
    private static final int DNS_PORT = 53;
    private static final int HEADER = 12;

    private final ByteArrayOutputStream pcap = new ByteArrayOutputStream();
    private final List<String> names = new ArrayList<>();
    private long microseconds = 1_700_000_000_000_000L;
    private int clientPort = 40000;

    private CraftedDnsCapture()
    {
        // draft-ietf-opsawg-pcap: magic, version 2.4, zone, sigfigs, snaplen, LINKTYPE_ETHERNET.
        pcap.writeBytes(little(24).putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(65535).putInt(1).array());
    }

    /**
     * The whole capture.
     *
     * @return the pcap file's bytes and the names of the messages in it.
     */
    static CraftedDnsCapture build()
    {
        final CraftedDnsCapture capture = new CraftedDnsCapture();
        capture.udp("valid query and answer for reference", response(name("www.example.com"),
            answer(pointer(HEADER), 1, new byte[]{10, 0, 0, 1})));
        // The question name is a pointer to offset 14, where a pointer back to 12 waits: 12 -> 14 -> 12 ...
        capture.udp("compression pointer loop", message(1, 0, bytes(0xC0, 14, 0xC0, 12, 0, 1, 0, 1)));
        capture.udp("compression pointer to itself", message(1, 0, bytes(0xC0, HEADER, 0, 1, 0, 1)));
        // Pointer chains that each add labels: legal one by one, but the name grows past 255 octets.
        capture.udp("pointer chain growing a name past 255 octets", chainedLongName());
        capture.udp("name of 257 octets without compression", message(1, 0,
            concat(labels(63, 63, 63, 63), bytes(0, 0, 1, 0, 1))));
        capture.udp("255-octet name exactly (legal)", message(1, 0,
            concat(labels(63, 63, 63, 61), bytes(0, 0, 1, 0, 1))));
        capture.udp("label length running past the end", message(1, 0, bytes(63, 'a', 'b', 'c', 'd', 'e')));
        capture.udp("pointer past the end of the message", message(1, 0, bytes(0xC0, 0xFF, 0, 1, 0, 1)));
        capture.udp("reserved label types 01 and 10", message(1, 0, bytes(0x41, 'x', 0x81, 'y', 0, 0, 1, 0, 1)));
        capture.udp("truncated pointer (one byte)", message(1, 0, bytes(0xC0)));
        capture.udp("answer RDLENGTH past the end", response(name("a.example"),
            concat(pointer(HEADER), bytes(0, 1, 0, 1, 0, 0, 0, 60, 0xFF, 0xF0, 10, 0, 0))));
        // Question b.example ends at 26; the answer's owner at 27 points to 29, which points back to 27.
        capture.udp("answer name a pointer loop", response(name("b.example"),
            answer(bytes(0xC0, 29, 0xC0, 27), 1, new byte[]{10, 0, 0, 2})));
        // The CNAME's RDATA starts at 39: label "x", then a pointer to 39: x.x.x... without end.
        capture.udp("CNAME data pointing into itself", response(name("c.example"),
            answer(pointer(HEADER), 5, bytes(1, 'x', 0xC0, 39))));
        capture.udp("counts far above the records present", counts(65535, 65535, 65535, 65535,
            concat(name("d.example"), bytes(0, 1, 0, 1))));
        capture.udp("OPT with an option longer than its RDATA", message(1, 1, concat(name("e.example"),
            bytes(0, 1, 0, 1), bytes(0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 8, 0, 8, 0, 0xFF, 0, 1, 24, 0))));
        capture.udp("header only, 11 bytes", bytes(0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0));
        capture.tcpWithShortLengthPrefix();
        return capture;
    }

    /**
     * The pcap file.
     *
     * @return its bytes.
     */
    byte[] bytes()
    {
        return pcap.toByteArray();
    }

    /**
     * What each crafted message is, in the order written.
     *
     * @return the names.
     */
    List<String> names()
    {
        return List.copyOf(names);
    }

    private void udp(final String name, final byte[] dns)
    {
        names.add(name);
        final int port = clientPort++;
        final byte[] udp = concat(big(8).putShort((short)port).putShort((short)DNS_PORT)
            .putShort((short)(8 + dns.length)).putShort((short)0).array(), dns);
        frame(ipv4(17, CLIENT, SERVER, udp));
    }

    /**
     * A TCP connection to port 53 whose DNS message says 1024 bytes follow but 40 do, then both sides close.
     */
    private void tcpWithShortLengthPrefix()
    {
        names.add("TCP DNS length prefix larger than the data");
        final int port = clientPort++;
        final long client = 1000;
        final long server = 5000;
        final byte[] query = message(1, 0, concat(name("tcp.example"), bytes(0, 1, 0, 1)));
        final byte[] promised = concat(bytes(0x04, 0x00), query);
        frame(ipv4(6, CLIENT, SERVER, tcp(port, DNS_PORT, client, 0, 0x02, new byte[0])));
        frame(ipv4(6, SERVER, CLIENT, tcp(DNS_PORT, port, server, client + 1, 0x12, new byte[0])));
        frame(ipv4(6, CLIENT, SERVER, tcp(port, DNS_PORT, client + 1, server + 1, 0x10, new byte[0])));
        frame(ipv4(6, CLIENT, SERVER, tcp(port, DNS_PORT, client + 1, server + 1, 0x18, promised)));
        final long afterData = client + 1 + promised.length;
        frame(ipv4(6, SERVER, CLIENT, tcp(DNS_PORT, port, server + 1, afterData, 0x10, new byte[0])));
        frame(ipv4(6, CLIENT, SERVER, tcp(port, DNS_PORT, afterData, server + 1, 0x11, new byte[0])));
        frame(ipv4(6, SERVER, CLIENT, tcp(DNS_PORT, port, server + 1, afterData + 1, 0x11, new byte[0])));
        frame(ipv4(6, CLIENT, SERVER, tcp(port, DNS_PORT, afterData + 1, server + 2, 0x10, new byte[0])));
    }

    private static byte[] tcp(final int source, final int destination, final long sequence, final long ack,
        final int flags, final byte[] payload)
    {
        return concat(big(20).putShort((short)source).putShort((short)destination).putInt((int)sequence)
            .putInt((int)ack).put((byte)0x50).put((byte)flags).putShort((short)65535).putShort((short)0)
            .putShort((short)0).array(), payload);
    }

    private void frame(final byte[] ip)
    {
        final byte[] ethernet = concat(bytes(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00), ip);
        microseconds += 1000;
        pcap.writeBytes(little(16).putInt((int)(microseconds / 1_000_000)).putInt((int)(microseconds % 1_000_000))
            .putInt(ethernet.length).putInt(ethernet.length).array());
        pcap.writeBytes(ethernet);
    }

    private static byte[] ipv4(final int protocol, final byte[] source, final byte[] destination,
        final byte[] payload)
    {
        final ByteBuffer header = big(20).put((byte)0x45).put((byte)0).putShort((short)(20 + payload.length))
            .putShort((short)0).putShort((short)0x4000).put((byte)64).put((byte)protocol).putShort((short)0)
            .put(source).put(destination);
        final byte[] bytes = header.array();
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        bytes[10] = (byte)(~sum >> 8);
        bytes[11] = (byte)~sum;
        return concat(bytes, payload);
    }

    /** A query (QR 0, RD) with one question and {@code additional} additional records, body given whole. */
    private static byte[] message(final int questions, final int additional, final byte[] body)
    {
        return concat(bytes(0xAB, 0xCD, 0x01, 0x00, 0, questions, 0, 0, 0, 0, 0, additional), body);
    }

    private static byte[] counts(final int questions, final int answers, final int authorities, final int additional,
        final byte[] body)
    {
        return concat(big(HEADER).putShort((short)0x1111).putShort((short)0x8180).putShort((short)questions)
            .putShort((short)answers).putShort((short)authorities).putShort((short)additional).array(), body);
    }

    /** A response (QR, RD, RA) to a type A question for {@code question}, with one answer record. */
    private static byte[] response(final byte[] question, final byte[] answer)
    {
        return concat(bytes(0xAB, 0xCE, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0), question, bytes(0, 1, 0, 1), answer);
    }

    private static byte[] answer(final byte[] owner, final int type, final byte[] data)
    {
        return concat(owner, big(10).putShort((short)type).putShort((short)1).putInt(300)
            .putShort((short)data.length).array(), data);
    }

    /**
     * Question: 63-octet label + root; answers' owners: a 63-octet label then a pointer to the previous owner, five
     * times, so the last owner expands to 6 * 64 + 1 = 385 octets.
     */
    private static byte[] chainedLongName()
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(labels(63));
        body.write(0);
        body.writeBytes(bytes(0, 1, 0, 1));
        int previous = HEADER;
        final int chain = 5;
        for (int i = 0; i < chain; i++)
        {
            final int here = HEADER + body.size();
            body.writeBytes(labels(63));
            body.writeBytes(pointer(previous));
            body.writeBytes(big(10).putShort((short)1).putShort((short)1).putInt(60).putShort((short)4).array());
            body.writeBytes(new byte[]{10, 0, 0, (byte)i});
            previous = here;
        }
        return concat(big(HEADER).putShort((short)0x2222).putShort((short)0x8180).putShort((short)1)
            .putShort((short)chain).putShort((short)0).putShort((short)0).array(), body.toByteArray());
    }

    private static byte[] labels(final int... lengths)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        char letter = 'a';
        for (final int length : lengths)
        {
            out.write(length);
            for (int i = 0; i < length; i++)
            {
                out.write(letter);
            }
            letter++;
        }
        return out.toByteArray();
    }

    private static byte[] name(final String dotted)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final String label : dotted.split("\\."))
        {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] pointer(final int offset)
    {
        return bytes(0xC0 | (offset >> 8), offset & 0xFF);
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static ByteBuffer big(final int size)
    {
        return ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
    }

    private static ByteBuffer little(final int size)
    {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
