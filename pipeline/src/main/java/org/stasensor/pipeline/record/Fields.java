package org.stasensor.pipeline.record;

/**
 * Every variable field a record may carry: the one place that assigns wire ids to ECS names.
 * Ids are never reused or renumbered, since journals keep records across versions.
 * docs/schema.md describes each field for people.
 * <p>
 * Ranges: 1-99 common, 100-199 TLS, 200-299 X.509, 300-399 flow, 400-499 SSH, 500-599 DNS,
 * 600-699 enrichment, 700-799 alert, 800-899 QUIC.
 */
public final class Fields
{
    /** Highest id a field may have. */
    public static final int MAX_FIELD_ID = 1023;
    /**
     * Arrays of objects, as ECS has {@code dns.answers}: their member fields ({@code dns.answers.name}, ...) are
     * parallel lists in the record, element k of each belonging to object k, and JSON shows one array of objects.
     */
    static final String[] OBJECT_LISTS = {"dns.answers"};

    private static final Field[] BY_ID = new Field[MAX_FIELD_ID + 1];

    // Common to every dataset.
    /** Application protocol seen on the flow: tls, ssh, dns, unknown. */
    public static final Field NETWORK_PROTOCOL = define(1, "network.protocol", FieldType.STRING, false);
    /** Anomalies the parser noticed (midstream, gap, truncated, malformed...). */
    public static final Field STA_FLAGS = define(2, "sta.flags", FieldType.STRING, true);
    /** Community ID v1 of the connection's 5-tuple (corelight community-id-spec), e.g. "1:LQU9qZlK+B5F3KDmev6m5PMibrg=". */
    public static final Field NETWORK_COMMUNITY_ID = define(3, "network.community_id", FieldType.STRING, false);

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

    /** Why {@link #TLS_SERVER_VALIDATION} is what it is, e.g. the PKIX failure, in words. */
    public static final Field TLS_SERVER_VALIDATION_REASON = define(121, "tls.server.validation_reason",
        FieldType.STRING, false);
    /** How TLS started on the connection: "implicit" (handshake first) or "starttls" (upgraded clear text). */
    public static final Field TLS_ESTABLISHED_VIA = define(122, "tls.established_via", FieldType.STRING, false);
    /**
     * DER of each certificate of the server's Certificate message, leaf first. Internal: written by the worker for
     * the enrichment stage's chain validation, which removes it before the record is journaled or printed.
     */
    public static final Field TLS_SERVER_CERTIFICATE_DER = define(123, "sta.tls.server.certificate_der",
        FieldType.HEX, true);
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

    // SSH.
    /** Client software version and comments from its identification line, e.g. "OpenSSH_9.2p1 Debian-2". */
    public static final Field SSH_CLIENT_SOFTWARE = define(400, "ssh.client.software", FieldType.STRING, false);
    /** Client protocol version from its identification line, "2.0" (or "1.99"). */
    public static final Field SSH_CLIENT_PROTOCOL = define(401, "ssh.client.protocol_version", FieldType.STRING,
        false);
    /** The client's whole identification line without CR LF, as tshark's ssh.protocol shows it. */
    public static final Field SSH_CLIENT_IDENTIFICATION = define(402, "ssh.client.identification",
        FieldType.STRING, false);
    /** Server software version and comments from its identification line. */
    public static final Field SSH_SERVER_SOFTWARE = define(403, "ssh.server.software", FieldType.STRING, false);
    /** Server protocol version from its identification line. */
    public static final Field SSH_SERVER_PROTOCOL = define(404, "ssh.server.protocol_version", FieldType.STRING,
        false);
    /** The server's whole identification line without CR LF. */
    public static final Field SSH_SERVER_IDENTIFICATION = define(405, "ssh.server.identification",
        FieldType.STRING, false);
    /** Lines the server sent before its identification line (RFC 4253 4.2), as sent. */
    public static final Field SSH_SERVER_PRE_BANNER = define(406, "ssh.server.pre_banner", FieldType.STRING, false);
    /** HASSH: MD5 of the client's KEXINIT algorithm lists (salesforce/hassh), lowercase hex. */
    public static final Field SSH_CLIENT_HASSH = define(410, "ssh.client.hassh", FieldType.STRING, false);
    /** The HASSH string before hashing: kex;ciphers;macs;compression. */
    public static final Field SSH_CLIENT_HASSH_STRING = define(411, "ssh.client.hassh_string", FieldType.STRING,
        false);
    /** HASSHServer: MD5 of the server's KEXINIT algorithm lists, lowercase hex. */
    public static final Field SSH_SERVER_HASSH = define(412, "ssh.server.hassh", FieldType.STRING, false);
    /** The HASSHServer string before hashing. */
    public static final Field SSH_SERVER_HASSH_STRING = define(413, "ssh.server.hassh_string", FieldType.STRING,
        false);
    /** Negotiated key exchange (RFC 4253 7.1). */
    public static final Field SSH_KEX_ALGORITHM = define(420, "ssh.kex_algorithm", FieldType.STRING, false);
    /** Negotiated server host key algorithm. */
    public static final Field SSH_HOST_KEY_ALGORITHM = define(421, "ssh.host_key_algorithm", FieldType.STRING,
        false);
    /** Negotiated cipher client to server. */
    public static final Field SSH_CIPHER_C2S = define(422, "ssh.cipher.client_to_server", FieldType.STRING, false);
    /** Negotiated cipher server to client. */
    public static final Field SSH_CIPHER_S2C = define(423, "ssh.cipher.server_to_client", FieldType.STRING, false);
    /** Negotiated MAC client to server (as negotiated; an AEAD cipher makes it unused). */
    public static final Field SSH_MAC_C2S = define(424, "ssh.mac.client_to_server", FieldType.STRING, false);
    /** Negotiated MAC server to client. */
    public static final Field SSH_MAC_S2C = define(425, "ssh.mac.server_to_client", FieldType.STRING, false);
    /** Negotiated compression client to server. */
    public static final Field SSH_COMPRESSION_C2S = define(426, "ssh.compression.client_to_server",
        FieldType.STRING, false);
    /** Negotiated compression server to client. */
    public static final Field SSH_COMPRESSION_S2C = define(427, "ssh.compression.server_to_client",
        FieldType.STRING, false);
    /** Authentication attempts estimated from encrypted packet sizes (docs/ssh-auth.md). */
    public static final Field SSH_AUTH_ATTEMPTS = define(430, "ssh.auth.attempts", FieldType.LONG, false);
    /** Estimated authentication outcome: success, failure, unknown. */
    public static final Field SSH_AUTH_RESULT = define(431, "ssh.auth.result", FieldType.STRING, false);
    /** Whether both sides sent NEWKEYS, i.e. the connection went encrypted. */
    public static final Field SSH_ENCRYPTED = define(432, "ssh.encrypted", FieldType.BOOLEAN, false);

    // DNS: one record per message (query and answer apart, as Suricata's eve dns events), ECS names.
    /** Transaction id. */
    public static final Field DNS_ID = define(500, "dns.id", FieldType.LONG, false);
    /** "query" or "answer", from the QR bit. */
    public static final Field DNS_TYPE = define(501, "dns.type", FieldType.STRING, false);
    /** Opcode name, e.g. "QUERY". */
    public static final Field DNS_OP_CODE = define(502, "dns.op_code", FieldType.STRING, false);
    /** Set header flags among AA TC RD RA AD CD DO. */
    public static final Field DNS_HEADER_FLAGS = define(503, "dns.header_flags", FieldType.STRING, true);
    /** Response code name with EDNS's upper bits, e.g. "NXDOMAIN", "BADVERS". */
    public static final Field DNS_RESPONSE_CODE = define(504, "dns.response_code", FieldType.STRING, false);
    /** First question's name in presentation form. */
    public static final Field DNS_QUESTION_NAME = define(505, "dns.question.name", FieldType.STRING, false);
    /** First question's type mnemonic, e.g. "AAAA", or "TYPE65280". */
    public static final Field DNS_QUESTION_TYPE = define(506, "dns.question.type", FieldType.STRING, false);
    /** First question's class mnemonic, e.g. "IN". */
    public static final Field DNS_QUESTION_CLASS = define(507, "dns.question.class", FieldType.STRING, false);
    /** Owner name of each answer record (with the four below, one element per answer, in message order). */
    public static final Field DNS_ANSWERS_NAME = define(508, "dns.answers.name", FieldType.STRING, true);
    /** Type mnemonic of each answer record. */
    public static final Field DNS_ANSWERS_TYPE = define(509, "dns.answers.type", FieldType.STRING, true);
    /** Class mnemonic of each answer record. */
    public static final Field DNS_ANSWERS_CLASS = define(510, "dns.answers.class", FieldType.STRING, true);
    /** TTL of each answer record, seconds. */
    public static final Field DNS_ANSWERS_TTL = define(511, "dns.answers.ttl", FieldType.LONG, true);
    /** RDATA of each answer record in presentation form. */
    public static final Field DNS_ANSWERS_DATA = define(512, "dns.answers.data", FieldType.STRING, true);
    /** Addresses of the A and AAAA answers. */
    public static final Field DNS_RESOLVED_IP = define(513, "dns.resolved_ip", FieldType.IP, true);
    /** EDNS UDP payload size (RFC 6891). */
    public static final Field DNS_OPT_UDP_PAYLOAD_SIZE = define(514, "dns.opt.udp_payload_size", FieldType.LONG,
        false);
    /** EDNS version. */
    public static final Field DNS_OPT_VERSION = define(515, "dns.opt.version", FieldType.LONG, false);
    /** EDNS Client Subnet family, 1 IPv4 or 2 IPv6 (RFC 7871). */
    public static final Field DNS_OPT_CLIENT_SUBNET_FAMILY = define(516, "dns.opt.client_subnet.family",
        FieldType.LONG, false);
    /** EDNS Client Subnet source prefix length. */
    public static final Field DNS_OPT_CLIENT_SUBNET_SOURCE_PREFIX = define(517,
        "dns.opt.client_subnet.source_prefix", FieldType.LONG, false);
    /** EDNS Client Subnet scope prefix length. */
    public static final Field DNS_OPT_CLIENT_SUBNET_SCOPE_PREFIX = define(518,
        "dns.opt.client_subnet.scope_prefix", FieldType.LONG, false);
    /** EDNS Client Subnet address, zero-filled to its family's length. */
    public static final Field DNS_OPT_CLIENT_SUBNET_ADDRESS = define(519, "dns.opt.client_subnet.address",
        FieldType.IP, false);
    /** QDCOUNT of the message written. */
    public static final Field DNS_COUNT_QUESTIONS = define(520, "dns.count.questions", FieldType.LONG, false);
    /** ANCOUNT. */
    public static final Field DNS_COUNT_ANSWERS = define(521, "dns.count.answers", FieldType.LONG, false);
    /** NSCOUNT. */
    public static final Field DNS_COUNT_AUTHORITIES = define(522, "dns.count.authorities", FieldType.LONG, false);
    /** ARCOUNT. */
    public static final Field DNS_COUNT_ADDITIONALS = define(523, "dns.count.additionals", FieldType.LONG, false);
    /** Registered domain of the question name by the Public Suffix List (ICANN section), e.g. "example.co.uk". */
    public static final Field DNS_QUESTION_REGISTERED_DOMAIN = define(524, "dns.question.registered_domain",
        FieldType.STRING, false);
    /** Public suffix of the question name, e.g. "co.uk". */
    public static final Field DNS_QUESTION_TOP_LEVEL_DOMAIN = define(525, "dns.question.top_level_domain",
        FieldType.STRING, false);
    /** Nanoseconds from the query to its response. */
    public static final Field DNS_RESPONSE_LATENCY = define(526, "dns.response_latency", FieldType.LONG, false);

    // Enrichment: filled by the enrichment stage, off the capture cores.
    /** ISO 3166 alpha-2 country of the source address (GeoIP); absent for private and special addresses. */
    public static final Field SOURCE_GEO_COUNTRY = define(600, "source.geo.country_iso_code", FieldType.STRING,
        false);
    /** ISO 3166 alpha-2 country of the destination address. */
    public static final Field DESTINATION_GEO_COUNTRY = define(601, "destination.geo.country_iso_code",
        FieldType.STRING, false);
    /** Autonomous system number of the source address. */
    public static final Field SOURCE_AS_NUMBER = define(602, "source.as.number", FieldType.LONG, false);
    /** Organisation of the source address's AS. */
    public static final Field SOURCE_AS_ORGANIZATION = define(603, "source.as.organization.name", FieldType.STRING,
        false);
    /** Autonomous system number of the destination address. */
    public static final Field DESTINATION_AS_NUMBER = define(604, "destination.as.number", FieldType.LONG, false);
    /** Organisation of the destination address's AS. */
    public static final Field DESTINATION_AS_ORGANIZATION = define(605, "destination.as.organization.name",
        FieldType.STRING, false);
    /** The name the domain.* fields judge: the DNS question, the SNI, or the certificate's first name. */
    public static final Field DOMAIN_NAME = define(610, "domain.name", FieldType.STRING, false);
    /** Registered domain (Public Suffix List) of {@link #DOMAIN_NAME}: the key of the age and DGA caches. */
    public static final Field DOMAIN_REGISTERED_DOMAIN = define(611, "domain.registered_domain", FieldType.STRING,
        false);
    /** How likely the registered domain was machine-generated, 0..1 (docs/dga.md). */
    public static final Field DOMAIN_DGA_SCORE = define(612, "domain.dga_score", FieldType.DOUBLE, false);
    /** When the registered domain was registered, from RDAP. */
    public static final Field DOMAIN_CREATION_DATE = define(613, "domain.creation_date", FieldType.TIMESTAMP,
        false);
    /** Whole days from the creation date to the record's time. */
    public static final Field DOMAIN_AGE_DAYS = define(614, "domain.age_days", FieldType.LONG, false);
    /** Why the creation date is there or not: found, pending, offline, not_registered, no_rdap_server,
     *  rate_limited, error, no_event (docs/rdap.md). */
    public static final Field DOMAIN_CREATION_DATE_STATUS = define(615, "domain.creation_date_status",
        FieldType.STRING, false);
    /** Client software named from its TLS fingerprint (JA4, else JA3), e.g. "curl". */
    public static final Field TLS_CLIENT_SOFTWARE = define(620, "tls.client.software", FieldType.STRING, false);
    /** Version or version range of {@link #TLS_CLIENT_SOFTWARE}. */
    public static final Field TLS_CLIENT_SOFTWARE_VERSION = define(621, "tls.client.software_version",
        FieldType.STRING, false);
    /** Category: browser, library, tool, malware, scanner, ... */
    public static final Field TLS_CLIENT_SOFTWARE_CATEGORY = define(622, "tls.client.software_category",
        FieldType.STRING, false);
    /** Which fingerprint matched and which list it came from, e.g. "ja4:sta-lab". */
    public static final Field TLS_CLIENT_SOFTWARE_SOURCE = define(623, "tls.client.software_source",
        FieldType.STRING, false);
    /** Client software named from its HASSH. */
    public static final Field SSH_CLIENT_SOFTWARE_GUESS = define(624, "ssh.client.software_guess", FieldType.STRING,
        false);
    /** Which fingerprint list named {@link #SSH_CLIENT_SOFTWARE_GUESS}. */
    public static final Field SSH_CLIENT_SOFTWARE_GUESS_SOURCE = define(625, "ssh.client.software_guess_source",
        FieldType.STRING, false);
    /** Server software named from its HASSHServer. */
    public static final Field SSH_SERVER_SOFTWARE_GUESS = define(626, "ssh.server.software_guess", FieldType.STRING,
        false);
    /** Which fingerprint list named {@link #SSH_SERVER_SOFTWARE_GUESS}. */
    public static final Field SSH_SERVER_SOFTWARE_GUESS_SOURCE = define(627, "ssh.server.software_guess_source",
        FieldType.STRING, false);
    /** Category of the TLS/SSH client software guess from HASSH (same words as the TLS one). */
    public static final Field SSH_CLIENT_SOFTWARE_CATEGORY = define(628, "ssh.client.software_category",
        FieldType.STRING, false);
    // Alerts: the rule's fields, then the triggering record's fields.
    /** Rule identifier: a signature's sid, or a policy rule's name. */
    public static final Field RULE_ID = define(700, "rule.id", FieldType.STRING, false);
    /** Rule name: a signature's msg, or a policy rule's title. */
    public static final Field RULE_NAME = define(701, "rule.name", FieldType.STRING, false);
    /** Severity 1 (highest) .. 4, as Suricata's priority. */
    public static final Field EVENT_SEVERITY = define(702, "event.severity", FieldType.LONG, false);
    /** What happened, for a person. */
    public static final Field MESSAGE = define(703, "message", FieldType.STRING, false);
    /** Rule category: a signature's classtype, or the policy rule kind. */
    public static final Field RULE_CATEGORY = define(704, "rule.category", FieldType.STRING, false);
    /** Which rule set: "policy", "signatures", "blocklist". */
    public static final Field RULE_RULESET = define(705, "rule.ruleset", FieldType.STRING, false);
    /** A signature's revision. */
    public static final Field RULE_VERSION = define(706, "rule.version", FieldType.STRING, false);
    /** Dataset of the record that triggered the alert (its fields follow in the alert). */
    public static final Field ALERT_TRIGGER_DATASET = define(707, "sta.alert.trigger_dataset", FieldType.STRING,
        false);
    // QUIC Initial (the ClientHello's TLS fields are the tls.client.* ones).
    /** QUIC version: "1", "2", or 8 hex digits for others. */
    public static final Field QUIC_VERSION = define(800, "quic.version", FieldType.STRING, false);
    /** Destination connection id of the client's first Initial, lowercase hex. */
    public static final Field QUIC_DESTINATION_CONNECTION_ID = define(801, "quic.destination_connection_id",
        FieldType.STRING, false);
    /** Source connection id of the client's first Initial, lowercase hex. */
    public static final Field QUIC_SOURCE_CONNECTION_ID = define(802, "quic.source_connection_id",
        FieldType.STRING, false);

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
