package org.stasensor.appliance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.NetnsLab;
import org.stasensor.appliance.lab.PacketCapture;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.lab.StaProcess;
import org.stasensor.appliance.sshlab.LabSshd;

/**
 * {@code sta run} as a process on a live interface: SSH logins between the lab's namespaces, captured by the sensor
 * (AF_PACKET, two fanout workers, in namespace a) and by tcpdump on the same interface. After SIGTERM the journal,
 * read back with {@code sta journal tail}, holds the records {@code sta analyze} prints for tcpdump's file.
 * Left out of the comparison: {@code sta.uid} (its top byte is the worker) and the times, which the two capture
 * sockets stamp each for itself (microseconds apart).
 */
class RunOnAfPacketTest
{
    private static final int SSH_PORT = 2222;
    private static final int LOGINS = 3;
    private static final String SENSOR = "run-afpacket";

    @TempDir
    Path temp;

    @Test
    void theJournalOfALiveCaptureHoldsWhatAnalyzeFindsInTcpdumpsFile() throws Exception
    {
        HostCommands.assumeRoot();
        HostCommands.assumeInstalled("ssh", "tcpdump");
        final Path journal = temp.resolve("journal");
        final Path pcap = temp.resolve("tcpdump.pcap");
        try (NetnsLab lab = NetnsLab.create("runaf", temp))
        {
            final Path config = temp.resolve("sta.yaml");
            Files.writeString(config, """
                sensor:
                  name: %s
                capture:
                  source: af_packet
                  interface: %s
                  workers: 2
                pipeline:
                  flows_per_worker: 4096
                  handshake_sessions: 64
                journal:
                  path: %s
                metrics:
                  enabled: false
                """.formatted(SENSOR, lab.a().interfaceName(), journal), StandardCharsets.UTF_8);
            try (LabSshd sshd = LabSshd.start(lab, lab.a(), temp.resolve("ssh"), List.of(SSH_PORT)))
            {
                final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.a().name()));
                command.addAll(StaProcess.command(List.of("run", "--config", config.toString())));
                final BackgroundProcess sensor = HostCommands.start(temp.resolve("logs"), command);
                try
                {
                    awaitJournal(journal, sensor);
                    final PacketCapture tcpdump = lab.capture(lab.a(), pcap);
                    for (int i = 0; i < LOGINS; i++)
                    {
                        final CommandResult login = lab.run(lab.b(), Duration.ofSeconds(30),
                            sshd.publicKeyLogin(SSH_PORT).toArray(String[]::new));
                        login.orFail();
                    }
                    tcpdump.stop();
                    sensor.signal("TERM");
                    assertTrue(sensor.awaitExit(Duration.ofSeconds(30)), sensor.stderr());
                    assertEquals(0, sensor.exitCode(), sensor.stderr());
                }
                finally
                {
                    sensor.stop();
                }
            }
        }
        final Path tailed = temp.resolve("tail.json");
        final CommandResult tail = HostCommands.run(temp.resolve("logs"), Duration.ofSeconds(60),
            StaProcess.command(List.of("journal", "tail", "--journal", journal.toString(), "--sensor", SENSOR)));
        assertEquals(0, tail.exitCode(), tail.stderr());
        Files.writeString(tailed, tail.stdout());
        final Path analyzed = temp.resolve("analyze.json");
        final StaAnalyze.Result analyze = StaAnalyze.runSta(List.of("analyze", pcap.toString(), "--sensor", SENSOR,
            "--output", analyzed.toString()), analyzed);
        assertEquals(0, analyze.exitCode(), analyze.stderr());

        final Map<String, Integer> expected = comparable(analyze.records());
        assertEquals(LOGINS, analyze.dataset("ssh").size(), "ssh records in analyze's output");
        assertEquals(expected, comparable(StaAnalyze.records(tailed)));
    }

    private static void awaitJournal(final Path journal, final BackgroundProcess sensor) throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(journal.resolve("metadata.cq4t")) && sensor.alive() && System.nanoTime() < deadline)
        {
            Thread.sleep(100);
        }
        assertTrue(sensor.alive() && Files.exists(journal.resolve("metadata.cq4t")), sensor.stderr());
        // The capture sockets are bound once the journal is open and the workers started: give them a moment.
        Thread.sleep(1_000);
    }

    /** The ssh connections' records (port 2222) without the fields the two capture points differ in by design. */
    private static Map<String, Integer> comparable(final List<JsonNode> records)
    {
        final Map<String, Integer> counts = new HashMap<>();
        for (final JsonNode record : records)
        {
            if (StaAnalyze.field(record, "destination.port").asInt() != SSH_PORT)
            {
                continue;
            }
            final ObjectNode copy = record.deepCopy();
            copy.remove("@timestamp");
            ((ObjectNode)copy.path("sta")).remove("uid");
            if (copy.path("event").isObject())
            {
                ((ObjectNode)copy.path("event")).remove(List.of("start", "end", "duration"));
            }
            counts.merge(copy.toString(), 1, Integer::sum);
        }
        return counts;
    }
}
