package org.stasensor.pipeline.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.tls.TsharkHandshakes.Handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JA4 of every TLS-over-TCP ClientHello in FoxIO's sample captures against the output FoxIO published for them
 * (python/test/testdata: per stream, {@code JA4.n} and {@code JA4_r.n} of the stream's n-th ClientHello, and the
 * SNI as {@code domain}). The hello bytes are the ones tshark delimits.
 * <p>
 * One known difference: for a first ALPN protocol that starts with a byte above 0x7F the Python tool prints "99",
 * while the JA4 specification (technical_details/JA4.md, "ALPN Extension Value") takes the first and last hex digits
 * of the protocol's bytes. For that capture (tls-non-ascii-alpn.pcapng) the test checks the reference value outside
 * those two characters, and those two against the spec's rule applied to the ALPN bytes tshark reports.
 */
class Ja4MatchesReferenceOutputTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ja4OfEveryTcpClientHelloMatchesFoxIoOutput() throws IOException
    {
        final Path expectedDirectory = TsharkHandshakes.corpusFiles("ja4/expected-python-testdata/*.json").get(0)
            .getParent();
        final ClientHello hello = new ClientHello();
        final Ja4 ja4 = new Ja4();
        final List<String> differences = new ArrayList<>();
        int compared = 0;
        int captures = 0;
        for (final Path expectedFile : TsharkHandshakes.corpusFiles("ja4/expected-python-testdata/*.json"))
        {
            final Map<Integer, JsonNode> expectedByStream = tcpJa4Streams(expectedFile);
            if (expectedByStream.isEmpty())
            {
                continue;
            }
            final String captureName = expectedFile.getFileName().toString().replaceFirst("\\.json$", "");
            final Path capture = expectedDirectory.resolveSibling("pcap").resolve(captureName);
            captures++;
            final Map<Integer, List<Handshake>> clientHellos = new TreeMap<>();
            for (final Handshake shark : TsharkHandshakes.read(capture, "tls"))
            {
                if (!shark.udp() && shark.type() == ClientHelloParser.CLIENT_HELLO)
                {
                    clientHellos.computeIfAbsent(shark.stream(), key -> new ArrayList<>()).add(shark);
                }
            }
            for (final Map.Entry<Integer, JsonNode> entry : expectedByStream.entrySet())
            {
                final JsonNode expected = entry.getValue();
                final List<Handshake> hellos = clientHellos.getOrDefault(entry.getKey(), List.of());
                for (int n = 1; expected.has("JA4." + n); n++)
                {
                    final String where = captureName + " stream " + entry.getKey() + " JA4." + n;
                    compared++;
                    if (hellos.size() < n)
                    {
                        differences.add(where + ": tshark shows only " + hellos.size() + " ClientHellos");
                        continue;
                    }
                    final Handshake shark = hellos.get(n - 1);
                    final UnsafeBuffer buffer = new UnsafeBuffer(shark.message());
                    if (!ClientHelloParser.parse(buffer, 0, buffer.capacity(), hello)
                        || !ja4.compute(hello, Ja4.TRANSPORT_TCP))
                    {
                        differences.add(where + ": no JA4");
                        continue;
                    }
                    String expectedJa4 = expected.get("JA4." + n).asText();
                    String expectedRaw = expected.get("JA4_r." + n).asText();
                    if (captureName.equals("tls-non-ascii-alpn.pcapng"))
                    {
                        final String alpn = specAlpnCharacters(shark.first("handshake.extensions_alpn_str_raw"));
                        assertEquals("99", expectedJa4.substring(8, 10), "the reference's known ALPN rendering");
                        expectedJa4 = expectedJa4.substring(0, 8) + alpn + expectedJa4.substring(10);
                        expectedRaw = expectedRaw.substring(0, 8) + alpn + expectedRaw.substring(10);
                    }
                    final String ours = new String(ja4.fingerprint(), StandardCharsets.US_ASCII);
                    final String ourRaw = TsharkHandshakes.text(ja4.raw(), ja4.rawLength());
                    if (!expectedJa4.equals(ours) || !expectedRaw.equals(ourRaw))
                    {
                        differences.add(where + ": expected " + expectedJa4 + " " + expectedRaw + "\n   computed "
                            + ours + " " + ourRaw);
                    }
                    if (n == 1 && expected.has("domain"))
                    {
                        final String sni = new String(shark.message(), hello.serverNameOffset(),
                            Math.max(0, hello.serverNameLength()), StandardCharsets.ISO_8859_1);
                        if (!expected.get("domain").asText().equals(sni))
                        {
                            differences.add(where + ": domain " + expected.get("domain").asText() + ", SNI " + sni);
                        }
                    }
                }
            }
        }
        System.out.println("JA4 compared with FoxIO's published output: " + compared + " ClientHellos in "
            + captures + " captures");
        assertTrue(compared >= 100, "only " + compared + " JA4 values found");
        assertTrue(differences.isEmpty(), differences.size() + " of " + compared + " differ:\n"
            + String.join("\n", differences));
    }

    /** JA4.md "ALPN Extension Value": a non-alphanumeric end byte makes it first and last hex digit of the bytes. */
    private static String specAlpnCharacters(final String alpnHex)
    {
        final byte[] bytes = HexFormat.of().parseHex(alpnHex);
        assertTrue((bytes[0] & 0xFF) > 0x7F, "the capture's ALPN starts with a non-ASCII byte: " + alpnHex);
        return alpnHex.substring(0, 1) + alpnHex.substring(alpnHex.length() - 1);
    }

    private static Map<Integer, JsonNode> tcpJa4Streams(final Path expectedFile)
    {
        try
        {
            final Map<Integer, JsonNode> streams = new TreeMap<>();
            for (final JsonNode entry : JSON.readTree(Files.readAllBytes(expectedFile)))
            {
                if (entry.has("JA4.1") && entry.get("JA4.1").asText().startsWith("t"))
                {
                    streams.put(entry.get("stream").asInt(), entry);
                }
            }
            return streams;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
