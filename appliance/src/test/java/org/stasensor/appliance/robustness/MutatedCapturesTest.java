package org.stasensor.appliance.robustness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.capture.file.CaptureFileException;
import org.stasensor.appliance.capture.file.CaptureFileReader;
import org.stasensor.appliance.capture.file.CaptureFileResult;
import org.stasensor.appliance.output.JsonLinesSink;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile bytes are the normal case: real captures, truncated, bit-flipped and with random values written over
 * length fields, go through the whole path (file reader, decoder, flows, reassembly, TLS, X.509, SSH and DNS
 * parsers, records, JSON). Nothing may throw, no parser may fail (the inspector's last-resort catch must stay at
 * zero), memory stays within the configured bounds, every packet the reader delivers is counted, and every line
 * printed is valid JSON.
 * <p>
 * The seeds hold TLS, SSH (the sample's sshd on 2222, the corpus's SSH captures) and DNS over UDP and TCP (the
 * sample's, the corpus's, and {@link CraftedDnsCapture}: compression loops, a pointer to itself, names past 255
 * octets, labels running past the end, a TCP length prefix larger than its data), and the crafted DNS also goes
 * through unmutated.
 */
class MutatedCapturesTest
{
    private static final int ROUNDS = Integer.getInteger("sta.fuzz.rounds", 600);
    private static final InspectorConfig SMALL = new InspectorConfig(0, 256, 60_000_000_000L, 1_800_000_000_000L,
        32, 16 * 1024);

    @TempDir
    Path temp;

    @Test
    void mutatedCapturesNeverThrowAndStayBounded() throws IOException
    {
        final List<byte[]> seeds = seeds();
        final SplittableRandom random = new SplittableRandom(Long.getLong("sta.fuzz.seed", 20261128L));
        final ObjectMapper json = new ObjectMapper();
        final CaptureFileReader reader = new CaptureFileReader();
        final Path file = temp.resolve("mutated.pcap");
        long packets = 0;
        long records = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final byte[] bytes = mutate(seeds.get(random.nextInt(seeds.size())), random);
            Files.write(file, bytes);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final JsonLinesSink sink = new JsonLinesSink(out, "fuzz");
            final PacketInspector inspector = new PacketInspector(SMALL, sink.sink());
            CaptureFileResult result = null;
            try
            {
                result = reader.read(file, inspector);
            }
            catch (final CaptureFileException rejected)
            {
                // A header mutated beyond recognition: a clear refusal is the right outcome.
                continue;
            }
            assertTrue(inspector.flows().size() <= inspector.flows().capacity());
            assertTrue(inspector.sessions().inUse() <= SMALL.handshakeSessions());
            inspector.finish();
            final InspectorCounters counters = inspector.counters();
            if (counters.lastParserError() != null)
            {
                throw new AssertionError("a parser threw in round " + round, counters.lastParserError());
            }
            assertEquals(result.packets(), counters.packets(), "every delivered packet is counted");
            assertEquals(0, inspector.sessions().inUse(), "sessions are all given back at the end");
            for (final String line : out.toString(StandardCharsets.UTF_8).split("\n"))
            {
                if (!line.isEmpty())
                {
                    json.readTree(line);
                    records++;
                }
            }
            packets += counters.packets();
        }
        System.out.println("mutated captures: " + ROUNDS + " rounds over " + seeds.size() + " seeds, " + packets
            + " packets, " + records + " records");
        assertTrue(packets > ROUNDS, "the mutated files still carried packets: " + packets);
        assertTrue(records > 0, "and records came out: " + records);
    }

    /**
     * The crafted hostile DNS as it is: no exception, no parser error, every packet counted, every line valid JSON,
     * and no name in a record longer than a 255-octet name can be written (4 characters per octet, RFC 4343 escapes).
     */
    @Test
    void craftedHostileDnsNeverThrows() throws IOException, CaptureFileException
    {
        final CraftedDnsCapture crafted = CraftedDnsCapture.build();
        final Path file = Files.write(temp.resolve("crafted-dns.pcap"), crafted.bytes());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonLinesSink sink = new JsonLinesSink(out, "crafted");
        final PacketInspector inspector = new PacketInspector(SMALL, sink.sink());
        final CaptureFileResult result = new CaptureFileReader().read(file, inspector);
        inspector.finish();
        final InspectorCounters counters = inspector.counters();
        if (counters.lastParserError() != null)
        {
            throw new AssertionError("a parser threw on the crafted DNS " + crafted.names(),
                counters.lastParserError());
        }
        assertEquals(result.packets(), counters.packets(), "every delivered packet is counted");
        final ObjectMapper json = new ObjectMapper();
        int dnsRecords = 0;
        for (final String line : out.toString(StandardCharsets.UTF_8).split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final JsonNode record = json.readTree(line);
            if ("dns".equals(record.path("event").path("dataset").asText()))
            {
                dnsRecords++;
                final String name = record.path("dns").path("question").path("name").asText("");
                assertTrue(name.length() <= 4 * 255, "a name longer than any real one: " + line);
                System.out.println("crafted dns: " + record.path("dns").path("question").path("name").asText("-")
                    + " flags " + record.path("sta").path("flags"));
            }
        }
        System.out.println("crafted dns: " + crafted.names().size() + " messages " + crafted.names() + ", "
            + counters.packets() + " packets, " + dnsRecords + " dns records");
    }

    private static List<byte[]> seeds() throws IOException
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(Files.readAllBytes(TestFiles.projectRoot().resolve("appliance/samples/sample.pcap")));
        seeds.add(CraftedDnsCapture.build().bytes());
        for (final String name : new String[] {"ja3/Traces/ssl-curl.pcap", "nDPI/pcap/tls_long_cert.pcap",
            "nDPI/pcap/tls_2_reasms.pcapng", "ja4/pcap/tls-handshake.pcapng", "nDPI/pcap/443-chrome.pcap",
            "nDPI/pcap/ssh.pcap", "ja4/pcap/ssh2.pcapng", "nDPI/pcap/dns.pcap", "nDPI/pcap/dns_long_domainname.pcap",
            "nDPI/pcap/malformed_dns.pcap", "nDPI/pcap/dns_ambiguous_names.pcap", "nDPI/pcap/dns-invalid-chars.pcap",
            "nDPI/pcap/dns_fragmented.pcap"})
        {
            final Path corpus = TestFiles.corpus().resolve(name);
            if (Files.isRegularFile(corpus) && Files.size(corpus) < 4_000_000)
            {
                seeds.add(Files.readAllBytes(corpus));
            }
        }
        return seeds;
    }

    /** Truncation, bit flips and random 16/32-bit values at random places, alone or combined. */
    private static byte[] mutate(final byte[] seed, final SplittableRandom random)
    {
        byte[] bytes = seed.clone();
        final int kind = random.nextInt(4);
        if (kind == 0 || kind == 3)
        {
            final int flips = 1 + random.nextInt(32);
            for (int i = 0; i < flips; i++)
            {
                final int at = 24 + random.nextInt(bytes.length - 24);
                bytes[at] ^= (byte)(1 << random.nextInt(8));
            }
        }
        if (kind == 1 || kind == 3)
        {
            final int writes = 1 + random.nextInt(8);
            for (int i = 0; i < writes; i++)
            {
                final int at = 24 + random.nextInt(bytes.length - 28);
                final int value = random.nextInt();
                final int width = random.nextBoolean() ? 2 : 4;
                for (int b = 0; b < width; b++)
                {
                    bytes[at + b] = (byte)(value >>> (8 * b));
                }
            }
        }
        if (kind == 2 || kind == 3)
        {
            bytes = java.util.Arrays.copyOf(bytes, 24 + random.nextInt(bytes.length - 24));
        }
        return bytes;
    }
}
