package org.stasensor.appliance.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.stasensor.appliance.corpus.CorpusTls.KnownLimitation;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.Mismatches;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.lab.TsharkJson;

/**
 * Compares the sensor's tls records of one capture with tshark's view of its TLS connections and, for FoxIO's
 * captures, with the JA4 FoxIO published, connection by connection, and sorts each connection into matched, known
 * limitation or differing.
 */
final class HandshakeComparison
{
    private static final Duration TSHARK_TIMEOUT = Duration.ofMinutes(2);
    private static final String NON_ASCII_ALPN_CAPTURE = "ja4/pcap/tls-non-ascii-alpn.pcapng";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one capture gave.
     *
     * @param handshakes   connections in which tshark shows a ClientHello.
     * @param matched      of those, the ones where the sensor agrees on every field.
     * @param allowListed  the ones on the known-limitations list.
     * @param differing    the ones that differ and are not on the list.
     * @param ja4Compared  FoxIO JA4 values looked at.
     * @param ja4Matched   of those, equal to the sensor's.
     * @param sensorOnly   sensor records with a JA3 for connections in which tshark shows no ClientHello.
     * @param problems     what fails the test: differences, and list entries that no longer differ.
     * @param knownLimitations the list entries met, each with what differed, for the summary.
     */
    record Outcome(int handshakes, int matched, int allowListed, int differing, int ja4Compared, int ja4Matched,
        int sensorOnly, List<String> problems, List<String> knownLimitations)
    {
    }

    private final String capture;
    private final Path file;
    private final Path work;
    private final List<TsharkTlsStreams.Stream> streams;
    private final Map<String, List<JsonNode>> recordsByConnection = new LinkedHashMap<>();
    private final Map<Integer, JsonNode> recordByStream = new HashMap<>();
    private final Map<Integer, List<String>> differencesByStream = new TreeMap<>();

    /**
     * A comparison of one capture.
     *
     * @param capture    path below the corpus root, as {@link CorpusTls} names it.
     * @param file       the capture file.
     * @param streams    what tshark shows.
     * @param tlsRecords the sensor's tls records.
     * @param work       a directory for tshark's output files.
     */
    HandshakeComparison(final String capture, final Path file, final List<TsharkTlsStreams.Stream> streams,
        final List<JsonNode> tlsRecords, final Path work)
    {
        this.capture = capture;
        this.file = file;
        this.streams = streams;
        this.work = work;
        for (final JsonNode record : tlsRecords)
        {
            recordsByConnection.computeIfAbsent(CorpusTls.connectionKey(StaAnalyze.text(record, "source.ip"),
                Integer.parseInt(StaAnalyze.text(record, "source.port")), StaAnalyze.text(record, "destination.ip"),
                Integer.parseInt(StaAnalyze.text(record, "destination.port"))), key -> new ArrayList<>()).add(record);
        }
    }

    /**
     * Compares every connection.
     *
     * @return the outcome.
     */
    Outcome compare()
    {
        for (final TsharkTlsStreams.Stream stream : streams)
        {
            final Mismatches differences = new Mismatches("tshark");
            final JsonNode record = take(recordsByConnection.get(stream.connectionKey()), stream);
            if (record == null)
            {
                differences.add(stream.describe(), "no tls record for this connection");
            }
            else
            {
                recordByStream.put(stream.stream(), record);
                compareWithTshark(stream, record, differences);
            }
            differencesByStream.computeIfAbsent(stream.stream(), key -> new ArrayList<>())
                .addAll(differences.lines());
        }
        int ja4Compared = 0;
        int ja4Matched = 0;
        for (final JsonNode expected : foxIoTcpJa4())
        {
            final int stream = expected.get("stream").asInt();
            final Mismatches differences = new Mismatches("FoxIO");
            ja4Compared++;
            compareWithFoxIo(expected, recordByStream.get(stream), differences);
            if (differences.lines().isEmpty() && recordByStream.containsKey(stream))
            {
                ja4Matched++;
            }
            differencesByStream.computeIfAbsent(stream, key -> new ArrayList<>()).addAll(differences.lines());
        }
        return sort(ja4Compared, ja4Matched);
    }

    private Outcome sort(final int ja4Compared, final int ja4Matched)
    {
        final List<String> problems = new ArrayList<>();
        final List<String> knownLimitations = new ArrayList<>();
        int matched = 0;
        int allowListed = 0;
        int differing = 0;
        for (final Map.Entry<Integer, List<String>> entry : differencesByStream.entrySet())
        {
            final KnownLimitation known = CorpusTls.knownLimitation(capture, entry.getKey());
            final List<String> lines = entry.getValue();
            if (known != null)
            {
                allowListed++;
                if (lines.isEmpty())
                {
                    problems.add("tcp.stream " + entry.getKey() + " is allow-listed (" + known.reason()
                        + ") but the sensor now agrees: take it off CorpusTls.KNOWN_LIMITATIONS");
                }
                knownLimitations.add(capture + " tcp.stream " + entry.getKey() + ": " + known.reason()
                    + (lines.isEmpty() ? "" : "\n      " + String.join("\n      ", lines)));
            }
            else if (lines.isEmpty())
            {
                matched++;
            }
            else
            {
                differing++;
                problems.addAll(lines);
            }
        }
        int sensorOnly = 0;
        for (final List<JsonNode> left : recordsByConnection.values())
        {
            sensorOnly += (int)left.stream().filter(record -> StaAnalyze.text(record, "tls.client.ja3") != null)
                .count();
        }
        return new Outcome(streams.size(), matched, allowListed, differing, ja4Compared, ja4Matched, sensorOnly,
            problems, knownLimitations);
    }

    private static void compareWithTshark(final TsharkTlsStreams.Stream stream, final JsonNode record,
        final Mismatches differences)
    {
        final String where = stream.describe();
        differences.expectEqual(where, "source (the ClientHello's sender)",
            stream.clientIp() + ":" + stream.clientPort(),
            StaAnalyze.text(record, "source.ip") + ":" + StaAnalyze.text(record, "source.port"));
        differences.expectEqual(where, "tls.client.ja3", stream.client("tls.handshake.ja3"),
            StaAnalyze.text(record, "tls.client.ja3"));
        differences.expectEqual(where, "tls.client.ja3_string", stream.client("tls.handshake.ja3_full"),
            StaAnalyze.text(record, "tls.client.ja3_string"));
        differences.expectEqual(where, "tls.client.server_name",
            stream.client("tls.handshake.extensions_server_name"),
            StaAnalyze.text(record, "tls.client.server_name"));
        differences.expectEqual(where, "tls.server.ja3s", stream.server("tls.handshake.ja3s"),
            StaAnalyze.text(record, "tls.server.ja3s"));
        differences.expectEqual(where, "tls.server.ja3s_string", stream.server("tls.handshake.ja3s_full"),
            StaAnalyze.text(record, "tls.server.ja3s_string"));
        differences.expectEqual(where, "tls.version", stream.version(), StaAnalyze.text(record, "tls.version"));
        differences.expectEqual(where, "tls.cipher_id", stream.cipherId(), StaAnalyze.text(record, "tls.cipher_id"));
        differences.expectEqual(where, "tls.established", String.valueOf(stream.serverHello() != null),
            StaAnalyze.text(record, "tls.established"));
        // Written only when true (docs/schema.md).
        differences.expectEqual(where, "tls.hello_retry_request", stream.helloRetry() ? "true" : null,
            StaAnalyze.text(record, "tls.hello_retry_request"));
    }

    /**
     * FoxIO numbers streams as tshark does; their endpoints must be tshark's too, which is checked first. For a
     * first ALPN value that starts with a byte above 0x7F, FoxIO's Python tool prints "99" where the JA4
     * specification (technical_details/JA4.md, "ALPN Extension Value") takes the first and last hex digit of the
     * value's bytes; there those two characters are checked against the bytes tshark shows.
     */
    private void compareWithFoxIo(final JsonNode expected, final JsonNode record, final Mismatches differences)
    {
        final int streamNumber = expected.get("stream").asInt();
        final String where = "tcp.stream " + streamNumber + " " + expected.path("src").asText() + ":"
            + expected.path("srcport").asText() + " -> " + expected.path("dst").asText() + ":"
            + expected.path("dstport").asText();
        final TsharkTlsStreams.Stream stream = streams.stream().filter(s -> s.stream() == streamNumber).findFirst()
            .orElse(null);
        if (stream == null)
        {
            differences.add(where, "FoxIO lists a JA4 for a stream in which tshark shows no ClientHello");
            return;
        }
        differences.expectEqual(where, "endpoints", stream.connectionKey(),
            CorpusTls.connectionKey(expected.path("src").asText(), expected.path("srcport").asInt(),
                expected.path("dst").asText(), expected.path("dstport").asInt()));
        if (record == null)
        {
            // Reported as a missing record already.
            return;
        }
        String ja4 = expected.get("JA4.1").asText();
        if (NON_ASCII_ALPN_CAPTURE.equals(capture))
        {
            ja4 = ja4.substring(0, 8) + specAlpnCharacters() + ja4.substring(10);
        }
        differences.expectEqual(where, "tls.client.ja4 (FoxIO's JA4.1)", ja4,
            StaAnalyze.text(record, "tls.client.ja4"));
    }

    /** The first record of the connection with tshark's JA3, else its first record; taken off the list. */
    private static JsonNode take(final List<JsonNode> records, final TsharkTlsStreams.Stream stream)
    {
        if (records == null || records.isEmpty())
        {
            return null;
        }
        final String ja3 = stream.client("tls.handshake.ja3");
        for (int i = 0; i < records.size(); i++)
        {
            if (ja3 != null && ja3.equals(StaAnalyze.text(records.get(i), "tls.client.ja3")))
            {
                return records.remove(i);
            }
        }
        return records.remove(0);
    }

    /** FoxIO's entries for TCP connections (JA4 starting with "t"), for captures from FoxIO's repository. */
    private List<JsonNode> foxIoTcpJa4()
    {
        final List<JsonNode> entries = new ArrayList<>();
        final Path expectedFile = file.getParent().resolveSibling("expected-python-testdata")
            .resolve(file.getFileName() + ".json");
        if (!capture.startsWith("ja4/") || !Files.isRegularFile(expectedFile))
        {
            return entries;
        }
        try
        {
            for (final JsonNode entry : JSON.readTree(Files.readAllBytes(expectedFile)))
            {
                if (entry.has("JA4.1") && entry.get("JA4.1").asText().startsWith("t"))
                {
                    entries.add(entry);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return entries;
    }

    /** JA4.md "ALPN Extension Value": first and last hex digit of the first ALPN value, from tshark's raw bytes. */
    private String specAlpnCharacters()
    {
        final CommandResult result = HostCommands.run(work, TSHARK_TIMEOUT, List.of("tshark", "-n", "-r",
            file.toString(), "-Y", "tls.handshake.type == 1", "-T", "json", "--no-duplicate-keys", "-x", "-J",
            "tls")).orFail();
        try
        {
            final List<JsonNode> holders = TsharkJson.objectsWithKey(JSON.readTree(result.stdout()),
                "tls.handshake.extensions_alpn_str_raw");
            final String hex = TsharkJson.text(holders.get(0).get("tls.handshake.extensions_alpn_str_raw"));
            if ((HexFormat.of().parseHex(hex)[0] & 0xFF) <= 0x7F)
            {
                throw new AssertionError(capture + ": the first ALPN value should start with a non-ASCII byte: "
                    + hex);
            }
            return hex.substring(0, 1) + hex.substring(hex.length() - 1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
