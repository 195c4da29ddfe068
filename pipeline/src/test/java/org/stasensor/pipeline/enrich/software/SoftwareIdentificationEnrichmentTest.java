package org.stasensor.pipeline.enrich.software;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which fields the enrichment writes for which fingerprints, with the built-in lists (values from sta-lab.tsv, which
 * tshark measured, and from the salesforce lists).
 */
class SoftwareIdentificationEnrichmentTest
{
    private static final SoftwareIdentificationEnrichment ENRICHMENT =
        new SoftwareIdentificationEnrichment(FingerprintDatabase.builtIn());
    private static final String CURL_JA3 = "0149f47eabf9a20d0893e2a44e5a6323";
    private static final String CURL_JA4 = "t13d3112h2_e8f1e7e78f70_b26ce05bbdd6";
    private static final String OPENSSL_JA4 = "t13i310900_e8f1e7e78f70_1f22a2ca17c4";
    private static final String UNKNOWN_JA3 = "0123456789abcdef0123456789abcdef";
    private static final String UNKNOWN_JA4 = "t13d0000h2_000000000000_000000000000";

    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[4096]);
    private final RecordWriter writer = new RecordWriter();
    private final RecordReader reader = new RecordReader();

    @Test
    void ja4IsLookedUpFirst()
    {
        enrich(Dataset.TLS, Fields.TLS_CLIENT_JA3, CURL_JA3, Fields.TLS_CLIENT_JA4, OPENSSL_JA4);
        assertEquals("OpenSSL s_client", reader.string(Fields.TLS_CLIENT_SOFTWARE));
        assertEquals("3.0.22", reader.string(Fields.TLS_CLIENT_SOFTWARE_VERSION));
        assertEquals("tool", reader.string(Fields.TLS_CLIENT_SOFTWARE_CATEGORY));
        assertEquals("ja4:sta-lab", reader.string(Fields.TLS_CLIENT_SOFTWARE_SOURCE));
    }

    @Test
    void ja3NamesTheClientWhenJa4IsUnknown()
    {
        enrich(Dataset.QUIC, Fields.TLS_CLIENT_JA4, UNKNOWN_JA4, Fields.TLS_CLIENT_JA3, CURL_JA3);
        assertEquals("curl", reader.string(Fields.TLS_CLIENT_SOFTWARE));
        assertEquals("7.88.1", reader.string(Fields.TLS_CLIENT_SOFTWARE_VERSION));
        assertEquals("ja3:sta-lab", reader.string(Fields.TLS_CLIENT_SOFTWARE_SOURCE));
    }

    @Test
    void listWithoutVersionOrCategoryWritesNeither()
    {
        enrich(Dataset.TLS, Fields.TLS_CLIENT_JA3, "eb149984fc9c44d85ed7f12c90d818be", null, null);
        assertEquals("Amazon Music | Dreamweaver | Spotify", reader.string(Fields.TLS_CLIENT_SOFTWARE));
        assertFalse(reader.has(Fields.TLS_CLIENT_SOFTWARE_VERSION));
        assertFalse(reader.has(Fields.TLS_CLIENT_SOFTWARE_CATEGORY));
        assertEquals("ja3:salesforce-ja3", reader.string(Fields.TLS_CLIENT_SOFTWARE_SOURCE));
    }

    @Test
    void unknownFingerprintsAddNothing()
    {
        final int before = enrich(Dataset.TLS, Fields.TLS_CLIENT_JA3, UNKNOWN_JA3, Fields.TLS_CLIENT_JA4, UNKNOWN_JA4);
        assertEquals(before, reader.length());
        assertNull(reader.string(Fields.TLS_CLIENT_SOFTWARE));
        assertFalse(reader.has(Fields.TLS_CLIENT_SOFTWARE_SOURCE));
        final int ssh = enrich(Dataset.SSH, Fields.SSH_CLIENT_HASSH, UNKNOWN_JA3, Fields.SSH_SERVER_HASSH,
            UNKNOWN_JA3);
        assertEquals(ssh, reader.length());
    }

    @Test
    void sshClientAndServerAreNamedFromHasshAndHasshServer()
    {
        enrich(Dataset.SSH, Fields.SSH_CLIENT_HASSH, "472b5de333ad665af5cbf10ff892c4df", Fields.SSH_SERVER_HASSH,
            "425d29fe50d8e4f5e37efb6e24bcf660");
        assertEquals("OpenSSH", reader.string(Fields.SSH_CLIENT_SOFTWARE_GUESS));
        assertEquals("tool", reader.string(Fields.SSH_CLIENT_SOFTWARE_CATEGORY));
        assertEquals("hassh:sta-lab", reader.string(Fields.SSH_CLIENT_SOFTWARE_GUESS_SOURCE));
        assertEquals("OpenSSH sshd", reader.string(Fields.SSH_SERVER_SOFTWARE_GUESS));
        assertEquals("hassh_server:sta-lab", reader.string(Fields.SSH_SERVER_SOFTWARE_GUESS_SOURCE));
    }

    @Test
    void hasshServerIsNotLookedUpAsHassh()
    {
        enrich(Dataset.SSH, Fields.SSH_CLIENT_HASSH, "425d29fe50d8e4f5e37efb6e24bcf660", null, null);
        assertFalse(reader.has(Fields.SSH_CLIENT_SOFTWARE_GUESS));
    }

    @Test
    void otherDatasetsAreLeftAlone()
    {
        final int before = enrich(Dataset.FLOW, Fields.TLS_CLIENT_JA3, CURL_JA3, null, null);
        assertEquals(before, reader.length());
    }

    @Test
    void enrichingAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final int length = write(Dataset.TLS, Fields.TLS_CLIENT_JA3, CURL_JA3, Fields.TLS_CLIENT_JA4, CURL_JA4);
        for (int i = 0; i < 20_000; i++)
        {
            enrichOnce(length);
        }
        // Less than a byte per record: the JIT's own rare allocations pass, one object per record would not.
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5 && allocated >= 20_000; attempt++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++)
            {
                enrichOnce(length);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(allocated < 20_000, "allocated " + allocated + " bytes in 20000 records");
        reader.wrap(slot, 0);
        assertEquals("curl", reader.string(Fields.TLS_CLIENT_SOFTWARE));
    }

    private void enrichOnce(final int length)
    {
        slot.putInt(0, length, java.nio.ByteOrder.LITTLE_ENDIAN);
        reader.wrap(slot, 0);
        writer.resume(slot, 0, slot.capacity(), length);
        ENRICHMENT.enrich(reader, writer);
        writer.finish();
    }

    /** Writes a record, enriches it, leaves {@link #reader} on the result; returns the length before. */
    private int enrich(final Dataset dataset, final Field first, final String firstValue, final Field second,
        final String secondValue)
    {
        final int length = write(dataset, first, firstValue, second, secondValue);
        reader.wrap(slot, 0);
        writer.resume(slot, 0, slot.capacity(), length);
        ENRICHMENT.enrich(reader, writer);
        writer.finish();
        reader.wrap(slot, 0);
        return length;
    }

    private int write(final Dataset dataset, final Field first, final String firstValue, final Field second,
        final String secondValue)
    {
        writer.begin(slot, 0, slot.capacity(), dataset, 1L).putString(first, firstValue);
        if (second != null)
        {
            writer.putString(second, secondValue);
        }
        return writer.finish();
    }
}
