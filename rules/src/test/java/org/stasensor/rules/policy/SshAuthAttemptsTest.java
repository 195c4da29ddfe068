package org.stasensor.rules.policy;

import org.stasensor.pipeline.testing.CapturedRecords;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ssh_auth_attempts across connections: nDPI ssh.pcap holds an OpenSSH session from 172.16.238.1 whose record carries
 * 3 authentication attempts. Four copies a minute apart (editcap -t) make 12 attempts in 10 minutes and alert at the
 * fourth; the same four sessions an hour apart never have more than 3 in a window and do not.
 */
class SshAuthAttemptsTest
{
    static final String POLICY = """
        rules:
          - name: ssh-auth-attempts
            kind: ssh_auth_attempts
            threshold: 10
            window: 10m
        """;

    @TempDir
    Path temp;

    /**
     * Copies of the session, each moved by a multiple of a spacing.
     *
     * @return their records in time order.
     */
    static List<byte[]> sessions(final Captures captures, final int copies, final long spacingSeconds)
    {
        final Path session = captures.corpus("nDPI/pcap/ssh.pcap");
        final List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < copies; i++)
        {
            records.addAll(CapturedRecords.of(captures.shift(session, i * spacingSeconds)));
        }
        return records;
    }

    @Test
    void attemptsOverSeveralConnectionsInTheWindowAlert()
    {
        final Captures captures = new Captures(temp);
        final List<byte[]> records = sessions(captures, 4, 60);
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY), records);
        assertEquals(List.of("172.16.238.1 made 12 SSH authentication attempts in 10m (threshold 10), latest to "
            + "172.16.238.168"), alerts.messages());
    }

    @Test
    void sameConnectionsSpreadOverHoursDoNotAlert()
    {
        final Captures captures = new Captures(temp);
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), sessions(captures, 4, 3600)).messages());
    }
}
