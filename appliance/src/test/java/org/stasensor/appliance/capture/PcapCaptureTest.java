package org.stasensor.appliance.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.lab.StaProcess;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * {@code sta capture --source pcap} runs the files through a pinned worker and must print exactly what {@code sta
 * analyze} prints for them (analyze itself is checked against tshark elsewhere), and stop cleanly on a signal.
 */
class PcapCaptureTest
{
    private static final Path SAMPLE = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
    private static final Pattern SUMMARY = Pattern.compile("sta: 1 worker\\(s\\), (\\d+) packets, (\\d+) records");

    @TempDir
    Path temp;

    static Stream<Path> captures()
    {
        return Stream.of(SAMPLE, TestFiles.corpusFile("ja4/pcap/tls-handshake.pcapng"),
            TestFiles.corpusFile("ja4/pcap/ssh-scp-1050.pcap"), TestFiles.corpusFile("ja4/pcap/v6.pcap"),
            TestFiles.corpusFile("ja4/pcap/chrome-cloudflare-quic-with-secrets.pcapng"));
    }

    @ParameterizedTest
    @MethodSource("captures")
    void captureOfAFilePrintsWhatAnalyzePrints(final Path capture)
    {
        final StaAnalyze.Result analyzed = StaAnalyze.run(capture, temp.resolve("analyze.json"));
        final Path output = temp.resolve("capture.json");
        final StaAnalyze.Result captured = StaAnalyze.runSta(
            List.of("capture", "--source", "pcap", capture.toString(), "--output", output.toString()), output);

        assertEquals(analyzed.exitCode(), captured.exitCode(), captured.stderr());
        assertFalse(analyzed.records().isEmpty());
        assertEquals(analyzed.records(), captured.records());
        final Matcher summary = SUMMARY.matcher(captured.stderr());
        assertTrue(summary.find(), captured.stderr());
        assertEquals(analyzed.records().size(), Integer.parseInt(summary.group(2)));
    }

    @Test
    void sigtermStopsAPacedReplayFinishesItsFlowsAndExitsZero()
    {
        final Path output = temp.resolve("replay.json");
        // At a tenth of its speed the 2.5 s sample takes 25 s; the signal comes long before that.
        final BackgroundProcess sta = StaProcess.start(temp.resolve("logs"), List.of("capture", "--source", "pcap",
            SAMPLE.toString(), "--replay", "0.1", "--output", output.toString()));
        try
        {
            // Starting takes a few seconds (GeoIP, DGA model, trust store, fingerprints load before capture).
            assertFalse(sta.awaitExit(Duration.ofSeconds(10)), "still replaying: " + sta.stderr());
            sta.signal("TERM");
            assertTrue(sta.awaitExit(Duration.ofSeconds(10)), "stopped within 10 s of SIGTERM: " + sta.stderr());
            assertEquals(Sta.EXIT_OK, sta.exitCode(), sta.stderr());
            final Matcher summary = SUMMARY.matcher(sta.stderr());
            assertTrue(summary.find(), sta.stderr());
            final long packets = Long.parseLong(summary.group(1));
            assertTrue(packets > 0 && packets < 184, "part of the 184 packets (capinfos) was read: " + packets);
            final List<JsonNode> records = StaAnalyze.records(output);
            assertEquals(Long.parseLong(summary.group(2)), records.size());
            assertTrue(records.stream().anyMatch(r -> "flow".equals(StaAnalyze.text(r, "event.dataset"))),
                "the flows open at the signal were ended and written");
        }
        finally
        {
            sta.stop();
        }
    }

    @Test
    void badCommandLinesGetOneLineAndExitTwo() throws Exception
    {
        final Path missing = temp.resolve("missing.pcap");
        final List<List<String>> lines = List.of(
            List.of("capture"),
            List.of("capture", "--source", "pcap"),
            List.of("capture", "--source", "tape", SAMPLE.toString()),
            List.of("capture", "--source", "pcap", missing.toString()),
            List.of("capture", "--source", "pcap", SAMPLE.toString(), "--cores", "4096"),
            List.of("capture", "--source", "pcap", SAMPLE.toString(), "--cores", "x"),
            List.of("capture", "--source", "pcap", SAMPLE.toString(), "--duration", "-3"),
            List.of("capture", "--source", "pcap", SAMPLE.toString(), "--bogus"));
        final List<String> expected = List.of(
            "sta: capture: --source dpdk|af_packet|pcap is required",
            "sta: capture: --source pcap needs at least one capture file",
            "sta: capture: unknown --source 'tape'; expected dpdk, af_packet or pcap",
            "sta: " + missing + ": cannot read (no such file, a directory, or no permission)",
            "sta: CPU 4096 is not available to this process (allowed CPUs: ",
            "sta: capture: --cores: bad CPU list 'x': expected numbers and ranges like 0,2-3",
            "sta: capture: --duration needs a positive number, got '-3'",
            "sta: capture: unknown option '--bogus'");
        final List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int code = Sta.run(lines.get(i).toArray(String[]::new),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
            final String stderr = err.toString(StandardCharsets.UTF_8);
            if (code != Sta.EXIT_USAGE || !stderr.startsWith(expected.get(i)) || stderr.strip().contains("\n"))
            {
                problems.add(lines.get(i) + " -> exit " + code + ": " + stderr);
            }
        }
        assertEquals(List.of(), problems);
        assertFalse(Files.exists(missing));
    }
}
