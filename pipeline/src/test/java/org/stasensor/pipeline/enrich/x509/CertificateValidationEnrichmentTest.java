package org.stasensor.pipeline.enrich.x509;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.enrich.EnrichmentStage;
import org.stasensor.pipeline.enrich.RecordEnrichment;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records built with {@link RecordWriter} as the worker writes them, enriched in their slot: exactly the two
 * validation fields are appended, with the status openssl gives for the same certificate files.
 */
class CertificateValidationEnrichmentTest
{
    private static final int SLOT = RecordDescriptor.MAX_RECORD_LENGTH;
    private static final long CAPTURE_NANOS = CertificateValidatorTest.nanos(TestChains.CAPTURE);

    @TempDir
    static Path directory;

    private static CertificateValidationEnrichment enrichment;

    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[SLOT]);
    private final RecordWriter writer = new RecordWriter();
    private final RecordReader reader = new RecordReader();

    @BeforeAll
    static void makeChains() throws IOException
    {
        TestChains.generate(directory);
        enrichment = new CertificateValidationEnrichment(new CertificateValidator(
            TrustAnchors.load(directory.resolve("root.pem")), 16));
    }

    @Test
    void validChainGetsExactlyTheTwoFields()
    {
        assertAppendsStatusOfOpenSsl("leaf.example", "leaf", "intermediate");
    }

    @Test
    void eachProblemIsWrittenAsOpenSslSeesIt()
    {
        assertAppendsStatusOfOpenSsl("expired.example", "expired", "intermediate");
        assertAppendsStatusOfOpenSsl("future.example", "future", "intermediate");
        assertAppendsStatusOfOpenSsl("self.example", "self");
        assertAppendsStatusOfOpenSsl("stranger.example", "stranger", "unknown-intermediate");
        assertAppendsStatusOfOpenSsl("other.example", "leaf", "intermediate");
        assertAppendsStatusOfOpenSsl(null, "cn-differs", "intermediate");
    }

    @Test
    void recordWithoutCertificatesGetsNothing()
    {
        final int length = tlsRecord("leaf.example", List.of());
        assertEquals(length, enrich(length));
    }

    @Test
    void validationAlreadyWrittenStays()
    {
        writer.begin(slot, 0, SLOT, Dataset.TLS, CAPTURE_NANOS);
        writer.putAscii(Fields.TLS_VERSION, "1.3");
        writer.putAscii(Fields.TLS_SERVER_VALIDATION, "not_visible");
        final byte[] leaf = TestChains.der(directory.resolve("leaf.pem"));
        writer.put(Fields.TLS_SERVER_CERTIFICATE_DER, leaf, 0, leaf.length);
        final int length = writer.finish();
        assertEquals(length, enrich(length));
        assertEquals(List.of("not_visible"), reader.wrap(slot, 0).strings(Fields.TLS_SERVER_VALIDATION));
    }

    @Test
    void otherDatasetsAreLeftAlone()
    {
        writer.begin(slot, 0, SLOT, Dataset.SSH, CAPTURE_NANOS);
        final byte[] leaf = TestChains.der(directory.resolve("leaf.pem"));
        writer.put(Fields.TLS_SERVER_CERTIFICATE_DER, leaf, 0, leaf.length);
        final int length = writer.finish();
        assertEquals(length, enrich(length));
    }

    @Test
    void garbageCertificateIsUntrustedAndUnparsable()
    {
        final byte[] garbage = "\u0030\u0082 certainly not DER".getBytes(StandardCharsets.ISO_8859_1);
        final int length = tlsRecord("leaf.example", List.of(garbage, garbage));
        final List<Object[]> before = fields(length);
        final List<Object[]> after = fields(enrich(length));
        assertEquals(before.size() + 2, after.size());
        assertEquals("untrusted", reader.wrap(slot, 0).string(Fields.TLS_SERVER_VALIDATION));
        assertEquals(CertificateValidator.UNPARSABLE, reader.string(Fields.TLS_SERVER_VALIDATION_REASON));
    }

    @Test
    void fullSlotKeepsTheStatusAndCutsTheReason()
    {
        final List<byte[]> chain = TestChains.ders(directory, "leaf", "intermediate");
        final int room = RecordDescriptor.FIELD_HEADER_LENGTH + "valid".length() +
            RecordDescriptor.FIELD_HEADER_LENGTH + 10;
        final int length = paddedRecord(chain, room);
        final int enriched = enrich(length);
        assertEquals(SLOT, enriched);
        reader.wrap(slot, 0);
        assertEquals("valid", reader.string(Fields.TLS_SERVER_VALIDATION));
        final String reason = reader.string(Fields.TLS_SERVER_VALIDATION_REASON);
        assertEquals(10, reason.length());
        assertTrue(enrichment.validator().validate(chain, CAPTURE_NANOS, "leaf.example").reason().startsWith(reason));
        assertEquals(0, reader.flags() & RecordDescriptor.FLAG_TRUNCATED);

        final int noRoom = paddedRecord(chain, 6);
        assertEquals(noRoom, enrich(noRoom));
        assertEquals(RecordDescriptor.FLAG_TRUNCATED, reader.wrap(slot, 0).flags() & RecordDescriptor.FLAG_TRUNCATED);
    }

    @Test
    void stageAppendsValidationAndDropsTheCertificates()
    {
        final List<byte[]> chain = TestChains.ders(directory, "leaf", "intermediate");
        final int length = tlsRecord("leaf.example", chain);
        final EnrichmentStage stage = new EnrichmentStage(List.<RecordEnrichment>of(enrichment), SLOT);
        final int enriched = stage.enrich(slot, 0, length, SLOT);
        final List<Integer> ids = new ArrayList<>();
        for (final Object[] field : fields(enriched))
        {
            ids.add((Integer)field[0]);
        }
        assertEquals(List.of(Fields.TLS_VERSION.id(), Fields.TLS_CLIENT_SERVER_NAME.id(),
            Fields.TLS_SERVER_VALIDATION.id(), Fields.TLS_SERVER_VALIDATION_REASON.id()), ids);
        assertEquals(TestChains.opensslVerify(directory, directory.resolve("root.pem"), TestChains.CAPTURE,
            "leaf.example", "leaf", "intermediate"), reader.wrap(slot, 0).string(Fields.TLS_SERVER_VALIDATION));
        assertEquals(0, stage.failures());
    }

    private void assertAppendsStatusOfOpenSsl(final String serverName, final String leaf, final String... others)
    {
        final String[] names = new String[others.length + 1];
        names[0] = leaf;
        System.arraycopy(others, 0, names, 1, others.length);
        final int length = tlsRecord(serverName, TestChains.ders(directory, names));
        final List<Object[]> before = fields(length);
        final int enriched = enrich(length);
        final List<Object[]> after = fields(enriched);

        assertEquals(before.size() + 2, after.size(), "two fields appended");
        for (int i = 0; i < before.size(); i++)
        {
            assertEquals(before.get(i)[0], after.get(i)[0]);
            assertEquals(before.get(i)[1], after.get(i)[1], "fields already there are untouched");
        }
        final Object[] status = after.get(before.size());
        final Object[] reason = after.get(before.size() + 1);
        assertEquals(Fields.TLS_SERVER_VALIDATION.id(), status[0]);
        assertEquals(Fields.TLS_SERVER_VALIDATION_REASON.id(), reason[0]);
        final String openssl = TestChains.opensslVerify(directory, directory.resolve("root.pem"), TestChains.CAPTURE,
            serverName, leaf, others);
        assertEquals(openssl, status[1], leaf + " for " + serverName + ": " + reason[1]);
        assertTrue(!((String)reason[1]).isEmpty());
    }

    private int tlsRecord(final String serverName, final List<byte[]> certificates)
    {
        writer.begin(slot, 0, SLOT, Dataset.TLS, CAPTURE_NANOS);
        writer.putAscii(Fields.TLS_VERSION, "1.2");
        if (serverName != null)
        {
            writer.putAscii(Fields.TLS_CLIENT_SERVER_NAME, serverName);
        }
        for (final byte[] der : certificates)
        {
            writer.put(Fields.TLS_SERVER_CERTIFICATE_DER, der, 0, der.length);
        }
        return writer.finish();
    }

    /** A TLS record with the chain, padded with a field so that exactly {@code room} bytes of the slot stay free. */
    private int paddedRecord(final List<byte[]> chain, final int room)
    {
        final int length = tlsRecord("leaf.example", chain);
        writer.resume(slot, 0, SLOT, length);
        final int padding = SLOT - length - room - RecordDescriptor.FIELD_HEADER_LENGTH;
        writer.put(Fields.TLS_CLIENT_ALPN, new byte[padding], 0, padding);
        assertEquals(room, writer.remaining());
        return writer.finish();
    }

    private int enrich(final int length)
    {
        reader.wrap(slot, 0);
        writer.resume(slot, 0, SLOT, length);
        enrichment.enrich(reader, writer);
        return writer.finish();
    }

    /** Every field of the record in the slot as {id, value as text}. */
    private List<Object[]> fields(final int length)
    {
        assertEquals(length, reader.wrap(slot, 0).length());
        final List<Object[]> fields = new ArrayList<>();
        while (reader.nextField())
        {
            fields.add(new Object[]{reader.fieldId(), slot.getStringWithoutLengthUtf8(reader.valueOffset(),
                reader.valueLength())});
        }
        return fields;
    }
}
