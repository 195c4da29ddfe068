package org.stasensor.pipeline.flow;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Community ID v1 against the values published with the spec and against Wireshark's Community ID post-dissector.
 */
class CommunityIdTest
{
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[4096]);
    private final RecordWriter writer = new RecordWriter();
    private final RecordReader reader = new RecordReader();

    /**
     * The spec's baseline tables (corelight/community-id-spec, baseline/README.md, commit c4ec2bc, "Default
     * settings" and "A custom seed=1 value") and the TCP/UDP/SCTP/RSVP rows of baseline/baseline_deflt.json, which
     * pycommunityid computed from pcaps/combined.pcap.gz. A port of -1 means the protocol has none. ICMP rows are
     * left out: ICMP is not supported (see {@link CommunityId}).
     */
    @ParameterizedTest(name = "{0} {1}:{3} -> {2}:{4} seed {5}")
    @CsvSource({
        "6, 1.2.3.4, 5.6.7.8, 1122, 3344, 0, 1:wCb3OG7yAFWelaUydu0D+125CLM=",
        "6, 5.6.7.8, 1.2.3.4, 3344, 1122, 0, 1:wCb3OG7yAFWelaUydu0D+125CLM=",
        "17, 1.2.3.4, 5.6.7.8, 1122, 3344, 0, 1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=",
        "17, 5.6.7.8, 1.2.3.4, 3344, 1122, 0, 1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=",
        "132, 1.2.3.4, 5.6.7.8, 1122, 3344, 0, 1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=",
        "132, 5.6.7.8, 1.2.3.4, 3344, 1122, 0, 1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=",
        "46, 1.2.3.4, 5.6.7.8, -1, -1, 0, 1:ikv3kmf89luf73WPz1jOs49S768=",
        "46, 5.6.7.8, 1.2.3.4, -1, -1, 0, 1:ikv3kmf89luf73WPz1jOs49S768=",
        "46, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, -1, -1, 0, " +
            "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=",
        "46, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, -1, -1, 0, " +
            "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=",
        "6, 1.2.3.4, 5.6.7.8, 1122, 3344, 1, 1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=",
        "6, 5.6.7.8, 1.2.3.4, 3344, 1122, 1, 1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=",
        "17, 1.2.3.4, 5.6.7.8, 1122, 3344, 1, 1:OShq+iKDAMVouh/4bMxB9Sz4amw=",
        "17, 5.6.7.8, 1.2.3.4, 3344, 1122, 1, 1:OShq+iKDAMVouh/4bMxB9Sz4amw=",
        "132, 1.2.3.4, 5.6.7.8, 1122, 3344, 1, 1:uitchpn5MMGAQKBJh7bIr/bAr7s=",
        "46, 1.2.3.4, 5.6.7.8, -1, -1, 1, 1:/buhqeOmaRCopOZFy9HnoJd5XW8=",
        "46, fe80:1011:1213:1415:1617:1819:1A1B:1C1D, fe80:0001:0203:0405:0607:0809:0A0B:0C0D, -1, -1, 1, " +
            "1:j6EyyfBzL4vWKHFXgUqb5Az3OxM=",
        "6, 2001:470:e5bf:dead:4957:2174:e82c:4887, 2607:f8b0:400c:c03::1a, 63943, 25, 0, " +
            "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
        "6, 2607:f8b0:400c:c03::1a, 2001:470:e5bf:dead:4957:2174:e82c:4887, 25, 63943, 0, " +
            "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
        "132, 192.168.170.8, 192.168.170.56, 7, 7, 0, 1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
        "132, 192.168.170.56, 192.168.170.8, 7, 7, 0, 1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
        "6, 128.232.110.120, 66.35.250.204, 34855, 80, 0, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
        "6, 66.35.250.204, 128.232.110.120, 80, 34855, 0, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
        "17, 192.168.1.52, 8.8.8.8, 54585, 53, 0, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
        "17, 8.8.8.8, 192.168.1.52, 53, 54585, 0, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
        "46, 10.1.12.1, 10.1.12.2, -1, -1, 0, 1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=",
        "46, 10.1.12.2, 10.1.12.1, -1, -1, 0, 1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=",
    })
    void matchesSpecificationBaseline(final int protocol, final String source, final String destination,
        final int sourcePort, final int destinationPort, final int seed, final String expected) throws IOException
    {
        final CommunityId communityId = new CommunityId(seed);
        record(protocol, InetAddress.getByName(source).getAddress(), InetAddress.getByName(destination).getAddress(),
            Math.max(sourcePort, 0), Math.max(destinationPort, 0));
        assertTrue(communityId.compute(reader));
        assertEquals(expected, communityId.idAsString());
    }

    @Test
    void appendsTheFieldToTheRecord() throws IOException
    {
        final int length = record(6, InetAddress.getByName("1.2.3.4").getAddress(),
            InetAddress.getByName("5.6.7.8").getAddress(), 1122, 3344);
        writer.resume(slot, 0, slot.capacity(), length);
        assertTrue(new CommunityId().append(reader, writer));
        writer.finish();
        reader.wrap(slot, 0);
        assertEquals("1:wCb3OG7yAFWelaUydu0D+125CLM=", reader.string(Fields.NETWORK_COMMUNITY_ID));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 58})
    void icmpIsNotSupportedAndWritesNothing(final int protocol) throws IOException
    {
        final int length = record(protocol, InetAddress.getByName("1.2.3.4").getAddress(),
            InetAddress.getByName("5.6.7.8").getAddress(), 8, 0);
        writer.resume(slot, 0, slot.capacity(), length);
        assertFalse(new CommunityId().append(reader, writer));
        writer.finish();
        reader.wrap(slot, 0);
        assertFalse(reader.has(Fields.NETWORK_COMMUNITY_ID));
    }

    @Test
    void recordWithoutConnectionHasNoId()
    {
        writer.begin(slot, 0, slot.capacity(), Dataset.DNS, 1L);
        writer.finish();
        reader.wrap(slot, 0);
        assertFalse(new CommunityId().compute(reader));
    }

    @Test
    void seedOutOfRangeIsRefused()
    {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new CommunityId(65536));
    }

    @Test
    void computingAllocatesNothing() throws IOException
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CommunityId communityId = new CommunityId();
        record(6, InetAddress.getByName("2001:db8::1").getAddress(), InetAddress.getByName("2001:db8::2").getAddress(),
            443, 50000);
        for (int i = 0; i < 20_000; i++)
        {
            communityId.compute(reader);
        }
        // Less than a byte per id: the JIT's own rare allocations pass, one object per id would not.
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5 && allocated >= 10_000; attempt++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++)
            {
                communityId.compute(reader);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes in 10000 ids");
    }

    /**
     * Every packet of every TCP/UDP conversation in corpus captures (IPv4 and IPv6, TCP and QUIC/UDP): the id computed
     * from a record carrying the packet's 5-tuple equals the one Wireshark's Community ID post-dissector prints.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ja3/Traces/ssl-curl.pcap", "ja3/Traces/ssl-chrome.pcap", "ja4/pcap/v6.pcap",
        "ja4/pcap/ipv6.pcapng", "ja4/pcap/quic-tls-handshake.pcapng", "ja4/pcap/ssh-r.pcap", "ja4/pcap/dhcp.pcapng"})
    void equalsWiresharkOnCorpusCaptures(final String name) throws IOException
    {
        final Path capture = TestFiles.corpusFile(name);
        final CommunityId communityId = new CommunityId();
        final Map<String, String> conversations = new HashMap<>();  // id -> one packet of it, for the count
        int packets = 0;
        for (final String[] row : tsharkCommunityIds(capture))
        {
            final boolean tcp = !row[4].isEmpty();
            final int protocol = tcp ? 6 : 17;
            final int sourcePort = Integer.parseInt(tcp ? row[4] : row[6]);
            final int destinationPort = Integer.parseInt(tcp ? row[5] : row[7]);
            final String source = row[0].isEmpty() ? row[2] : row[0];
            final String destination = row[1].isEmpty() ? row[3] : row[1];
            record(protocol, InetAddress.getByName(source).getAddress(),
                InetAddress.getByName(destination).getAddress(), sourcePort, destinationPort);
            assertTrue(communityId.compute(reader));
            final String where = name + " " + source + ":" + sourcePort + " -> " + destination + ":" + destinationPort;
            assertEquals(row[8], communityId.idAsString(), where);
            conversations.put((tcp ? "tcp " : "udp ") + row[8], where);
            packets++;
        }
        assumeTrue(packets > 0, "tshark printed no community ids for " + name);
        assertFalse(conversations.isEmpty());
    }

    private int record(final int protocol, final byte[] source, final byte[] destination, final int sourcePort,
        final int destinationPort)
    {
        final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);
        addresses.putBytes(0, source);
        addresses.putBytes(16, destination);
        writer.begin(slot, 0, slot.capacity(), Dataset.FLOW, 1L)
            .connection(7, source.length == 16 ? 6 : 4, protocol, addresses, 0, 16, sourcePort, destinationPort);
        final int length = writer.finish();
        reader.wrap(slot, 0);
        return length;
    }

    /** Rows {ip.src, ip.dst, ipv6.src, ipv6.dst, tcp ports, udp ports, communityid} of single-layer packets. */
    private static List<String[]> tsharkCommunityIds(final Path capture)
    {
        final List<String> command = List.of("tshark", "-n", "-r", capture.toString(), "--enable-protocol",
            "communityid", "-Y", "(tcp || udp) && !icmp && !icmpv6 && communityid", "-T", "fields", "-E",
            "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,", "-e", "ip.src", "-e", "ip.dst", "-e",
            "ipv6.src", "-e", "ipv6.dst", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport", "-e",
            "udp.dstport", "-e", "communityid");
        final List<String[]> rows = new ArrayList<>();
        for (final String line : run(command).split("\n"))
        {
            final String[] parts = line.split("\t", -1);
            // Tunnelled packets have two layers of addresses or ports; their id is the outer one's and out of scope.
            if (parts.length == 9 && !line.contains(",") && (parts[0].isEmpty() != parts[2].isEmpty())
                && (parts[4].isEmpty() != parts[6].isEmpty()))
            {
                rows.add(parts);
            }
        }
        return rows;
    }

    private static String run(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            process.getOutputStream().close();
            final byte[] out = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
            return new String(out, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            assumeTrue(false, "tshark not available: " + ex.getMessage());
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
