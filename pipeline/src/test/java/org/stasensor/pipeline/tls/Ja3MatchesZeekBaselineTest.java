package org.stasensor.pipeline.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.tls.TsharkHandshakes.Handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * salesforce/ja3's own test: its Zeek script's ssl.log baselines for its two traces, with the {@code ja3} column,
 * and Zeek's {@code version}, {@code cipher}, {@code curve} and {@code server_name} columns, which check the name
 * tables on real traffic.
 */
class Ja3MatchesZeekBaselineTest
{
    @ParameterizedTest
    @CsvSource({"ja3/Traces/ssl-curl.pcap, ja3/Baseline/curl_test1/ssl.log",
        "ja3/Traces/ssl-chrome.pcap, ja3/Baseline/chrome_test1/ssl.log"})
    void ja3AndNamesMatchZeek(final String trace, final String baseline) throws IOException
    {
        final List<String> header = new ArrayList<>();
        final List<String[]> rows = new ArrayList<>();
        for (final String line : Files.readAllLines(TestFiles.corpusFile(baseline), StandardCharsets.UTF_8))
        {
            if (line.startsWith("#fields"))
            {
                header.addAll(List.of(line.split("\t")).subList(1, line.split("\t").length));
            }
            else if (!line.startsWith("#"))
            {
                rows.add(line.split("\t"));
            }
        }
        assertEquals(1, rows.size(), "one connection in " + baseline);
        final String[] row = rows.get(0);

        final List<Handshake> hellos = TsharkHandshakes.read(TestFiles.corpusFile(trace), "tls");
        final ClientHello client = new ClientHello();
        final ServerHello server = new ServerHello();
        final Ja3 ja3 = new Ja3();
        for (final Handshake shark : hellos)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(shark.message());
            if (shark.type() == ClientHelloParser.CLIENT_HELLO)
            {
                assertTrue(ClientHelloParser.parse(buffer, 0, buffer.capacity(), client));
                assertTrue(ja3.computeJa3(client));
            }
            else
            {
                assertTrue(ServerHelloParser.parse(buffer, 0, buffer.capacity(), server));
            }
        }
        assertEquals(column(header, row, "ja3"), TsharkHandshakes.text(ja3.ja3(), Ja3.HASH_LENGTH));
        assertEquals(column(header, row, "server_name"), new String(client.buffer().byteArray(),
            client.serverNameOffset(), client.serverNameLength(), StandardCharsets.US_ASCII));
        assertEquals(column(header, row, "cipher"), CipherSuites.name(server.cipherSuite()));
        // Zeek writes versions as "TLSv12"; ECS as "1.2".
        assertEquals(column(header, row, "version"), "TLSv" + TlsVersion.name(server.negotiatedVersion())
            .replace(".", ""));
        final String curve = column(header, row, "curve");
        boolean offered = false;
        for (int i = 0; i < client.supportedGroupCount(); i++)
        {
            offered |= curve.equals(NamedGroups.name(client.supportedGroup(i)));
        }
        assertTrue(offered, "Zeek's curve " + curve + " is the name of a group the client offered");
    }

    private static String column(final List<String> header, final String[] row, final String name)
    {
        return row[header.indexOf(name)];
    }
}
