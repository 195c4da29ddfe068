package org.stasensor.pipeline.decode;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.packet.LinkType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.stasensor.pipeline.decode.CraftedPackets.*;

/**
 * The decoder against tshark: packets are built in many encapsulations, written into capture files, and every
 * field the decoder reports (innermost addresses, ports, sequence and acknowledgement numbers, flags, payload
 * length, first-fragment) must equal what tshark dissects from the same bytes.
 */
class PacketDecoderTsharkTest
{
    private static final String[] FIELDS = {
        "frame.protocols", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport", "tcp.dstport", "udp.srcport",
        "udp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.len", "udp.length", "ip.flags.mf",
        "ip.frag_offset", "ipv6.fraghdr.more", "ipv6.fraghdr.offset", "ip.len", "ip.hdr_len", "tcp.hdr_len",
    };
    private static final int PROTOCOLS = 0;
    private static final int IP_SRC = 1;
    private static final int IP_DST = 2;
    private static final int IPV6_SRC = 3;
    private static final int IPV6_DST = 4;
    private static final int TCP_SRCPORT = 5;
    private static final int TCP_DSTPORT = 6;
    private static final int UDP_SRCPORT = 7;
    private static final int UDP_DSTPORT = 8;
    private static final int TCP_SEQ = 9;
    private static final int TCP_ACK = 10;
    private static final int TCP_FLAGS = 11;
    private static final int TCP_LEN = 12;
    private static final int UDP_LENGTH = 13;
    private static final int IP_MF = 14;
    private static final int IP_FRAG_OFFSET = 15;
    private static final int IPV6_MORE = 16;
    private static final int IPV6_FRAG_OFFSET = 17;
    private static final int IP_LEN = 18;
    private static final int IP_HDR_LEN = 19;
    private static final int TCP_HDR_LEN = 20;

    private static final byte[] V4_A = {(byte)192, 0, 2, 1};
    private static final byte[] V4_B = {(byte)198, 51, 100, 7};
    private static final byte[] V4_C = {10, 1, 2, 3};
    private static final byte[] V4_D = {(byte)172, 16, (byte)254, 9};
    private static final byte[] V6_A = bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    private static final byte[] V6_B = bytes(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0xfe, 0xdc, 0, 0x10);
    private static final byte[] V6_C = bytes(0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x22);
    private static final byte[] V6_D = bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0, 1);

    @TempDir
    Path temp;

    @Test
    void randomEncapsulationsDecodeAsTsharkDissectsThem() throws IOException
    {
        final RandomPackets random = new RandomPackets(0x5EED_0001L);
        final List<RandomPackets.Built> packets = new ArrayList<>();
        for (int i = 0; i < 1500; i++)
        {
            packets.add(random.next());
        }
        final List<String> mismatches = new ArrayList<>();
        int decodedOk = 0;
        for (final Map.Entry<Integer, List<RandomPackets.Built>> byLink : byLinkType(packets).entrySet())
        {
            final List<RandomPackets.Built> group = byLink.getValue();
            final List<String[]> rows = tshark(byLink.getKey(), group.stream().map(RandomPackets.Built::bytes)
                .toList());
            assertEquals(group.size(), rows.size(), "tshark rows for link type " + byLink.getKey());
            for (int i = 0; i < group.size(); i++)
            {
                final RandomPackets.Built built = group.get(i);
                final PacketDecoder decoder = new PacketDecoder();
                final DecodeResult result = decode(decoder, built.linkType(), built.bytes());
                final String mismatch = compare(result, decoder.packet(), rows.get(i));
                if (mismatch != null)
                {
                    mismatches.add(built.description() + ": " + mismatch);
                }
                if (result == DecodeResult.OK)
                {
                    decodedOk++;
                }
            }
        }
        assertTrue(decodedOk > 1200, "most random packets are TCP/UDP that tshark dissects: " + decodedOk);
        assertEquals(List.of(), mismatches.subList(0, Math.min(20, mismatches.size())),
            mismatches.size() + " of " + packets.size() + " packets differ from tshark");
    }

    /** Named encapsulations, each a dynamic test compared with tshark. */
    @TestFactory
    Stream<DynamicTest> eachEncapsulationDecodesAsTsharkDissectsIt() throws IOException
    {
        final Map<String, Object[]> cases = new LinkedHashMap<>();
        final byte[] tcp = tcp(51000, 443, 0xFFFF_FFF0L, 0x8000_0001L, 0x18, 3, 37);
        final byte[] udp = udp(53000, 53, 29);
        final byte[] v4tcp = ipv4(V4_A, V4_B, TCP, 0, 0x4000, tcp);
        final byte[] v6tcp = ipv6(V6_A, V6_B, TCP, tcp);
        final byte[] v4udp = ipv4(V4_A, V4_B, UDP, 0, 0, udp);
        final byte[] v6udp = ipv6(V6_A, V6_B, UDP, udp);
        cases.put("ethernet/ipv4/tcp", new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x0800, v4tcp, 0)});
        cases.put("ethernet/ipv6/udp", new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x86DD, v6udp, 0)});
        cases.put("ethernet, short ipv4/udp padded to 60 bytes",
            new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x0800, ipv4(V4_A, V4_B, UDP, 0, 0, udp(1, 2, 0)),
                0)});
        cases.put("ethernet with a trailer after the IP packet",
            new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x0800, v4tcp, 9)});
        cases.put("802.1Q vlan/ipv4/tcp", new Object[] {LinkType.ETHERNET, ethernet(new int[] {0x8100}, 0x0800,
            v4tcp, 0)});
        cases.put("QinQ 88a8+8100/ipv6/tcp", new Object[] {LinkType.ETHERNET, ethernet(new int[] {0x88A8, 0x8100},
            0x86DD, v6tcp, 0)});
        cases.put("four vlan tags (9100,88a8,8100,8100)/ipv4/udp", new Object[] {LinkType.ETHERNET,
            ethernet(new int[] {0x9100, 0x88A8, 0x8100, 0x8100}, 0x0800, v4udp, 0)});
        cases.put("mpls one label/ipv4/tcp", new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x8847,
            mpls(new int[] {1000}, v4tcp), 0)});
        cases.put("vlan/mpls three labels/ipv6/tcp", new Object[] {LinkType.ETHERNET, ethernet(new int[] {0x8100},
            0x8847, mpls(new int[] {16, 70000, 1048575}, v6tcp), 0)});
        cases.put("pppoe/ipv4/tcp", new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x8864,
            pppoe(0x0021, v4tcp), 0)});
        cases.put("pppoe/ipv6/udp", new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x8864,
            pppoe(0x0057, v6udp), 0)});
        cases.put("linux sll/ipv4/tcp", new Object[] {LinkType.LINUX_SLL, sll(0x0800, v4tcp)});
        cases.put("linux sll2/ipv6/tcp", new Object[] {LinkType.LINUX_SLL2, sll2(0x86DD, v6tcp)});
        cases.put("bsd loopback (null, little-endian AF_INET)/ipv4/tcp", new Object[] {LinkType.NULL,
            loopback(2, java.nio.ByteOrder.LITTLE_ENDIAN, v4tcp)});
        cases.put("bsd loopback (null, AF_INET6 = 30)/ipv6/udp", new Object[] {LinkType.NULL,
            loopback(30, java.nio.ByteOrder.LITTLE_ENDIAN, v6udp)});
        cases.put("openbsd loopback (loop, network order AF_INET6 = 24)/ipv6/tcp", new Object[] {LinkType.LOOP,
            loopback(24, java.nio.ByteOrder.BIG_ENDIAN, v6tcp)});
        cases.put("raw (101) ipv6/udp", new Object[] {LinkType.RAW, v6udp});
        cases.put("raw (101) ipv4/tcp", new Object[] {LinkType.RAW, v4tcp});
        cases.put("linktype ipv4 (228)", new Object[] {LinkType.IPV4, v4tcp});
        cases.put("linktype ipv6 (229)", new Object[] {LinkType.IPV6, v6tcp});
        cases.put("ipv4 with 40 bytes of options (IHL 15)", new Object[] {LinkType.RAW,
            ipv4(V4_A, V4_B, TCP, 10, 0, tcp)});
        cases.put("tcp with 40 bytes of options (data offset 15)", new Object[] {LinkType.RAW,
            ipv4(V4_A, V4_B, TCP, 0, 0, tcp(1234, 443, 1, 2, 0x02, 10, 0))});
        final byte[] tsoPacket = ipv4(V4_A, V4_B, TCP, 0, 0x4000, tcp);
        tsoPacket[2] = 0; // total length 0: segmentation offload / IPv4 BIG TCP super-packets (> 64 KiB)
        tsoPacket[3] = 0;
        cases.put("ipv4 total length 0 (TSO, BIG TCP): the captured length counts", new Object[] {
            LinkType.ETHERNET, ethernet(new int[0], 0x0800, tsoPacket, 0)});
        cases.put("ipv4 first fragment (MF, offset 0)", new Object[] {LinkType.RAW,
            ipv4(V4_A, V4_B, TCP, 0, 0x2000, tcp)});
        cases.put("ipv4 non-first fragment", new Object[] {LinkType.RAW, ipv4(V4_A, V4_B, TCP, 0, 0x0010, tcp)});
        cases.put("ipv4 last fragment (offset, no MF)", new Object[] {LinkType.RAW,
            ipv4(V4_A, V4_B, UDP, 0, 0x0003, udp)});
        cases.put("ipv6 hop-by-hop, destination options, routing/tcp", new Object[] {LinkType.RAW,
            ipv6(V6_A, V6_B, HOP_BY_HOP, options(DESTINATION_OPTIONS, 1, options(ROUTING, 0, routing(TCP, tcp))))});
        cases.put("ipv6 fragment header, first fragment/udp", new Object[] {LinkType.RAW,
            ipv6(V6_A, V6_B, FRAGMENT, fragment(UDP, 0, true, udp))});
        cases.put("ipv6 atomic fragment (offset 0, no M)/tcp", new Object[] {LinkType.RAW,
            ipv6(V6_A, V6_B, FRAGMENT, fragment(TCP, 0, false, tcp))});
        cases.put("ipv6 non-first fragment", new Object[] {LinkType.RAW,
            ipv6(V6_A, V6_B, FRAGMENT, fragment(TCP, 185, true, tcp))});
        cases.put("ipv6 authentication header/tcp", new Object[] {LinkType.RAW,
            ipv6(V6_A, V6_B, AH, authentication(TCP, tcp))});
        cases.put("ipv4 authentication header/tcp (IPsec AH transport mode)", new Object[] {LinkType.RAW,
            ipv4(V4_A, V4_B, AH, 0, 0, authentication(TCP, tcp))});
        cases.put("ipv4 in ipv4/tcp", new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x0800,
            ipv4(V4_C, V4_D, IPIP, 0, 0, v4tcp), 0)});
        cases.put("6in4/tcp", new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x0800,
            ipv4(V4_C, V4_D, IPV6_IN_IP, 0, 0, v6tcp), 0)});
        cases.put("4in6/udp", new Object[] {LinkType.ETHERNET, ethernet(new int[0], 0x86DD,
            ipv6(V6_C, V6_D, IPIP, v4udp), 0)});
        cases.put("ipv4 in ipv6 (with dstopts) in ipv4/tcp", new Object[] {LinkType.RAW,
            ipv4(V4_C, V4_D, IPV6_IN_IP, 1, 0, ipv6(V6_C, V6_D, DESTINATION_OPTIONS, options(IPIP, 0, v4tcp)))});
        cases.put("first fragment of an ipv4-in-ipv4 tunnel (outer MF, inner unfragmented)/tcp",
            new Object[] {LinkType.RAW, ipv4(V4_C, V4_D, IPIP, 0, 0x2000, v4tcp)});
        cases.put("first fragment of a 6in6 tunnel (outer fragment header M=1)/tcp",
            new Object[] {LinkType.RAW, ipv6(V6_C, V6_D, FRAGMENT, fragment(IPV6_IN_IP, 0, true, v6tcp))});
        cases.put("ipv6 in ipv6 in ipv6/tcp", new Object[] {LinkType.RAW,
            ipv6(V6_C, V6_D, IPV6_IN_IP, ipv6(V6_D, V6_C, IPV6_IN_IP, v6tcp))});

        final Map<Integer, List<String>> namesByLink = new LinkedHashMap<>();
        for (final Map.Entry<String, Object[]> entry : cases.entrySet())
        {
            namesByLink.computeIfAbsent((Integer)entry.getValue()[0], k -> new ArrayList<>()).add(entry.getKey());
        }
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Map.Entry<Integer, List<String>> byLink : namesByLink.entrySet())
        {
            final List<byte[]> frames = byLink.getValue().stream().map(name -> (byte[])cases.get(name)[1]).toList();
            final List<String[]> rows = tshark(byLink.getKey(), frames);
            for (int i = 0; i < frames.size(); i++)
            {
                final String name = byLink.getValue().get(i);
                final byte[] frame = frames.get(i);
                final String[] row = i < rows.size() ? rows.get(i) : null;
                final int linkType = byLink.getKey();
                tests.add(DynamicTest.dynamicTest(name, () ->
                {
                    assertTrue(row != null, "tshark gave a row");
                    final PacketDecoder decoder = new PacketDecoder();
                    final DecodeResult result = decode(decoder, linkType, frame);
                    final String mismatch = compare(result, decoder.packet(), row);
                    if (mismatch != null)
                    {
                        fail(name + ": " + mismatch + " | tshark: " + String.join(" | ", row));
                    }
                }));
            }
        }
        return tests.stream();
    }

    private List<String[]> tshark(final int linkType, final List<byte[]> frames) throws IOException
    {
        final Path file = temp.resolve("link" + linkType + "-" + System.nanoTime() + ".pcap");
        TsharkOracle.writePcap(file, linkType, frames);
        return TsharkOracle.fields(file, FIELDS);
    }

    static DecodeResult decode(final PacketDecoder decoder, final int linkType, final byte[] frame)
    {
        return decoder.decode(linkType, new UnsafeBuffer(frame), frame.length);
    }

    /**
     * What tshark says against what the decoder says.
     *
     * @return null when they agree, else what differs.
     */
    static String compare(final DecodeResult result, final DecodedPacket p, final String[] row)
    {
        final List<String> protocols = Arrays.asList(row[PROTOCOLS].split(":"));
        int transportAt = -1;
        int ipv4Count = 0;
        int ipv6Count = 0;
        int innermost = 0;
        for (int i = 0; i < protocols.size(); i++)
        {
            final String protocol = protocols.get(i);
            if (protocol.equals("tcp") || protocol.equals("udp"))
            {
                transportAt = i;
                break;
            }
            if (protocol.equals("ip"))
            {
                ipv4Count++;
                innermost = 4;
            }
            else if (protocol.equals("ipv6"))
            {
                ipv6Count++;
                innermost = 6;
            }
        }
        final boolean nonFirstFragment = anyNonZero(row[IP_FRAG_OFFSET]) || anyNonZero(row[IPV6_FRAG_OFFSET]);
        if (transportAt < 0)
        {
            if (result == DecodeResult.OK)
            {
                return "decoder said OK, tshark found no TCP/UDP (" + row[PROTOCOLS] + ")";
            }
            if (nonFirstFragment && result != DecodeResult.NON_FIRST_FRAGMENT)
            {
                return "non-first fragment, decoder said " + result;
            }
            return null;
        }
        if (result != DecodeResult.OK)
        {
            return "decoder said " + result + ", tshark dissected " + row[PROTOCOLS];
        }
        final boolean tcp = protocols.get(transportAt).equals("tcp");
        final List<String> problems = new ArrayList<>();
        if (p.ipVersion() != innermost)
        {
            problems.add("ip version " + p.ipVersion() + " != " + innermost);
        }
        else
        {
            final String[] sources = row[innermost == 4 ? IP_SRC : IPV6_SRC].split(",");
            final String[] destinations = row[innermost == 4 ? IP_DST : IPV6_DST].split(",");
            final int index = (innermost == 4 ? ipv4Count : ipv6Count) - 1;
            checkAddress(problems, "source", p, p.sourceAddressOffset(), sources[index]);
            checkAddress(problems, "destination", p, p.destinationAddressOffset(), destinations[index]);
        }
        if (p.transport() != (tcp ? 6 : 17))
        {
            problems.add("transport " + p.transport());
        }
        check(problems, "source port", p.sourcePort(), first(row[tcp ? TCP_SRCPORT : UDP_SRCPORT]));
        check(problems, "destination port", p.destinationPort(), first(row[tcp ? TCP_DSTPORT : UDP_DSTPORT]));
        if (tcp)
        {
            check(problems, "sequence", p.sequence(), first(row[TCP_SEQ]));
            check(problems, "acknowledgement", p.acknowledgement(), first(row[TCP_ACK]));
            check(problems, "tcp flags", p.tcpFlags(), first(row[TCP_FLAGS]) & 0xFF);
            if (!row[TCP_LEN].isEmpty())
            {
                check(problems, "payload length", p.payloadLength(), first(row[TCP_LEN]));
            }
            else if (innermost == 4)
            {
                // tshark leaves tcp.len out for a first fragment: IP length less both headers.
                final String[] ipLengths = row[IP_LEN].split(",");
                final String[] ipHeaderLengths = row[IP_HDR_LEN].split(",");
                check(problems, "payload length (first fragment)", p.payloadLength(),
                    Long.parseLong(ipLengths[ipv4Count - 1]) - Long.parseLong(ipHeaderLengths[ipv4Count - 1])
                    - first(row[TCP_HDR_LEN]));
            }
        }
        else
        {
            check(problems, "payload length", p.payloadLength(), first(row[UDP_LENGTH]) - 8);
        }
        final boolean moreFragments = anyTrue(row[IP_MF]) || anyTrue(row[IPV6_MORE]);
        if (p.isFirstFragment() != moreFragments)
        {
            problems.add("first fragment " + p.isFirstFragment() + " != " + moreFragments);
        }
        if (p.payloadOffset() + p.payloadLength() > p.buffer().capacity())
        {
            problems.add("payload past the end");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static void checkAddress(final List<String> problems, final String which, final DecodedPacket p,
        final int offset, final String expected)
    {
        try
        {
            final byte[] actual = new byte[p.addressLength()];
            p.buffer().getBytes(offset, actual);
            final byte[] wanted = InetAddress.getByName(expected).getAddress();
            if (!Arrays.equals(actual, wanted))
            {
                problems.add(which + " address " + InetAddress.getByAddress(actual).getHostAddress() + " != "
                    + expected);
            }
        }
        catch (final IOException ex)
        {
            problems.add(which + " address: " + ex);
        }
    }

    private static void check(final List<String> problems, final String what, final long actual,
        final long expected)
    {
        if (actual != expected)
        {
            problems.add(what + " " + actual + " != " + expected);
        }
    }

    private static long first(final String values)
    {
        final String value = values.split(",")[0].trim();
        if (value.isEmpty())
        {
            return -1;
        }
        return value.startsWith("0x") ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
    }

    private static boolean anyTrue(final String values)
    {
        for (final String value : values.split(","))
        {
            if (value.equals("1") || value.equalsIgnoreCase("true"))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean anyNonZero(final String values)
    {
        for (final String value : values.split(","))
        {
            if (!value.isEmpty() && !value.equals("0"))
            {
                return true;
            }
        }
        return false;
    }

    private static Map<Integer, List<RandomPackets.Built>> byLinkType(final List<RandomPackets.Built> packets)
    {
        final Map<Integer, List<RandomPackets.Built>> map = new LinkedHashMap<>();
        for (final RandomPackets.Built built : packets)
        {
            map.computeIfAbsent(built.linkType(), k -> new ArrayList<>()).add(built);
        }
        return map;
    }

    static byte[] bytes(final int... values)
    {
        final byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            result[i] = (byte)values[i];
        }
        return result;
    }
}
