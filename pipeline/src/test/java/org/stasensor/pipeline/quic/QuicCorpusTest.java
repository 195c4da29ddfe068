package org.stasensor.pipeline.quic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Real QUIC clients (Chrome) in FoxIO's JA4 captures: for every QUIC ClientHello tshark decrypts, the record's SNI,
 * ALPN, JA3 and JA3 string, the version and the connection ids equal tshark's, and JA4 equals FoxIO's expected
 * output for the connection (expected-rust-snapshots; the Python tool's expected files have no QUIC entries).
 */
class QuicCorpusTest
{
    @ParameterizedTest
    @ValueSource(strings = {"quic-tls-handshake.pcapng", "quic-with-several-tls-frames.pcapng",
        "chrome-cloudflare-quic-with-secrets.pcapng"})
    void everyQuicClientHelloMatchesTsharkAndFoxIo(final String name) throws IOException
    {
        final Path capture = TestFiles.corpusFile("ja4/pcap/" + name);
        final Map<String, String> expectedJa4 = udpJa4ByClientPort(
            TestFiles.corpusFile("ja4/expected-rust-snapshots/ja4__insta@" + name + ".snap"));
        final Map<String, List<QuicTestSupport.Datagram>> flows =
            QuicTestSupport.clientDatagrams(QuicTestSupport.datagrams(capture));
        final List<String[]> hellos = Tshark.fields(capture, "udp && tls.handshake.type == 1", "udp.srcport",
            "quic.version", "quic.dcid", "quic.scid", "tls.handshake.extensions_server_name",
            "tls.handshake.extensions_alpn_str", "tls.handshake.ja3", "tls.handshake.ja3_full");
        assertFalse(hellos.isEmpty(), "tshark finds a QUIC ClientHello in " + name);
        for (final String[] tshark : hellos)
        {
            final String port = tshark[0];
            final List<byte[]> client = new ArrayList<>();
            for (final List<QuicTestSupport.Datagram> flow : flows.values())
            {
                if (!flow.isEmpty() && String.valueOf(flow.get(0).sourcePort()).equals(port))
                {
                    flow.forEach(datagram -> client.add(datagram.payload()));
                }
            }
            final QuicTestSupport.Outcome outcome = QuicTestSupport.run(client);
            final String where = name + " client port " + port;
            assertEquals(QuicInitialInspector.RESULT_COMPLETE, outcome.result(), where);
            final RecordReader record = outcome.record();
            assertEquals(first(tshark[1]), outcome.version(), where);
            assertEquals(first(tshark[2]), outcome.destinationId(), where);
            assertEquals(first(tshark[3]), outcome.sourceId(), where);
            assertEquals(tshark[4], record.string(Fields.TLS_CLIENT_SERVER_NAME), where);
            assertEquals(tshark[5], String.join(",", record.strings(Fields.TLS_CLIENT_ALPN)), where);
            assertEquals(tshark[6], record.string(Fields.TLS_CLIENT_JA3), where);
            assertEquals(tshark[7], record.string(Fields.TLS_CLIENT_JA3_STRING), where);
            final String ja4 = expectedJa4.get(port);
            assertNotNull(ja4, "FoxIO's snapshot has the connection of " + where);
            assertEquals(ja4, record.string(Fields.TLS_CLIENT_JA4), where);
            assertEquals(List.of(), record.strings(Fields.STA_FLAGS), where);
        }
    }

    private static String first(final String aggregated)
    {
        final int comma = aggregated.indexOf(',');
        return comma < 0 ? aggregated : aggregated.substring(0, comma);
    }

    /** The ja4 of each "transport: udp" entry of an insta snapshot, by src_port. */
    private static Map<String, String> udpJa4ByClientPort(final Path snapshot) throws IOException
    {
        final Map<String, String> ja4 = new HashMap<>();
        boolean udp = false;
        String port = null;
        for (final String raw : Files.readAllLines(snapshot))
        {
            final String line = raw.trim();
            if (line.startsWith("- stream:"))
            {
                udp = false;
                port = null;
            }
            else if (line.equals("transport: udp"))
            {
                udp = true;
            }
            else if (line.startsWith("src_port:"))
            {
                port = line.substring("src_port:".length()).trim();
            }
            else if (udp && port != null && line.startsWith("ja4:"))
            {
                ja4.put(port, line.substring("ja4:".length()).trim());
            }
        }
        return ja4;
    }
}
