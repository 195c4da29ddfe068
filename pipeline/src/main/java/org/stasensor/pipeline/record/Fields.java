package org.stasensor.pipeline.record;

/**
 * Every variable field a record may carry: the one place that assigns wire ids to ECS names.
 * Ids are never reused or renumbered, since journals keep records across versions.
 * docs/schema.md describes each field for people.
 * <p>
 * Ranges: 1-99 common, 100-199 TLS, 200-299 X.509, 300-399 flow, 400-499 SSH, 500-599 DNS,
 * 600-699 enrichment, 700-799 alert.
 */
public final class Fields
{
    /** Highest id a field may have. */
    public static final int MAX_FIELD_ID = 1023;

    private static final Field[] BY_ID = new Field[MAX_FIELD_ID + 1];

    // Common to every dataset.
    /** Application protocol seen on the flow: tls, ssh, dns, unknown. */
    public static final Field NETWORK_PROTOCOL = define(1, "network.protocol", FieldType.STRING, false);
    /** Anomalies the parser noticed (midstream, gap, truncated, malformed...). */
    public static final Field STA_FLAGS = define(2, "sta.flags", FieldType.STRING, true);

    // TLS.
    /** Negotiated version, "1.2"; for SSL "3.0". */
    public static final Field TLS_VERSION = define(100, "tls.version", FieldType.STRING, false);
    /** "tls" or "ssl". */
    public static final Field TLS_VERSION_PROTOCOL = define(101, "tls.version_protocol", FieldType.STRING, false);
    /** Negotiated cipher suite, IANA name. */
    public static final Field TLS_CIPHER = define(102, "tls.cipher", FieldType.STRING, false);
    /** JA3 MD5, lowercase hex. */
    public static final Field TLS_CLIENT_JA3 = define(103, "tls.client.ja3", FieldType.STRING, false);
    /** JA3 string before hashing. */
    public static final Field TLS_CLIENT_JA3_STRING = define(104, "tls.client.ja3_string", FieldType.STRING, false);
    /** JA4 (FoxIO) client fingerprint. */
    public static final Field TLS_CLIENT_JA4 = define(105, "tls.client.ja4", FieldType.STRING, false);
    /** JA3S MD5, lowercase hex. */
    public static final Field TLS_SERVER_JA3S = define(106, "tls.server.ja3s", FieldType.STRING, false);
    /** JA3S string before hashing. */
    public static final Field TLS_SERVER_JA3S_STRING = define(107, "tls.server.ja3s_string", FieldType.STRING,
        false);
    /** SNI host name. */
    public static final Field TLS_CLIENT_SERVER_NAME = define(108, "tls.client.server_name", FieldType.STRING,
        false);
    /** Cipher suites the client offered, IANA names (GREASE left out). */
    public static final Field TLS_CLIENT_SUPPORTED_CIPHERS = define(109, "tls.client.supported_ciphers",
        FieldType.STRING, true);
    /** ALPN protocol the server chose. */
    public static final Field TLS_NEXT_PROTOCOL = define(110, "tls.next_protocol", FieldType.STRING, false);
    /** ALPN protocols the client offered. */
    public static final Field TLS_CLIENT_ALPN = define(111, "tls.client.alpn", FieldType.STRING, true);
    /** Highest version the client offered ("1.3" from supported_versions, else legacy_version). */
    public static final Field TLS_CLIENT_VERSION = define(112, "tls.client.version", FieldType.STRING, false);
    /** Whether the server's hello was seen, i.e. the handshake got an answer. */
    public static final Field TLS_ESTABLISHED = define(113, "tls.established", FieldType.BOOLEAN, false);
    /** Whether the server resumed a session (same session id echoed, no certificate). */
    public static final Field TLS_RESUMED = define(114, "tls.resumed", FieldType.BOOLEAN, false);
    /** Whether the server sent a HelloRetryRequest. */
    public static final Field TLS_HELLO_RETRY = define(115, "tls.hello_retry_request", FieldType.BOOLEAN, false);
    /** Supported groups the client offered, names (GREASE left out). */
    public static final Field TLS_CLIENT_SUPPORTED_GROUPS = define(116, "tls.client.supported_groups",
        FieldType.STRING, true);
    /** Certificate validation outcome: valid, expired, not_yet_valid, self_signed, untrusted, hostname_mismatch,
     *  not_visible. */
    public static final Field TLS_SERVER_VALIDATION = define(117, "tls.server.validation", FieldType.STRING, false);
    /** Certificates in the server's Certificate message. */
    public static final Field TLS_SERVER_CHAIN_LENGTH = define(118, "tls.server.chain_length", FieldType.LONG,
        false);
    /** SHA-256 of the leaf certificate's DER, uppercase hex as ECS has it. */
    public static final Field TLS_SERVER_HASH_SHA256 = define(119, "tls.server.hash.sha256", FieldType.STRING,
        false);
    /** ServerHello cipher id as 4 hex digits, for ciphers without a known name. */
    public static final Field TLS_CIPHER_ID = define(120, "tls.cipher_id", FieldType.STRING, false);

    // X.509 of the server's leaf certificate.
    /** Subject CN. */
    public static final Field X509_SUBJECT_CN = define(200, "tls.server.x509.subject.common_name",
        FieldType.STRING, true);
    /** Issuer CN. */
    public static final Field X509_ISSUER_CN = define(201, "tls.server.x509.issuer.common_name", FieldType.STRING,
        true);
    /** Issuer C. */
    public static final Field X509_ISSUER_COUNTRY = define(202, "tls.server.x509.issuer.country", FieldType.STRING,
        true);
    /** notBefore. */
    public static final Field X509_NOT_BEFORE = define(203, "tls.server.x509.not_before", FieldType.TIMESTAMP,
        false);
    /** notAfter. */
    public static final Field X509_NOT_AFTER = define(204, "tls.server.x509.not_after", FieldType.TIMESTAMP, false);
    /** DNS names and IP addresses of subjectAltName. */
    public static final Field X509_ALTERNATIVE_NAMES = define(205, "tls.server.x509.alternative_names",
        FieldType.STRING, true);
    /** Serial number, uppercase hex without leading zero bytes. */
    public static final Field X509_SERIAL_NUMBER = define(206, "tls.server.x509.serial_number", FieldType.STRING,
        false);
    /** Signature algorithm, e.g. "SHA256-RSA". */
    public static final Field X509_SIGNATURE_ALGORITHM = define(207, "tls.server.x509.signature_algorithm",
        FieldType.STRING, false);
    /** Public key algorithm: RSA, EC, Ed25519, Ed448, DSA. */
    public static final Field X509_PUBLIC_KEY_ALGORITHM = define(208, "tls.server.x509.public_key_algorithm",
        FieldType.STRING, false);
    /** Key size in bits. */
    public static final Field X509_PUBLIC_KEY_SIZE = define(209, "tls.server.x509.public_key_size", FieldType.LONG,
        false);
    /** Named curve of an EC key, e.g. "prime256v1". */
    public static final Field X509_PUBLIC_KEY_CURVE = define(210, "tls.server.x509.public_key_curve",
        FieldType.STRING, false);
    /** Subject O. */
    public static final Field X509_SUBJECT_ORGANIZATION = define(211, "tls.server.x509.subject.organization",
        FieldType.STRING, true);
    /** Issuer O. */
    public static final Field X509_ISSUER_ORGANIZATION = define(212, "tls.server.x509.issuer.organization",
        FieldType.STRING, true);
    /** Subject C. */
    public static final Field X509_SUBJECT_COUNTRY = define(213, "tls.server.x509.subject.country",
        FieldType.STRING, true);
    /** X.509 version (1..3). */
    public static final Field X509_VERSION = define(214, "tls.server.x509.version_number", FieldType.STRING, false);
    /** Issuer CN of every certificate in the chain after the leaf, in order. */
    public static final Field TLS_SERVER_CHAIN_ISSUERS = define(215, "tls.server.chain_issuers", FieldType.STRING,
        true);

    // Flow.
    /** Bytes from the initiator. */
    public static final Field SOURCE_BYTES = define(300, "source.bytes", FieldType.LONG, false);
    /** Packets from the initiator. */
    public static final Field SOURCE_PACKETS = define(301, "source.packets", FieldType.LONG, false);
    /** Bytes from the responder. */
    public static final Field DESTINATION_BYTES = define(302, "destination.bytes", FieldType.LONG, false);
    /** Packets from the responder. */
    public static final Field DESTINATION_PACKETS = define(303, "destination.packets", FieldType.LONG, false);
    /** First packet. */
    public static final Field EVENT_START = define(304, "event.start", FieldType.TIMESTAMP, false);
    /** Last packet. */
    public static final Field EVENT_END = define(305, "event.end", FieldType.TIMESTAMP, false);
    /** end - start in nanoseconds. */
    public static final Field EVENT_DURATION = define(306, "event.duration", FieldType.LONG, false);
    /** Why the flow record was written: fin, rst, idle_timeout, active_timeout, evicted, end_of_capture. */
    public static final Field EVENT_REASON = define(307, "event.reason", FieldType.STRING, false);

    private Fields()
    {
    }

    private static Field define(final int id, final String name, final FieldType type, final boolean list)
    {
        final Field field = new Field(id, name, type, list);
        if (BY_ID[id] != null)
        {
            throw new IllegalStateException("field id " + id + " used twice: " + BY_ID[id] + " and " + name);
        }
        BY_ID[id] = field;
        return field;
    }

    /**
     * The field with a wire id.
     *
     * @param id the id read from a record.
     * @return the field, or null for an unknown id (a record of a newer version).
     */
    public static Field byId(final int id)
    {
        return id > 0 && id <= MAX_FIELD_ID ? BY_ID[id] : null;
    }

    /**
     * All defined fields in id order.
     *
     * @return a new array.
     */
    public static Field[] all()
    {
        int count = 0;
        for (final Field field : BY_ID)
        {
            if (field != null)
            {
                count++;
            }
        }
        final Field[] result = new Field[count];
        int i = 0;
        for (final Field field : BY_ID)
        {
            if (field != null)
            {
                result[i++] = field;
            }
        }
        return result;
    }
}
