package org.stasensor.rules.signature;

import org.stasensor.pipeline.record.Dataset;

/**
 * The Suricata sticky buffers this sensor evaluates, each mapped to record fields (docs/signatures.md has the
 * table). A buffer is either a field as written ({@link Kind#FIELD}) or text rebuilt from fields the way Suricata
 * shows it ({@link Kind#DERIVED}).
 */
enum Buffer
{
    /** {@code ja3.hash}: tls.client.ja3. */
    JA3_HASH("ja3.hash", "ja3_hash", 32, tlsOrQuic()),
    /** {@code ja3.string}: tls.client.ja3_string. */
    JA3_STRING("ja3.string", "ja3_string", 0, tlsOrQuic()),
    /** {@code ja3s.hash}: tls.server.ja3s. */
    JA3S_HASH("ja3s.hash", "ja3s_hash", 32, mask(Dataset.TLS)),
    /** {@code ja3s.string}: tls.server.ja3s_string. */
    JA3S_STRING("ja3s.string", "ja3s_string", 0, mask(Dataset.TLS)),
    /** {@code ja4.hash}: tls.client.ja4. */
    JA4_HASH("ja4.hash", null, 36, tlsOrQuic()),
    /** {@code tls.sni}: tls.client.server_name. */
    TLS_SNI("tls.sni", "tls_sni", 0, tlsOrQuic()),
    /** {@code tls.cert_subject}: "C=.., O=.., CN=.." rebuilt from the subject fields. */
    TLS_CERT_SUBJECT("tls.cert_subject", "tls_cert_subject", 0, mask(Dataset.TLS)),
    /** {@code tls.cert_issuer}: "C=.., O=.., CN=.." rebuilt from the issuer fields. */
    TLS_CERT_ISSUER("tls.cert_issuer", "tls_cert_issuer", 0, mask(Dataset.TLS)),
    /** {@code tls.cert_serial}: "0A:1B:..", rebuilt from tls.server.x509.serial_number. */
    TLS_CERT_SERIAL("tls.cert_serial", "tls_cert_serial", 0, mask(Dataset.TLS)),
    /** {@code tls.cert_fingerprint}: "aa:bb:..", SHA-256 rebuilt from tls.server.hash.sha256 (Suricata: SHA-1). */
    TLS_CERT_FINGERPRINT("tls.cert_fingerprint", "tls_cert_fingerprint", 95, mask(Dataset.TLS)),
    /** {@code ssh.software}: ssh.client.software and ssh.server.software, each inspected alone. */
    SSH_SOFTWARE("ssh.software", null, 0, mask(Dataset.SSH)),
    /** {@code ssh.proto}: ssh.client.protocol_version and ssh.server.protocol_version. */
    SSH_PROTO("ssh.proto", null, 0, mask(Dataset.SSH)),
    /** {@code ssh.hassh}: ssh.client.hassh. */
    SSH_HASSH("ssh.hassh", null, 32, mask(Dataset.SSH)),
    /** {@code ssh.hassh.server}: ssh.server.hassh. */
    SSH_HASSH_SERVER("ssh.hassh.server", null, 32, mask(Dataset.SSH)),
    /** {@code ssh.hassh.string}: ssh.client.hassh_string. */
    SSH_HASSH_STRING("ssh.hassh.string", null, 0, mask(Dataset.SSH)),
    /** {@code ssh.hassh.server.string}: ssh.server.hassh_string. */
    SSH_HASSH_SERVER_STRING("ssh.hassh.server.string", null, 0, mask(Dataset.SSH)),
    /** {@code dns.query}: dns.question.name of query messages (Suricata inspects requests only). */
    DNS_QUERY("dns.query", "dns_query", 0, mask(Dataset.DNS));

    /** Values one record may hold for one buffer: client and server side. */
    static final int MAX_VALUES = 2;

    private static final Buffer[] ALL = values();

    private final String keyword;
    private final String legacyModifier;
    private final int fixedLength;
    private final int datasets;

    Buffer(final String keyword, final String legacyModifier, final int fixedLength, final int datasets)
    {
        this.keyword = keyword;
        this.legacyModifier = legacyModifier;
        this.fixedLength = fixedLength;
        this.datasets = datasets;
    }

    /**
     * The sticky buffer keyword.
     *
     * @return e.g. "tls.sni".
     */
    String keyword()
    {
        return keyword;
    }

    /**
     * Length every value of this buffer has (a hash), so that a content of that length is a whole-value match.
     *
     * @return the length, 0 when values vary.
     */
    int fixedLength()
    {
        return fixedLength;
    }

    /**
     * Datasets whose records carry this buffer.
     *
     * @return a bit per {@link Dataset#code()}.
     */
    int datasets()
    {
        return datasets;
    }

    /**
     * The buffer named by a sticky buffer keyword.
     *
     * @param keyword e.g. "tls.sni".
     * @return the buffer, or null.
     */
    static Buffer ofKeyword(final String keyword)
    {
        for (final Buffer buffer : ALL)
        {
            if (buffer.keyword.equals(keyword))
            {
                return buffer;
            }
        }
        return null;
    }

    /**
     * The buffer named by a Suricata 4 style content modifier that follows its content.
     *
     * @param keyword e.g. "tls_sni".
     * @return the buffer, or null.
     */
    static Buffer ofLegacyModifier(final String keyword)
    {
        for (final Buffer buffer : ALL)
        {
            if (keyword.equals(buffer.legacyModifier))
            {
                return buffer;
            }
        }
        return null;
    }

    static int mask(final Dataset dataset)
    {
        return 1 << dataset.code();
    }

    private static int tlsOrQuic()
    {
        return mask(Dataset.TLS) | mask(Dataset.QUIC);
    }
}
