package org.stasensor.appliance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.JournalRecords;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.lab.StaProcess;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * A running {@code sta run} (its own JVM) reloads its rule files on SIGHUP between two parts of a paced capture: a
 * rule added to the file fires only on the second part, and the SSH attempts counted before the reload still count
 * after it (the threshold is reached only by the two parts together). The traffic is the sample's real SSH logins,
 * rewritten in the file to a LAN client and a public server, the second part 12 s after the first.
 */
class RulesReloadOnSighupTest
{
    private static final Path SAMPLE = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
    private static final int GAP_SECONDS = 12;

    @Test
    void sighupLoadsTheNewRulesAndKeepsTheCounts(@TempDir final Path dir) throws Exception
    {
        HostCommands.assumeInstalled("tcprewrite", "mergecap", "editcap");
        final Path first = dir.resolve("first.pcap");
        final String map = "10.99.0.1/32:80.67.169.12/32,10.99.0.2/32:192.168.1.20/32";
        run(dir, List.of("tcprewrite", "--srcipmap=" + map, "--dstipmap=" + map, "--fixcsum", "-i",
            SAMPLE.toString(), "-o", first.toString()));
        final Path second = dir.resolve("second.pcap");
        run(dir, List.of("editcap", "-t", Integer.toString(GAP_SECONDS), first.toString(), second.toString()));
        final Path capture = dir.resolve("both.pcap");
        run(dir, List.of("mergecap", "-w", capture.toString(), first.toString(), second.toString()));
        final long attempts = StaAnalyze.run(first, dir.resolve("first.jsonl")).dataset("ssh").stream()
            .mapToLong(record -> Long.parseLong(StaAnalyze.text(record, "ssh.auth.attempts"))).sum();
        assertTrue(attempts >= 1, "the sample's logins count attempts");

        final String counting = """
            rules:
              - name: ssh-attempts
                kind: ssh_auth_attempts
                title: Many SSH attempts
                severity: 2
                threshold: %d
                window: 10m
            """.formatted(attempts + 1);
        final Path policy = Files.writeString(dir.resolve("policy.yaml"), counting);
        final Path journal = dir.resolve("journal");
        final Path config = Files.writeString(dir.resolve("sta.yaml"), """
            capture: {source: pcap, files: [%s], replay_speed: 1.0}
            journal: {path: %s}
            metrics: {enabled: false}
            state: {path: %s}
            rules: {policy: %s}
            """.formatted(capture, journal, dir.resolve("state"), policy));
        try (BackgroundProcess sensor = StaProcess.start(dir, List.of("run", "--config", config.toString())))
        {
            // The first part lasts 2.5 s of capture time; the second starts 12 s in.
            awaitJournalRecords(journal, sensor);
            Thread.sleep(4_000);
            Files.writeString(policy, counting + """
                  - name: outbound-ssh
                    kind: outbound_ssh
                    title: Outbound SSH
                    severity: 3
                """);
            sensor.signal("HUP");
            assertTrue(sensor.awaitExit(Duration.ofSeconds(90)), "sta run ends with its capture");
            assertEquals(0, sensor.exitCode(), sensor.stderr());
            assertTrue(sensor.stderr().contains("rules: reloaded"), sensor.stderr());
        }
        final long secondPart = Instant.parse(StaAnalyze.text(StaAnalyze.records(dir.resolve("first.jsonl"))
            .get(0), "@timestamp")).plusSeconds(GAP_SECONDS - 1).toEpochMilli() * 1_000_000L;
        final List<String> rules = new ArrayList<>();
        JournalRecords.forEach(journal, record ->
        {
            if (record.dataset() == Dataset.ALERT)
            {
                rules.add(record.string(Fields.RULE_ID)
                    + (record.timestampNanos() >= secondPart ? " (second part)" : " (first part)"));
            }
        });
        assertTrue(rules.contains("ssh-attempts (second part)"), "attempts over both parts reach the threshold "
            + "only if the count survived the reload: " + rules);
        assertTrue(rules.contains("outbound-ssh (second part)"), "the added rule fires after the reload: " + rules);
        assertTrue(!rules.contains("outbound-ssh (first part)") && !rules.contains("ssh-attempts (first part)"),
            "nothing before the reload: " + rules);
    }

    private static void awaitJournalRecords(final Path journal, final BackgroundProcess sensor) throws Exception
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.isDirectory(journal) || Files.list(journal).noneMatch(f -> f.toString().endsWith(".cq4")))
        {
            assertTrue(sensor.alive(), "sta run ended early: " + sensor.stderr());
            assertTrue(System.nanoTime() < deadline, "no journal");
            Thread.sleep(100);
        }
    }

    private static void run(final Path dir, final List<String> command)
    {
        final CommandResult result = HostCommands.run(dir, Duration.ofSeconds(60), command);
        assertEquals(0, result.exitCode(), result.toString());
    }
}
