package org.stasensor.rules.policy;

import org.stasensor.pipeline.testing.CapturedRecords;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * never_internet on a real TLS session (nDPI tls-rdn-extract.pcap: 10.0.0.1 to 213.199.149.251:443): the watched host
 * talking to a public server alerts; the same session with the server rewritten into the LAN does not.
 */
class NeverInternetTest
{
    private static final String POLICY = """
        groups:
          servers: [10.0.0.1]
        rules:
          - name: servers-never-internet
            kind: never_internet
            hosts: [servers]
            severity: 1
        """;

    @TempDir
    Path temp;

    @Test
    void watchedHostReachingPublicServerAlertsOncePerPeer()
    {
        final Captures captures = new Captures(temp);
        final List<byte[]> records = CapturedRecords.of(captures.corpus("nDPI/pcap/tls-rdn-extract.pcap"));
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY), records);
        // The tls and the flow record both show the connection; the suppression window keeps it to one alert.
        assertEquals(1, alerts.raised.size(), alerts.messages().toString());
        assertEquals("servers-never-internet", alerts.raised.get(0).rule());
        assertEquals(1, alerts.raised.get(0).severity());
        assertTrue(alerts.raised.get(0).message().contains("10.0.0.1 must never reach the Internet but connected to "
            + "213.199.149.251 port 443/tcp"), alerts.raised.get(0).message());
    }

    @Test
    void sameSessionToLanServerDoesNotAlert()
    {
        final Captures captures = new Captures(temp);
        final Path lan = captures.rewrite(captures.corpus("nDPI/pcap/tls-rdn-extract.pcap"),
            "--pnat=213.199.149.251/32:10.0.0.2/32");
        final List<byte[]> records = CapturedRecords.of(lan);
        assertEquals(2, records.size());
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), records).messages());
    }

    @Test
    void allowListedPeerDoesNotAlert()
    {
        final Captures captures = new Captures(temp);
        final List<byte[]> records = CapturedRecords.of(captures.corpus("nDPI/pcap/tls-rdn-extract.pcap"));
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY + """
                allow:
                  hosts: [213.199.149.0/24]
            """), records);
        assertEquals(List.of(), alerts.messages());
    }
}
