package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Puts a parsed {@link CertificateChain} into a TLS record: {@code tls.server.chain_length},
 * {@code tls.server.hash.sha256}, {@code tls.server.chain_issuers} and every {@code tls.server.x509.*} field of
 * the leaf. Text is rendered into one scratch array made up front, so writing allocates nothing.
 * <ul>
 *   <li>sha256: uppercase hex, as ECS shows {@code hash.sha256}.</li>
 *   <li>serial_number: uppercase hex without the DER sign octet, exactly as {@code openssl x509 -serial}
 *       prints it (see {@link X509Text#serialHex}); ECS asks for uppercase without colons.</li>
 *   <li>signature_algorithm: Go's name ({@link SignatureAlgorithm}); an unknown algorithm as its dotted OID.
 *       Likewise public_key_algorithm and public_key_curve (OpenSSL's curve names).</li>
 *   <li>Names: UTF8String, PrintableString, IA5String copied as bytes (a stray byte above 0x7F in the ASCII
 *       types read as Latin-1), BMPString and UniversalString converted to UTF-8, T61String read as Latin-1, a
 *       value of a non-string type as RFC 4514 "#hex" ({@link X509Text#directoryString}).</li>
 *   <li>alternative_names: dNSName as is (a stray byte above 0x7F becomes U+FFFD, as the JDK has it), iPAddress
 *       as text (RFC 5952 for IPv6), in certificate order; names beyond the parser's bound flag the record
 *       truncated.</li>
 *   <li>not_before/not_after: epoch nanoseconds, saturated past 2262 (see {@link DerTime#saturatedEpochNanos}).</li>
 *   <li>chain_issuers: one entry per certificate after the leaf, in message order (the last CN, the one Go's
 *       pkix.Name keeps); empty when that certificate did not parse or its issuer has no CN; certificates beyond
 *       {@link CertificateChain#MAX_ISSUERS} flag the record truncated, as does a message cut short.</li>
 * </ul>
 * A value that does not fit the scratch (longer than a record can be) is left out and the record flagged
 * {@link RecordDescriptor#FLAG_TRUNCATED}, as the {@link RecordWriter} does for fields that do not fit the slot.
 */
public final class CertificateChainWriter
{
    private static final String[] VERSION_TEXT = { "0", "1", "2", "3" };

    private final byte[] scratch = new byte[RecordDescriptor.MAX_RECORD_LENGTH];

    /**
     * Writes the chain's fields.
     *
     * @param chain  a chain filled by {@link CertificateMessageParser}.
     * @param writer a writer between {@code begin} and {@code finish}.
     */
    public void write(final CertificateChain chain, final RecordWriter writer)
    {
        writer.putLong(Fields.TLS_SERVER_CHAIN_LENGTH, chain.length());
        if (chain.hasLeaf())
        {
            final int end = X509Text.hexUpper(chain.leafSha256(), 0, CertificateChain.SHA256_LENGTH, scratch, 0);
            writer.put(Fields.TLS_SERVER_HASH_SHA256, scratch, 0, end);
        }
        if (chain.isLeafParsed())
        {
            writeCertificate(chain.leaf(), writer);
        }
        final DirectBuffer buffer = chain.buffer();
        for (int i = 0; i < chain.issuerCount(); i++)
        {
            putText(writer, Fields.TLS_SERVER_CHAIN_ISSUERS,
                X509Text.directoryString(chain.issuerTag(i), buffer, chain.issuerElementOffset(i),
                chain.issuerOffset(i), chain.issuerLength(i), scratch, 0));
        }
        if (chain.issuersDropped() > 0 || chain.isTruncated())
        {
            writer.flag(RecordDescriptor.FLAG_TRUNCATED);
        }
    }

    /**
     * Writes the {@code tls.server.x509.*} fields of one certificate.
     *
     * @param certificate a certificate that parsed.
     * @param writer      a writer between {@code begin} and {@code finish}.
     */
    public void writeCertificate(final X509Certificate certificate, final RecordWriter writer)
    {
        final DirectBuffer buffer = certificate.buffer();
        writer.putAscii(Fields.X509_VERSION, VERSION_TEXT[certificate.version()]);
        putText(writer, Fields.X509_SERIAL_NUMBER,
            X509Text.serialHex(buffer, certificate.serialOffset(), certificate.serialLength(), scratch, 0));

        final SignatureAlgorithm signature = certificate.signatureAlgorithm();
        if (signature != SignatureAlgorithm.UNKNOWN)
        {
            writer.putAscii(Fields.X509_SIGNATURE_ALGORITHM, signature.algorithmName());
        }
        else
        {
            putText(writer, Fields.X509_SIGNATURE_ALGORITHM, ObjectIdentifiers.appendDotted(
                buffer, certificate.signatureOidOffset(), certificate.signatureOidLength(), scratch, 0));
        }

        writeName(certificate.issuer(), buffer, writer, Fields.X509_ISSUER_CN, Fields.X509_ISSUER_ORGANIZATION,
            Fields.X509_ISSUER_COUNTRY);
        writeName(certificate.subject(), buffer, writer, Fields.X509_SUBJECT_CN, Fields.X509_SUBJECT_ORGANIZATION,
            Fields.X509_SUBJECT_COUNTRY);
        writer.putLong(Fields.X509_NOT_BEFORE, certificate.notBeforeNanos());
        writer.putLong(Fields.X509_NOT_AFTER, certificate.notAfterNanos());

        for (int i = 0; i < certificate.alternativeNameCount(); i++)
        {
            final int offset = certificate.alternativeNameOffset(i);
            final int length = certificate.alternativeNameLength(i);
            final int end = certificate.alternativeNameType(i) == X509Certificate.ALT_NAME_DNS ?
                X509Text.ascii(buffer, offset, length, scratch, 0) :
                X509Text.ipAddress(buffer, offset, length, scratch, 0);
            putText(writer, Fields.X509_ALTERNATIVE_NAMES, end);
        }
        if (certificate.alternativeNamesDropped() > 0)
        {
            writer.flag(RecordDescriptor.FLAG_TRUNCATED);
        }

        writePublicKey(certificate, buffer, writer);
    }

    private void writePublicKey(final X509Certificate certificate, final DirectBuffer buffer,
        final RecordWriter writer)
    {
        final PublicKeyAlgorithm algorithm = certificate.publicKeyAlgorithm();
        if (algorithm != PublicKeyAlgorithm.UNKNOWN)
        {
            writer.putAscii(Fields.X509_PUBLIC_KEY_ALGORITHM, algorithm.algorithmName());
        }
        else
        {
            putText(writer, Fields.X509_PUBLIC_KEY_ALGORITHM, ObjectIdentifiers.appendDotted(
                buffer, certificate.publicKeyOidOffset(), certificate.publicKeyOidLength(), scratch, 0));
        }
        if (certificate.publicKeySize() > 0)
        {
            writer.putLong(Fields.X509_PUBLIC_KEY_SIZE, certificate.publicKeySize());
        }
        final NamedCurve curve = certificate.curve();
        if (curve != NamedCurve.UNKNOWN)
        {
            writer.putAscii(Fields.X509_PUBLIC_KEY_CURVE, curve.curveName());
        }
        else if (certificate.curveOidLength() > 0)
        {
            putText(writer, Fields.X509_PUBLIC_KEY_CURVE, ObjectIdentifiers.appendDotted(
                buffer, certificate.curveOidOffset(), certificate.curveOidLength(), scratch, 0));
        }
    }

    private void writeName(final X509Name name, final DirectBuffer buffer, final RecordWriter writer,
        final Field commonName, final Field organization, final Field country)
    {
        for (int i = 0; i < name.count(); i++)
        {
            final Field field = switch (name.attribute(i))
            {
                case X509Name.COMMON_NAME -> commonName;
                case X509Name.ORGANIZATION -> organization;
                default -> country;
            };
            putText(writer, field, X509Text.directoryString(name.valueTag(i), buffer, name.elementOffset(i),
                name.valueOffset(i), name.valueLength(i), scratch, 0));
        }
        if (name.dropped() > 0)
        {
            writer.flag(RecordDescriptor.FLAG_TRUNCATED);
        }
    }

    private void putText(final RecordWriter writer, final Field field, final int end)
    {
        if (end < 0)
        {
            writer.flag(RecordDescriptor.FLAG_TRUNCATED);
        }
        else
        {
            writer.put(field, scratch, 0, end);
        }
    }
}
