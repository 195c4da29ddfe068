package org.stasensor.rules.policy;

import org.stasensor.pipeline.testing.CapturedRecords;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * non_dns_on_dns_port from the parser's flow marking: a real SSH session (nDPI ssh.pcap) moved to TCP port 53 with
 * tcprewrite alerts; the same session on its own port 22, and real DNS on port 53, do not.
 */
class NonDnsOnDnsPortTest
{
    private static final String POLICY = """
        rules:
          - name: non-dns-on-dns-port
            kind: non_dns_on_dns_port
            severity: 2
        """;

    @TempDir
    Path temp;

    @Test
    void sshOnPort53Alerts()
    {
        final Captures captures = new Captures(temp);
        final Path moved = captures.rewrite(captures.corpus("nDPI/pcap/ssh.pcap"), "--portmap=22:53");
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY), CapturedRecords.of(moved));
        assertEquals(List.of("traffic that is not DNS (ssh) on DNS port 53/tcp from 172.16.238.1 to "
            + "172.16.238.168"), alerts.messages());
        assertEquals("flow", alerts.raised.get(0).dataset());
    }

    @Test
    void sameSessionOnItsOwnPortDoesNotAlert()
    {
        final Captures captures = new Captures(temp);
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY),
            CapturedRecords.of(captures.corpus("nDPI/pcap/ssh.pcap")));
        assertEquals(List.of(), alerts.messages());
    }

    @Test
    void realDnsOnPort53DoesNotAlert()
    {
        final Captures captures = new Captures(temp);
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY),
            CapturedRecords.of(captures.corpus("nDPI/pcap/dns_ambiguous_names.pcap")));
        assertEquals(List.of(), alerts.messages());
    }
}
