package org.stasensor.pipeline.enrich.software;

import org.stasensor.pipeline.enrich.RecordEnrichment;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Names the software behind a record's fingerprints from a {@link FingerprintDatabase}:
 * <ul>
 *   <li>TLS and QUIC records: the client's JA4, else its JA3, gives {@code tls.client.software},
 *   {@code tls.client.software_version}, {@code tls.client.software_category} and {@code tls.client.software_source}
 *   ("ja4:sta-lab"). JA4 goes first because it tells apart clients that share a JA3 (it keeps ALPN and SNI
 *   presence and ignores extension order).</li>
 *   <li>SSH records: HASSH gives {@code ssh.client.software_guess}, {@code ssh.client.software_category} and
 *   {@code ssh.client.software_guess_source}; HASSHServer gives {@code ssh.server.software_guess} and
 *   {@code ssh.server.software_guess_source}.</li>
 * </ul>
 * A fingerprint no list names adds nothing: the software is unknown, never guessed. Empty versions and categories
 * are left out. Stateless besides the immutable database, so one instance may serve every enrichment thread; it
 * allocates nothing per record.
 */
public final class SoftwareIdentificationEnrichment implements RecordEnrichment
{
    private final FingerprintDatabase database;

    /**
     * An enrichment over a database.
     *
     * @param database the fingerprints; see {@link FingerprintDatabase#load}.
     */
    public SoftwareIdentificationEnrichment(final FingerprintDatabase database)
    {
        this.database = database;
    }

    @Override
    public void enrich(final RecordReader record, final RecordWriter out)
    {
        final Dataset dataset = record.dataset();
        if (dataset == Dataset.TLS || dataset == Dataset.QUIC)
        {
            enrichTls(record, out);
        }
        else if (dataset == Dataset.SSH)
        {
            enrichSsh(record, out);
        }
    }

    private void enrichTls(final RecordReader record, final RecordWriter out)
    {
        FingerprintEntry byJa4 = null;
        FingerprintEntry byJa3 = null;
        record.rewind();
        while (record.nextField())
        {
            final int id = record.fieldId();
            if (id == Fields.TLS_CLIENT_JA4.id() && byJa4 == null)
            {
                byJa4 = lookup(FingerprintKind.JA4, record);
            }
            else if (id == Fields.TLS_CLIENT_JA3.id() && byJa3 == null)
            {
                byJa3 = lookup(FingerprintKind.JA3, record);
            }
        }
        final FingerprintEntry entry = byJa4 != null ? byJa4 : byJa3;
        if (entry != null)
        {
            out.put(Fields.TLS_CLIENT_SOFTWARE, entry.softwareBytes(), 0, entry.softwareBytes().length);
            putIfPresent(out, Fields.TLS_CLIENT_SOFTWARE_VERSION, entry.versionBytes());
            putIfPresent(out, Fields.TLS_CLIENT_SOFTWARE_CATEGORY, entry.categoryBytes());
            out.put(Fields.TLS_CLIENT_SOFTWARE_SOURCE, entry.sourceTagBytes(), 0, entry.sourceTagBytes().length);
        }
    }

    private void enrichSsh(final RecordReader record, final RecordWriter out)
    {
        FingerprintEntry client = null;
        FingerprintEntry server = null;
        record.rewind();
        while (record.nextField())
        {
            final int id = record.fieldId();
            if (id == Fields.SSH_CLIENT_HASSH.id() && client == null)
            {
                client = lookup(FingerprintKind.HASSH, record);
            }
            else if (id == Fields.SSH_SERVER_HASSH.id() && server == null)
            {
                server = lookup(FingerprintKind.HASSH_SERVER, record);
            }
        }
        if (client != null)
        {
            out.put(Fields.SSH_CLIENT_SOFTWARE_GUESS, client.softwareBytes(), 0, client.softwareBytes().length);
            putIfPresent(out, Fields.SSH_CLIENT_SOFTWARE_CATEGORY, client.categoryBytes());
            out.put(Fields.SSH_CLIENT_SOFTWARE_GUESS_SOURCE, client.sourceTagBytes(), 0,
                client.sourceTagBytes().length);
        }
        if (server != null)
        {
            out.put(Fields.SSH_SERVER_SOFTWARE_GUESS, server.softwareBytes(), 0, server.softwareBytes().length);
            out.put(Fields.SSH_SERVER_SOFTWARE_GUESS_SOURCE, server.sourceTagBytes(), 0,
                server.sourceTagBytes().length);
        }
    }

    private FingerprintEntry lookup(final FingerprintKind kind, final RecordReader record)
    {
        return database.lookup(kind, record.buffer(), record.valueOffset(), record.valueLength());
    }

    private static void putIfPresent(final RecordWriter out, final Field field, final byte[] value)
    {
        if (value.length > 0)
        {
            out.put(field, value, 0, value.length);
        }
    }
}
