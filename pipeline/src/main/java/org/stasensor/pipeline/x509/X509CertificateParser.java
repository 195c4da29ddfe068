package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

import static org.stasensor.pipeline.x509.DerWalker.*;

/**
 * Reads the fields records carry from a DER-encoded X.509 certificate (RFC 5280 4.1), without allocating:
 * one {@link DerWalker} per nesting level, OIDs compared as bytes against tables built at class load, values
 * left in place as offsets into the buffer.
 * <pre>
 * Certificate ::= SEQUENCE {                         depth 1
 *     tbsCertificate       TBSCertificate,           depth 2
 *         version         [0] EXPLICIT INTEGER DEFAULT v1,
 *         serialNumber        INTEGER,
 *         signature           AlgorithmIdentifier,
 *         issuer              Name,                   SEQUENCE OF SET OF SEQUENCE { OID, ANY }
 *         validity            SEQUENCE { Time, Time },
 *         subject             Name,
 *         subjectPublicKeyInfo SEQUENCE { AlgorithmIdentifier, BIT STRING },
 *         issuerUniqueID  [1] IMPLICIT BIT STRING OPTIONAL,
 *         subjectUniqueID [2] IMPLICIT BIT STRING OPTIONAL,
 *         extensions      [3] EXPLICIT SEQUENCE OF Extension OPTIONAL }
 *     signatureAlgorithm   AlgorithmIdentifier,
 *     signatureValue       BIT STRING }
 * </pre>
 * The structure above must be intact for a parse to succeed: a length beyond its parent, a missing or mistagged
 * element, trailing bytes after the certificate (which Go refuses too and the JDK ignores), a version other than
 * v1-v3, a bad time make {@link #parse} return false. Where the JDK tolerates something harmless the parser does
 * too: unknown elements after subjectPublicKeyInfo, elements after the extension list in [3] and after an
 * extension's value, a constructed extension value, an Extension tagged other than SEQUENCE, a key BIT STRING
 * with unused bits. Content the records do not need is only walked over. Inside an extension's value and a public
 * key the parser is lenient, as the JDK is for non-critical extensions: a subjectAltName value that is malformed
 * is ignored and flagged ({@link X509Certificate#alternativeNamesMalformed()}), a later one then read; a key
 * whose inner encoding cannot be read leaves the key size 0. Of several well-formed subjectAltName extensions
 * (which RFC 5280 forbids and the JDK refuses) the first is read.
 * <p>
 * A differential fuzz test holds the parser to this: every mutated certificate the JDK accepts, it accepts, with
 * the same fields.
 */
public final class X509CertificateParser
{
    private static final int MAX_DEPTH = 8;
    private static final int VERSION_3_VALUE = 2;
    private static final int ED25519_BITS = 256;
    private static final int ED448_BITS = 448;
    private static final int IPV4_LENGTH = 4;
    private static final int IPV6_LENGTH = 16;

    private final DerWalker[] levels = new DerWalker[MAX_DEPTH];
    private final DerTime time = new DerTime();

    /**
     * A parser with its walkers preallocated; one per thread.
     */
    public X509CertificateParser()
    {
        for (int i = 0; i < MAX_DEPTH; i++)
        {
            levels[i] = new DerWalker();
        }
    }

    /**
     * Parses one certificate.
     *
     * @param buffer holds the DER.
     * @param offset where the certificate's outer SEQUENCE starts.
     * @param length the certificate's length; the outer SEQUENCE must fill it exactly.
     * @param out    the holder to fill; reset first.
     * @return true when the certificate's structure is intact and every field was read.
     */
    public boolean parse(final DirectBuffer buffer, final int offset, final int length, final X509Certificate out)
    {
        out.reset(buffer, offset, length);
        final DerWalker top = levels[0].wrap(buffer, offset, length);
        if (!top.next(TAG_SEQUENCE) || !top.isComplete())
        {
            return false;
        }
        final DerWalker certificate = top.enter(levels[1]);
        if (!certificate.next(TAG_SEQUENCE) || !readTbsCertificate(certificate.enter(levels[2]), out))
        {
            return false;
        }
        if (!certificate.next(TAG_SEQUENCE) || !readSignatureAlgorithm(certificate.enter(levels[2]), out))
        {
            return false;
        }
        if (!certificate.next(TAG_BIT_STRING) || !certificate.isComplete())
        {
            return false;
        }
        out.selfSigned(sameBytes(buffer, out.issuer(), out.subject()));
        return true;
    }

    private boolean readTbsCertificate(final DerWalker tbs, final X509Certificate out)
    {
        if (!tbs.next())
        {
            return false;
        }
        if (tbs.tag() == TAG_CONTEXT_CONSTRUCTED)
        {
            final DerWalker version = tbs.enter(levels[3]);
            if (!version.next(TAG_INTEGER) || version.valueLength() != 1 || !version.isComplete())
            {
                return false;
            }
            final int value = tbs.buffer().getByte(version.valueOffset());
            if (value < 0 || value > VERSION_3_VALUE)
            {
                return false;
            }
            out.version(value + 1);
            if (!tbs.next())
            {
                return false;
            }
        }
        if (tbs.tag() != TAG_INTEGER || tbs.valueLength() < 1)
        {
            return false;
        }
        out.serial(tbs.valueOffset(), tbs.valueLength());
        // The inner signature AlgorithmIdentifier must repeat the outer one (RFC 5280 4.1.2.3); the outer is read.
        if (!tbs.next(TAG_SEQUENCE) || !tbs.next(TAG_SEQUENCE) || !readName(tbs, out.issuer()))
        {
            return false;
        }
        if (!tbs.next(TAG_SEQUENCE) || !readValidity(tbs.enter(levels[3]), out))
        {
            return false;
        }
        if (!tbs.next(TAG_SEQUENCE) || !readName(tbs, out.subject()))
        {
            return false;
        }
        if (!tbs.next(TAG_SEQUENCE) || !readSubjectPublicKeyInfo(tbs.enter(levels[3]), out))
        {
            return false;
        }
        // issuerUniqueID [1], subjectUniqueID [2] and anything unknown are walked over, as the JDK does.
        while (tbs.next())
        {
            if (tbs.tag() == TAG_CONTEXT_CONSTRUCTED + 3 && !readExtensions(tbs.enter(levels[3]), out))
            {
                return false;
            }
        }
        return tbs.isComplete();
    }

    private boolean readSignatureAlgorithm(final DerWalker algorithmIdentifier, final X509Certificate out)
    {
        if (!algorithmIdentifier.next(TAG_OBJECT_IDENTIFIER) || algorithmIdentifier.valueLength() < 1)
        {
            return false;
        }
        final DirectBuffer buffer = algorithmIdentifier.buffer();
        final int oidOffset = algorithmIdentifier.valueOffset();
        final int oidLength = algorithmIdentifier.valueLength();
        final boolean pss = algorithmIdentifier.valueEquals(ObjectIdentifiers.RSASSA_PSS);
        SignatureAlgorithm algorithm = SignatureAlgorithm.ofOid(buffer, oidOffset, oidLength);
        final boolean hasParameters = algorithmIdentifier.next();
        if (algorithmIdentifier.isMalformed() || (hasParameters && !algorithmIdentifier.isComplete()))
        {
            return false;
        }
        if (pss && hasParameters && algorithmIdentifier.tag() == TAG_SEQUENCE)
        {
            algorithm = pssAlgorithm(algorithmIdentifier.enter(levels[3]));
        }
        out.signatureAlgorithm(algorithm, oidOffset, oidLength);
        return true;
    }

    /**
     * RSASSA-PSS-params (RFC 4055 3.1): the hash is the first, optional, [0] element; absent means SHA-1, which
     * has no Go name.
     */
    private SignatureAlgorithm pssAlgorithm(final DerWalker parameters)
    {
        if (parameters.next(TAG_CONTEXT_CONSTRUCTED))
        {
            final DerWalker hash = parameters.enter(levels[4]);
            if (hash.next(TAG_SEQUENCE))
            {
                final DerWalker hashIdentifier = hash.enter(levels[5]);
                if (hashIdentifier.next(TAG_OBJECT_IDENTIFIER))
                {
                    return SignatureAlgorithm.ofPssHash(
                        hashIdentifier.buffer(), hashIdentifier.valueOffset(), hashIdentifier.valueLength());
                }
            }
        }
        return SignatureAlgorithm.UNKNOWN;
    }

    private boolean readName(final DerWalker parent, final X509Name name)
    {
        name.der(parent.elementOffset(), parent.elementLength());
        final DerWalker relativeNames = parent.enter(levels[3]);
        while (relativeNames.next())
        {
            if (relativeNames.tag() != TAG_SET)
            {
                return false;
            }
            final DerWalker attributes = relativeNames.enter(levels[4]);
            while (attributes.next())
            {
                if (attributes.tag() != TAG_SEQUENCE)
                {
                    return false;
                }
                final DerWalker attribute = attributes.enter(levels[5]);
                if (!attribute.next(TAG_OBJECT_IDENTIFIER))
                {
                    return false;
                }
                final int type = attributeType(attribute);
                if (!attribute.next() || !attribute.isComplete())
                {
                    return false;
                }
                if (type != 0)
                {
                    name.add(type, attribute.tag(), attribute.elementOffset(), attribute.valueOffset(),
                        attribute.valueLength());
                }
            }
            if (attributes.isMalformed())
            {
                return false;
            }
        }
        return !relativeNames.isMalformed();
    }

    private static int attributeType(final DerWalker oid)
    {
        if (oid.valueEquals(ObjectIdentifiers.COMMON_NAME))
        {
            return X509Name.COMMON_NAME;
        }
        if (oid.valueEquals(ObjectIdentifiers.ORGANIZATION_NAME))
        {
            return X509Name.ORGANIZATION;
        }
        if (oid.valueEquals(ObjectIdentifiers.COUNTRY_NAME))
        {
            return X509Name.COUNTRY;
        }
        return 0;
    }

    private boolean readValidity(final DerWalker validity, final X509Certificate out)
    {
        if (!validity.next() || !time.parse(validity.buffer(), validity.tag(), validity.valueOffset(),
            validity.valueLength()))
        {
            return false;
        }
        out.notBefore(time.epochSeconds(), time.nanosOfSecond());
        if (!validity.next() || !time.parse(validity.buffer(), validity.tag(), validity.valueOffset(),
            validity.valueLength()))
        {
            return false;
        }
        out.notAfter(time.epochSeconds(), time.nanosOfSecond());
        return validity.isComplete();
    }

    private boolean readSubjectPublicKeyInfo(final DerWalker info, final X509Certificate out)
    {
        if (!info.next(TAG_SEQUENCE))
        {
            return false;
        }
        final DerWalker algorithmIdentifier = info.enter(levels[4]);
        if (!algorithmIdentifier.next(TAG_OBJECT_IDENTIFIER) || algorithmIdentifier.valueLength() < 1)
        {
            return false;
        }
        final DirectBuffer buffer = info.buffer();
        final PublicKeyAlgorithm algorithm = PublicKeyAlgorithm.ofOid(
            buffer, algorithmIdentifier.valueOffset(), algorithmIdentifier.valueLength());
        out.publicKeyAlgorithm(algorithm, algorithmIdentifier.valueOffset(), algorithmIdentifier.valueLength());
        final boolean hasParameters = algorithmIdentifier.next();
        if (algorithmIdentifier.isMalformed() || (hasParameters && !algorithmIdentifier.isComplete()))
        {
            return false;
        }
        if (!info.next(TAG_BIT_STRING) || info.valueLength() < 1 || !info.isComplete())
        {
            return false;
        }
        // The first octet counts unused bits (X.690 8.6.2.2); a key is whole octets, and like the JDK the parser
        // reads the octets whatever that count says.
        final int keyOffset = info.valueOffset() + 1;
        final int keyLength = info.valueLength() - 1;
        switch (algorithm)
        {
            case RSA, RSASSA_PSS -> out.publicKeySize(rsaModulusBits(buffer, keyOffset, keyLength));
            case DSA -> out.publicKeySize(hasParameters ? dsaPrimeBits(algorithmIdentifier) : 0);
            case EC ->
            {
                if (hasParameters)
                {
                    readEcParameters(algorithmIdentifier, out);
                }
            }
            case ED25519, X25519 -> out.publicKeySize(ED25519_BITS);
            case ED448, X448 -> out.publicKeySize(ED448_BITS);
            default ->
            {
            }
        }
        return true;
    }

    /** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1). */
    private int rsaModulusBits(final DirectBuffer buffer, final int offset, final int length)
    {
        final DerWalker key = levels[5].wrap(buffer, offset, length);
        if (!key.next(TAG_SEQUENCE))
        {
            return 0;
        }
        final DerWalker integers = key.enter(levels[6]);
        return integers.next(TAG_INTEGER) ? unsignedBitLength(buffer, integers.valueOffset(), integers.valueLength()) :
            0;
    }

    /** Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER } (RFC 3279 2.3.2). */
    private int dsaPrimeBits(final DerWalker parameters)
    {
        if (parameters.tag() != TAG_SEQUENCE)
        {
            return 0;
        }
        final DerWalker integers = parameters.enter(levels[5]);
        return integers.next(TAG_INTEGER) ?
            unsignedBitLength(integers.buffer(), integers.valueOffset(), integers.valueLength()) : 0;
    }

    /**
     * ECParameters ::= CHOICE { namedCurve OID, implicitCurve NULL, specifiedCurve SpecifiedECDomain } (RFC 5480
     * 2.1.1, RFC 3279 2.3.5). For a specified curve over a prime field the key size is the prime's bit length.
     */
    private void readEcParameters(final DerWalker parameters, final X509Certificate out)
    {
        final DirectBuffer buffer = parameters.buffer();
        if (parameters.tag() == TAG_OBJECT_IDENTIFIER)
        {
            final NamedCurve curve = NamedCurve.ofOid(buffer, parameters.valueOffset(), parameters.valueLength());
            out.curve(curve, parameters.valueOffset(), parameters.valueLength());
            out.publicKeySize(curve.bits());
        }
        else if (parameters.tag() == TAG_SEQUENCE)
        {
            final DerWalker domain = parameters.enter(levels[5]);
            if (domain.next(TAG_INTEGER) && domain.next(TAG_SEQUENCE))
            {
                final DerWalker fieldId = domain.enter(levels[6]);
                if (fieldId.next(TAG_OBJECT_IDENTIFIER) && fieldId.valueEquals(ObjectIdentifiers.PRIME_FIELD) &&
                    fieldId.next(TAG_INTEGER))
                {
                    out.publicKeySize(unsignedBitLength(buffer, fieldId.valueOffset(), fieldId.valueLength()));
                }
            }
        }
    }

    /** Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension { extnID OID, critical BOOLEAN DEFAULT FALSE,
     *  extnValue OCTET STRING } (RFC 5280 4.1). */
    private boolean readExtensions(final DerWalker explicit, final X509Certificate out)
    {
        // Only the first element of [3] is read; the JDK ignores what follows it.
        if (!explicit.next(TAG_SEQUENCE))
        {
            return false;
        }
        final DerWalker extensions = explicit.enter(levels[4]);
        boolean alternativeNamesRead = false;
        while (extensions.next())
        {
            // The JDK does not check that an Extension is tagged SEQUENCE, only that it holds elements.
            if (!extensions.isConstructed())
            {
                return false;
            }
            final DerWalker extension = extensions.enter(levels[5]);
            if (!extension.next(TAG_OBJECT_IDENTIFIER))
            {
                return false;
            }
            final boolean alternativeNames = extension.valueEquals(ObjectIdentifiers.SUBJECT_ALT_NAME);
            if (!extension.next())
            {
                return false;
            }
            if (extension.tag() == TAG_BOOLEAN && !extension.next())
            {
                return false;
            }
            // Elements after extnValue are not looked at, as the JDK does not; OpenSSL and Go refuse them. A
            // BER constructed OCTET STRING (X.690 8.7.3), which the JDK also reads, is accepted but not looked into.
            if (extension.tag() == TAG_OCTET_STRING + 0x20)
            {
                if (alternativeNames && !alternativeNamesRead)
                {
                    out.alternativeNamesMalformed(true);
                }
                continue;
            }
            if (extension.tag() != TAG_OCTET_STRING)
            {
                return false;
            }
            if (alternativeNames && !alternativeNamesRead)
            {
                alternativeNamesRead = readAlternativeNames(
                    extension.buffer(), extension.valueOffset(), extension.valueLength(), out);
                out.alternativeNamesMalformed(!alternativeNamesRead);
            }
        }
        return !extensions.isMalformed();
    }

    /**
     * GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName; dNSName [2] IA5String, iPAddress [7] OCTET STRING
     * (RFC 5280 4.2.1.6). Other kinds, and addresses that are neither 4 nor 16 bytes, are skipped. A value that
     * is malformed or empty is ignored as a whole, as the JDK ignores a non-critical extension it cannot parse
     * (and then takes a later subjectAltName).
     *
     * @return true when the value was read.
     */
    private boolean readAlternativeNames(final DirectBuffer buffer, final int offset, final int length,
        final X509Certificate out)
    {
        final DerWalker value = levels[6].wrap(buffer, offset, length);
        if (!value.next(TAG_SEQUENCE) || !value.isComplete() || value.valueLength() == 0)
        {
            return false;
        }
        final int mark = out.alternativeNameCount();
        final int droppedMark = out.alternativeNamesDropped();
        final DerWalker names = value.enter(levels[7]);
        while (names.next())
        {
            final int tag = names.tag();
            if (tag == TAG_CONTEXT_PRIMITIVE + X509Certificate.ALT_NAME_DNS)
            {
                out.addAlternativeName(X509Certificate.ALT_NAME_DNS, names.valueOffset(), names.valueLength());
            }
            else if (tag == TAG_CONTEXT_PRIMITIVE + X509Certificate.ALT_NAME_IP &&
                (names.valueLength() == IPV4_LENGTH || names.valueLength() == IPV6_LENGTH))
            {
                out.addAlternativeName(X509Certificate.ALT_NAME_IP, names.valueOffset(), names.valueLength());
            }
        }
        if (names.isMalformed())
        {
            out.truncateAlternativeNames(mark, droppedMark);
            return false;
        }
        return true;
    }

    private static int unsignedBitLength(final DirectBuffer buffer, final int offset, final int length)
    {
        int i = 0;
        while (i < length && buffer.getByte(offset + i) == 0)
        {
            i++;
        }
        if (i == length)
        {
            return 0;
        }
        final int first = buffer.getByte(offset + i) & 0xFF;
        final long bits = (long)(length - i - 1) * 8 + (32 - Integer.numberOfLeadingZeros(first));
        return (int)Math.min(bits, Integer.MAX_VALUE);
    }

    private static boolean sameBytes(final DirectBuffer buffer, final X509Name issuer, final X509Name subject)
    {
        final int length = issuer.derLength();
        if (length != subject.derLength())
        {
            return false;
        }
        final int a = issuer.derOffset();
        final int b = subject.derOffset();
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(a + i) != buffer.getByte(b + i))
            {
                return false;
            }
        }
        return true;
    }
}
