package org.stasensor.appliance.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stasensor.appliance.capture.file.CaptureFileReader;
import org.stasensor.appliance.lab.StaProcess;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.appliance.enrich.Enrichments;
import org.stasensor.appliance.journal.JournalAppender;
import org.stasensor.appliance.journal.JournalLog;
import org.stasensor.appliance.journal.JournalRollCycle;
import org.stasensor.appliance.journal.JournalSettings;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.enrich.EnrichmentStage;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.record.SingleSlotRecordSink;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code sta journal tail}: records journaled while capture files are analysed print exactly the lines
 * {@code sta analyze} prints for the same files (the oracle is analyze's output); {@code --dataset} and {@code --from}
 * keep exactly the lines whose own {@code event.dataset} and {@code @timestamp} (read back with Jackson and
 * {@link Instant#parse}) qualify; {@code --follow} prints what is appended while it waits and ends with exit 0 on
 * SIGTERM or SIGINT (a real {@code sta journal tail} in a JVM of its own); bad usage is one line and exit 2.
 */
class JournalTailTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> CORPUS = List.of("ja4/pcap/browsers-x509.pcapng", "ja4/pcap/latest.pcapng",
        "ja4/pcap/quic-tls-handshake.pcapng", "ja4/pcap/ssh.pcapng", "nDPI/pcap/dns.pcap",
        "nDPI/pcap/tls_with_huge_ch.pcapng");

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"sample", "ja4/pcap/browsers-x509.pcapng", "ja4/pcap/latest.pcapng",
        "ja4/pcap/quic-tls-handshake.pcapng", "ja4/pcap/ssh.pcapng", "nDPI/pcap/dns.pcap",
        "nDPI/pcap/tls_with_huge_ch.pcapng"})
    void tailPrintsExactlyWhatAnalyzePrints(final String capture) throws Exception
    {
        final List<Path> files = List.of(capture(capture));
        final Path journal = journalOf(files);
        final List<String> analyzed = analyze(files);
        assertFalse(analyzed.isEmpty(), "analyze found no records in " + capture);
        final Run tail = tail("tail", "--journal", journal.toString());
        assertEquals(Sta.EXIT_OK, tail.code, tail.err);
        assertEquals(analyzed, tail.lines());
        System.out.printf("journal tail = sta analyze: %d records of %s%n", analyzed.size(), capture);
        assertEquals("sta: journal tail: " + analyzed.size() + " records printed, 0 skipped as invalid\n", tail.err);
    }

    @Test
    void datasetKeepsExactlyTheRecordsOfThoseDatasets() throws Exception
    {
        final List<Path> files = allCaptures();
        final Path journal = journalOf(files);
        final List<String> analyzed = analyze(files);
        for (final String datasets : List.of("tls", "ssh", "dns", "quic", "flow", "alert", "dns,ssh", "TLS, quic"))
        {
            final Set<String> wanted = Set.of(datasets.toLowerCase().replace(" ", "").split(","));
            final List<String> expected = analyzed.stream()
                .filter(line -> wanted.contains(json(line).path("event").path("dataset").asText())).toList();
            if (!datasets.equals("alert"))
            {
                assertFalse(expected.isEmpty(), "the captures hold no " + datasets + " records");
            }
            final Run tail = tail("tail", "--dataset", datasets, "--journal", journal.toString());
            assertEquals(Sta.EXIT_OK, tail.code, tail.err);
            assertEquals(expected, tail.lines(), "--dataset " + datasets);
        }
    }

    @Test
    void fromKeepsExactlyTheRecordsAtOrAfterTheirOwnTimestamp() throws Exception
    {
        final List<Path> files = allCaptures();
        final Path journal = journalOf(files);
        final List<String> analyzed = analyze(files);
        final List<Instant> times = analyzed.stream().map(line -> Instant.parse(json(line).get("@timestamp")
            .asText())).distinct().sorted().toList();
        assertTrue(times.size() > 10);
        for (final Instant from : List.of(times.get(times.size() / 3), times.get(times.size() / 2).plusNanos(1),
            times.get(0), times.get(times.size() - 1), times.get(times.size() - 1).plusNanos(1)))
        {
            final List<String> expected = analyzed.stream()
                .filter(line -> !Instant.parse(json(line).get("@timestamp").asText()).isBefore(from)).toList();
            final Run tail = tail("tail", "--from", from.toString(), "--journal", journal.toString());
            assertEquals(Sta.EXIT_OK, tail.code, tail.err);
            assertEquals(expected, tail.lines(), "--from " + from);
        }
        final Instant middle = times.get(times.size() / 2);
        final List<String> tlsFromMiddle = analyzed.stream()
            .filter(line -> "tls".equals(json(line).path("event").path("dataset").asText()))
            .filter(line -> !Instant.parse(json(line).get("@timestamp").asText()).isBefore(middle)).toList();
        final Run tail = tail("tail", "--dataset", "tls", "--from", middle.toString(), "--journal",
            journal.toString());
        assertEquals(tlsFromMiddle, tail.lines());
        // The same moment written with an offset instead of Z.
        final String withOffset = middle.atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        assertEquals(tlsFromMiddle, tail("tail", "--dataset", "tls", "--from", withOffset, "--journal",
            journal.toString()).lines(), withOffset);
    }

    @Test
    void aRelativeFromCountsBackFromNow() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final long now = System.currentTimeMillis();
        final long[] ages = {3 * 3_600_000L, 20 * 60_000L, 11 * 60_000L, 9 * 60_000L, 60_000L, 0};
        try (JournalAppender appender = JournalAppender.open(settings(journal), JournalLog.to(System.err)))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
            for (final long age : ages)
            {
                assertTrue(appender.append(buffer, 0, dnsRecord(buffer, (now - age) * 1_000_000L, "age" + age)));
            }
        }
        final Run tail = tail("tail", "--from", "-10m", "--journal", journal.toString());
        assertEquals(Sta.EXIT_OK, tail.code, tail.err);
        final List<Instant> printed = tail.lines().stream()
            .map(line -> Instant.parse(json(line).get("@timestamp").asText())).toList();
        assertEquals(List.of(Instant.ofEpochMilli(now - 9 * 60_000L), Instant.ofEpochMilli(now - 60_000L),
            Instant.ofEpochMilli(now)), printed);
        assertEquals(6, tail("tail", "--from", "-4h", "--journal", journal.toString()).lines().size());
        assertEquals(5, tail("tail", "--from", "-2h", "--journal", journal.toString()).lines().size());
    }

    @Test
    void followPrintsWhatIsAppendedWhileItWaitsAndEndsWhenTold() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalAppender appender = JournalAppender.open(settings(journal), JournalLog.to(System.err)))
        {
            for (int i = 0; i < 3; i++)
            {
                appender.append(buffer, 0, dnsRecord(buffer, i * 1_000_000_000L, "before" + i));
            }
            final Following all = new Following(journal, "tail", "--follow", "--journal", journal.toString());
            final Following fromEnd = new Following(journal, "tail", "--follow", "--from", "end", "--journal",
                journal.toString());
            try
            {
                all.awaitLines(3);
                fromEnd.awaitStarted();
                for (int i = 0; i < 2; i++)
                {
                    appender.append(buffer, 0, dnsRecord(buffer, (10 + i) * 1_000_000_000L, "after" + i));
                }
                all.awaitLines(5);
                fromEnd.awaitLines(2);
            }
            finally
            {
                assertEquals(Sta.EXIT_OK, all.stop());
                assertEquals(Sta.EXIT_OK, fromEnd.stop());
            }
            assertEquals(List.of("before0", "before1", "before2", "after0", "after1"), names(all.run.lines()));
            assertEquals(List.of("after0", "after1"), names(fromEnd.run.lines()));
        }
    }

    @Test
    void aDocumentThatIsNotARecordIsOneLineOnStderrAndSkipped() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalAppender appender = JournalAppender.open(settings(journal), JournalLog.to(System.err)))
        {
            appender.append(buffer, 0, dnsRecord(buffer, 1_000_000_000L, "first"));
        }
        final int length = dnsRecord(buffer, 2_000_000_000L, "broken");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journal)
                .rollCycle(JournalRollCycle.HOURLY.chronicle()).build();
            ExcerptAppender raw = queue.createAppender())
        {
            // A length field that does not match the document, and a layout version from the future.
            writeRaw(raw, buffer, length, length + 1, RecordDescriptor.LAYOUT_VERSION);
            writeRaw(raw, buffer, length, length, 7);
        }
        try (JournalAppender appender = JournalAppender.open(settings(journal), JournalLog.to(System.err)))
        {
            appender.append(buffer, 0, dnsRecord(buffer, 3_000_000_000L, "last"));
        }
        final Run tail = tail("tail", "--journal", journal.toString());
        assertEquals(Sta.EXIT_PARTIAL, tail.code);
        assertEquals(List.of("first", "last"), names(tail.lines()));
        final List<String> errors = tail.err.lines().toList();
        assertEquals(3, errors.size(), tail.err);
        assertTrue(errors.get(0).matches("sta: journal: skipped record \\d+ \\(cycle file \\d{8}-\\d{2}F\\.cq4, "
            + "record 1\\): length field says " + (length + 1) + " but the document holds " + length + " bytes"),
            errors.get(0));
        assertTrue(errors.get(1).matches("sta: journal: skipped record \\d+ \\(cycle file \\d{8}-\\d{2}F\\.cq4, "
            + "record 2\\): unknown layout version 7 \\(this sta reads version 1\\)"), errors.get(1));
        assertEquals("sta: journal tail: 2 records printed, 2 skipped as invalid", errors.get(2));
    }

    @Test
    void badUsageIsOneLineNamingWhatIsWrong() throws Exception
    {
        final Path journal = temp.resolve("journal");
        try (JournalAppender appender = JournalAppender.open(settings(journal), JournalLog.to(System.err)))
        {
            assertTrue(appender.appendedRecords() == 0);
        }
        final Run empty = tail("tail", "--journal", journal.toString());
        assertEquals(Sta.EXIT_OK, empty.code, "a journal without records yet");
        assertEquals(List.of(), empty.lines());
        final Path missing = temp.resolve("no-journal");
        final ByteArrayOutputStream staErr = new ByteArrayOutputStream();
        assertEquals(Sta.EXIT_USAGE, Sta.run(new String[] {"journal", "tail", "--journal", missing.toString()},
            nowhere(), new PrintStream(staErr, true, StandardCharsets.UTF_8)), "sta journal tail on no journal");
        assertEquals("sta: " + missing + ": no such journal directory\n", staErr.toString(StandardCharsets.UTF_8));
        final Path plainDirectory = Files.createDirectory(temp.resolve("plain"));
        final String j = journal.toString();
        assertUsage(missing + ": no such journal directory", "tail", "--journal", missing.toString());
        assertUsage(plainDirectory + ": not a journal (no metadata.cq4t); is it the journal path sta run writes to?",
            "tail", "--journal", plainDirectory.toString());
        assertUsage("journal tail: --from 'yesterday' is not a time; use ISO-8601 like 2026-11-28T14:22:08Z, a "
            + "relative time like -10m or -2h, or end", "tail", "--from", "yesterday", "--journal", j);
        assertUsage("journal tail: --from '-10x' is not a relative time (unknown duration unit 'x' in '10x' (use ns, "
            + "us, ms, s, m, h, d)); e.g. -10m, -2h, -1d", "tail", "--from", "-10x", "--journal", j);
        assertUsage("journal tail: --from '2026-13-01T00:00:00Z' is not a time; use ISO-8601 like "
            + "2026-11-28T14:22:08Z, a relative time like -10m or -2h, or end", "tail", "--from",
            "2026-13-01T00:00:00Z", "--journal", j);
        assertUsage("journal tail: unknown dataset 'smtp' (known: tls, ssh, dns, quic, flow, alert)", "tail",
            "--dataset", "tls,smtp", "--journal", j);
        assertUsage("journal tail: unknown option '--form'", "tail", "--form", "-1h", "--journal", j);
        assertUsage("journal tail: --journal needs a value", "tail", "--journal");
        assertUsage("journal: unknown subcommand 'cat'; usage: sta journal tail [--follow] [--from TIME] "
            + "[--dataset LIST] [--journal PATH]", "cat");
        assertUsage("journal: no subcommand; usage: sta journal tail [--follow] [--from TIME] [--dataset LIST] "
            + "[--journal PATH]");
        final Path config = temp.resolve("sta.yaml");
        Files.writeString(config, "journal:\n  pathh: x\n");
        final UsageException bad = assertThrows(UsageException.class,
            () -> JournalCommand.run(new String[] {"tail", "--config", config.toString()}, nowhere(), nowhere()));
        assertTrue(bad.getMessage().startsWith(config.toString()), bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"), bad.getMessage());
    }

    @Test
    void theJournalPathCanComeFromTheConfiguration() throws Exception
    {
        final Path journal = temp.resolve("journal");
        try (JournalAppender appender = JournalAppender.open(settings(journal), JournalLog.to(System.err)))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
            appender.append(buffer, 0, dnsRecord(buffer, 1_000_000_000L, "configured"));
        }
        final Path example = TestFiles.projectRoot().resolve("conf/sta.yaml");
        final String yaml = Files.readString(example).replace("path: target/journal", "path: " + journal)
            .replace("[conf/rules/", "[" + TestFiles.projectRoot().resolve("conf/rules") + "/");
        assertTrue(yaml.contains("path: " + journal), "conf/sta.yaml names its journal as 'path: target/journal'");
        final Path config = Files.writeString(temp.resolve("sta.yaml"), yaml);
        assertEquals(List.of("configured"), names(tail("tail", "--config", config.toString()).lines()));
    }

    @Test
    void sigtermAndSigintEndAFollowWithExitZero() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        try (JournalAppender appender = JournalAppender.open(settings(journal), JournalLog.to(System.err)))
        {
            for (int i = 0; i < 3; i++)
            {
                appender.append(buffer, 0, dnsRecord(buffer, i * 1_000_000_000L, "record" + i));
            }
        }
        for (final String signal : List.of("TERM", "INT"))
        {
            final BackgroundProcess process = HostCommands.start(temp.resolve("logs"),
                StaProcess.command(List.of("journal", "tail", "--follow", "--journal", journal.toString())));
            try
            {
                final long deadline = System.nanoTime() + WAIT.toNanos();
                while (process.stdout().lines().count() < 3)
                {
                    if (!process.alive() || System.nanoTime() > deadline)
                    {
                        fail("tail --follow did not print the records: " + process.describe());
                    }
                    Thread.sleep(20);
                }
                Thread.sleep(100);
                assertTrue(process.alive(), "--follow must keep waiting: " + process.describe());
                process.signal(signal);
                assertTrue(process.awaitExit(WAIT), "still running after SIG" + signal + ": " + process.describe());
                assertEquals(Sta.EXIT_OK, process.exitCode(), "SIG" + signal + ": " + process.describe());
                assertEquals(List.of("record0", "record1", "record2"), names(process.stdout().lines().toList()));
                assertTrue(process.stderr().contains("sta: journal tail: 3 records printed, 0 skipped as invalid"),
                    process.describe());
            }
            finally
            {
                process.stop();
            }
        }
    }

    private Path capture(final String name)
    {
        return "sample".equals(name) ? TestFiles.projectRoot().resolve("appliance/samples/sample.pcap")
            : TestFiles.corpusFile(name);
    }

    private List<Path> allCaptures()
    {
        final List<Path> files = new ArrayList<>();
        files.add(capture("sample"));
        CORPUS.forEach(name -> files.add(capture(name)));
        return files;
    }

    private static JournalSettings settings(final Path journal)
    {
        return JournalSettings.defaults(journal).withMaintenance(Duration.ZERO, Duration.ZERO);
    }

    /** Journals the records of capture files as sta analyze makes them: one inspector, files in order. */
    private Path journalOf(final List<Path> captures) throws Exception
    {
        final Path journal = Files.createTempDirectory(temp, "journal");
        final AtomicInteger refused = new AtomicInteger();
        // Journaled as sta run journals them: after the enrichment stage, with analyze's default enrichment.
        try (JournalAppender appender = JournalAppender.open(settings(journal), JournalLog.to(System.err));
            Enrichments enrichments = Enrichments.open(StaConfig.Enrichment.DEFAULT, null, line -> { }))
        {
            final EnrichmentStage enrichment = enrichments.newStage(RecordDescriptor.MAX_RECORD_LENGTH);
            final SingleSlotRecordSink sink = new SingleSlotRecordSink((buffer, offset, length) ->
            {
                final int enriched = enrichment.enrich(buffer, offset, length, buffer.capacity() - offset);
                if (!appender.append(buffer, offset, enriched))
                {
                    refused.incrementAndGet();
                }
            });
            final PacketInspector inspector = new PacketInspector(InspectorConfig.DEFAULT, sink);
            final CaptureFileReader reader = new CaptureFileReader();
            for (final Path capture : captures)
            {
                reader.read(capture, inspector);
            }
            inspector.finish();
        }
        assertEquals(0, refused.get(), "records the journal refused");
        return journal;
    }

    /** {@code sta analyze FILES --output FILE}: the oracle. */
    private List<String> analyze(final List<Path> captures) throws IOException
    {
        final Path output = Files.createTempFile(temp, "analyze", ".jsonl");
        final List<String> args = new ArrayList<>();
        args.add("analyze");
        captures.forEach(capture -> args.add(capture.toString()));
        args.add("--output");
        args.add(output.toString());
        final int code = Sta.run(args.toArray(String[]::new), nowhere(), nowhere());
        assertTrue(code == Sta.EXIT_OK || code == Sta.EXIT_PARTIAL, "analyze exited with " + code);
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    private static Run tail(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            code = JournalCommand.run(args, outStream, errStream, new AtomicBoolean());
        }
        return new Run(code, out, err.toString(StandardCharsets.UTF_8));
    }

    private static void assertUsage(final String message, final String... args)
    {
        final UsageException ex = assertThrows(UsageException.class,
            () -> JournalCommand.run(args, nowhere(), nowhere(), new AtomicBoolean()), Arrays.toString(args));
        assertEquals(message, ex.getMessage());
    }

    private static PrintStream nowhere()
    {
        return new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** A DNS record whose question name identifies it. */
    private static int dnsRecord(final UnsafeBuffer buffer, final long timestampNanos, final String name)
    {
        final RecordWriter writer = new RecordWriter();
        writer.begin(buffer, 0, buffer.capacity(), Dataset.DNS, timestampNanos);
        writer.putAscii(Fields.DNS_QUESTION_NAME, name);
        return writer.finish();
    }

    private static void writeRaw(final ExcerptAppender raw, final UnsafeBuffer record, final int length,
        final int lengthField, final int version)
    {
        final byte[] bytes = new byte[length];
        record.getBytes(0, bytes);
        final UnsafeBuffer copy = new UnsafeBuffer(bytes);
        copy.putInt(RecordDescriptor.LENGTH_OFFSET, lengthField, java.nio.ByteOrder.LITTLE_ENDIAN);
        copy.putByte(RecordDescriptor.VERSION_OFFSET, (byte)version);
        try (DocumentContext context = raw.writingDocument())
        {
            context.wire().bytes().write(bytes);
        }
    }

    private static List<String> names(final List<String> lines)
    {
        return lines.stream().map(line -> json(line).path("dns").path("question").path("name").asText()).toList();
    }

    private static JsonNode json(final String line)
    {
        try
        {
            return JSON.readTree(line);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("not JSON: " + line, ex);
        }
    }

    /** What one in-process run printed. */
    private record Run(int code, ByteArrayOutputStream out, String err)
    {
        List<String> lines()
        {
            return out.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** A {@code tail --follow} running on a thread of this JVM, stopped through its flag. */
    private static final class Following
    {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread thread;
        private volatile int code = -1;
        private Run run;

        Following(final Path journal, final String... args)
        {
            final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
            final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
            thread = new Thread(() -> code = JournalCommand.run(args, outStream, errStream, stop),
                "tail-follow-" + journal.getFileName());
            thread.start();
        }

        void awaitStarted() throws InterruptedException
        {
            // Long enough for the reader to open and reach the end before anything new is appended.
            Thread.sleep(500);
        }

        void awaitLines(final int lines) throws InterruptedException
        {
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.toString(StandardCharsets.UTF_8).lines().count() < lines)
            {
                if (!thread.isAlive() || System.nanoTime() > deadline)
                {
                    fail("--follow printed " + out.toString(StandardCharsets.UTF_8).lines().count() + " lines, not "
                        + lines + "; stderr: " + err.toString(StandardCharsets.UTF_8));
                }
                Thread.sleep(10);
            }
        }

        int stop() throws InterruptedException
        {
            stop.set(true);
            thread.join(WAIT.toMillis());
            run = new Run(code, out, err.toString(StandardCharsets.UTF_8));
            return code;
        }
    }
}
