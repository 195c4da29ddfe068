package org.stasensor.appliance.starttlslab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.Mismatches;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Third-party captures of real STARTTLS sessions (nDPI's test captures: SMTP to Gmail and to a Postfix over IPv6,
 * IMAP, POP3 STLS, FTP AUTH TLS): every connection in which tshark sees a TLS handshake has one TLS record saying
 * {@code starttls} and its application protocol, equal to tshark's on SNI, JA3, JA3S, version and cipher suite.
 */
final class CorpusStartTlsMatchesTsharkTest
{
    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({"nDPI/pcap/smtp-starttls.pcap, smtp", "nDPI/pcap/imap-starttls.pcap, imap",
        "nDPI/pcap/pop3_stls.pcap, pop3", "nDPI/pcap/ftp-start-tls.pcap, ftp"})
    void tlsRecordsEqualTsharks(final String file, final String protocol)
    {
        HostCommands.assumeInstalled("tshark");
        final Path capture = TestFiles.corpusFile(file);
        final StaAnalyze.Result analysis = StaAnalyze.run(capture, work.resolve("records.jsonl"));
        assertEquals(Sta.EXIT_OK, analysis.exitCode(), analysis.stderr());
        final Map<Integer, TsharkHandshakes.Handshake> handshakes = TsharkHandshakes.read(capture);
        final Map<Integer, List<JsonNode>> records = TsharkHandshakes.tlsRecordsByClientPort(analysis);
        final Mismatches problems = new Mismatches("tshark", "sta");
        for (final Map.Entry<Integer, TsharkHandshakes.Handshake> entry : handshakes.entrySet())
        {
            final String where = file + " client port " + entry.getKey();
            final List<JsonNode> found = records.getOrDefault(entry.getKey(), List.of());
            problems.expectEqual(where, "tls records", 1, found.size());
            if (found.size() == 1)
            {
                problems.expectEqual(where, "network.protocol", protocol,
                    StaAnalyze.text(found.get(0), "network.protocol"));
                problems.expectEqual(where, "tls.established_via", "starttls",
                    StaAnalyze.text(found.get(0), "tls.established_via"));
                TsharkHandshakes.compare(where, entry.getValue(), found.get(0), problems, work.resolve("tshark"));
            }
        }
        problems.expectEqual(file, "TLS records vs tshark's handshakes", handshakes.size(),
            analysis.dataset("tls").size());
        problems.assertNone(file);
    }
}
