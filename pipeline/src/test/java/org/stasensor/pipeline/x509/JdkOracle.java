package org.stasensor.pipeline.x509;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.XECKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JDK's own X.509 implementation ({@link CertificateFactory}) says about a certificate, turned into the
 * form the records use, and the assertions that compare a parsed certificate and a written record with it.
 */
final class JdkOracle
{
    /** JDK signature algorithm names (getSigAlgName) to Go's crypto/x509 names (SignatureAlgorithm.String()). */
    private static final Map<String, String> GO_SIGNATURE_NAMES = Map.ofEntries(
        Map.entry("MD2withRSA", "MD2-RSA"),
        Map.entry("MD5withRSA", "MD5-RSA"),
        Map.entry("SHA1withRSA", "SHA1-RSA"),
        Map.entry("SHA224withRSA", "SHA224-RSA"),
        Map.entry("SHA256withRSA", "SHA256-RSA"),
        Map.entry("SHA384withRSA", "SHA384-RSA"),
        Map.entry("SHA512withRSA", "SHA512-RSA"),
        Map.entry("SHA1withDSA", "DSA-SHA1"),
        Map.entry("SHA224withDSA", "DSA-SHA224"),
        Map.entry("SHA256withDSA", "DSA-SHA256"),
        Map.entry("SHA1withECDSA", "ECDSA-SHA1"),
        Map.entry("SHA224withECDSA", "ECDSA-SHA224"),
        Map.entry("SHA256withECDSA", "ECDSA-SHA256"),
        Map.entry("SHA384withECDSA", "ECDSA-SHA384"),
        Map.entry("SHA512withECDSA", "ECDSA-SHA512"),
        Map.entry("Ed25519", "Ed25519"),
        Map.entry("Ed448", "Ed448"));

    /** PSS hash names of the JDK's PSSParameterSpec to Go's names. */
    private static final Map<String, String> GO_PSS_NAMES = Map.of(
        "SHA-256", "SHA256-RSAPSS",
        "SHA-384", "SHA384-RSAPSS",
        "SHA-512", "SHA512-RSAPSS");

    private static final int X509_ALT_DNS = 2;
    private static final int X509_ALT_IP = 7;

    private JdkOracle()
    {
    }

    /**
     * The JDK's parse of DER bytes.
     *
     * @param der the certificate.
     * @return the certificate, or null when the JDK refuses it.
     */
    static java.security.cert.X509Certificate parse(final byte[] der)
    {
        try
        {
            return (java.security.cert.X509Certificate)CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        }
        catch (final CertificateException | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * The signature algorithm in Go's naming, from the JDK's name (and PSS parameters).
     *
     * @param certificate the JDK's certificate.
     * @return the Go name, or the dotted OID where Go has none.
     */
    static String signatureAlgorithm(final java.security.cert.X509Certificate certificate)
    {
        final String jdkName = certificate.getSigAlgName();
        if ("RSASSA-PSS".equals(jdkName))
        {
            try
            {
                final AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
                parameters.init(certificate.getSigAlgParams());
                final String hash = parameters.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
                return GO_PSS_NAMES.getOrDefault(hash, certificate.getSigAlgOID());
            }
            catch (final GeneralSecurityException | java.io.IOException ex)
            {
                return certificate.getSigAlgOID();
            }
        }
        return GO_SIGNATURE_NAMES.getOrDefault(jdkName, certificate.getSigAlgOID());
    }

    /**
     * The public key algorithm as the records name it.
     *
     * @param key the JDK's key.
     * @return RSA, RSASSA-PSS, EC, DSA, Ed25519, Ed448, X25519, X448 or the JDK's name.
     */
    static String publicKeyAlgorithm(final PublicKey key)
    {
        if (key instanceof EdECKey edec)
        {
            return edec.getParams().getName();
        }
        if (key instanceof XECKey xec && xec.getParams() instanceof NamedParameterSpec named)
        {
            return named.getName();
        }
        return key.getAlgorithm();
    }

    /**
     * The key size: modulus bits, p bits, the curve's field size, 256/448 for the Edwards and Montgomery curves.
     *
     * @param key the JDK's key.
     * @return bits.
     */
    static long publicKeySize(final PublicKey key)
    {
        if (key instanceof RSAKey rsa)
        {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec)
        {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa)
        {
            return dsa.getParams().getP().bitLength();
        }
        final String name = publicKeyAlgorithm(key);
        return name.endsWith("25519") ? 256 : name.endsWith("448") ? 448 : -1;
    }

    /**
     * A serial number as openssl prints it: two uppercase hex digits per byte of the magnitude, '-' if negative.
     *
     * @param serial the JDK's serial.
     * @return the text.
     */
    static String serialHex(final BigInteger serial)
    {
        String hex = serial.abs().toString(16).toUpperCase(Locale.ROOT);
        if (hex.length() % 2 != 0)
        {
            hex = "0" + hex;
        }
        return (serial.signum() < 0 ? "-" : "") + hex;
    }

    /**
     * Values of one attribute type of a name, in DER order (the JDK's RFC 2253 string, read back with LdapName).
     *
     * @param principal the name.
     * @param type      "CN", "O" or "C".
     * @return the values; a value the JDK renders as #hex (an unknown string type) as "#hex".
     */
    static List<String> attribute(final X500Principal principal, final String type)
    {
        return attribute(principal, type, Integer.MAX_VALUE);
    }

    /**
     * Values of one attribute type of a name, in DER order, among the first CN, O and C values of the name.
     *
     * @param principal the name.
     * @param type      "CN", "O" or "C".
     * @param limit     how many CN, O and C values (of all three types together) to look at.
     * @return the values.
     */
    static List<String> attribute(final X500Principal principal, final String type, final int limit)
    {
        try
        {
            final List<String> values = new ArrayList<>();
            int seen = 0;
            for (final Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253)).getRdns())
            {
                if (!List.of("CN", "O", "C").contains(rdn.getType().toUpperCase(Locale.ROOT)) || seen++ >= limit)
                {
                    continue;
                }
                if (rdn.getType().equalsIgnoreCase(type))
                {
                    final Object value = rdn.getValue();
                    values.add(value instanceof byte[] bytes ? "#" + HexFormat.of().formatHex(bytes) :
                        value.toString());
                }
            }
            return values;
        }
        catch (final InvalidNameException ex)
        {
            throw new AssertionError("the JDK's own RFC 2253 name did not parse: " + principal, ex);
        }
    }

    /**
     * dNSName and iPAddress entries of subjectAltName in certificate order, addresses normalised.
     *
     * @param certificate the JDK's certificate.
     * @return the names.
     */
    static List<String> alternativeNames(final java.security.cert.X509Certificate certificate)
    {
        try
        {
            final List<String> names = new ArrayList<>();
            final Collection<List<?>> all = certificate.getSubjectAlternativeNames();
            if (all != null)
            {
                for (final List<?> entry : all)
                {
                    final int type = (Integer)entry.get(0);
                    if (type == X509_ALT_DNS)
                    {
                        names.add((String)entry.get(1));
                    }
                    else if (type == X509_ALT_IP)
                    {
                        names.add(normalisedAddress((String)entry.get(1)));
                    }
                }
            }
            return names;
        }
        catch (final java.security.cert.CertificateParsingException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /**
     * An IP address literal in one canonical form.
     *
     * @param literal IPv4 or IPv6 text.
     * @return the JDK's text of the same address bytes.
     */
    static String normalisedAddress(final String literal)
    {
        try
        {
            return InetAddress.getByAddress(InetAddress.getByName(literal).getAddress()).getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new AssertionError("not an address literal: " + literal, ex);
        }
    }

    /**
     * SHA-256 of the JDK's encoding, uppercase hex.
     *
     * @param certificate the JDK's certificate.
     * @return 64 hex digits.
     */
    static String sha256(final java.security.cert.X509Certificate certificate)
    {
        try
        {
            return HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /**
     * Writes a chain into a fresh TLS record and opens it for reading.
     *
     * @param chain the parsed chain.
     * @return a reader on the record.
     */
    static RecordReader record(final CertificateChain chain)
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        final RecordWriter writer = new RecordWriter().begin(slot, 0, slot.capacity(), Dataset.TLS, 1L);
        new CertificateChainWriter().write(chain, writer);
        writer.finish();
        return new RecordReader().wrap(slot, 0);
    }

    /**
     * Asserts that a parsed leaf and the record written from it say what the JDK says about the same bytes.
     *
     * @param label       what the certificate is, for messages.
     * @param parsed      the parser's holder.
     * @param record      the record written from it.
     * @param certificate the JDK's parse of the same bytes.
     */
    static void assertLeafMatches(final String label, final X509Certificate parsed, final RecordReader record,
        final java.security.cert.X509Certificate certificate) throws CertificateException
    {
        assertEquals(certificate.getEncoded().length, parsed.certificateLength(), label + ": certificate length");
        assertEquals(certificate.getVersion(), parsed.version(), label + ": version");
        assertEquals(String.valueOf(certificate.getVersion()), record.string(Fields.X509_VERSION), label);

        final byte[] serial = new byte[parsed.serialLength()];
        parsed.buffer().getBytes(parsed.serialOffset(), serial);
        assertEquals(certificate.getSerialNumber(), new BigInteger(serial), label + ": serial bytes");
        assertEquals(serialHex(certificate.getSerialNumber()), record.string(Fields.X509_SERIAL_NUMBER),
            label + ": serial text");

        assertEquals(signatureAlgorithm(certificate), record.string(Fields.X509_SIGNATURE_ALGORITHM),
            label + ": signature algorithm");

        final X500Principal issuer = certificate.getIssuerX500Principal();
        final X500Principal subject = certificate.getSubjectX500Principal();
        final int limit = X509Name.MAX_ENTRIES;
        assertEquals(attribute(issuer, "CN", limit), record.strings(Fields.X509_ISSUER_CN), label + ": issuer CN");
        assertEquals(attribute(issuer, "O", limit), record.strings(Fields.X509_ISSUER_ORGANIZATION),
            label + ": issuer O");
        assertEquals(attribute(issuer, "C", limit), record.strings(Fields.X509_ISSUER_COUNTRY), label + ": issuer C");
        assertEquals(attribute(subject, "CN", limit), record.strings(Fields.X509_SUBJECT_CN), label + ": subject CN");
        assertEquals(attribute(subject, "O", limit), record.strings(Fields.X509_SUBJECT_ORGANIZATION),
            label + ": subject O");
        assertEquals(attribute(subject, "C", limit), record.strings(Fields.X509_SUBJECT_COUNTRY),
            label + ": subject C");
        assertEquals(Math.max(0, namesOfInterest(subject) - limit), parsed.subject().dropped(), label);
        assertEquals(Math.max(0, namesOfInterest(issuer) - limit), parsed.issuer().dropped(), label);
        assertArrayEquals(issuer.getEncoded(), bytes(parsed, parsed.issuer()), label + ": issuer DER");
        assertArrayEquals(subject.getEncoded(), bytes(parsed, parsed.subject()), label + ": subject DER");
        assertEquals(java.util.Arrays.equals(issuer.getEncoded(), subject.getEncoded()), parsed.isSelfSigned(),
            label + ": self-signed hint");

        assertEquals(certificate.getNotBefore().getTime() * 1_000_000L,
            record.longValue(Fields.X509_NOT_BEFORE, Long.MIN_VALUE), label + ": notBefore");
        assertEquals(certificate.getNotAfter().getTime() / 1000, parsed.notAfterSeconds(), label + ": notAfter");
        final long notAfterMillis = certificate.getNotAfter().getTime();
        final long expectedNotAfter = notAfterMillis > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE :
            notAfterMillis * 1_000_000L;
        assertEquals(expectedNotAfter, record.longValue(Fields.X509_NOT_AFTER, Long.MIN_VALUE),
            label + ": notAfter in the record");

        final List<String> expectedNames = alternativeNames(certificate);
        final List<String> kept = expectedNames.subList(0,
            Math.min(expectedNames.size(), X509Certificate.MAX_ALTERNATIVE_NAMES));
        final List<String> written = new ArrayList<>();
        final List<String> values = record.strings(Fields.X509_ALTERNATIVE_NAMES);
        for (int i = 0; i < values.size(); i++)
        {
            final boolean address = parsed.alternativeNameType(i) == X509Certificate.ALT_NAME_IP;
            written.add(address ? normalisedAddress(values.get(i)) : values.get(i));
        }
        assertEquals(kept, written, label + ": alternative names");
        assertEquals(expectedNames.size() - kept.size(), parsed.alternativeNamesDropped(), label + ": dropped");

        final PublicKey key = certificate.getPublicKey();
        assertEquals(publicKeyAlgorithm(key), record.string(Fields.X509_PUBLIC_KEY_ALGORITHM),
            label + ": key algorithm");
        assertEquals(publicKeySize(key), record.longValue(Fields.X509_PUBLIC_KEY_SIZE, -1), label + ": key size");
        if (key instanceof ECPublicKey ec)
        {
            final String curve = record.string(Fields.X509_PUBLIC_KEY_CURVE);
            assertTrue(curve != null && ec.getParams().toString().contains(curve),
                label + ": curve " + curve + " is not one of the JDK's names " + ec.getParams());
        }
        else
        {
            assertEquals(null, record.string(Fields.X509_PUBLIC_KEY_CURVE), label + ": curve of a non-EC key");
        }
    }

    private static int namesOfInterest(final X500Principal principal)
    {
        return attribute(principal, "CN").size() + attribute(principal, "O").size() + attribute(principal, "C").size();
    }

    private static byte[] bytes(final X509Certificate parsed, final X509Name name)
    {
        final byte[] bytes = new byte[name.derLength()];
        parsed.buffer().getBytes(name.derOffset(), bytes);
        return bytes;
    }
}
