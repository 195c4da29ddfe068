package org.stasensor.rules.policy;

import org.stasensor.pipeline.testing.CapturedRecords;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * new_public_dns_server on real resolver traffic: nDPI dns_ambiguous_names.pcap (10.200.2.11 asks 8.8.8.8 ten times)
 * after a learning period made of nDPI mullvad_dns.pcap (a query to 9.9.9.9) rewritten to the same client and moved
 * two days earlier with editcap.
 */
class NewPublicDnsServerTest
{
    static final String POLICY = """
        rules:
          - name: new-public-dns-server
            kind: new_public_dns_server
            learning: 1d
        """;
    private static final long DAY_SECONDS = 86_400;

    @TempDir
    static Path temp;
    private static Captures captures;
    private static List<byte[]> test;
    private static List<byte[]> learnt;

    @BeforeAll
    static void traffic()
    {
        captures = new Captures(temp);
        test = queriesToGoogle(captures);
        learnt = learntQuad9(captures, test);
    }

    /** The test traffic: 10 queries from 10.200.2.11 to 8.8.8.8 with their answers. */
    static List<byte[]> queriesToGoogle(final Captures captures)
    {
        return CapturedRecords.of(captures.corpus("nDPI/pcap/dns_ambiguous_names.pcap"));
    }

    /**
     * A capture moved so that it ends {@code daysBefore} days before the first record of another.
     *
     * @return the records of the moved capture.
     */
    static List<byte[]> before(final Captures captures, final Path capture, final List<byte[]> later,
        final long daysBefore)
    {
        final long laterStart = CapturedRecords.reader(later.get(0)).timestampNanos() / 1_000_000_000L;
        final long start = CapturedRecords.reader(CapturedRecords.of(capture).get(0)).timestampNanos() / 1_000_000_000L;
        return CapturedRecords.of(captures.shift(capture, laterStart - daysBefore * DAY_SECONDS - start));
    }

    /** The learning traffic: the same client asking Quad9, two days before. */
    static List<byte[]> learntQuad9(final Captures captures, final List<byte[]> later)
    {
        final Path quad9 = captures.rewrite(captures.corpus("nDPI/pcap/mullvad_dns.pcap"),
            "--pnat=192.168.122.11/32:10.200.2.11/32");
        return before(captures, quad9, later, 2);
    }

    @Test
    void firstQueryToUnseenPublicServerAfterLearningAlertsOnce()
    {
        final List<byte[]> all = new ArrayList<>(learnt);
        all.addAll(test);
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY), all);
        assertEquals(List.of("10.200.2.11 used public DNS server 8.8.8.8 for the first time (asking "
            + "41-courier.push.apple.com)"), alerts.messages());
        assertEquals("dns", alerts.raised.get(0).dataset());
    }

    @Test
    void serverUsedDuringLearningDoesNotAlert()
    {
        final Path google = captures.corpus("nDPI/pcap/dns_ambiguous_names.pcap");
        final List<byte[]> all = new ArrayList<>(before(captures, google, test, 2));
        all.addAll(test);
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), all).messages());
    }

    @Test
    void nothingAlertsDuringTheLearningPeriod()
    {
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), test).messages());
    }

    @Test
    void hostThatAnswersDnsIsExempt()
    {
        final List<byte[]> all = new ArrayList<>(learnt);
        // nDPI dns-exf.pcap: 192.168.2.225 asks 192.168.2.134, which answers; the answering host becomes our client.
        final Path answering = captures.rewrite(captures.corpus("nDPI/pcap/dns-exf.pcap"),
            "--pnat=192.168.2.134/32:10.200.2.11/32");
        all.addAll(before(captures, answering, test, 1));
        all.addAll(test);
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY), all);
        assertEquals(List.of(), alerts.messages());
    }

    @Test
    void allowListedServerDoesNotAlert()
    {
        final List<byte[]> all = new ArrayList<>(learnt);
        all.addAll(test);
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY + """
                allow:
                  hosts: [8.8.8.8, 8.8.4.4]
            """), all);
        assertTrue(alerts.raised.isEmpty(), alerts.messages().toString());
    }
}
