package org.stasensor.pipeline.quic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real QUIC v1 handshakes made here: ngtcp2's GnuTLS client and server (Debian's ngtcp2-client and ngtcp2-server)
 * in two network namespaces this test creates, joined by a veth pair, captured with tcpdump. Each client hello the
 * records carry equals tshark's decryption of the same capture: SNI, ALPN, JA3 and its string, version, both
 * connection ids. Skipped where not root or the tools are missing.
 */
class NgtcpNamespaceCaptureTest
{
    private static final String[] CLIENT_OPTIONS = {
        "",
        "--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-256-GCM:+CHACHA20-POLY1305"
            + " --groups=-GROUP-ALL:+GROUP-SECP384R1:+GROUP-X25519",
    };

    @TempDir
    Path temp;

    @Test
    void ngtcp2ClientHellosMatchTshark() throws IOException, InterruptedException
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        for (final String tool : new String[]{"/usr/bin/gtlsclient", "/usr/sbin/gtlsserver", "/usr/bin/tcpdump",
            "/usr/bin/openssl", "/usr/sbin/ip", "/usr/bin/tshark"})
        {
            assumeTrue(Files.isExecutable(Path.of(tool)) || Files.isExecutable(Path.of(tool.replace("/usr", ""))),
                tool + " is not installed");
        }
        for (int run = 0; run < CLIENT_OPTIONS.length; run++)
        {
            final Path capture = temp.resolve("ngtcp2-" + run + ".pcap");
            capture(capture, CLIENT_OPTIONS[run], "n" + ProcessHandle.current().pid() % 100000 + run);
            compareWithTshark(capture);
        }
    }

    private static void compareWithTshark(final Path capture)
    {
        final List<String[]> hellos = Tshark.fields(capture, "udp && tls.handshake.type == 1", "udp.srcport",
            "quic.version", "quic.dcid", "quic.scid", "tls.handshake.extensions_server_name",
            "tls.handshake.extensions_alpn_str", "tls.handshake.ja3", "tls.handshake.ja3_full");
        assertFalse(hellos.isEmpty(), "tshark finds the QUIC ClientHello in " + capture);
        final List<QuicTestSupport.Datagram> all = QuicTestSupport.datagrams(capture);
        for (final String[] tshark : hellos)
        {
            final List<byte[]> client = new ArrayList<>();
            for (final QuicTestSupport.Datagram datagram : all)
            {
                if (String.valueOf(datagram.sourcePort()).equals(tshark[0]) && datagram.destinationPort() == 443)
                {
                    client.add(datagram.payload());
                }
            }
            final QuicTestSupport.Outcome outcome = QuicTestSupport.run(client);
            assertEquals(QuicInitialInspector.RESULT_COMPLETE, outcome.result());
            final RecordReader record = outcome.record();
            assertEquals(first(tshark[1]), outcome.version());
            assertEquals(first(tshark[2]), outcome.destinationId());
            assertEquals(first(tshark[3]), outcome.sourceId());
            assertEquals(tshark[4], record.string(Fields.TLS_CLIENT_SERVER_NAME));
            assertEquals(tshark[5], String.join(",", record.strings(Fields.TLS_CLIENT_ALPN)));
            assertEquals(tshark[6], record.string(Fields.TLS_CLIENT_JA3));
            assertEquals(tshark[7], record.string(Fields.TLS_CLIENT_JA3_STRING));
            assertTrue(record.string(Fields.TLS_CLIENT_JA4).startsWith("q13"), record.string(Fields.TLS_CLIENT_JA4));
            System.out.println("QUIC ngtcp2: " + client.size() + " client datagrams, JA3 " + tshark[6]
                + " = ours, JA4 " + record.string(Fields.TLS_CLIENT_JA4) + ", DCID " + tshark[2]);
        }
    }

    private static String first(final String aggregated)
    {
        final int comma = aggregated.indexOf(',');
        return comma < 0 ? aggregated : aggregated.substring(0, comma);
    }

    /** Namespaces, a self-signed certificate, the server on 10.77.x.2:443, one client request, then clean-up. */
    private void capture(final Path capture, final String clientOptions, final String name)
        throws IOException, InterruptedException
    {
        final Path dir = Files.createDirectories(temp.resolve(name));
        final String script = String.join("\n",
            "set -u",
            "C=" + name + "c; S=" + name + "s; D=" + dir,
            "cleanup() { kill $TP $SP 2>/dev/null; wait $TP $SP 2>/dev/null; ip netns del $C 2>/dev/null;"
                + " ip netns del $S 2>/dev/null; }",
            "TP=; SP=; trap cleanup EXIT",
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout $D/key.pem"
                + " -out $D/cert.pem -days 1 -subj /CN=localhost >/dev/null 2>&1 || exit 10",
            "ip netns add $C && ip netns add $S || exit 11",
            "ip link add ${C}v type veth peer name ${S}v || exit 12",
            "ip link set ${C}v netns $C && ip link set ${S}v netns $S",
            "ip -n $C addr add 10.77.0.1/24 dev ${C}v && ip -n $S addr add 10.77.0.2/24 dev ${S}v",
            "ip -n $C link set ${C}v up && ip -n $S link set ${S}v up",
            "ip -n $C link set lo up && ip -n $S link set lo up",
            "ip netns exec $S gtlsserver -q 10.77.0.2 443 $D/key.pem $D/cert.pem >$D/server.log 2>&1 & SP=$!",
            "ip netns exec $C tcpdump -i ${C}v -U -w " + capture + " udp >$D/tcpdump.log 2>&1 & TP=$!",
            "sleep 1",
            "ip netns exec $C timeout 10 gtlsclient -q --exit-on-all-streams-close --timeout=3s " + clientOptions
                + " 10.77.0.2 443 https://localhost/ >$D/client.log 2>&1",
            "echo client=$?",
            "sleep 1");
        final Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "capture script finished");
        assertTrue(Files.size(capture) > 24, "captured something: " + output);
    }
}
