package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

/**
 * What {@link X509CertificateParser} reads from one certificate (RFC 5280 4.1): a reusable holder, allocated
 * once and reset by every parse. Byte-valued fields (serial, names, alternative names, OIDs) are offsets and
 * lengths into {@link #buffer()}, valid as long as those bytes are; nothing is copied or decoded here.
 * After a parse that returned false the contents are incomplete and must not be used.
 */
public final class X509Certificate
{
    /** Alternative names kept; hostile certificates carry thousands, real ones rarely more than a hundred. */
    public static final int MAX_ALTERNATIVE_NAMES = 100;

    /** GeneralName dNSName, [2] IA5String (RFC 5280 4.2.1.6). */
    public static final int ALT_NAME_DNS = 2;
    /** GeneralName iPAddress, [7] OCTET STRING of 4 or 16 bytes. */
    public static final int ALT_NAME_IP = 7;

    private final X509Name issuer = new X509Name();
    private final X509Name subject = new X509Name();
    private final int[] altNameType = new int[MAX_ALTERNATIVE_NAMES];
    private final int[] altNameOffset = new int[MAX_ALTERNATIVE_NAMES];
    private final int[] altNameLength = new int[MAX_ALTERNATIVE_NAMES];

    private DirectBuffer buffer;
    private int certificateOffset;
    private int certificateLength;
    private int version;
    private int serialOffset;
    private int serialLength;
    private SignatureAlgorithm signatureAlgorithm = SignatureAlgorithm.UNKNOWN;
    private int signatureOidOffset;
    private int signatureOidLength;
    private long notBeforeSeconds;
    private int notBeforeNanos;
    private long notAfterSeconds;
    private int notAfterNanos;
    private int altNameCount;
    private int altNamesDropped;
    private PublicKeyAlgorithm publicKeyAlgorithm = PublicKeyAlgorithm.UNKNOWN;
    private int publicKeyOidOffset;
    private int publicKeyOidLength;
    private int publicKeySize;
    private NamedCurve curve = NamedCurve.UNKNOWN;
    private int curveOidOffset;
    private int curveOidLength;
    private boolean selfSigned;
    private boolean alternativeNamesMalformed;

    void reset(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        certificateOffset = offset;
        certificateLength = length;
        version = 1;
        serialOffset = 0;
        serialLength = 0;
        signatureAlgorithm = SignatureAlgorithm.UNKNOWN;
        signatureOidOffset = 0;
        signatureOidLength = 0;
        issuer.reset();
        subject.reset();
        notBeforeSeconds = 0;
        notBeforeNanos = 0;
        notAfterSeconds = 0;
        notAfterNanos = 0;
        altNameCount = 0;
        altNamesDropped = 0;
        publicKeyAlgorithm = PublicKeyAlgorithm.UNKNOWN;
        publicKeyOidOffset = 0;
        publicKeyOidLength = 0;
        publicKeySize = 0;
        curve = NamedCurve.UNKNOWN;
        curveOidOffset = 0;
        curveOidLength = 0;
        selfSigned = false;
        alternativeNamesMalformed = false;
    }

    void version(final int version)
    {
        this.version = version;
    }

    void serial(final int offset, final int length)
    {
        serialOffset = offset;
        serialLength = length;
    }

    void signatureAlgorithm(final SignatureAlgorithm algorithm, final int oidOffset, final int oidLength)
    {
        signatureAlgorithm = algorithm;
        signatureOidOffset = oidOffset;
        signatureOidLength = oidLength;
    }

    void notBefore(final long seconds, final int nanos)
    {
        notBeforeSeconds = seconds;
        notBeforeNanos = nanos;
    }

    void notAfter(final long seconds, final int nanos)
    {
        notAfterSeconds = seconds;
        notAfterNanos = nanos;
    }

    void addAlternativeName(final int type, final int offset, final int length)
    {
        if (altNameCount == MAX_ALTERNATIVE_NAMES)
        {
            altNamesDropped++;
            return;
        }
        altNameType[altNameCount] = type;
        altNameOffset[altNameCount] = offset;
        altNameLength[altNameCount] = length;
        altNameCount++;
    }

    void truncateAlternativeNames(final int count, final int dropped)
    {
        altNameCount = count;
        altNamesDropped = dropped;
    }

    void alternativeNamesMalformed(final boolean malformed)
    {
        alternativeNamesMalformed = malformed;
    }

    void publicKeyAlgorithm(final PublicKeyAlgorithm algorithm, final int oidOffset, final int oidLength)
    {
        publicKeyAlgorithm = algorithm;
        publicKeyOidOffset = oidOffset;
        publicKeyOidLength = oidLength;
    }

    void publicKeySize(final int bits)
    {
        publicKeySize = bits;
    }

    void curve(final NamedCurve curve, final int oidOffset, final int oidLength)
    {
        this.curve = curve;
        curveOidOffset = oidOffset;
        curveOidLength = oidLength;
    }

    void selfSigned(final boolean selfSigned)
    {
        this.selfSigned = selfSigned;
    }

    /**
     * The buffer the certificate was parsed from; every offset refers to it.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the whole certificate's DER starts, for fingerprints.
     *
     * @return the offset.
     */
    public int certificateOffset()
    {
        return certificateOffset;
    }

    /**
     * Length of the whole certificate's DER.
     *
     * @return bytes.
     */
    public int certificateLength()
    {
        return certificateLength;
    }

    /**
     * The X.509 version number, as people count it.
     *
     * @return 1, 2 or 3.
     */
    public int version()
    {
        return version;
    }

    /**
     * Where the serial number's INTEGER content starts (two's complement, big-endian, maybe a leading 00).
     *
     * @return the offset.
     */
    public int serialOffset()
    {
        return serialOffset;
    }

    /**
     * Length of the serial number's INTEGER content.
     *
     * @return bytes, at least 1.
     */
    public int serialLength()
    {
        return serialLength;
    }

    /**
     * The signature algorithm of the outer Certificate.signatureAlgorithm.
     *
     * @return the algorithm; {@link SignatureAlgorithm#UNKNOWN} means see {@link #signatureOidOffset()}.
     */
    public SignatureAlgorithm signatureAlgorithm()
    {
        return signatureAlgorithm;
    }

    /**
     * Where the signature algorithm OID's content octets start.
     *
     * @return the offset.
     */
    public int signatureOidOffset()
    {
        return signatureOidOffset;
    }

    /**
     * Length of the signature algorithm OID's content octets.
     *
     * @return bytes.
     */
    public int signatureOidLength()
    {
        return signatureOidLength;
    }

    /**
     * The issuer's CN, O and C.
     *
     * @return the issuer name holder.
     */
    public X509Name issuer()
    {
        return issuer;
    }

    /**
     * The subject's CN, O and C.
     *
     * @return the subject name holder.
     */
    public X509Name subject()
    {
        return subject;
    }

    /**
     * Start of validity, seconds since the epoch (exact even for year 9999).
     *
     * @return the seconds.
     */
    public long notBeforeSeconds()
    {
        return notBeforeSeconds;
    }

    /**
     * Start of validity in nanoseconds since the epoch, saturated (see {@link DerTime#saturatedEpochNanos}).
     *
     * @return the nanoseconds.
     */
    public long notBeforeNanos()
    {
        return DerTime.saturatedEpochNanos(notBeforeSeconds, notBeforeNanos);
    }

    /**
     * End of validity, seconds since the epoch (exact even for year 9999).
     *
     * @return the seconds.
     */
    public long notAfterSeconds()
    {
        return notAfterSeconds;
    }

    /**
     * End of validity in nanoseconds since the epoch, saturated (see {@link DerTime#saturatedEpochNanos}).
     *
     * @return the nanoseconds.
     */
    public long notAfterNanos()
    {
        return DerTime.saturatedEpochNanos(notAfterSeconds, notAfterNanos);
    }

    /**
     * dNSName and iPAddress entries of subjectAltName kept, in certificate order.
     *
     * @return 0..{@link #MAX_ALTERNATIVE_NAMES}.
     */
    public int alternativeNameCount()
    {
        return altNameCount;
    }

    /**
     * dNSName and iPAddress entries beyond {@link #MAX_ALTERNATIVE_NAMES}.
     *
     * @return how many were not kept.
     */
    public int alternativeNamesDropped()
    {
        return altNamesDropped;
    }

    /**
     * Whether a subjectAltName value was malformed and therefore ignored (the rest of the certificate was fine).
     *
     * @return true when the alternative names are missing because their encoding is broken.
     */
    public boolean alternativeNamesMalformed()
    {
        return alternativeNamesMalformed;
    }

    /**
     * Kind of an alternative name.
     *
     * @param index 0..count-1.
     * @return {@link #ALT_NAME_DNS} or {@link #ALT_NAME_IP}.
     */
    public int alternativeNameType(final int index)
    {
        return altNameType[index];
    }

    /**
     * Where an alternative name's bytes start: IA5 text for DNS, 4 or 16 address bytes for IP.
     *
     * @param index 0..count-1.
     * @return the offset.
     */
    public int alternativeNameOffset(final int index)
    {
        return altNameOffset[index];
    }

    /**
     * Length of an alternative name's bytes.
     *
     * @param index 0..count-1.
     * @return bytes.
     */
    public int alternativeNameLength(final int index)
    {
        return altNameLength[index];
    }

    /**
     * The subject public key's algorithm.
     *
     * @return the algorithm; {@link PublicKeyAlgorithm#UNKNOWN} means see {@link #publicKeyOidOffset()}.
     */
    public PublicKeyAlgorithm publicKeyAlgorithm()
    {
        return publicKeyAlgorithm;
    }

    /**
     * Where the public key algorithm OID's content octets start.
     *
     * @return the offset.
     */
    public int publicKeyOidOffset()
    {
        return publicKeyOidOffset;
    }

    /**
     * Length of the public key algorithm OID's content octets.
     *
     * @return bytes.
     */
    public int publicKeyOidLength()
    {
        return publicKeyOidLength;
    }

    /**
     * Key size in bits: the RSA modulus length (without the sign octet), the DSA prime p length, the EC curve's
     * field size, 256 for Ed25519/X25519, 448 for Ed448/X448.
     *
     * @return bits, 0 when unknown.
     */
    public int publicKeySize()
    {
        return publicKeySize;
    }

    /**
     * The named curve of an EC key.
     *
     * @return the curve; {@link NamedCurve#UNKNOWN} for other keys, explicit parameters (then
     *         {@link #curveOidLength()} is 0) or an unlisted OID.
     */
    public NamedCurve curve()
    {
        return curve;
    }

    /**
     * Where the EC named-curve OID's content octets start.
     *
     * @return the offset.
     */
    public int curveOidOffset()
    {
        return curveOidOffset;
    }

    /**
     * Length of the EC named-curve OID's content octets.
     *
     * @return bytes, 0 when the key names no curve.
     */
    public int curveOidLength()
    {
        return curveOidLength;
    }

    /**
     * Whether issuer and subject are the same bytes: a hint the certificate is self-issued (a root or a
     * self-signed server certificate); the signature is not checked.
     *
     * @return true when the issuer and subject encodings are identical.
     */
    public boolean isSelfSigned()
    {
        return selfSigned;
    }
}
