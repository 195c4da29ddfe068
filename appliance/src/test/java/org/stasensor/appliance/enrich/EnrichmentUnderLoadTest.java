package org.stasensor.appliance.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.config.ConfigLoader;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.JournalRecords;
import org.stasensor.appliance.metrics.CacheGauges;
import org.stasensor.appliance.run.SensorRun;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.stage.RecordRing;

/**
 * 100,000 DNS queries for 100,000 distinct registered domains, from a LAN host to a public resolver, replayed by
 * {@code sta run} at their capture rate (20,000 per second): the enrichment stage keeps up (no record dropped at a
 * ring of 16,384 slots, as a DNS-heavy site would size it: the default 4,096 drop about 0.1 % in the first second,
 * while the JIT compiles the scorer), every query is journaled with its score, and every cache stays within its bound. The capture is
 * crafted into a file by text2pcap; nothing is sent.
 */
class EnrichmentUnderLoadTest
{
    private static final int QUERIES = 100_000;
    private static final int DOMAIN_CACHE = 4096;
    private static final int GEO_CACHE = 1024;

    @Test
    void hundredThousandDistinctDomainsAtTheReplayRateLoseNothing(@TempDir final Path dir) throws Exception
    {
        HostCommands.assumeInstalled("text2pcap");
        final Path capture = craftQueries(dir);
        final Path config = Files.writeString(dir.resolve("sta.yaml"), """
            capture:
              source: pcap
              files: [%s]
              replay_speed: 1.0
            journal:
              path: %s
            metrics:
              enabled: false
            rings:
              slots: 16384
              slot_size: 4KiB
            enrichment:
              geoip:
                cache_entries: %d
              domains:
                cache_entries: %d
            """.formatted(capture, dir.resolve("journal"), GEO_CACHE, DOMAIN_CACHE));
        final StaConfig staConfig = ConfigLoader.load(config);
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
            SensorRun sensor = SensorRun.open(staConfig, err))
        {
            assertTrue(sensor.run(), log.toString(StandardCharsets.UTF_8));
            long dropped = 0;
            for (final RecordRing ring : sensor.rings())
            {
                dropped += ring.droppedFull();
            }
            assertEquals(0, dropped, "records dropped at a full ring; " + log.toString(StandardCharsets.UTF_8));
            for (final CacheGauges cache : sensor.enrichments().caches())
            {
                final long bound = switch (cache.name())
                {
                    case "geoip" -> GEO_CACHE;
                    case "domains" -> DOMAIN_CACHE;
                    default -> Long.MAX_VALUE;
                };
                assertTrue(cache.size() <= bound, cache.name() + " holds " + cache.size() + " > " + bound);
                if (bound != Long.MAX_VALUE)
                {
                    assertTrue(cache.hits() + cache.misses() >= QUERIES, cache.name() + " saw every record");
                }
            }
        }
        final int[] scored = new int[2];
        JournalRecords.forEach(dir.resolve("journal"), record ->
        {
            if (record.dataset() == Dataset.DNS)
            {
                scored[0]++;
                scored[1] += record.has(Fields.DOMAIN_REGISTERED_DOMAIN) && record.has(Fields.DOMAIN_DGA_SCORE) ? 1 : 0;
            }
        });
        assertEquals(QUERIES, scored[0], "dns records journaled");
        assertEquals(QUERIES, scored[1], "dns records with their registered domain and its score");
    }

    /** 100,000 queries 50 µs apart, each for a distinct registered domain under .com. */
    private static Path craftQueries(final Path dir) throws Exception
    {
        final Path text = dir.resolve("queries.txt");
        final SplittableRandom random = new SplittableRandom(100_000);
        final HexFormat hex = HexFormat.ofDelimiter(" ");
        try (BufferedWriter out = Files.newBufferedWriter(text, StandardCharsets.US_ASCII))
        {
            for (int i = 0; i < QUERIES; i++)
            {
                final long micros = 50L * i;
                out.write(String.format("00:00:%02d.%06d%n", micros / 1_000_000, micros % 1_000_000));
                out.write("000000 ");
                out.write(hex.formatHex(query(i, label(random, i))));
                out.write('\n');
            }
        }
        final Path pcap = dir.resolve("queries.pcap");
        final CommandResult result = HostCommands.run(dir, Duration.ofSeconds(120), List.of("text2pcap", "-q",
            "-t", "%H:%M:%S.%f", "-e", "0x800", "-4", "192.168.1.20,9.9.9.9", "-u", "40000,53", text.toString(),
            pcap.toString()));
        assertEquals(0, result.exitCode(), result.toString());
        return pcap;
    }

    private static String label(final SplittableRandom random, final int index)
    {
        final StringBuilder label = new StringBuilder();
        final int length = 6 + random.nextInt(10);
        for (int i = 0; i < length; i++)
        {
            label.append((char)('a' + random.nextInt(26)));
        }
        return label.append(index).toString();
    }

    private static byte[] query(final int id, final String label)
    {
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(new byte[] {(byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (final String part : List.of("www", label, "com"))
        {
            message.write(part.length());
            message.writeBytes(part.getBytes(StandardCharsets.US_ASCII));
        }
        message.writeBytes(new byte[] {0, 0, 1, 0, 1});
        return message.toByteArray();
    }
}
