package org.stasensor.appliance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.config.ConfigLoader;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.JournalRecords;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * {@code sta run} stopped and started again keeps what its detectors learnt: a LAN host's DNS server seen in the
 * first run is not "new" in the second, while a server it never used is; the same second run with an empty state
 * directory calls both new. The traffic is the sample's real DNS (dnsmasq and dig), its addresses rewritten in the
 * file to a LAN client and two public resolvers' addresses (nothing is sent to them).
 */
class DetectorStateSurvivesRestartTest
{
    private static final Path SAMPLE = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");

    @Test
    void aKnownDnsServerStaysKnownAcrossARestart(@TempDir final Path dir) throws Exception
    {
        HostCommands.assumeInstalled("tcprewrite", "mergecap", "editcap");
        final Path quad9 = rewrite(dir, "9.9.9.9", "quad9.pcap");
        final Path cloudflare = rewrite(dir, "1.1.1.1", "cloudflare.pcap");
        final Path nextDay = dir.resolve("next-day.pcap");
        final Path quad9Later = shift(dir, quad9, 86_400, "quad9-later.pcap");
        final Path cloudflareLater = shift(dir, cloudflare, 86_400 + 60, "cloudflare-later.pcap");
        run(dir, List.of("mergecap", "-w", nextDay.toString(), quad9Later.toString(), cloudflareLater.toString()));
        final Path policy = Files.writeString(dir.resolve("policy.yaml"), """
            rules:
              - name: new-dns
                kind: new_public_dns_server
                title: New public DNS server
                severity: 3
                learning: 0s
            """);

        final Path state = dir.resolve("state");
        assertEquals(List.of("9.9.9.9"), newDnsServers(dir, "first", quad9, policy, state));
        assertEquals(List.of("1.1.1.1"), newDnsServers(dir, "restarted", nextDay, policy, state),
            "the second run remembers 9.9.9.9 from the first");
        assertEquals(List.of("1.1.1.1", "9.9.9.9"), newDnsServers(dir, "fresh", nextDay, policy,
            dir.resolve("empty-state")), "without the saved state both servers are new");
    }

    /** Runs sta run over a capture; returns the servers of the new-DNS-server alerts in its journal. */
    private static List<String> newDnsServers(final Path dir, final String name, final Path capture,
        final Path policy, final Path state) throws Exception
    {
        final Path journal = dir.resolve("journal-" + name);
        final Path config = Files.writeString(dir.resolve(name + ".yaml"), """
            capture: {source: pcap, files: [%s]}
            journal: {path: %s}
            metrics: {enabled: false}
            state: {path: %s}
            rules: {policy: %s}
            """.formatted(capture, journal, state, policy));
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
            SensorRun sensor = SensorRun.open(ConfigLoader.load(config), err))
        {
            assertTrue(sensor.run(), log.toString(StandardCharsets.UTF_8));
        }
        final TreeSet<String> servers = new TreeSet<>();
        JournalRecords.forEach(journal, record ->
        {
            if (record.dataset() == Dataset.ALERT && "new-dns".equals(record.string(Fields.RULE_ID)))
            {
                final byte[] address = new byte[4];
                record.buffer().getBytes(record.destinationAddressOffset(), address);
                servers.add((address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "."
                    + (address[3] & 0xFF));
            }
        });
        return List.copyOf(servers);
    }

    private static Path rewrite(final Path dir, final String server, final String name)
    {
        final Path out = dir.resolve(name);
        final String map = "10.99.0.1/32:" + server + "/32,10.99.0.2/32:192.168.1.20/32";
        run(dir, List.of("tcprewrite", "--srcipmap=" + map, "--dstipmap=" + map, "--fixcsum", "-i", SAMPLE.toString(),
            "-o", out.toString()));
        return out;
    }

    private static Path shift(final Path dir, final Path capture, final int seconds, final String name)
    {
        final Path out = dir.resolve(name);
        run(dir, List.of("editcap", "-t", Integer.toString(seconds), capture.toString(), out.toString()));
        return out;
    }

    private static void run(final Path dir, final List<String> command)
    {
        final CommandResult result = HostCommands.run(dir, Duration.ofSeconds(60), command);
        assertEquals(0, result.exitCode(), result.toString());
    }
}
