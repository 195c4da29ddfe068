package org.stasensor.pipeline.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificates from real captures in the shared corpus, extracted by tshark
 * ({@code -T fields -e tls.handshake.certificate}: the certificates of each Certificate message, hex, comma
 * separated), compared with the JDK's parse of the same bytes; and each message rebuilt and read as a chain.
 */
class CapturedCertificatesTest
{
    private static final List<String> CAPTURES = List.of(
        "nDPI/pcap/tls_verylong_certificate.pcap",
        "nDPI/pcap/tls_certificate_too_long.pcap",
        "nDPI/pcap/long_tls_certificate.pcap",
        "nDPI/pcap/tls_long_cert.pcap",
        "nDPI/pcap/tunnelbear.pcap",
        "nDPI/pcap/simple-dnscrypt.pcap",
        "nDPI/pcap/tls-rdn-extract.pcap",
        "nDPI/pcap/tls_malicious_sha1.pcapng",
        "nDPI/pcap/googledns_android10.pcap",
        "nDPI/pcap/smtp-starttls.pcap",
        "ja4/pcap/tls-handshake.pcapng",
        "ja4/pcap/browsers-x509.pcapng",
        "ja4/pcap/badcurveball.pcap",
        "ja4/pcap/latest.pcapng",
        "ja3/Traces/ssl-curl.pcap");

    /** Certificate messages: each a list of DER certificates, leaf first, from tshark. */
    private static final List<List<byte[]>> MESSAGES = new ArrayList<>();
    /** Every distinct certificate, by hex, with a label. */
    private static final Map<String, String> CERTIFICATES = new LinkedHashMap<>();

    @TempDir
    static Path directory;

    @BeforeAll
    static void extractWithTshark()
    {
        final List<String> certificateLists = TsharkCertificates.extract(directory, CAPTURES);
        final Set<String> messages = new LinkedHashSet<>(certificateLists);
        for (final String line : messages)
        {
            final List<byte[]> message = new ArrayList<>();
            for (final String hex : line.split(","))
            {
                message.add(HexFormat.of().parseHex(hex));
                CERTIFICATES.putIfAbsent(hex, "corpus certificate " + CERTIFICATES.size());
            }
            MESSAGES.add(message);
        }
    }

    @Test
    void everyCertificateTheJdkReadsIsReadTheSame() throws Exception
    {
        int compared = 0;
        final List<String> refusedByJdk = new ArrayList<>();
        for (final Map.Entry<String, String> entry : CERTIFICATES.entrySet())
        {
            final byte[] der = HexFormat.of().parseHex(entry.getKey());
            final java.security.cert.X509Certificate jdk = JdkOracle.parse(der);
            final CertificateChain chain = OpenSslCertificateFieldsTest.parseAsMessage(der);
            if (jdk == null)
            {
                refusedByJdk.add(entry.getValue());
                continue;
            }
            final String label = entry.getValue() + " " + jdk.getSubjectX500Principal();
            assertTrue(chain.isLeafParsed(), label + ": the JDK reads it, the parser does not");
            final RecordReader record = JdkOracle.record(chain);
            JdkOracle.assertLeafMatches(label, chain.leaf(), record, jdk);
            assertEquals(JdkOracle.sha256(jdk), record.string(Fields.TLS_SERVER_HASH_SHA256), label);
            compared++;
        }
        assertTrue(compared >= 30, "expected dozens of distinct certificates, compared " + compared);
        assertEquals(1, refusedByJdk.size(), "the JDK refuses only the explicit-curve certificate of badcurveball: " +
            refusedByJdk);
    }

    @Test
    void explicitCurveParametersTheJdkRefusesGiveTheFieldSize() throws IOException
    {
        final Path capture = TestFiles.corpusFile("ja4/pcap/badcurveball.pcap");
        final String hex = CERTIFICATES.entrySet().stream()
            .map(Map.Entry::getKey)
            .filter(candidate -> JdkOracle.parse(HexFormat.of().parseHex(candidate)) == null).findFirst()
            .orElseThrow(() -> new AssertionError("no certificate the JDK refuses in " + capture));
        final byte[] der = HexFormat.of().parseHex(hex);
        final Path file = Files.write(directory.resolve("explicit-curve.der"), der);
        final String text = Shell.text(directory, "openssl", "x509", "-inform", "DER", "-in", file.toString(),
            "-noout", "-text");
        final int bits = Integer.parseInt(text.replaceAll("(?s).*Public-Key: \\((\\d+) bit\\).*", "$1"));

        final CertificateChain chain = OpenSslCertificateFieldsTest.parseAsMessage(der);
        assertTrue(chain.isLeafParsed());
        final X509Certificate leaf = chain.leaf();
        assertEquals(PublicKeyAlgorithm.EC, leaf.publicKeyAlgorithm());
        assertEquals(bits, leaf.publicKeySize(), "openssl: " + bits + " bit");
        assertEquals(NamedCurve.UNKNOWN, leaf.curve(), "explicit parameters are not taken for a named curve");
        assertEquals(0, leaf.curveOidLength());
        final RecordReader record = JdkOracle.record(chain);
        assertEquals(openSslIssuerCommonNames(der), record.strings(Fields.X509_ISSUER_CN));
        assertEquals("ECDSA-SHA256", record.string(Fields.X509_SIGNATURE_ALGORITHM),
            text.contains("ecdsa-with-SHA256") ? "openssl says ecdsa-with-SHA256" : "openssl disagrees:\n" + text);
    }

    @Test
    void everyMessageGivesItsLengthAndIssuers()
    {
        final CertificateMessageParser parser = new CertificateMessageParser();
        final CertificateChain chain = new CertificateChain();
        for (final List<byte[]> certificates : MESSAGES)
        {
            final byte[] body = CertificateMessages.body(certificates);
            assertTrue(parser.parse(new UnsafeBuffer(body), 0, body.length, chain));
            assertEquals(certificates.size(), chain.length());
            final List<String> expectedIssuers = new ArrayList<>();
            for (int i = 1; i < Math.min(certificates.size(), CertificateChain.MAX_ISSUERS + 1); i++)
            {
                final java.security.cert.X509Certificate jdk = JdkOracle.parse(certificates.get(i));
                final List<String> names = jdk != null ? JdkOracle.attribute(jdk.getIssuerX500Principal(), "CN") :
                    openSslIssuerCommonNames(certificates.get(i));
                expectedIssuers.add(names.isEmpty() ? "" : names.get(names.size() - 1));
            }
            assertEquals(expectedIssuers, JdkOracle.record(chain).strings(Fields.TLS_SERVER_CHAIN_ISSUERS));
        }
    }

    private static List<String> openSslIssuerCommonNames(final byte[] der)
    {
        try
        {
            final Path file = Files.createTempFile(directory, "certificate", ".der");
            Files.write(file, der);
            final List<String> names = new ArrayList<>();
            for (final String line : Shell.text(directory, "openssl", "x509", "-inform", "DER", "-in",
                file.toString(), "-noout", "-issuer", "-nameopt", "utf8,sep_multiline,sname,-esc_msb").split("\n"))
            {
                if (line.startsWith("    CN="))
                {
                    names.add(line.substring("    CN=".length()));
                }
            }
            return names;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
