package org.stasensor.pipeline.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.tls.TsharkHandshakes.Handshake;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every ClientHello and ServerHello that tshark dissects in the corpus captures (TLS samples of salesforce/ja3, nDPI
 * and FoxIO ja4) is parsed and fingerprinted here and compared with tshark: its JA3 / JA3S text and hash, and the
 * fields it decoded (version, cipher suites, extension types, SNI, supported versions and groups, point formats,
 * ALPN, compression, key share). The message bytes are the ones tshark delimited, reassembled when a hello spans
 * TCP segments. Differences are gathered and reported together.
 */
class HellosMatchTsharkTest
{
    private static final String[] CAPTURES = {
        "ja3/Traces/*.pcap", "nDPI/pcap/*tls*.pcap*", "nDPI/pcap/443-*.pcap", "nDPI/pcap/ja3_*.pcap",
        "ja4/pcap/tls*.pcap*"};

    /** RFC 8446 4.1.3: the random of a HelloRetryRequest, SHA-256 of "HelloRetryRequest", as tshark prints it. */
    private static final String HELLO_RETRY_REQUEST_RANDOM =
        "cf:21:ad:74:e5:9a:61:11:be:1d:8c:02:1e:65:b8:91:c2:a2:11:16:7a:bb:8c:5e:07:9e:09:e2:c8:a8:33:9c";

    private static Map<Path, List<Handshake>> hellos;

    @BeforeAll
    static void runTshark()
    {
        final long start = System.nanoTime();
        hellos = TsharkHandshakes.tls(TsharkHandshakes.corpusFiles(CAPTURES));
        System.out.println("tshark read " + hellos.size() + " captures in " + (System.nanoTime() - start) / 1_000_000
            + " ms");
    }

    @Test
    void clientHelloFieldsAndJa3MatchTshark()
    {
        final ClientHello hello = new ClientHello();
        final Ja3 ja3 = new Ja3();
        final List<String> differences = new ArrayList<>();
        int compared = 0;
        int withSni = 0;
        int rejected = 0;
        for (final List<Handshake> handshakes : hellos.values())
        {
            for (final Handshake shark : handshakes)
            {
                if (shark.type() != ClientHelloParser.CLIENT_HELLO)
                {
                    continue;
                }
                compared++;
                final UnsafeBuffer buffer = new UnsafeBuffer(shark.message());
                if (!ClientHelloParser.parse(buffer, 0, buffer.capacity(), hello))
                {
                    // Rejecting is right only for a hello tshark found malformed too.
                    if (shark.first(TsharkHandshakes.MALFORMED) == null)
                    {
                        differences.add(shark.where() + ": ClientHello not parsed, tshark ja3_full "
                            + shark.first("handshake.ja3_full"));
                    }
                    rejected++;
                    continue;
                }
                ja3.computeJa3(hello);
                final List<String> faults = new ArrayList<>();
                check(faults, "version", Integer.decode(shark.first("handshake.version")), hello.legacyVersion());
                check(faults, "session id length", Integer.decode(shark.first("handshake.session_id_length")),
                    hello.sessionIdLength());
                check(faults, "cipher suites", shark.numbers("handshake.ciphersuite"), cipherSuites(hello));
                check(faults, "compression", shark.numbers("handshake.comp_method"), compression(hello));
                check(faults, "extension types", shark.numbers("handshake.extension.type"), extensionTypes(hello));
                check(faults, "server name", shark.first("handshake.extensions_server_name"), serverName(hello));
                check(faults, "supported versions", shark.numbers("handshake.extensions.supported_version"),
                    supportedVersions(hello));
                check(faults, "supported groups", shark.numbers("handshake.extensions_supported_group"),
                    supportedGroups(hello));
                check(faults, "point formats", shark.numbers("handshake.extensions_ec_point_format"),
                    pointFormats(hello));
                check(faults, "ALPN", shark.values("handshake.extensions_alpn_str_raw"), alpnHex(hello));
                check(faults, "ja3_full", shark.first("handshake.ja3_full"),
                    TsharkHandshakes.text(ja3.ja3Text(), ja3.ja3TextLength()));
                check(faults, "ja3", shark.first("handshake.ja3"), TsharkHandshakes.text(ja3.ja3(), Ja3.HASH_LENGTH));
                if (!faults.isEmpty())
                {
                    differences.add(shark.where() + ": " + faults);
                }
                withSni += hello.serverNameLength() >= 0 ? 1 : 0;
            }
        }
        System.out.println("ClientHellos compared with tshark: " + compared + " (" + withSni + " with SNI, "
            + rejected + " rejected as malformed, as tshark did)");
        assertTrue(compared >= 100, "only " + compared + " ClientHellos found in the corpus");
        assertTrue(differences.isEmpty(), differences.size() + " of " + compared + " differ:\n"
            + String.join("\n", differences));
    }

    @Test
    void serverHelloFieldsAndJa3sMatchTshark()
    {
        final ServerHello hello = new ServerHello();
        final Ja3 ja3 = new Ja3();
        final List<String> differences = new ArrayList<>();
        int compared = 0;
        int retries = 0;
        for (final List<Handshake> handshakes : hellos.values())
        {
            for (final Handshake shark : handshakes)
            {
                if (shark.type() != ServerHelloParser.SERVER_HELLO)
                {
                    continue;
                }
                compared++;
                final UnsafeBuffer buffer = new UnsafeBuffer(shark.message());
                if (!ServerHelloParser.parse(buffer, 0, buffer.capacity(), hello))
                {
                    differences.add(shark.where() + ": ServerHello not parsed, tshark ja3s_full "
                        + shark.first("handshake.ja3s_full"));
                    continue;
                }
                ja3.computeJa3s(hello);
                final List<String> faults = new ArrayList<>();
                check(faults, "version", Integer.decode(shark.first("handshake.version")), hello.legacyVersion());
                check(faults, "cipher suite", Integer.decode(shark.first("handshake.ciphersuite")),
                    hello.cipherSuite());
                check(faults, "compression", Integer.decode(shark.first("handshake.comp_method")),
                    hello.compressionMethod());
                final List<Integer> types = new ArrayList<>();
                for (int i = 0; i < hello.extensionCount(); i++)
                {
                    types.add(hello.extensionType(i));
                }
                check(faults, "extension types", shark.numbers("handshake.extension.type"), types);
                final List<Integer> selected = shark.numbers("handshake.extensions.supported_version");
                check(faults, "selected version", selected.isEmpty() ? 0 : selected.get(0),
                    hello.selectedVersion());
                final boolean retry = HELLO_RETRY_REQUEST_RANDOM.equals(shark.first("handshake.random"));
                check(faults, "HelloRetryRequest", retry, hello.isHelloRetryRequest());
                final List<Integer> group = shark.numbers(retry
                    ? "handshake.extensions_key_share_selected_group" : "handshake.extensions_key_share_group");
                check(faults, "key share group", group.isEmpty() ? -1 : group.get(0), hello.keyShareGroup());
                retries += retry ? 1 : 0;
                final List<String> alpn = shark.values("handshake.extensions_alpn_str_raw");
                check(faults, "ALPN", alpn.isEmpty() ? null : alpn.get(0), hello.alpnLength() < 0 ? null
                    : hex(hello.buffer().byteArray(), hello.alpnOffset(), hello.alpnLength()));
                check(faults, "ja3s_full", shark.first("handshake.ja3s_full"),
                    TsharkHandshakes.text(ja3.ja3sText(), ja3.ja3sTextLength()));
                check(faults, "ja3s", shark.first("handshake.ja3s"),
                    TsharkHandshakes.text(ja3.ja3s(), Ja3.HASH_LENGTH));
                if (!faults.isEmpty())
                {
                    differences.add(shark.where() + ": " + faults);
                }
            }
        }
        System.out.println("ServerHellos compared with tshark: " + compared + " (" + retries
            + " HelloRetryRequests)");
        assertTrue(compared >= 50, "only " + compared + " ServerHellos found in the corpus");
        assertTrue(differences.isEmpty(), differences.size() + " of " + compared + " differ:\n"
            + String.join("\n", differences));
    }

    private static void check(final List<String> faults, final String what, final Object tshark, final Object ours)
    {
        if (!Objects.equals(tshark, ours))
        {
            faults.add(what + ": tshark " + tshark + ", parser " + ours);
        }
    }

    private static List<Integer> cipherSuites(final ClientHello hello)
    {
        final List<Integer> list = new ArrayList<>();
        for (int i = 0; i < hello.cipherSuiteCount(); i++)
        {
            list.add(hello.cipherSuite(i));
        }
        return list;
    }

    private static List<Integer> compression(final ClientHello hello)
    {
        final List<Integer> list = new ArrayList<>();
        for (int i = 0; i < hello.compressionMethodCount(); i++)
        {
            list.add(hello.compressionMethod(i));
        }
        return list;
    }

    private static List<Integer> extensionTypes(final ClientHello hello)
    {
        final List<Integer> list = new ArrayList<>();
        for (int i = 0; i < Math.min(hello.extensionCount(), ClientHello.MAX_EXTENSIONS); i++)
        {
            list.add(hello.extensionType(i));
        }
        return list;
    }

    private static String serverName(final ClientHello hello)
    {
        return hello.serverNameLength() < 0 ? null : new String(hello.buffer().byteArray(),
            hello.serverNameOffset(), hello.serverNameLength(), StandardCharsets.ISO_8859_1);
    }

    private static List<Integer> supportedVersions(final ClientHello hello)
    {
        final List<Integer> list = new ArrayList<>();
        for (int i = 0; i < hello.supportedVersionCount(); i++)
        {
            list.add(hello.supportedVersion(i));
        }
        return list;
    }

    private static List<Integer> supportedGroups(final ClientHello hello)
    {
        final List<Integer> list = new ArrayList<>();
        for (int i = 0; i < hello.supportedGroupCount(); i++)
        {
            list.add(hello.supportedGroup(i));
        }
        return list;
    }

    private static List<Integer> pointFormats(final ClientHello hello)
    {
        final List<Integer> list = new ArrayList<>();
        for (int i = 0; i < hello.ecPointFormatCount(); i++)
        {
            list.add(hello.ecPointFormat(i));
        }
        return list;
    }

    private static List<String> alpnHex(final ClientHello hello)
    {
        final List<String> list = new ArrayList<>();
        for (int i = 0; i < Math.min(hello.alpnCount(), ClientHello.MAX_ALPN_PROTOCOLS); i++)
        {
            list.add(hex(hello.buffer().byteArray(), hello.alpnOffset(i), hello.alpnLength(i)));
        }
        return list;
    }

    private static String hex(final byte[] bytes, final int offset, final int length)
    {
        return HexFormat.of().formatHex(bytes, offset, offset + length);
    }
}
