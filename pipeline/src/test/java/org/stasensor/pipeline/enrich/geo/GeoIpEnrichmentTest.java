package org.stasensor.pipeline.enrich.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

class GeoIpEnrichmentTest
{
    @Test
    void publicAddressesGetCountryAndAsAndPrivateOnesNothing(@TempDir final Path dir) throws Exception
    {
        final Path csv = Files.writeString(dir.resolve("asn.csv"), "8.8.8.0,8.8.8.255,15169,Google LLC\n");
        try (GeoIpDatabases databases = GeoIpDatabases.open(GeoIpDatabases.BUNDLED_COUNTRY, List.of(csv), l -> { }))
        {
            final GeoAnswer expected = new GeoAnswer();
            databases.lookup(InetAddress.ofLiteral("8.8.8.8").getAddress(), expected);
            final GeoIpEnrichment enrichment = new GeoIpEnrichment(databases, 1024);
            final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
            final RecordReader reader = enrich(enrichment, slot, "192.168.1.10", "8.8.8.8");
            assertFalse(reader.has(Fields.SOURCE_GEO_COUNTRY));
            assertFalse(reader.has(Fields.SOURCE_AS_NUMBER));
            assertEquals(expected.country(), reader.string(Fields.DESTINATION_GEO_COUNTRY));
            assertEquals(15169, reader.longValue(Fields.DESTINATION_AS_NUMBER, 0));
            assertEquals("Google LLC", reader.string(Fields.DESTINATION_AS_ORGANIZATION));
            assertEquals(0, enrichment.hits());
            assertEquals(1, enrichment.misses());

            final RecordReader again = enrich(enrichment, slot, "8.8.8.8", "10.0.0.1");
            assertEquals(expected.country(), again.string(Fields.SOURCE_GEO_COUNTRY));
            assertEquals(15169, again.longValue(Fields.SOURCE_AS_NUMBER, 0));
            assertFalse(again.has(Fields.DESTINATION_GEO_COUNTRY));
            assertEquals(1, enrichment.hits());

            final RecordReader neither = enrich(enrichment, slot, "10.1.1.1", "172.16.5.5");
            assertFalse(neither.has(Fields.SOURCE_GEO_COUNTRY) || neither.has(Fields.DESTINATION_GEO_COUNTRY));
            assertEquals(1, enrichment.misses(), "special addresses are never looked up");
        }
    }

    @Test
    void cacheHitsDoNotAllocate(@TempDir final Path dir) throws Exception
    {
        final Path csv = Files.writeString(dir.resolve("asn.csv"), "8.8.8.0,8.8.8.255,15169,Google LLC\n");
        try (GeoIpDatabases databases = GeoIpDatabases.open(GeoIpDatabases.BUNDLED_COUNTRY, List.of(csv), l -> { }))
        {
            final GeoIpEnrichment enrichment = new GeoIpEnrichment(databases, 1024);
            final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
            final RecordWriter writer = new RecordWriter();
            final RecordReader reader = new RecordReader();
            final UnsafeBuffer addresses = new UnsafeBuffer(new byte[8]);
            addresses.putBytes(0, InetAddress.ofLiteral("8.8.8.8").getAddress());
            addresses.putBytes(4, InetAddress.ofLiteral("8.8.4.4").getAddress());
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            long allocated = 0;
            for (int round = 0; round < 2; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 50_000; i++)
                {
                    writer.begin(slot, 0, slot.capacity(), Dataset.TLS, 1L)
                        .connection(1, 4, 6, addresses, 0, 4, 40000, 443).finish();
                    writer.resume(slot, 0, slot.capacity(), RecordDescriptor.HEADER_LENGTH);
                    enrichment.enrich(reader.wrap(slot, 0), writer);
                    writer.finish();
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            // Under a byte per record: nothing per record (a JIT or TLAB event may leave a few bytes once).
            assertTrue(allocated < 50_000, allocated + " bytes allocated for 50,000 records once warm");
            assertTrue(enrichment.hits() >= 199_990, "hits " + enrichment.hits());
        }
    }

    private static RecordReader enrich(final GeoIpEnrichment enrichment, final UnsafeBuffer slot,
        final String source, final String destination)
    {
        final byte[] src = InetAddress.ofLiteral(source).getAddress();
        final byte[] dst = InetAddress.ofLiteral(destination).getAddress();
        final UnsafeBuffer addresses = new UnsafeBuffer(new byte[src.length + dst.length]);
        addresses.putBytes(0, src);
        addresses.putBytes(src.length, dst);
        final RecordWriter writer = new RecordWriter();
        final int length = writer.begin(slot, 0, slot.capacity(), Dataset.TLS, 1L)
            .connection(7, src.length == 4 ? 4 : 6, 6, addresses, 0, src.length, 40000, 443).finish();
        writer.resume(slot, 0, slot.capacity(), length);
        enrichment.enrich(new RecordReader().wrap(slot, 0), writer);
        writer.finish();
        return new RecordReader().wrap(slot, 0);
    }
}
