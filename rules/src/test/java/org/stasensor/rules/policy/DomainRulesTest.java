package org.stasensor.rules.policy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * dga_domain and young_domain on a real DNS query (nDPI dns_ambiguous_names.pcap, 41-courier.push.apple.com) with the
 * enrichment fields appended as the enrichment stage appends them, and on a late {@code domain} record (an RDAP answer
 * that arrived after the records naming the domain).
 */
class DomainRulesTest
{
    private static final String POLICY = """
        rules:
          - name: dga-domain
            kind: dga_domain
            threshold: 0.85
          - name: young-domain
            kind: young_domain
            max_age_days: 30
            allow:
              domains: [example.org]
        """;
    private static final long DAY = 86_400_000_000_000L;

    @TempDir
    Path temp;
    private byte[] query;
    private long time;

    @BeforeEach
    void realQuery()
    {
        final Captures captures = new Captures(temp);
        query = Alerts.only(CapturedRecords.of(captures.corpus("nDPI/pcap/dns_ambiguous_names.pcap")), Dataset.DNS)
            .get(0);
        time = CapturedRecords.reader(query).timestampNanos();
    }

    @Test
    void highDgaScoreAlerts()
    {
        final byte[] record = Alerts.enriched(query, Fields.DOMAIN_REGISTERED_DOMAIN, "apple.com",
            Fields.DOMAIN_DGA_SCORE, 0.93);
        assertEquals(List.of("domain apple.com looks machine-generated (score 0.93 >= 0.85), named by 10.200.2.11"),
            Alerts.run(Alerts.engine(POLICY), List.of(record)).messages());
    }

    @Test
    void lowDgaScoreDoesNotAlert()
    {
        final byte[] record = Alerts.enriched(query, Fields.DOMAIN_REGISTERED_DOMAIN, "apple.com",
            Fields.DOMAIN_DGA_SCORE, 0.12);
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), List.of(record)).messages());
    }

    @Test
    void youngDomainAlerts()
    {
        final byte[] record = Alerts.enriched(query, Fields.DOMAIN_REGISTERED_DOMAIN, "apple.com",
            Fields.DOMAIN_CREATION_DATE, time - 3 * DAY - 5, Fields.DOMAIN_AGE_DAYS, 3L);
        assertEquals(List.of("domain apple.com was registered 3 days ago (younger than 30 days), named by "
            + "10.200.2.11"), Alerts.run(Alerts.engine(POLICY), List.of(record)).messages());
    }

    @Test
    void oldDomainDoesNotAlert()
    {
        final byte[] record = Alerts.enriched(query, Fields.DOMAIN_REGISTERED_DOMAIN, "apple.com",
            Fields.DOMAIN_CREATION_DATE, time - 9000 * DAY, Fields.DOMAIN_AGE_DAYS, 9000L);
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), List.of(record)).messages());
    }

    @Test
    void lateRdapAnswerForYoungDomainAlerts()
    {
        final List<byte[]> records = List.of(query, Alerts.domainRecord(time + 2_000_000_000L, "apple.com",
            time - 5 * DAY));
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY), records);
        assertEquals(List.of("domain apple.com was registered 5 days ago (younger than 30 days)"), alerts.messages());
        assertEquals("domain", alerts.raised.get(0).dataset());
    }

    @Test
    void lateRdapAnswerForOldDomainDoesNotAlert()
    {
        final List<byte[]> records = List.of(query, Alerts.domainRecord(time + 2_000_000_000L, "apple.com",
            time - 4000 * DAY));
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), records).messages());
    }

    @Test
    void allowListedDomainDoesNotAlert()
    {
        final List<byte[]> records = List.of(Alerts.domainRecord(time, "example.org", time - DAY));
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), records).messages());
    }
}
