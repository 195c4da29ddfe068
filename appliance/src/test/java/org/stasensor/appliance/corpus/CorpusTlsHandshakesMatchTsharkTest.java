package org.stasensor.appliance.corpus;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end over real-world captures from third parties (salesforce/ja3, ntop/nDPI, FoxIO-LLC/ja4): each capture
 * goes through {@code sta analyze} (pcap/pcapng reader, decoder with VLAN and tunnels, flow table, TCP reassembly,
 * TLS record scanning, hello parsers) and every TCP connection in which tshark shows a ClientHello must have a tls
 * record with tshark's values: the initiator, JA3 and its string and SNI of the first ClientHello; JA3S and its
 * string, negotiated version and cipher suite of the first ServerHello that is not a HelloRetryRequest (absent
 * where tshark sees none, and then {@code tls.established} false), and {@code tls.hello_retry_request} where tshark
 * shows a HelloRetryRequest. tshark's default TCP reassembly delimits the messages. For FoxIO's captures,
 * {@code tls.client.ja4} is also compared with the JA4 FoxIO published for the stream (python/test/testdata).
 * <p>
 * Connections where the sensor legitimately differs are listed with their reason in
 * {@link CorpusTls#KNOWN_LIMITATIONS} and printed; an entry that no longer differs fails the test. The sensor's
 * summary line must show no parser errors (a parser that threw), here and for every other capture of the corpus.
 */
final class CorpusTlsHandshakesMatchTsharkTest
{
    private static final Duration TSHARK_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern COUNTER = Pattern.compile("([a-zA-Z -]+?) (\\d+)(?:,|$)");
    private static final String PARSER_ERRORS = "parser errors";
    private static final Map<String, Future<List<TsharkTlsStreams.Stream>>> TSHARK = new ConcurrentHashMap<>();
    private static final Map<String, String> FILE_SUMMARIES = new ConcurrentHashMap<>();
    private static final List<HandshakeComparison.Outcome> OUTCOMES = new ArrayList<>();

    @TempDir
    static Path work;

    private static ExecutorService tsharkRunner;

    static Stream<String> captures()
    {
        return CorpusTls.CAPTURES.stream();
    }

    /** tshark is the slow part: all captures are dissected in the background, as many at once as there are cores. */
    @BeforeAll
    static void startTshark()
    {
        HostCommands.assumeInstalled("tshark");
        final Path corpus = TestFiles.corpus();
        tsharkRunner = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        int index = 0;
        for (final String capture : CorpusTls.CAPTURES)
        {
            final Path directory = work.resolve("tshark-" + index++);
            TSHARK.put(capture, tsharkRunner.submit(() -> TsharkTlsStreams.read(corpus.resolve(capture), directory)));
        }
    }

    @AfterAll
    static void printSummary()
    {
        if (tsharkRunner != null)
        {
            tsharkRunner.shutdownNow();
        }
        final StringBuilder text = new StringBuilder("\nTLS handshakes of the corpus, sensor vs tshark and FoxIO:\n");
        for (final String capture : CorpusTls.CAPTURES)
        {
            final String line = FILE_SUMMARIES.get(capture);
            if (line != null)
            {
                text.append("  ").append(capture).append(": ").append(line).append('\n');
            }
        }
        final long[] totals = new long[7];
        final List<String> knownLimitations = new ArrayList<>();
        synchronized (OUTCOMES)
        {
            for (final HandshakeComparison.Outcome outcome : OUTCOMES)
            {
                totals[0] += outcome.handshakes();
                totals[1] += outcome.matched();
                totals[2] += outcome.allowListed();
                totals[3] += outcome.differing();
                totals[4] += outcome.ja4Compared();
                totals[5] += outcome.ja4Matched();
                totals[6] += outcome.sensorOnly();
                knownLimitations.addAll(outcome.knownLimitations());
            }
            text.append(String.format("files %d, handshakes compared %d: matched %d, allow-listed %d, differing %d; "
                + "FoxIO JA4 compared %d, matched %d; sensor records with a JA3 where tshark shows no ClientHello "
                + "%d%n",
                OUTCOMES.size(), totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6]));
        }
        if (!knownLimitations.isEmpty())
        {
            text.append("known limitations (allow-listed, with what differs):\n  ")
                .append(String.join("\n  ", knownLimitations)).append('\n');
        }
        System.out.print(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyTlsHandshakeMatchesTsharkAndFoxIoJa4(final String capture) throws Exception
    {
        final Path file = TestFiles.corpusFile(capture);
        final StaAnalyze.Result analysis = StaAnalyze.run(file, work.resolve(capture.replace('/', '_') + ".jsonl"));
        final List<TsharkTlsStreams.Stream> streams = tshark(capture);
        assertFalse(streams.isEmpty(), capture + ": tshark shows no ClientHello over TCP; take it off the list");

        final HandshakeComparison.Outcome outcome = new HandshakeComparison(capture, file, streams,
            analysis.dataset("tls"), work.resolve("tshark-alpn")).compare();
        final Map<String, Long> counters = counters(analysis.stderr());
        synchronized (OUTCOMES)
        {
            OUTCOMES.add(outcome);
        }
        FILE_SUMMARIES.put(capture, String.format("%d handshakes: %d matched, %d allow-listed, %d differing; "
            + "JA4 %d of %d; sensor-only %d; exit %d; gaps %d, buffer full %d, malformed %d, parser errors %d",
            outcome.handshakes(), outcome.matched(), outcome.allowListed(), outcome.differing(), outcome.ja4Matched(),
            outcome.ja4Compared(), outcome.sensorOnly(), analysis.exitCode(), counters.getOrDefault("handshake gaps",
                -1L), counters.getOrDefault("handshake buffer full", -1L), counters.getOrDefault("malformed", -1L),
            counters.getOrDefault(PARSER_ERRORS, -1L)));

        final List<String> problems = new ArrayList<>(outcome.problems());
        if (counters.getOrDefault(PARSER_ERRORS, -1L) != 0)
        {
            problems.add("parser errors in the sensor's summary: " + counters.get(PARSER_ERRORS) + "\n"
                + analysis.stderr());
        }
        if (!problems.isEmpty())
        {
            fail(capture + ": " + outcome.differing() + " of " + outcome.handshakes()
                + " handshakes differ from tshark or FoxIO:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * A parser that throws is always a bug (hostile bytes are normal input): every capture of the corpus, TLS or
     * not, must leave the sensor's parser error counter at zero. One {@code sta analyze} run reads them all (each run
     * allocates the full flow table and handshake buffers); only when it counts errors is each file run alone, to
     * name the culprits.
     */
    @Test
    void noCorpusCaptureMakesAParserThrow() throws IOException
    {
        final List<Path> captures;
        try (Stream<Path> walk = Files.walk(TestFiles.corpus()))
        {
            captures = walk.filter(Files::isRegularFile)
                .filter(path -> path.getFileName().toString().matches(".*\\.(pcap|pcapng|cap)$"))
                .sorted().toList();
        }
        assertTrue(captures.size() > CorpusTls.CAPTURES.size(), "corpus captures found: " + captures.size());
        final List<String> arguments = new ArrayList<>(List.of("analyze"));
        captures.forEach(capture -> arguments.add(capture.toString()));
        arguments.addAll(List.of("--output", work.resolve("all-captures.jsonl").toString()));
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            Sta.run(arguments.toArray(String[]::new), System.out, errStream);
        }
        final String stderr = err.toString(StandardCharsets.UTF_8);
        final long errors = counters(stderr).getOrDefault(PARSER_ERRORS, -1L);
        System.out.println("parser errors over all " + captures.size() + " corpus captures: " + errors);
        if (errors != 0)
        {
            final List<String> culprits = new ArrayList<>();
            int index = 0;
            for (final Path capture : captures)
            {
                final StaAnalyze.Result alone = StaAnalyze.run(capture, work.resolve("alone-" + index++ + ".jsonl"));
                if (counters(alone.stderr()).getOrDefault(PARSER_ERRORS, -1L) != 0)
                {
                    culprits.add(capture + ":\n" + alone.stderr());
                }
            }
            fail("parser errors " + errors + " over all corpus captures (one run); alone, these fail:\n"
                + String.join("\n", culprits) + "\nsummary of the run over all:\n" + stderr);
        }
    }

    private static List<TsharkTlsStreams.Stream> tshark(final String capture) throws Exception
    {
        try
        {
            return TSHARK.get(capture).get(TSHARK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof Error error)
            {
                throw error;
            }
            throw ex;
        }
        catch (final TimeoutException ex)
        {
            return fail("tshark took longer than " + TSHARK_TIMEOUT + " on " + capture);
        }
    }

    /** "sta: malformed 0, non-IP 0, ..., parser errors 0" as name to value. */
    private static Map<String, Long> counters(final String stderr)
    {
        final Map<String, Long> counters = new HashMap<>();
        for (final String line : stderr.split("\n"))
        {
            if (line.startsWith("sta: malformed "))
            {
                final Matcher matcher = COUNTER.matcher(line.substring("sta: ".length()));
                while (matcher.find())
                {
                    counters.put(matcher.group(1).strip(), Long.parseLong(matcher.group(2)));
                }
            }
        }
        return counters;
    }
}
