package org.stasensor.appliance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.lab.StaProcess;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * {@code sta run} end to end on capture files: what reaches the journal (read back with {@code sta journal tail})
 * is exactly what {@code sta analyze} prints for the same files; a SIGKILL loses nothing already journaled; bad
 * configuration is one line and exit 2.
 */
class RunCommandTest
{
    private static final Path SAMPLE = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
    private static final String SENSOR = "run-test";

    @TempDir
    Path temp;

    @Test
    void theJournalHoldsExactlyWhatAnalyzePrints() throws IOException
    {
        final Path tls = TestFiles.corpusFile("ja4/pcap/tls-handshake.pcapng");
        final Path journal = temp.resolve("journal");
        final Path config = config(journal, List.of(SAMPLE, tls), null);
        final Outcome run = sta("run", "--config", config.toString());
        assertEquals(Sta.EXIT_OK, run.code, run.err);

        final Path analyzed = temp.resolve("analyze.json");
        final Outcome analyze = sta("analyze", SAMPLE.toString(), tls.toString(), "--sensor", SENSOR, "--output",
            analyzed.toString());
        assertEquals(Sta.EXIT_OK, analyze.code, analyze.err);
        final List<JsonNode> expected = StaAnalyze.records(analyzed);
        assertFalse(expected.isEmpty());
        assertEquals(counts(expected), counts(tail(journal)));
    }

    @Test
    void aKilledSensorLosesNothingItJournaledAndAppendsAfterARestart() throws Exception
    {
        final Path journal = temp.resolve("journal");
        // At a fifth of its speed the 2.5 s sample takes 12.5 s: the kill lands while records are being written.
        final Path slow = config(journal, List.of(SAMPLE), 0.2);
        final BackgroundProcess sensor = StaProcess.start(temp.resolve("logs"), List.of("run", "--config",
            slow.toString()));
        final List<JsonNode> beforeKill;
        try
        {
            final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<JsonNode> seen = List.of();
            while (seen.size() < 5 && System.nanoTime() < deadline && sensor.alive())
            {
                Thread.sleep(200);
                seen = Files.exists(journal.resolve("metadata.cq4t")) ? tail(journal) : List.of();
            }
            assertTrue(seen.size() >= 5, "records reached the journal while capturing: " + sensor.stderr());
            sensor.signal("KILL");
            assertTrue(sensor.awaitExit(Duration.ofSeconds(10)));
            beforeKill = tail(journal);
        }
        finally
        {
            sensor.stop();
        }
        final Path analyzed = temp.resolve("analyze.json");
        assertEquals(Sta.EXIT_OK, sta("analyze", SAMPLE.toString(), "--sensor", SENSOR, "--output",
            analyzed.toString()).code);
        final Map<String, Integer> all = counts(StaAnalyze.records(analyzed));
        final Map<String, Integer> kept = counts(beforeKill);
        assertTrue(beforeKill.size() < all.values().stream().mapToInt(Integer::intValue).sum(),
            "the kill came before the end");
        kept.forEach((record, count) -> assertTrue(count <= all.getOrDefault(record, 0),
            "a journaled record is one analyze prints, intact: " + record));

        final Outcome restarted = sta("run", "--config", config(journal, List.of(SAMPLE), null).toString());
        assertEquals(Sta.EXIT_OK, restarted.code, restarted.err);
        final List<JsonNode> after = tail(journal);
        assertEquals(beforeKill, after.subList(0, beforeKill.size()), "what was there stays, in order");
        assertEquals(all, counts(after.subList(beforeKill.size(), after.size())), "the restart appended a full run");
    }

    @Test
    void checkAcceptsTheBundledExample()
    {
        final Outcome check = staIn(TestFiles.projectRoot(), "run", "--config", "conf/sta.yaml", "--check");
        assertEquals(Sta.EXIT_OK, check.code, check.err);
        assertEquals("sta: conf/sta.yaml: configuration OK\n", check.out);
    }

    @Test
    void badConfigurationIsOneLineAndExitTwo() throws IOException
    {
        final Path journal = temp.resolve("journal");
        final Path good = config(journal, List.of(SAMPLE), null);
        final String valid = Files.readString(good);
        final Path unknownKey = write("unknown.yaml", valid + "ringz:\n  slots: 8\n");
        final Path badType = write("type.yaml", valid.replace("slots: 1024", "slots: lots"));
        final Path aFile = write("plain-file", "x");
        final Path unwritable = write("unwritable.yaml", valid.replace(journal.toString(),
            aFile.resolve("journal").toString()));
        final Path noInterface = write("iface.yaml", """
            capture:
              source: af_packet
              interface: nosuch0
            journal:
              path: %s
            metrics:
              enabled: false
            """.formatted(journal));
        final Map<List<String>, String> cases = new HashMap<>();
        cases.put(List.of("run", "--config", unknownKey.toString()),
            "sta: " + unknownKey + ":16: ringz: unknown key (known here: capture, enrichment, journal, metrics, "
                + "pipeline, rings, rules, sensor, state)");
        cases.put(List.of("run", "--config", badType.toString()),
            "sta: " + badType + ":11: rings.slots: 'lots' is not a whole number");
        cases.put(List.of("run", "--config", temp.resolve("none.yaml").toString()),
            "sta: " + temp.resolve("none.yaml") + ": no such configuration file");
        cases.put(List.of("run", "--config", unwritable.toString()),
            "sta: journal.path: " + aFile.resolve("journal") + ": not a writable directory (" + aFile
                + " cannot be written)");
        cases.put(List.of("run", "--config", noInterface.toString()),
            "sta: no interface 'nosuch0'; interfaces here: ");
        final List<String> problems = new ArrayList<>();
        cases.forEach((args, expected) ->
        {
            final Outcome outcome = sta(args.toArray(String[]::new));
            if (outcome.code != Sta.EXIT_USAGE || !outcome.err.startsWith(expected)
                || outcome.err.strip().contains("\n"))
            {
                problems.add(args + " -> exit " + outcome.code + ": " + outcome.err);
            }
        });
        assertEquals(List.of(), problems);
    }

    private Path config(final Path journal, final List<Path> files, final Double replaySpeed) throws IOException
    {
        final StringBuilder yaml = new StringBuilder();
        yaml.append("sensor:\n  name: ").append(SENSOR).append('\n');
        yaml.append("capture:\n  source: pcap\n  files:\n");
        files.forEach(file -> yaml.append("    - ").append(file).append('\n'));
        if (replaySpeed != null)
        {
            yaml.append("  replay_speed: ").append(replaySpeed).append('\n');
        }
        yaml.append("pipeline:\n  flows_per_worker: 4096\n  handshake_sessions: 64\n");
        yaml.append("rings:\n  slots: 1024\n");
        yaml.append("journal:\n  path: ").append(journal).append('\n');
        yaml.append("metrics:\n  enabled: false\n");
        return write("sta-" + System.nanoTime() + ".yaml", yaml.toString());
    }

    private Path write(final String name, final String text) throws IOException
    {
        final Path file = temp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private List<JsonNode> tail(final Path journal)
    {
        final Outcome tail = sta("journal", "tail", "--journal", journal.toString(), "--sensor", SENSOR);
        assertEquals(Sta.EXIT_OK, tail.code, tail.err);
        final Path out = temp.resolve("tail-" + System.nanoTime() + ".json");
        try
        {
            Files.writeString(out, tail.out);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        return StaAnalyze.records(out);
    }

    private static Map<String, Integer> counts(final List<JsonNode> records)
    {
        final Map<String, Integer> counts = new HashMap<>();
        for (final JsonNode record : records)
        {
            counts.merge(record.toString(), 1, Integer::sum);
        }
        return counts;
    }

    private record Outcome(int code, String out, String err)
    {
    }

    private static Outcome sta(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = Sta.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome staIn(final Path directory, final String... args)
    {
        // Relative paths in the example are relative to the working directory: run it as a process from there.
        final List<String> command = StaProcess.command(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            final String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Outcome(process.waitFor(), out, err);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
