package org.stasensor.pipeline.x509;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain root, intermediate, leaf made by openssl, sent as a TLS 1.2 Certificate message body built here from
 * their DER (RFC 5246 7.4.2): chain length, the leaf's fields, its SHA-256, the issuers, and how cut-short or
 * malformed framing is handled.
 */
class CertificateChainTest
{
    @TempDir
    static Path directory;

    private static final List<byte[]> CHAIN = new ArrayList<>();
    private static final List<java.security.cert.X509Certificate> JDK_CHAIN = new ArrayList<>();
    private static String leafFingerprint;

    private final CertificateMessageParser parser = new CertificateMessageParser();
    private final CertificateChain chain = new CertificateChain();

    @BeforeAll
    static void makeChain()
    {
        final Map<String, Path> certificates = TestCertificates.generateChain(directory);
        for (final String name : TestCertificates.CHAIN)
        {
            final byte[] der = TestCertificates.der(certificates.get(name));
            CHAIN.add(der);
            JDK_CHAIN.add(JdkOracle.parse(der));
        }
        leafFingerprint = Shell.text(directory, "openssl", "x509", "-in", certificates.get("chain-leaf").toString(),
            "-noout", "-fingerprint", "-sha256").strip().replaceAll(".*=", "").replace(":", "");
    }

    @Test
    void chainOfThreeGivesLengthLeafHashAndIssuers() throws Exception
    {
        final byte[] body = CertificateMessages.body(CHAIN);
        assertTrue(parser.parse(new UnsafeBuffer(body), 0, body.length, chain));
        assertEquals(3, chain.length());
        assertFalse(chain.isTruncated());
        assertTrue(chain.isLeafParsed());
        assertEquals(0, chain.unparsedCertificates());

        final RecordReader record = JdkOracle.record(chain);
        JdkOracle.assertLeafMatches("chain-leaf", chain.leaf(), record, JDK_CHAIN.get(0));
        assertEquals(3L, record.longValue(Fields.TLS_SERVER_CHAIN_LENGTH, -1));
        assertEquals(leafFingerprint, record.string(Fields.TLS_SERVER_HASH_SHA256), "openssl -fingerprint -sha256");
        assertEquals(JdkOracle.sha256(JDK_CHAIN.get(0)), record.string(Fields.TLS_SERVER_HASH_SHA256));
        assertEquals(List.of(lastIssuerCn(JDK_CHAIN.get(1)), lastIssuerCn(JDK_CHAIN.get(2))),
            record.strings(Fields.TLS_SERVER_CHAIN_ISSUERS));
        assertEquals(List.of("STA Test Root", "STA Test Root"), record.strings(Fields.TLS_SERVER_CHAIN_ISSUERS),
            "the intermediate and the root are both issued by the root, as made");
        assertEquals(List.of("STA Test Intermediate"), record.strings(Fields.X509_ISSUER_CN));
        assertFalse(chain.leaf().isSelfSigned());
    }

    @Test
    void theRootAloneIsSelfSigned()
    {
        final byte[] body = CertificateMessages.body(List.of(CHAIN.get(2)));
        assertTrue(parser.parse(new UnsafeBuffer(body), 0, body.length, chain));
        assertTrue(chain.leaf().isSelfSigned());
    }

    @Test
    void everyCutOfTheMessageKeepsTheCompleteCertificates()
    {
        final byte[] body = CertificateMessages.body(CHAIN);
        final int leafEnd = 3 + 3 + CHAIN.get(0).length;
        final int intermediateEnd = leafEnd + 3 + CHAIN.get(1).length;
        for (int cut = 3; cut < body.length; cut++)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(Arrays.copyOf(body, cut));
            assertTrue(parser.parse(buffer, 0, cut, chain), "cut at " + cut);
            assertTrue(chain.isTruncated(), "cut at " + cut);
            final int complete = cut >= intermediateEnd ? 2 : cut >= leafEnd ? 1 : 0;
            assertEquals(complete, chain.length(), "cut at " + cut);
            assertEquals(complete >= 1, chain.hasLeaf(), "cut at " + cut);
            assertEquals(complete >= 1, chain.isLeafParsed(), "cut at " + cut);
        }
    }

    @Test
    void bytesAfterTheListAreMalformed()
    {
        final byte[] body = CertificateMessages.body(CHAIN);
        final byte[] longer = Arrays.copyOf(body, body.length + 1);
        assertFalse(parser.parse(new UnsafeBuffer(longer), 0, longer.length, chain));
    }

    @Test
    void certificateCrossingTheEndOfTheListIsMalformed()
    {
        final byte[] body = CertificateMessages.body(CHAIN);
        body[2] = (byte)(body[2] - 1);
        final int listLength = ((body[0] & 0xFF) << 16) | ((body[1] & 0xFF) << 8) | (body[2] & 0xFF);
        assertFalse(parser.parse(new UnsafeBuffer(body), 0, 3 + listLength, chain));
    }

    @Test
    void emptyListIsAChainOfNothing()
    {
        final byte[] body = { 0, 0, 0 };
        assertTrue(parser.parse(new UnsafeBuffer(body), 0, body.length, chain));
        assertEquals(0, chain.length());
        assertFalse(chain.hasLeaf());
        final RecordReader record = JdkOracle.record(chain);
        assertEquals(0L, record.longValue(Fields.TLS_SERVER_CHAIN_LENGTH, -1));
        assertFalse(record.has(Fields.TLS_SERVER_HASH_SHA256));
        assertFalse(record.has(Fields.X509_SUBJECT_CN));
    }

    @Test
    void tooShortForTheListLengthIsMalformed()
    {
        final byte[] body = { 0, 0 };
        assertFalse(parser.parse(new UnsafeBuffer(body), 0, body.length, chain));
        assertFalse(parser.parse(new UnsafeBuffer(new byte[8]), 4, 8, chain), "range beyond the buffer");
    }

    @Test
    void longChainsKeepTheFirstIssuersAndCountTheRest()
    {
        final List<byte[]> certificates = new ArrayList<>();
        certificates.add(CHAIN.get(0));
        for (int i = 0; i < CertificateChain.MAX_ISSUERS + 3; i++)
        {
            certificates.add(CHAIN.get(1));
        }
        final byte[] body = CertificateMessages.body(certificates);
        assertTrue(parser.parse(new UnsafeBuffer(body), 0, body.length, chain));
        assertEquals(CertificateChain.MAX_ISSUERS + 4, chain.length());
        assertEquals(CertificateChain.MAX_ISSUERS, chain.issuerCount());
        assertEquals(3, chain.issuersDropped());
    }

    @Test
    void certificateThatDoesNotParseKeepsItsPlaceInTheIssuers()
    {
        final byte[] garbage = { 0x30, 0x03, 0x02, 0x01, 0x01 };
        final byte[] body = CertificateMessages.body(List.of(CHAIN.get(0), garbage, CHAIN.get(2)));
        assertTrue(parser.parse(new UnsafeBuffer(body), 0, body.length, chain));
        assertEquals(3, chain.length());
        assertEquals(1, chain.unparsedCertificates());
        assertEquals(List.of("", "STA Test Root"), JdkOracle.record(chain).strings(Fields.TLS_SERVER_CHAIN_ISSUERS));
    }

    @Test
    void leafThatDoesNotParseStillHasItsHash() throws Exception
    {
        final byte[] garbage = { 0x30, 0x03, 0x02, 0x01, 0x01 };
        final byte[] body = CertificateMessages.body(List.of(garbage));
        assertTrue(parser.parse(new UnsafeBuffer(body), 0, body.length, chain));
        assertTrue(chain.hasLeaf());
        assertFalse(chain.isLeafParsed());
        final RecordReader record = JdkOracle.record(chain);
        assertEquals(HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(garbage)),
            record.string(Fields.TLS_SERVER_HASH_SHA256));
        assertFalse(record.has(Fields.X509_SUBJECT_CN));
    }

    private static String lastIssuerCn(final java.security.cert.X509Certificate certificate)
    {
        final List<String> names = JdkOracle.attribute(certificate.getIssuerX500Principal(), "CN");
        return names.isEmpty() ? "" : names.get(names.size() - 1);
    }
}
