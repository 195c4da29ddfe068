package org.stasensor.rules.policy;

import org.stasensor.pipeline.testing.CapturedRecords;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * old_tls_to_public on real handshakes: TLS 1.0 negotiated with a public server (nDPI tls-rdn-extract.pcap, as tshark
 * shows: ServerHello version 0x0301) alerts; the same session rewritten to a LAN server does not, nor do TLS 1.2
 * sessions to public servers (FoxIO ja4 ssh2.pcapng).
 */
class OldTlsToPublicTest
{
    private static final String POLICY = """
        rules:
          - name: old-tls-to-public
            kind: old_tls_to_public
            min_version: "1.2"
        """;

    @TempDir
    Path temp;

    @Test
    void tls10ToPublicServerAlerts()
    {
        final Captures captures = new Captures(temp);
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY),
            CapturedRecords.of(captures.corpus("nDPI/pcap/tls-rdn-extract.pcap")));
        assertEquals(List.of("TLS 1.0 negotiated with public server 213.199.149.251 port 443/tcp (ads1.msads.net) "
            + "by 10.0.0.1, below TLS 1.2: old server or a downgrade"), alerts.messages());
    }

    @Test
    void tls10ToLanServerDoesNotAlert()
    {
        final Captures captures = new Captures(temp);
        final Path lan = captures.rewrite(captures.corpus("nDPI/pcap/tls-rdn-extract.pcap"),
            "--pnat=213.199.149.251/32:10.0.0.2/32");
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), CapturedRecords.of(lan)).messages());
    }

    @Test
    void tls12ToPublicServersDoesNotAlert()
    {
        final Captures captures = new Captures(temp);
        final List<byte[]> records = CapturedRecords.of(captures.corpus("ja4/pcap/ssh2.pcapng"));
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), records).messages());
        // With the bar raised to 1.3 the same TLS 1.2 sessions alert: the rule did look at them.
        assertEquals(5, Alerts.run(Alerts.engine(POLICY.replace("\"1.2\"", "tls1.3")), records).raised.size());
    }
}
