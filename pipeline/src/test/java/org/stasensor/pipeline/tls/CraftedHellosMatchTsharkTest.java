package org.stasensor.pipeline.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.tls.TsharkHandshakes.Handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hellos the corpus lacks, built from the RFC layouts and written into a capture, against what tshark makes of them:
 * hellos without extensions, GREASE in every list, an inconsistent supported_groups list, SSL 3.0, a JA3 text longer
 * than the text array, ServerHellos with the TLS 1.3 extensions; and an SSL 2.0 CLIENT-HELLO and real DTLS hellos.
 */
class CraftedHellosMatchTsharkTest
{
    @TempDir
    Path directory;

    @Test
    void craftedHellosMatchTshark()
    {
        final List<byte[]> messages = new ArrayList<>();
        messages.add(HelloBytes.clientHello(0x0301, new int[]{0x002f, 0x0035}, false));
        messages.add(HelloBytes.clientHello(0x0303, new int[]{0xc02f}));
        messages.add(HelloBytes.clientHello(0x0303, new int[]{0x0a0a, 0x1301, 0xfafa, 0xc02f},
            HelloBytes.extension(0x1a1a, new byte[0]), HelloBytes.supportedGroups(0x2a2a, 29, 23),
            HelloBytes.pointFormats(0, 1, 2), HelloBytes.extension(0xeaea, new byte[1])));
        messages.add(HelloBytes.clientHello(0x0303, new int[]{0x1301},
            HelloBytes.extension(ExtensionType.SUPPORTED_GROUPS, new byte[]{0, 3, 0, 29, 0}),
            HelloBytes.pointFormats(0)));
        messages.add(HelloBytes.clientHello(0x0300, new int[]{0x0004, 0x0005, 0x000a}, false));
        messages.add(HelloBytes.clientHello(0x0303, new int[]{0x1301}, HelloBytes.serverName("first.example"),
            HelloBytes.alpn("h2", "http/1.1"), HelloBytes.supportedVersions(0x0304, 0x0303),
            HelloBytes.signatureAlgorithms(0x0403, 0x0804)));
        final int[] many = new int[2000];
        for (int i = 0; i < many.length; i++)
        {
            many[i] = 0xC000 + i;
        }
        messages.add(HelloBytes.clientHello(0x0303, many, HelloBytes.supportedGroups(29)));
        messages.add(HelloBytes.serverHello(0x0300, 0x0004, new byte[32], (byte[][])null));
        messages.add(HelloBytes.serverHello(0x0303, 0x1302, new byte[32], HelloBytes.selectedVersion(0x0304),
            HelloBytes.extension(ExtensionType.KEY_SHARE, new byte[]{0, 29, 0, 2, 7, 7})));
        final byte[] alpnData = {0, 3, 2, 'h', '2'};
        messages.add(HelloBytes.serverHello(0x0303, 0xc02f, new byte[32],
            HelloBytes.extension(ExtensionType.RENEGOTIATION_INFO, new byte[1]),
            HelloBytes.extension(ExtensionType.ALPN, alpnData), HelloBytes.pointFormats(0)));
        final List<byte[]> payloads = new ArrayList<>();
        for (final byte[] message : messages)
        {
            payloads.add(HelloBytes.record(message));
        }
        final List<Handshake> sharks = TsharkHandshakes.read(HelloBytes.capture(directory, payloads), "tls");
        assertEquals(messages.size(), sharks.size(), "tshark dissected every hello");

        final ClientHello client = new ClientHello();
        final ServerHello server = new ServerHello();
        final Ja3 ja3 = new Ja3();
        for (final Handshake shark : sharks)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(shark.message());
            if (shark.type() == ClientHelloParser.CLIENT_HELLO)
            {
                assertTrue(ClientHelloParser.parse(buffer, 0, buffer.capacity(), client), shark.where());
                assertTrue(ja3.computeJa3(client));
                assertEquals(shark.first("handshake.ja3"), TsharkHandshakes.text(ja3.ja3(), Ja3.HASH_LENGTH),
                    shark.where());
                final String text = TsharkHandshakes.text(ja3.ja3Text(), ja3.ja3TextLength());
                if (ja3.ja3TextTruncated())
                {
                    assertTrue(shark.first("handshake.ja3_full").length() > Ja3.JA3_TEXT_CAPACITY);
                    assertTrue(shark.first("handshake.ja3_full").startsWith(text), shark.where());
                }
                else
                {
                    assertEquals(shark.first("handshake.ja3_full"), text, shark.where());
                }
                assertEquals(shark.first("handshake.extensions_server_name"), client.serverNameLength() < 0 ? null
                    : new String(shark.message(), client.serverNameOffset(), client.serverNameLength(),
                    StandardCharsets.US_ASCII));
            }
            else
            {
                assertTrue(ServerHelloParser.parse(buffer, 0, buffer.capacity(), server), shark.where());
                assertTrue(ja3.computeJa3s(server));
                assertEquals(shark.first("handshake.ja3s_full"),
                    TsharkHandshakes.text(ja3.ja3sText(), ja3.ja3sTextLength()), shark.where());
                assertEquals(shark.first("handshake.ja3s"), TsharkHandshakes.text(ja3.ja3s(), Ja3.HASH_LENGTH));
                final List<Integer> selected = shark.numbers("handshake.extensions.supported_version");
                assertEquals(selected.isEmpty() ? 0 : selected.get(0), server.selectedVersion());
                final List<Integer> group = shark.numbers("handshake.extensions_key_share_group");
                assertEquals(group.isEmpty() ? -1 : group.get(0), server.keyShareGroup());
                assertFalse(server.hasMalformedExtension(), shark.where());
            }
        }
    }

    @Test
    void anInconsistentSupportedGroupsListIsFlaggedNotRejected()
    {
        final byte[] message = HelloBytes.clientHello(0x0303, new int[]{0x1301},
            HelloBytes.extension(ExtensionType.SUPPORTED_GROUPS, new byte[]{0, 3, 0, 29, 0}));
        final ClientHello hello = new ClientHello();
        assertTrue(ClientHelloParser.parse(new UnsafeBuffer(message), 0, message.length, hello));
        assertEquals(ClientHello.MALFORMED_SUPPORTED_GROUPS, hello.malformedExtensions());
        assertEquals(1, hello.supportedGroupCount());
        assertEquals(29, hello.supportedGroup(0));
    }

    @Test
    void sslv2ClientHelloMatchesTsharksDissection()
    {
        final int[] specs = {0x010080, 0x020080, 0x00c02f, 0x000035, 0x0000ff, 0x070c0};
        final byte[] record = HelloBytes.sslv2ClientHello(0x0301, specs, "0123456789abcdef".getBytes());
        final Path capture = HelloBytes.capture(directory, List.of(record));
        final String[] shark = new String(TsharkHandshakes.execute(List.of("tshark", "-n", "-r", capture.toString(),
            "-T", "fields", "-E", "aggregator=;", "-e", "tls.handshake.version", "-e", "tls.handshake.cipherspec",
            "-e", "tls.handshake.challenge_length", "-e", "tls.handshake.ja3")), StandardCharsets.US_ASCII)
            .replace("\n", "").split("\t", -1);

        final ClientHello hello = new ClientHello();
        assertTrue(ClientHelloParser.parseSslv2(new UnsafeBuffer(record), 0, record.length, hello));
        assertTrue(hello.isSslv2());
        assertEquals(Integer.decode(shark[0]), hello.legacyVersion());
        final String[] sharkSpecs = shark[1].split(";");
        assertEquals(sharkSpecs.length, hello.cipherSpecCount());
        final List<Integer> tlsSuites = new ArrayList<>();
        for (int i = 0; i < sharkSpecs.length; i++)
        {
            final int spec = Integer.decode(sharkSpecs[i]);
            assertEquals(spec, hello.cipherSpec(i));
            if (spec >>> 16 == 0)
            {
                tlsSuites.add(spec);
            }
        }
        final List<Integer> ours = new ArrayList<>();
        for (int i = 0; i < hello.cipherSuiteCount(); i++)
        {
            ours.add(hello.cipherSuite(i));
        }
        assertEquals(tlsSuites, ours, "RFC 5246 E.2: specs 0x00XXXX are TLS cipher suites");
        assertEquals(Integer.parseInt(shark[2]), hello.randomLength());
        assertEquals("", shark[3], "Wireshark makes no JA3 for an SSL 2.0 hello");

        // ja3.zeek's JA3 of it: version and every spec in decimal, no extension fields.
        final Ja3 ja3 = new Ja3();
        assertTrue(ja3.computeJa3(hello));
        assertEquals("769,65664-131200-49199-53-255-28864,,,", TsharkHandshakes.text(ja3.ja3Text(),
            ja3.ja3TextLength()));
        assertFalse(ClientHelloParser.parse(new UnsafeBuffer(record), 0, record.length, hello),
            "the TLS entry does not take SSL 2.0 framing");
    }

    @Test
    void dtlsHellosMatchTshark()
    {
        final List<Handshake> sharks = TsharkHandshakes.read(TestFiles.corpusFile("ja4/pcap/dtls-udp.notest.cap"),
            "dtls");
        final ClientHello client = new ClientHello();
        final ServerHello server = new ServerHello();
        final Ja3 ja3 = new Ja3();
        int clients = 0;
        int servers = 0;
        for (final Handshake shark : sharks)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(shark.message());
            if (shark.type() == ClientHelloParser.CLIENT_HELLO)
            {
                assertTrue(ClientHelloParser.parseDtls(buffer, 0, buffer.capacity(), client), shark.where());
                assertEquals(Integer.decode(shark.first("handshake.version")), client.legacyVersion());
                assertTrue(ja3.computeJa3(client));
                assertEquals(shark.first("handshake.ja3_full"),
                    TsharkHandshakes.text(ja3.ja3Text(), ja3.ja3TextLength()), shark.where());
                assertEquals(shark.first("handshake.ja3"), TsharkHandshakes.text(ja3.ja3(), Ja3.HASH_LENGTH));
                clients++;
            }
            else
            {
                assertTrue(ServerHelloParser.parseDtls(buffer, 0, buffer.capacity(), server), shark.where());
                assertEquals(Integer.decode(shark.first("handshake.ciphersuite")), server.cipherSuite());
                assertTrue(ja3.computeJa3s(server));
                assertEquals(shark.first("handshake.ja3s_full"),
                    TsharkHandshakes.text(ja3.ja3sText(), ja3.ja3sTextLength()), shark.where());
                servers++;
            }
        }
        assertTrue(clients > 0 && servers > 0, clients + " DTLS ClientHellos, " + servers + " ServerHellos");
    }
}
