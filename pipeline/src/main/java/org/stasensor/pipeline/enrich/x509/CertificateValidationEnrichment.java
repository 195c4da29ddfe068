package org.stasensor.pipeline.enrich.x509;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.enrich.RecordEnrichment;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Writes {@code tls.server.validation} and {@code tls.server.validation_reason} for a TLS record that carries the
 * server's certificates ({@link Fields#TLS_SERVER_CERTIFICATE_DER}, leaf first), judged by a
 * {@link CertificateValidator} at the record's capture time against its SNI ({@link Fields#TLS_CLIENT_SERVER_NAME}).
 * A record without certificates gets nothing; one whose validation is already written (TLS 1.3, where the
 * certificates are encrypted and the worker writes {@code not_visible}) keeps it. Thread-safe: the certificates are
 * copied into a scratch array of the calling thread, so one instance serves every ring.
 */
public final class CertificateValidationEnrichment implements RecordEnrichment
{
    /** Certificates read from one record at most; a longer chain is judged from its first ones. */
    public static final int MAX_CERTIFICATES = 32;

    private final CertificateValidator validator;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /**
     * An enrichment over a validator.
     *
     * @param validator the validator, shared.
     */
    public CertificateValidationEnrichment(final CertificateValidator validator)
    {
        this.validator = validator;
    }

    /**
     * The validator, for its counters.
     *
     * @return the validator.
     */
    public CertificateValidator validator()
    {
        return validator;
    }

    @Override
    public void enrich(final RecordReader record, final RecordWriter out)
    {
        if (record.dataset() != Dataset.TLS)
        {
            return;
        }
        final Scratch certificates = scratch.get();
        certificates.count = 0;
        int total = 0;
        int serverNameOffset = -1;
        int serverNameLength = 0;
        final DirectBuffer buffer = record.buffer();
        final int derId = Fields.TLS_SERVER_CERTIFICATE_DER.id();
        final int validationId = Fields.TLS_SERVER_VALIDATION.id();
        final int serverNameId = Fields.TLS_CLIENT_SERVER_NAME.id();
        record.rewind();
        while (record.nextField())
        {
            final int id = record.fieldId();
            if (id == validationId)
            {
                return;
            }
            if (id == derId && record.valueLength() > 0 && certificates.count < MAX_CERTIFICATES)
            {
                final int length = record.valueLength();
                buffer.getBytes(record.valueOffset(), certificates.data, total, length);
                certificates.offsets[certificates.count] = total;
                certificates.lengths[certificates.count] = length;
                certificates.count++;
                total += length;
            }
            else if (id == serverNameId && serverNameOffset < 0)
            {
                serverNameOffset = record.valueOffset();
                serverNameLength = record.valueLength();
            }
        }
        if (certificates.count == 0)
        {
            return;
        }
        final String serverName = serverNameOffset < 0 ? null :
            buffer.getStringWithoutLengthAscii(serverNameOffset, serverNameLength);
        final Validation validation = validator.validate(certificates.data, certificates.offsets,
            certificates.lengths, certificates.count, record.timestampNanos(), serverName);
        write(validation, out);
    }

    private static void write(final Validation validation, final RecordWriter out)
    {
        final String word = validation.status().word();
        if (out.remaining() < RecordDescriptor.FIELD_HEADER_LENGTH + word.length())
        {
            out.putAscii(Fields.TLS_SERVER_VALIDATION, word); // does not fit: the writer flags the record truncated
            return;
        }
        out.putAscii(Fields.TLS_SERVER_VALIDATION, word);
        final byte[] reason = validation.reasonUtf8();
        final int room = out.remaining() - RecordDescriptor.FIELD_HEADER_LENGTH;
        int length = reason.length;
        if (room < length && room > 0)
        {
            // The certificates may have filled the slot: the status matters more than all of the reason, which is
            // cut at a character boundary.
            length = room;
            while (length > 0 && (reason[length] & 0xC0) == 0x80)
            {
                length--;
            }
        }
        // When even that does not fit the writer drops the field and flags the record truncated.
        out.put(Fields.TLS_SERVER_VALIDATION_REASON, reason, 0, length);
    }

    /** One thread's copy of a record's certificates: the record holds at most a slot's worth of bytes. */
    private static final class Scratch
    {
        private final byte[] data = new byte[RecordDescriptor.MAX_RECORD_LENGTH];
        private final int[] offsets = new int[MAX_CERTIFICATES];
        private final int[] lengths = new int[MAX_CERTIFICATES];
        private int count;
    }
}
