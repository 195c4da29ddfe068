package org.stasensor.pipeline.enrich.rdap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InternetDomainName;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.domain.PublicSuffixList;
import org.stasensor.pipeline.enrich.DomainEnrichment;
import org.stasensor.pipeline.enrich.EnrichmentStage;
import org.stasensor.pipeline.enrich.LateRecords;
import org.stasensor.pipeline.enrich.dga.DgaModel;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * The domain enrichment over a real RDAP server on loopback: a record naming a domain that is not cached yet goes on
 * at once with {@code pending}; the answer arrives as a {@code domain} record carrying the triggering record's time,
 * uid and addresses, the creation date the server sent and the age from the record's time; the next record naming the
 * domain has the date itself. Registered domains equal Guava's reading of the Public Suffix List, names are taken
 * from the DNS question, else the SNI, else the first certificate name that is a DNS name.
 */
class DomainEnrichmentLateRecordsTest
{
    private static final long RECORD_TIME = Instant.parse("2026-11-28T12:00:00Z").toEpochMilli() * 1_000_000L;

    @Test
    void aPendingLookupBecomesALateDomainRecord(@TempDir final Path dir) throws Exception
    {
        final String registered = "1990-12-31T23:59:59Z";
        try (RdapTestServer server = new RdapTestServer((domain, previous) ->
            RdapTestServer.Answer.json(200, RdapBodies.domain(domain, registered))))
        {
            final LateRecords late = new LateRecords(1 << 16);
            final DomainEnrichment.Triggers triggers = new DomainEnrichment.Triggers(100, late);
            final RdapSettings settings = new RdapSettings(true, server.writeBootstrap(dir), null, 100,
                Duration.ofDays(30), Duration.ofDays(1), Duration.ofMinutes(10), 100, 100, Duration.ofSeconds(5), 100);
            try (DomainAgeService ages = DomainAgeService.open(settings, triggers::onUpdate))
            {
                final EnrichmentStage stage = new EnrichmentStage(List.of(new DomainEnrichment(
                    PublicSuffixList.load(), DgaModel.bundled()::score, ages, triggers, 64)), 1 << 14);
                final RecordReader first = enrich(stage, Dataset.DNS, Fields.DNS_QUESTION_NAME, "WWW.Shop.Example.");
                assertEquals("www.shop.example", first.string(Fields.DOMAIN_NAME));
                assertEquals("shop.example", first.string(Fields.DOMAIN_REGISTERED_DOMAIN));
                assertEquals("pending", first.string(Fields.DOMAIN_CREATION_DATE_STATUS));
                assertFalse(first.has(Fields.DOMAIN_CREATION_DATE));
                assertTrue(first.has(Fields.DOMAIN_DGA_SCORE));

                final List<byte[]> lateRecords = new ArrayList<>();
                final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (lateRecords.isEmpty() && System.nanoTime() < deadline)
                {
                    late.drain((buffer, offset, length) ->
                    {
                        final byte[] copy = new byte[length];
                        buffer.getBytes(offset, copy);
                        lateRecords.add(copy);
                    }, 10);
                    Thread.sleep(10);
                }
                assertEquals(1, lateRecords.size(), "one domain record when the answer arrives");
                final RecordReader update = new RecordReader().wrap(new UnsafeBuffer(lateRecords.get(0)), 0);
                assertEquals(Dataset.DOMAIN, update.dataset());
                assertEquals(RECORD_TIME, update.timestampNanos(), "the triggering record's time");
                assertEquals(77, update.flowUid(), "the triggering record's uid");
                assertEquals("shop.example", update.string(Fields.DOMAIN_REGISTERED_DOMAIN));
                final long created = Instant.parse(registered).toEpochMilli() * 1_000_000L;
                assertEquals(created, update.longValue(Fields.DOMAIN_CREATION_DATE, 0));
                assertEquals(Duration.ofNanos(RECORD_TIME - created).toDays(), update.longValue(Fields.DOMAIN_AGE_DAYS,
                    -1));
                assertEquals("found", update.string(Fields.DOMAIN_CREATION_DATE_STATUS));

                final RecordReader second = enrich(stage, Dataset.TLS, Fields.TLS_CLIENT_SERVER_NAME, "api.shop.example");
                assertEquals("found", second.string(Fields.DOMAIN_CREATION_DATE_STATUS));
                assertEquals(created, second.longValue(Fields.DOMAIN_CREATION_DATE, 0));
                assertEquals(1, server.requestsFor("shop.example"), "one request for the registered domain");
            }
        }
    }

    @Test
    void namesComeFromTheQuestionTheSniOrTheFirstCertificateDnsName() throws Exception
    {
        final EnrichmentStage stage = new EnrichmentStage(List.of(new DomainEnrichment(PublicSuffixList.load(),
            DgaModel.bundled()::score, null, new DomainEnrichment.Triggers(10, new LateRecords(1 << 12)), 64)),
            1 << 14);
        for (final String name : List.of("www.bbc.co.uk", "a.b.example.com", "shop.example.org"))
        {
            final RecordReader record = enrich(stage, Dataset.DNS, Fields.DNS_QUESTION_NAME, name);
            assertEquals(InternetDomainName.from(name).topPrivateDomain().toString(),
                record.string(Fields.DOMAIN_REGISTERED_DOMAIN), name);
            assertEquals("offline", record.string(Fields.DOMAIN_CREATION_DATE_STATUS));
        }
        // A certificate lists an IP address and a wildcard before a plain name: the first DNS name wins.
        final RecordReader certificate = enrich(stage, Dataset.TLS, Fields.X509_ALTERNATIVE_NAMES, "10.0.0.1",
            "*.cdn.example.net", "example.net");
        assertEquals("cdn.example.net", certificate.string(Fields.DOMAIN_NAME));
        assertEquals("example.net", certificate.string(Fields.DOMAIN_REGISTERED_DOMAIN));
        // Reverse lookups and single labels name nothing anyone registered.
        assertFalse(enrich(stage, Dataset.DNS, Fields.DNS_QUESTION_NAME, "1.0.0.10.in-addr.arpa")
            .has(Fields.DOMAIN_NAME));
        assertFalse(enrich(stage, Dataset.DNS, Fields.DNS_QUESTION_NAME, "localhost").has(Fields.DOMAIN_NAME));
    }

    private static RecordReader enrich(final EnrichmentStage stage, final Dataset dataset, final Field field,
        final String... values) throws Exception
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        final UnsafeBuffer addresses = new UnsafeBuffer(new byte[8]);
        addresses.putBytes(0, InetAddress.ofLiteral("192.168.1.20").getAddress());
        addresses.putBytes(4, InetAddress.ofLiteral("9.9.9.9").getAddress());
        final RecordWriter writer = new RecordWriter().begin(slot, 0, slot.capacity(), dataset, RECORD_TIME)
            .connection(77, 4, 17, addresses, 0, 4, 40000, 53);
        for (final String value : values)
        {
            writer.putAscii(field, value);
        }
        stage.enrich(slot, 0, writer.finish(), slot.capacity());
        return new RecordReader().wrap(slot, 0);
    }
}
