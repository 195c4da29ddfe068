package org.stasensor.benchmarks.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.packet.LinkType;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multiplied capture, judged by Wireshark's tools: every seed packet in every copy, time order, one set of
 * conversations per copy, checksum status and protocol dissection unchanged.
 */
class CaptureMultiplierTest
{
    private static final int COPIES = 4;
    private static final List<String> CHECKSUM_OPTIONS = List.of("-o", "ip.check_checksum:TRUE",
        "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE");

    @TempDir
    static Path dir;
    private static List<Path> seeds;
    private static Path multiplied;

    @BeforeAll
    static void multiply() throws IOException
    {
        seeds = List.of(
            TestFiles.projectRoot().resolve(CaptureMultiplier.PROJECT_SAMPLE),
            TestFiles.corpusFile("nDPI/pcap/443-curl.pcap"),
            TestFiles.corpusFile("ja4/pcap/v6.pcap"),
            TestFiles.corpusFile("ja4/pcap/tls-sni.pcapng"),
            TestFiles.corpusFile("ja4/pcap/ipv6.pcapng"));
        multiplied = dir.resolve("multiplied.pcap");
        final SeedTemplate template = SeedTemplate.load(seeds);
        try (PcapWriter writer = new PcapWriter(multiplied, LinkType.ETHERNET))
        {
            CaptureMultiplier.write(template, COPIES, Long.MAX_VALUE, 2, writer);
        }
    }

    @Test
    void everySeedPacketIsInEveryCopyInTimeOrder()
    {
        long seedPackets = 0;
        for (final Path seed : seeds)
        {
            seedPackets += Long.parseLong(Tools.capinfos(seed).get("Number of packets"));
        }
        final Map<String, String> info = Tools.capinfos(multiplied);
        assertEquals(String.valueOf(COPIES * seedPackets), info.get("Number of packets"));
        assertEquals("True", info.get("Strict time order"));
        assertEquals("ether", info.get("File encapsulation"));
    }

    @Test
    void everyCopyBringsItsOwnConversations()
    {
        for (final String transport : List.of("tcp", "udp"))
        {
            long seedConversations = 0;
            for (final Path seed : seeds)
            {
                seedConversations += Tools.conversations(seed, transport);
            }
            assertTrue(seedConversations > 0);
            assertEquals(COPIES * seedConversations, Tools.conversations(multiplied, transport), transport);
        }
    }

    @Test
    void rewrittenPacketsKeepTheChecksumStatusTheyHad()
    {
        final Map<String, Long> expected = new TreeMap<>();
        for (final Path seed : seeds)
        {
            checksumStatus(seed).forEach((status, count) -> expected.merge(status, COPIES * count, Long::sum));
        }
        assertEquals(expected, checksumStatus(multiplied));
    }

    @Test
    void tlsSshAndDnsStillDissectAsBefore()
    {
        final Map<String, Long> expected = new TreeMap<>();
        for (final Path seed : seeds)
        {
            dissected(seed).forEach((key, count) -> expected.merge(key, COPIES * count, Long::sum));
        }
        assertTrue(expected.keySet().stream().anyMatch(key -> key.startsWith("tls ")), expected::toString);
        assertEquals(expected, dissected(multiplied));
    }

    @Test
    void packetLimitStopsAtExactlyThatManyPackets() throws IOException
    {
        final Path limited = dir.resolve("limited.pcap");
        CaptureMultiplier.main(new String[]{"--out", limited.toString(), "--packets", "1k", "--concurrency", "3",
            seeds.getFirst().toString()});
        final Map<String, String> info = Tools.capinfos(limited);
        assertEquals("1000", info.get("Number of packets"));
        assertEquals("True", info.get("Strict time order"));
    }

    private static Map<String, Long> checksumStatus(final Path capture)
    {
        final Map<String, Long> counts = new TreeMap<>();
        for (final String line : Tools.fields(capture, CHECKSUM_OPTIONS, "ip.checksum.status", "tcp.checksum.status",
            "udp.checksum.status"))
        {
            counts.merge(line, 1L, Long::sum);
        }
        return counts;
    }

    /**
     * Counts of TLS handshake types, SNI, SSH protocol banners and DNS query names, as tshark dissects them. QUIC is
     * left out: copies keep the seed's connection IDs (changing them would need re-encrypting Initial packets), and
     * tshark joins QUIC packets by connection ID, so it takes later copies for the first connection.
     */
    private static Map<String, Long> dissected(final Path capture)
    {
        final Map<String, Long> counts = new TreeMap<>();
        for (final String line : Tools.fields(capture, List.of("-Y", "not quic"), "tls.handshake.type",
            "tls.handshake.extensions_server_name", "ssh.protocol", "dns.qry.name"))
        {
            final String[] columns = line.split("\t", -1);
            final String[] names = {"tls ", "sni ", "ssh ", "dns "};
            for (int i = 0; i < columns.length && i < names.length; i++)
            {
                if (!columns[i].isEmpty())
                {
                    counts.merge(names[i] + columns[i], 1L, Long::sum);
                }
            }
        }
        return counts;
    }
}
