package org.stasensor.rules.policy;

import org.stasensor.pipeline.testing.CapturedRecords;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * outbound_ssh on a real SSH session from a LAN host to a public server (FoxIO ja4 ssh.pcapng: 172.16.225.48 to
 * 54.160.114.75:22); the same session rewritten to a LAN server does not alert.
 */
class OutboundSshTest
{
    private static final String POLICY = """
        groups:
          gateways: [172.16.225.200]
        rules:
          - name: outbound-ssh
            kind: outbound_ssh
            allow:
              hosts: [gateways]
        """;

    @TempDir
    Path temp;

    @Test
    void lanToPublicSshAlerts()
    {
        final Captures captures = new Captures(temp);
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY),
            CapturedRecords.of(captures.corpus("ja4/pcap/ssh.pcapng")));
        assertEquals(List.of("SSH from 172.16.225.48 to public 54.160.114.75 port 22/tcp"), alerts.messages());
    }

    @Test
    void lanToLanSshDoesNotAlert()
    {
        final Captures captures = new Captures(temp);
        final Path lan = captures.rewrite(captures.corpus("ja4/pcap/ssh.pcapng"),
            "--pnat=54.160.114.75/32:172.16.225.10/32");
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), CapturedRecords.of(lan)).messages());
    }

    @Test
    void allowListedGatewayDoesNotAlert()
    {
        final Captures captures = new Captures(temp);
        final Path gateway = captures.rewrite(captures.corpus("ja4/pcap/ssh.pcapng"),
            "--pnat=172.16.225.48/32:172.16.225.200/32");
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), CapturedRecords.of(gateway)).messages());
    }
}
