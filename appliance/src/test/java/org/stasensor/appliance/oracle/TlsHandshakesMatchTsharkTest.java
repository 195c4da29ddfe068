package org.stasensor.appliance.oracle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.Mismatches;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.lab.TsharkJson;
import org.stasensor.appliance.oracle.TlsTrafficScenario.TlsCase;
import org.stasensor.appliance.oracle.TsharkTlsConnections.Certificate;
import org.stasensor.appliance.oracle.TsharkTlsConnections.Connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * End to end: real TLS 1.0-1.3 handshakes between openssl/curl clients and openssl servers in two network
 * namespaces, captured by tcpdump, analysed by {@code sta analyze}, and every TLS record compared field by field with
 * what tshark dissects from the same capture: JA3/JA3S (tshark computes them itself), SNI, ALPN, negotiated version
 * and cipher suite, and the leaf certificate's names, validity, subjectAltName and serial, plus chain length.
 * <p>
 * The certificate validation outcome is compared with how each certificate was made (expired, not yet valid,
 * self-signed, a SNI it does not name), and TLS 1.3 records must say {@code not_visible} and carry no certificate,
 * since TLS 1.3 encrypts it. Each test reports every difference it finds (field, tshark's value, the sensor's).
 */
final class TlsHandshakesMatchTsharkTest
{
    private static final String CIPHER_SUITE_FIELD = "tls.handshake.ciphersuite";

    @TempDir
    static Path work;

    private static TlsTrafficScenario.Traffic traffic;
    private static List<Connection> tshark;
    private static Map<Long, String> cipherNames;
    private static StaAnalyze.Result analysis;
    private static Map<String, List<JsonNode>> tlsRecordsByFourTuple;

    @BeforeAll
    static void captureRealTrafficAndAnalyzeIt()
    {
        HostCommands.assumeInstalled("tshark");
        traffic = TlsTrafficScenario.generate(work);
        tshark = TsharkTlsConnections.read(traffic.capture(), work.resolve("tshark"));
        cipherNames = TsharkJson.valueNames(CIPHER_SUITE_FIELD, work.resolve("tshark"));
        analysis = StaAnalyze.runSta(List.of("analyze", traffic.capture().toString(), "--config",
            trustingTheLabRoot(work).toString(), "--output", work.resolve("records.jsonl").toString()),
            work.resolve("records.jsonl"));
        tlsRecordsByFourTuple = new HashMap<>();
        for (final JsonNode record : analysis.dataset("tls"))
        {
            tlsRecordsByFourTuple.computeIfAbsent(fourTuple(StaAnalyze.text(record, "source.ip"),
                StaAnalyze.text(record, "source.port"), StaAnalyze.text(record, "destination.ip"),
                StaAnalyze.text(record, "destination.port")), key -> new ArrayList<>()).add(record);
        }
    }

    @Test
    void analyzeSucceeds()
    {
        assertEquals(Sta.EXIT_OK, analysis.exitCode(), "sta analyze exit code; stderr:\n" + analysis.stderr());
    }

    /** The oracle side first: the capture holds what the scenario meant to make, as tshark sees it. */
    @Test
    void captureHoldsOneCompleteHandshakePerCase()
    {
        final Mismatches problems = new Mismatches("scenario", "tshark");
        assertEquals(traffic.cases().size(), tshark.size(),
            "TLS connections tshark sees vs cases run: " + tshark.stream().map(Connection::describe).toList());
        for (int i = 0; i < tshark.size(); i++)
        {
            final Connection connection = tshark.get(i);
            final TlsCase tlsCase = traffic.cases().get(i);
            final String where = where(connection);
            problems.expectEqual(where, "server port", tlsCase.server().port(), connection.serverPort());
            problems.expectEqual(where, "SNI", tlsCase.serverName(),
                connection.client("tls.handshake.extensions_server_name"));
            problems.expectEqual(where, "version", tlsCase.version(), connection.version());
            problems.expectEqual(where, "ClientHello count", 1, connection.clientHellos());
            problems.expectEqual(where, "ServerHello count", 1, connection.serverHellos());
            problems.expectEqual(where, "Certificate message count", "1.3".equals(tlsCase.version()) ? 0 : 1,
                connection.certificateMessages());
        }
        problems.assertNone("the generated capture");
    }

    /** The 4096-bit leaf makes the Certificate message span TCP segments; the 512-byte records split it too. */
    @Test
    void certificateMessagesSpanSegmentsAndRecords()
    {
        final Mismatches problems = new Mismatches("expected", "tshark");
        for (int i = 0; i < tshark.size(); i++)
        {
            final Connection connection = tshark.get(i);
            final TlsCase tlsCase = caseOf(i);
            if (connection.certificateMessages() == 0 || tlsCase == null)
            {
                continue;
            }
            final TlsTrafficScenario.Server server = tlsCase.server();
            if (server == TlsTrafficScenario.Server.CHAIN || server == TlsTrafficScenario.Server.FRAGMENTED)
            {
                problems.expectEqual(where(connection), "Certificate message spans at least 3 TCP segments", true,
                    connection.certificateSegments() >= 3);
            }
            if (server == TlsTrafficScenario.Server.FRAGMENTED)
            {
                problems.expectEqual(where(connection), "Certificate message spans at least 5 TLS records", true,
                    connection.certificateRecords() >= 5);
            }
        }
        problems.assertNone("certificate message layout (tshark)");
    }

    @Test
    void everyTlsConnectionHasExactlyOneTlsRecord()
    {
        final Mismatches problems = new Mismatches("tshark");
        final List<String> seen = new ArrayList<>();
        for (final Connection connection : tshark)
        {
            final String key = fourTuple(connection);
            seen.add(key);
            problems.expectEqual(where(connection), "number of tls records", 1,
                tlsRecordsByFourTuple.getOrDefault(key, List.of()).size());
        }
        for (final Map.Entry<String, List<JsonNode>> entry : tlsRecordsByFourTuple.entrySet())
        {
            if (!seen.contains(entry.getKey()))
            {
                problems.add(entry.getKey(), entry.getValue().size() + " tls record(s) for a connection tshark "
                    + "sees no TLS handshake on");
            }
        }
        problems.assertNone("tls records per connection");
    }

    @Test
    void clientHelloFieldsMatchTshark()
    {
        final Mismatches problems = new Mismatches("tshark");
        for (final Connection connection : tshark)
        {
            final JsonNode record = recordOf(connection, problems);
            if (record == null)
            {
                continue;
            }
            final String where = where(connection);
            problems.expectEqual(where, "tls.client.ja3", connection.client("tls.handshake.ja3"),
                StaAnalyze.text(record, "tls.client.ja3"));
            problems.expectEqual(where, "tls.client.ja3_string", connection.client("tls.handshake.ja3_full"),
                StaAnalyze.text(record, "tls.client.ja3_string"));
            problems.expectEqual(where, "tls.client.server_name",
                connection.client("tls.handshake.extensions_server_name"),
                StaAnalyze.text(record, "tls.client.server_name"));
            final List<String> alpn = connection.clientAll("tls.handshake.extensions_alpn_str");
            problems.expectEqual(where, "tls.client.alpn", alpn.isEmpty() ? null : alpn,
                StaAnalyze.texts(record, "tls.client.alpn"));
            problems.expectEqual(where, "tls.client.version", offeredVersion(connection),
                StaAnalyze.text(record, "tls.client.version"));
        }
        problems.assertNone("ClientHello fields");
    }

    @Test
    void serverHelloFieldsMatchTshark()
    {
        final Mismatches problems = new Mismatches("tshark");
        for (final Connection connection : tshark)
        {
            final JsonNode record = recordOf(connection, problems);
            if (record == null)
            {
                continue;
            }
            final String where = where(connection);
            problems.expectEqual(where, "tls.server.ja3s", connection.server("tls.handshake.ja3s"),
                StaAnalyze.text(record, "tls.server.ja3s"));
            problems.expectEqual(where, "tls.server.ja3s_string", connection.server("tls.handshake.ja3s_full"),
                StaAnalyze.text(record, "tls.server.ja3s_string"));
            problems.expectEqual(where, "tls.version", connection.version(), StaAnalyze.text(record, "tls.version"));
            problems.expectEqual(where, "tls.version_protocol", "tls",
                StaAnalyze.text(record, "tls.version_protocol"));
            final int suite = connection.cipherSuite();
            // tshark prints the number ("0xc030"); its own table names it (tshark -G values).
            problems.expectEqual(where, "tls.cipher (tshark's name of " + String.format("0x%04x", suite) + ")",
                cipherNames.get((long)suite), StaAnalyze.text(record, "tls.cipher"));
            problems.expectEqual(where, "tls.cipher_id", String.format(Locale.ROOT, "%04x", suite),
                StaAnalyze.text(record, "tls.cipher_id"));
            // Under TLS 1.3 the chosen ALPN travels in EncryptedExtensions: neither tshark nor the sensor sees it.
            problems.expectEqual(where, "tls.next_protocol", connection.server("tls.handshake.extensions_alpn_str"),
                StaAnalyze.text(record, "tls.next_protocol"));
        }
        problems.assertNone("ServerHello fields");
    }

    @Test
    void certificateFieldsMatchTshark()
    {
        final Mismatches problems = new Mismatches("tshark");
        for (final Connection connection : tshark)
        {
            final JsonNode record = recordOf(connection, problems);
            if (record == null || connection.certificates().isEmpty())
            {
                continue;
            }
            final String where = where(connection);
            final Certificate leaf = connection.certificates().get(0);
            problems.expectEqual(where, "tls.server.x509.subject.common_name", leaf.subjectCommonNames(),
                StaAnalyze.texts(record, "tls.server.x509.subject.common_name"));
            problems.expectEqual(where, "tls.server.x509.issuer.common_name", leaf.issuerCommonNames(),
                StaAnalyze.texts(record, "tls.server.x509.issuer.common_name"));
            problems.expectEqual(where, "tls.server.x509.not_before", leaf.notBefore(),
                instant(StaAnalyze.text(record, "tls.server.x509.not_before")));
            problems.expectEqual(where, "tls.server.x509.not_after", leaf.notAfter(),
                instant(StaAnalyze.text(record, "tls.server.x509.not_after")));
            problems.expectEqual(where, "tls.server.x509.alternative_names",
                leaf.alternativeNames().isEmpty() ? null : leaf.alternativeNames(),
                StaAnalyze.texts(record, "tls.server.x509.alternative_names"));
            problems.expectEqual(where, "tls.server.x509.serial_number", opensslSerial(leaf.serialNumber()),
                StaAnalyze.text(record, "tls.server.x509.serial_number"));
            final List<Certificate> chain = connection.certificates();
            problems.expectEqual(where, "tls.server.chain_length", Integer.toString(chain.size()),
                StaAnalyze.text(record, "tls.server.chain_length"));
            final List<String> chainIssuers = new ArrayList<>();
            for (final Certificate certificate : chain.subList(1, chain.size()))
            {
                chainIssuers.addAll(certificate.issuerCommonNames());
            }
            problems.expectEqual(where, "tls.server.chain_issuers", chainIssuers.isEmpty() ? null : chainIssuers,
                StaAnalyze.texts(record, "tls.server.chain_issuers"));
        }
        problems.assertNone("certificate fields");
    }

    @Test
    void tls13RecordsSayNotVisibleAndCarryNoCertificate()
    {
        final Mismatches problems = new Mismatches("expected");
        for (final Connection connection : tshark)
        {
            if (!"1.3".equals(connection.version()))
            {
                continue;
            }
            final JsonNode record = recordOf(connection, problems);
            if (record == null)
            {
                continue;
            }
            final String where = where(connection);
            problems.expectEqual(where, "tls.server.validation", "not_visible",
                StaAnalyze.text(record, "tls.server.validation"));
            for (final String field : List.of("tls.server.x509", "tls.server.chain_length", "tls.server.chain_issuers",
                "tls.server.hash"))
            {
                final JsonNode value = StaAnalyze.field(record, field);
                problems.expectEqual(where, field, null, value.isMissingNode() ? null : value.toString());
            }
        }
        problems.assertNone("TLS 1.3 certificate visibility");
    }

    /** What is wrong with each certificate is known from how it was made; where nothing is, the field is absent. */
    @Test
    void validationSaysWhatIsWrongWithTheCertificate()
    {
        final Mismatches problems = new Mismatches("how the certificate was made");
        for (int i = 0; i < tshark.size(); i++)
        {
            final Connection connection = tshark.get(i);
            final TlsCase tlsCase = caseOf(i);
            final JsonNode record = recordOf(connection, problems);
            if (record == null || tlsCase == null)
            {
                continue;
            }
            problems.expectEqual(where(connection), "tls.server.validation", tlsCase.validation(),
                StaAnalyze.text(record, "tls.server.validation"));
        }
        problems.assertNone("certificate validation");
    }

    /** A sta.yaml whose trust store is the lab's root: the lab's good chains are then valid. */
    private static Path trustingTheLabRoot(final Path work)
    {
        try
        {
            return Files.writeString(work.resolve("sta.yaml"), """
                capture: {source: pcap, files: [%s]}
                journal: {path: %s}
                enrichment:
                  certificates: {trust_store: %s}
                """.formatted(traffic.capture(), work.resolve("journal"), work.resolve("pki/root.pem")));
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static TlsCase caseOf(final int streamIndex)
    {
        return streamIndex < traffic.cases().size() && tshark.size() == traffic.cases().size()
            ? traffic.cases().get(streamIndex) : null;
    }

    private static JsonNode recordOf(final Connection connection, final Mismatches problems)
    {
        final List<JsonNode> records = tlsRecordsByFourTuple.getOrDefault(fourTuple(connection), List.of());
        if (records.size() != 1)
        {
            problems.add(where(connection), records.size() + " tls records for this connection (expected 1)");
            return null;
        }
        return records.get(0);
    }

    private static String where(final Connection connection)
    {
        final int index = tshark.indexOf(connection);
        final TlsCase tlsCase = caseOf(index);
        return (tlsCase == null ? "" : "case '" + tlsCase.name() + "' ") + connection.describe();
    }

    private static String fourTuple(final Connection connection)
    {
        return fourTuple(connection.clientIp(), Integer.toString(connection.clientPort()), connection.serverIp(),
            Integer.toString(connection.serverPort()));
    }

    private static String fourTuple(final String sourceIp, final String sourcePort, final String destinationIp,
        final String destinationPort)
    {
        return sourceIp + ":" + sourcePort + " -> " + destinationIp + ":" + destinationPort;
    }

    /** The highest version the client offered: supported_versions (RFC 8446 4.2.1) when sent, else the hello's. */
    private static String offeredVersion(final Connection connection)
    {
        int highest = -1;
        for (final String version : connection.clientAll("tls.handshake.extensions.supported_version"))
        {
            final int number = Integer.decode(version);
            // GREASE values (RFC 8701) are 0x?a?a and never a version.
            if ((number & 0x0f0f) != 0x0a0a)
            {
                highest = Math.max(highest, number);
            }
        }
        if (highest < 0)
        {
            final String legacy = connection.client("tls.handshake.version");
            highest = legacy == null ? -1 : Integer.decode(legacy);
        }
        return highest < 0 ? null : TsharkTlsConnections.versionName(highest);
    }

    /**
     * tshark shows the serial's DER content bytes ("00:9c:..."); openssl x509 -serial, whose format the schema
     * names, prints them in uppercase hex without the sign byte DER adds before a high bit.
     */
    private static String opensslSerial(final String tsharkSerial)
    {
        if (tsharkSerial == null)
        {
            return null;
        }
        final byte[] bytes = HexFormat.ofDelimiter(":").parseHex(tsharkSerial);
        final int start = bytes.length > 1 && bytes[0] == 0 && (bytes[1] & 0x80) != 0 ? 1 : 0;
        return HexFormat.of().withUpperCase().formatHex(bytes, start, bytes.length);
    }

    private static Instant instant(final String text)
    {
        return text == null ? null : Instant.parse(text);
    }
}
