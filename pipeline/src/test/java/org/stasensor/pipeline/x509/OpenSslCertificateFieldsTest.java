package org.stasensor.pipeline.x509;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Certificates made by the openssl command line (see {@link TestCertificates}), each sent as a one-certificate TLS
 * Certificate message: every field of the parsed leaf and of the record written from it is compared with what the
 * JDK's CertificateFactory and {@code openssl x509} say about the same bytes. And the hot path allocates nothing.
 */
class OpenSslCertificateFieldsTest
{
    private static final DateTimeFormatter OPENSSL_DATE =
        DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT);

    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 10_000;

    @TempDir
    static Path directory;

    private static Map<String, Path> certificates;
    private static final Map<String, Map<String, List<String>>> OPENSSL = new HashMap<>();

    @BeforeAll
    static void generateCertificatesAndAskOpenSsl()
    {
        certificates = TestCertificates.generate(directory);
        final List<String> names = new ArrayList<>(certificates.keySet());
        final List<List<String>> commands = new ArrayList<>();
        for (final String name : names)
        {
            commands.add(List.of("openssl", "x509", "-in", certificates.get(name).toString(), "-noout", "-serial",
                "-fingerprint", "-sha256", "-subject", "-issuer", "-dates", "-nameopt",
                "utf8,sep_multiline,sname,-esc_msb", "-text", "-certopt", "no_header,no_version,no_serial," +
                "no_signame,no_validity,no_subject,no_issuer,no_sigdump,no_aux,no_extensions"));
        }
        final List<byte[]> outputs = Shell.runAll(directory, commands);
        for (int i = 0; i < names.size(); i++)
        {
            OPENSSL.put(names.get(i), openSslFields(new String(outputs.get(i), StandardCharsets.UTF_8)));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFieldIsWhatTheJdkReads()
    {
        return certificates.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () ->
        {
            final byte[] der = TestCertificates.der(certificates.get(name));
            final java.security.cert.X509Certificate jdk = JdkOracle.parse(der);
            assertNotNull(jdk, name + ": the JDK refuses the certificate");
            final CertificateChain chain = parseAsMessage(der);
            assertTrue(chain.isLeafParsed(), name + ": did not parse");
            final RecordReader record = JdkOracle.record(chain);
            JdkOracle.assertLeafMatches(name, chain.leaf(), record, jdk);
            assertEquals(JdkOracle.sha256(jdk), record.string(Fields.TLS_SERVER_HASH_SHA256), name + ": sha256");
            assertEquals(1L, record.longValue(Fields.TLS_SERVER_CHAIN_LENGTH, -1), name + ": chain length");
        }));
    }

    @TestFactory
    Stream<DynamicTest> serialFingerprintNamesAndDatesAreWhatOpenSslPrints()
    {
        return certificates.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () ->
        {
            final Map<String, List<String>> openssl = OPENSSL.get(name);
            assertTrue(openssl.containsKey("bits") || name.startsWith("ed"), name + ": no key size read from openssl");
            final RecordReader record = JdkOracle.record(parseAsMessage(TestCertificates.der(certificates.get(name))));
            assertEquals(openssl.get("serial").get(0), record.string(Fields.X509_SERIAL_NUMBER), name);
            assertEquals(openssl.get("sha256 Fingerprint").get(0).replace(":", ""),
                record.string(Fields.TLS_SERVER_HASH_SHA256), name);
            assertEquals(openssl.getOrDefault("subject.CN", List.of()), record.strings(Fields.X509_SUBJECT_CN), name);
            assertEquals(openssl.getOrDefault("subject.O", List.of()),
                record.strings(Fields.X509_SUBJECT_ORGANIZATION), name);
            assertEquals(openssl.getOrDefault("subject.C", List.of()), record.strings(Fields.X509_SUBJECT_COUNTRY),
                name);
            assertEquals(openssl.getOrDefault("issuer.CN", List.of()), record.strings(Fields.X509_ISSUER_CN), name);
            assertEquals(openssl.getOrDefault("issuer.O", List.of()), record.strings(Fields.X509_ISSUER_ORGANIZATION),
                name);
            assertEquals(openssl.getOrDefault("issuer.C", List.of()), record.strings(Fields.X509_ISSUER_COUNTRY),
                name);
            assertEquals(openSslDate(openssl.get("notBefore").get(0)),
                record.longValue(Fields.X509_NOT_BEFORE, Long.MIN_VALUE), name + ": notBefore");
            final long notAfter = openSslDate(openssl.get("notAfter").get(0));
            assertEquals(notAfter, record.longValue(Fields.X509_NOT_AFTER, Long.MIN_VALUE), name + ": notAfter");
            if (openssl.containsKey("ASN1 OID"))
            {
                assertEquals(openssl.get("ASN1 OID").get(0), record.string(Fields.X509_PUBLIC_KEY_CURVE), name);
            }
            if (openssl.containsKey("bits"))
            {
                assertEquals(Long.parseLong(openssl.get("bits").get(0)),
                    record.longValue(Fields.X509_PUBLIC_KEY_SIZE, -1), name + ": key size");
            }
        }));
    }

    @Test
    void serialWithTheHighBitSetLosesOnlyTheDerSignOctet()
    {
        final CertificateChain chain = parseAsMessage(TestCertificates.der(certificates.get("rsa2048")));
        assertEquals(17, chain.leaf().serialLength(), "16 bytes asked of openssl, plus the 00 that keeps it positive");
        assertEquals("8F3A5C7E9B1D2F4A6C8E0A1B2C3D4E5F", JdkOracle.record(chain).string(Fields.X509_SERIAL_NUMBER));
    }

    @Test
    void negativeSerialIsMinusAndItsMagnitude()
    {
        final RecordReader record = JdkOracle.record(parseAsMessage(
            TestCertificates.der(certificates.get("ed25519-utf8"))));
        assertEquals("-04D2", record.string(Fields.X509_SERIAL_NUMBER), "-1234 was asked of openssl");
    }

    @Test
    void keySizesAndCurvesAreTheOnesAskedFor()
    {
        final Object[][] expected = {
            { "rsa2048", "RSA", 2048, null }, { "rsa4096", "RSA", 4096, null },
            { "rsa-pss-key-sha384", "RSASSA-PSS", 2048, null }, { "many-names", "EC", 256, "prime256v1" },
            { "ec-p384", "EC", 384, "secp384r1" }, { "ec-p521", "EC", 521, "secp521r1" },
            { "ed25519-utf8", "Ed25519", 256, null }, { "ed448", "Ed448", 448, null }, { "dsa", "DSA", 2048, null } };
        for (final Object[] row : expected)
        {
            final X509Certificate leaf = parseAsMessage(TestCertificates.der(certificates.get((String)row[0]))).leaf();
            assertEquals(row[1], leaf.publicKeyAlgorithm().algorithmName(), (String)row[0]);
            assertEquals(row[2], leaf.publicKeySize(), (String)row[0]);
            assertEquals(row[3], leaf.curve().curveName(), (String)row[0]);
        }
    }

    @Test
    void signatureAlgorithmsHaveGoNames()
    {
        final String[][] expected = {
            { "rsa2048", "SHA256-RSA" }, { "rsa4096", "SHA384-RSA" }, { "rsa-sha1", "SHA1-RSA" },
            { "rsa-md5", "MD5-RSA" }, { "rsa-sha512", "SHA512-RSA" }, { "rsa-pss-sha256", "SHA256-RSAPSS" },
            { "rsa-pss-key-sha384", "SHA384-RSAPSS" }, { "many-names", "ECDSA-SHA256" },
            { "ec-p384", "ECDSA-SHA384" }, { "ec-p521", "ECDSA-SHA512" }, { "ed25519-utf8", "Ed25519" },
            { "dsa", "DSA-SHA256" }, { "chain-leaf", "ECDSA-SHA384" } };
        for (final String[] row : expected)
        {
            final byte[] der = TestCertificates.der(certificates.get(row[0]));
            final RecordReader record = JdkOracle.record(parseAsMessage(der));
            assertEquals(row[1], record.string(Fields.X509_SIGNATURE_ALGORITHM), row[0]);
        }
    }

    @Test
    void manyAlternativeNamesAreBoundedAndCounted()
    {
        final CertificateChain chain = parseAsMessage(TestCertificates.der(certificates.get("many-names")));
        final X509Certificate leaf = chain.leaf();
        final int total = 5 + 5 + TestCertificates.MANY_DNS_NAMES + 1;
        assertEquals(X509Certificate.MAX_ALTERNATIVE_NAMES, leaf.alternativeNameCount());
        assertEquals(total - X509Certificate.MAX_ALTERNATIVE_NAMES, leaf.alternativeNamesDropped());
        final RecordReader record = JdkOracle.record(chain);
        assertTrue((record.flags() & RecordDescriptor.FLAG_TRUNCATED) != 0, "dropped names flag the record");
        final List<String> names = record.strings(Fields.X509_ALTERNATIVE_NAMES);
        assertEquals(List.of("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "198.51.100.5",
            "::1", "2001:db8::", "2001:db8::1:0:0:1", "fe80::1:2:3:4", "2001:db8:1:2:3:4:5:6",
            "host-000.many.example"),
            names.subList(0, 11), "RFC 5952 text, in certificate order");
    }

    @Test
    void datesAsAskedOfOpenSslCa()
    {
        final Object[][] expected = {
            { "expired", "2010-01-01T00:00:00Z", "2011-01-01T00:00:00Z" },
            { "after-2050", "2049-06-01T00:00:00Z", "2051-06-01T00:00:00Z" },
            { "far-future", "1945-01-01T00:00:00Z", "9999-12-31T23:59:59Z" } };
        for (final Object[] row : expected)
        {
            final X509Certificate leaf = parseAsMessage(TestCertificates.der(certificates.get((String)row[0]))).leaf();
            assertEquals(Instant.parse((String)row[1]).getEpochSecond(), leaf.notBeforeSeconds(), (String)row[0]);
            assertEquals(Instant.parse((String)row[2]).getEpochSecond(), leaf.notAfterSeconds(), (String)row[0]);
        }
        final X509Certificate farFuture = parseAsMessage(TestCertificates.der(certificates.get("far-future"))).leaf();
        assertEquals(Long.MAX_VALUE, farFuture.notAfterNanos(), "9999 does not fit epoch nanoseconds: saturated");
    }

    @Test
    void legacyStringTypesAndVersionOne()
    {
        final CertificateChain chain = parseAsMessage(TestCertificates.der(certificates.get("bmp-t61-v1")));
        final X509Name subject = chain.leaf().subject();
        assertEquals(1, chain.leaf().version());
        assertEquals(DerWalker.TAG_PRINTABLE_STRING, subject.valueTag(0));
        assertEquals(DerWalker.TAG_T61_STRING, subject.valueTag(1));
        assertEquals(DerWalker.TAG_BMP_STRING, subject.valueTag(2));
        final RecordReader record = JdkOracle.record(chain);
        assertEquals("Société Générale", record.string(Fields.X509_SUBJECT_ORGANIZATION));
        assertEquals("例え.example", record.string(Fields.X509_SUBJECT_CN));
    }

    /** The hot path, measured with the JVM's per-thread allocation counter: Certificate messages parsed (leaf,
     *  hash, issuers) and their records written; leaves with BMP/T61 names, IPv6 and dropped names, a negative
     *  serial, PSS, a 9999 date. */
    @Test
    void parsingAndWritingAllocatesNothingOnceWarm()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());

        final List<UnsafeBuffer> messages = new ArrayList<>();
        for (final String leaf : List.of("many-names", "bmp-t61-v1", "ed25519-utf8", "rsa-pss-sha256", "far-future"))
        {
            messages.add(new UnsafeBuffer(CertificateMessages.body(List.of(
                TestCertificates.der(certificates.get(leaf)),
                TestCertificates.der(certificates.get("chain-intermediate")),
                TestCertificates.der(certificates.get("bmp-t61-v1"))))));
        }
        final CertificateMessageParser parser = new CertificateMessageParser();
        final CertificateChain chain = new CertificateChain();
        final CertificateChainWriter chainWriter = new CertificateChainWriter();
        final RecordWriter writer = new RecordWriter();
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);

        long lengths = 0;
        for (int i = 0; i < WARM_UP; i++)
        {
            lengths += round(parser, messages.get(i % messages.size()), chain, chainWriter, writer, slot);
        }
        final long before = counter.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++)
        {
            lengths += round(parser, messages.get(i % messages.size()), chain, chainWriter, writer, slot);
        }
        final long allocated = counter.getCurrentThreadAllocatedBytes() - before;

        assertEquals(3, chain.length());
        assertTrue(chain.isLeafParsed());
        assertTrue(lengths > 0);
        assertTrue(allocated < MEASURED, allocated + " bytes allocated in " + MEASURED + " parses and writes");
    }

    private static int round(final CertificateMessageParser parser, final UnsafeBuffer message,
        final CertificateChain chain, final CertificateChainWriter chainWriter, final RecordWriter writer,
        final UnsafeBuffer slot)
    {
        parser.parse(message, 0, message.capacity(), chain);
        writer.begin(slot, 0, slot.capacity(), Dataset.TLS, 0);
        chainWriter.write(chain, writer);
        return writer.finish();
    }

    static CertificateChain parseAsMessage(final byte[] der)
    {
        final byte[] body = CertificateMessages.body(List.of(der));
        final CertificateChain chain = new CertificateChain();
        assertTrue(new CertificateMessageParser().parse(new UnsafeBuffer(body), 0, body.length, chain));
        return chain;
    }

    private static long openSslDate(final String text)
    {
        final LocalDateTime time = LocalDateTime.parse(text, OPENSSL_DATE);
        final Instant instant = time.toInstant(ZoneOffset.UTC);
        return instant.getEpochSecond() > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE :
            instant.getEpochSecond() * 1_000_000_000L;
    }

    /**
     * Splits openssl's output into keys: "serial", "sha256 Fingerprint", "notBefore", "notAfter", "subject.CN"...
     * (one line per RDN with sep_multiline), "ASN1 OID" and "bits" from the key text.
     */
    private static Map<String, List<String>> openSslFields(final String output)
    {
        final Map<String, List<String>> fields = new HashMap<>();
        String section = null;
        for (final String line : output.split("\n"))
        {
            final String trimmed = line.strip();
            if (line.equals("subject=") || line.equals("issuer="))
            {
                section = line.substring(0, line.length() - 1);
                continue;
            }
            if (line.startsWith("    ") && section != null && trimmed.indexOf('=') > 0 && !trimmed.contains(":"))
            {
                final int equals = trimmed.indexOf('=');
                fields.computeIfAbsent(section + "." + trimmed.substring(0, equals), k -> new ArrayList<>())
                    .add(trimmed.substring(equals + 1));
                continue;
            }
            section = null;
            if (trimmed.startsWith("ASN1 OID:"))
            {
                fields.put("ASN1 OID", List.of(trimmed.substring("ASN1 OID:".length()).strip()));
            }
            else if (trimmed.contains("Public-Key: ("))
            {
                fields.put("bits", List.of(trimmed.replaceAll(".*Public-Key: \\((\\d+) bit\\).*", "$1")));
            }
            else if (line.indexOf('=') > 0 && !line.startsWith(" "))
            {
                final int equals = line.indexOf('=');
                fields.put(line.substring(0, equals), List.of(line.substring(equals + 1)));
            }
        }
        return fields;
    }
}
