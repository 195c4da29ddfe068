package org.stasensor.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * {@code sta rules test} and {@code sta rules check} as a user runs them: a rule written from tshark's JA3 of a
 * capture raises exactly one alert per handshake tshark sees with that JA3; broken files give one line per problem
 * with file, line and sid, and exit 2.
 */
class RulesCommandTest
{
    private static final Path CAPTURE = TestFiles.corpus().resolve("ja3/Traces/ssl-curl.pcap");

    @Test
    void rulesTestPrintsOnlyTheAlertsOfTheRulesGiven(@TempDir final Path dir) throws Exception
    {
        final CommandResult tshark = HostCommands.run(dir, Duration.ofMinutes(1), List.of("tshark", "-r",
            CAPTURE.toString(), "-Y", "tls.handshake.type == 1", "-T", "fields", "-e", "tls.handshake.ja3"));
        final List<String> ja3s = tshark.stdout().lines().filter(line -> !line.isBlank()).toList();
        assertTrue(!ja3s.isEmpty(), "tshark sees a ClientHello");
        final Path rules = Files.writeString(dir.resolve("one.rules"), "alert tls any any -> any any (msg:\"curl JA3\"; "
            + "ja3.hash; content:\"" + ja3s.get(0) + "\"; sid:9000001; rev:1;)\n");
        final Path output = dir.resolve("alerts.jsonl");
        final StaAnalyze.Result result = StaAnalyze.runSta(List.of("rules", "test", "--pcap", CAPTURE.toString(),
            "--signatures", rules.toString(), "--output", output.toString()), output);
        assertEquals(0, result.exitCode(), result.stderr());
        final long expected = ja3s.stream().filter(ja3s.get(0)::equals).count();
        assertEquals(expected, result.records().size(), "one alert per handshake with that JA3, nothing else");
        for (final JsonNode alert : result.records())
        {
            assertEquals("alert", StaAnalyze.text(alert, "event.kind"));
            assertEquals("9000001", StaAnalyze.text(alert, "rule.id"));
            assertEquals(ja3s.get(0), StaAnalyze.text(alert, "tls.client.ja3"), "the trigger's fields follow");
        }
        assertTrue(result.stderr().contains("signatures: 1 loaded"), result.stderr());
    }

    @Test
    void rulesCheckNamesEachProblemAndFailsTheRun(@TempDir final Path dir) throws Exception
    {
        final Path rules = Files.writeString(dir.resolve("bad.rules"), """
            alert tls any any -> any any (msg:"fine"; tls.sni; content:"example.com"; sid:1;)
            alert tls any any -> any any (msg:"unknown keyword"; tls.sni; content:"x"; tls.bogus; sid:2;)
            alert tls any any -> any any (msg:"never closed"; sid:3;
            """);
        final Path output = dir.resolve("out.txt");
        final StaAnalyze.Result result = StaAnalyze.runSta(List.of("rules", "check", rules.toString()), output);
        assertEquals(2, result.exitCode());
        final List<String> lines = result.stderr().lines().toList();
        assertEquals(2, lines.size(), result.stderr());
        assertTrue(lines.get(0).startsWith(rules + ":2: sid 2: "), lines.get(0));
        assertTrue(lines.get(0).contains("tls.bogus"), lines.get(0));
        assertTrue(lines.get(1).startsWith(rules + ":3: "), lines.get(1));

        final Path good = Files.writeString(dir.resolve("good.rules"), "alert dns any any -> any any "
            + "(msg:\"q\"; dns.query; content:\"example\"; sid:5;)\n");
        assertEquals(0, StaAnalyze.runSta(List.of("rules", "check", good.toString()), output).exitCode());
        assertEquals(2, StaAnalyze.runSta(List.of("rules", "check", dir.resolve("absent.rules").toString()), output)
            .exitCode());
    }

    @Test
    void theShippedRuleFilesHaveNoProblem(@TempDir final Path dir)
    {
        final Path conf = TestFiles.projectRoot().resolve("conf/rules");
        final StaAnalyze.Result result = StaAnalyze.runSta(List.of("rules", "check",
            conf.resolve("sta.rules").toString()), dir.resolve("out.txt"));
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("", result.stderr());
    }
}
