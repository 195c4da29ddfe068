package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

/**
 * Certificate signature algorithms by OID, named as Go's crypto/x509 {@code SignatureAlgorithm.String()} names
 * them, which is what ECS shows in {@code x509.signature_algorithm}. Algorithms Go does not know (SHA-224
 * variants, Ed448, SM2) are named in the same style. For RSASSA-PSS (RFC 4055) the name depends on the hash in
 * the parameters; like Go, only SHA-256/384/512 have a name (the MGF1 and salt-length checks Go makes are
 * left out). Anything without a name is {@link #UNKNOWN}, rendered as its dotted OID.
 */
public enum SignatureAlgorithm
{
    /** Not in the table; the OID is kept by the certificate. */
    UNKNOWN(null, null, null),
    /** md2WithRSAEncryption (RFC 3279 2.2.1). */
    MD2_RSA("MD2-RSA", "1.2.840.113549.1.1.2", null),
    /** md5WithRSAEncryption. */
    MD5_RSA("MD5-RSA", "1.2.840.113549.1.1.4", null),
    /** sha1WithRSAEncryption. */
    SHA1_RSA("SHA1-RSA", "1.2.840.113549.1.1.5", null),
    /** sha-1WithRSAEncryption, the OIW OID Go also accepts. */
    SHA1_RSA_OIW("SHA1-RSA", "1.3.14.3.2.29", null),
    /** sha224WithRSAEncryption (RFC 4055 5). */
    SHA224_RSA("SHA224-RSA", "1.2.840.113549.1.1.14", null),
    /** sha256WithRSAEncryption. */
    SHA256_RSA("SHA256-RSA", "1.2.840.113549.1.1.11", null),
    /** sha384WithRSAEncryption. */
    SHA384_RSA("SHA384-RSA", "1.2.840.113549.1.1.12", null),
    /** sha512WithRSAEncryption. */
    SHA512_RSA("SHA512-RSA", "1.2.840.113549.1.1.13", null),
    /** id-RSASSA-PSS with SHA-256 (RFC 4055 3.1). */
    SHA256_RSAPSS("SHA256-RSAPSS", null, ObjectIdentifiers.SHA256),
    /** id-RSASSA-PSS with SHA-384. */
    SHA384_RSAPSS("SHA384-RSAPSS", null, ObjectIdentifiers.SHA384),
    /** id-RSASSA-PSS with SHA-512. */
    SHA512_RSAPSS("SHA512-RSAPSS", null, ObjectIdentifiers.SHA512),
    /** id-dsa-with-sha1 (RFC 3279 2.2.2). */
    DSA_SHA1("DSA-SHA1", "1.2.840.10040.4.3", null),
    /** id-dsa-with-sha224 (RFC 5758 3.1). */
    DSA_SHA224("DSA-SHA224", "2.16.840.1.101.3.4.3.1", null),
    /** id-dsa-with-sha256. */
    DSA_SHA256("DSA-SHA256", "2.16.840.1.101.3.4.3.2", null),
    /** ecdsa-with-SHA1 (RFC 3279 2.2.3). */
    ECDSA_SHA1("ECDSA-SHA1", "1.2.840.10045.4.1", null),
    /** ecdsa-with-SHA224 (RFC 5758 3.2). */
    ECDSA_SHA224("ECDSA-SHA224", "1.2.840.10045.4.3.1", null),
    /** ecdsa-with-SHA256. */
    ECDSA_SHA256("ECDSA-SHA256", "1.2.840.10045.4.3.2", null),
    /** ecdsa-with-SHA384. */
    ECDSA_SHA384("ECDSA-SHA384", "1.2.840.10045.4.3.3", null),
    /** ecdsa-with-SHA512. */
    ECDSA_SHA512("ECDSA-SHA512", "1.2.840.10045.4.3.4", null),
    /** id-Ed25519 (RFC 8410 3). */
    ED25519("Ed25519", "1.3.101.112", null),
    /** id-Ed448. */
    ED448("Ed448", "1.3.101.113", null),
    /** SM2 with SM3 (GB/T 35276). */
    SM2_SM3("SM2-SM3", "1.2.156.10197.1.501", null);

    private static final SignatureAlgorithm[] VALUES = values();

    private final String algorithmName;
    private final byte[] oid;
    private final byte[] pssHashOid;

    SignatureAlgorithm(final String algorithmName, final String dottedOid, final byte[] pssHashOid)
    {
        this.algorithmName = algorithmName;
        this.oid = dottedOid == null ? null : ObjectIdentifiers.encode(dottedOid);
        this.pssHashOid = pssHashOid;
    }

    /**
     * The Go-style name.
     *
     * @return e.g. "SHA256-RSA"; null for {@link #UNKNOWN}.
     */
    public String algorithmName()
    {
        return algorithmName;
    }

    /**
     * Finds the algorithm of a signature OID that carries no parameters of interest (all but RSASSA-PSS).
     *
     * @param buffer holds the OID content octets.
     * @param offset where they start.
     * @param length how many there are.
     * @return the algorithm or {@link #UNKNOWN}.
     */
    public static SignatureAlgorithm ofOid(final DirectBuffer buffer, final int offset, final int length)
    {
        for (final SignatureAlgorithm algorithm : VALUES)
        {
            if (algorithm.oid != null && DerWalker.bytesEqual(buffer, offset, length, algorithm.oid))
            {
                return algorithm;
            }
        }
        return UNKNOWN;
    }

    /**
     * Finds the RSASSA-PSS algorithm with a hash.
     *
     * @param buffer holds the hash OID content octets.
     * @param offset where they start.
     * @param length how many there are.
     * @return the algorithm or {@link #UNKNOWN}.
     */
    public static SignatureAlgorithm ofPssHash(final DirectBuffer buffer, final int offset, final int length)
    {
        for (final SignatureAlgorithm algorithm : VALUES)
        {
            if (algorithm.pssHashOid != null && DerWalker.bytesEqual(buffer, offset, length, algorithm.pssHashOid))
            {
                return algorithm;
            }
        }
        return UNKNOWN;
    }
}
