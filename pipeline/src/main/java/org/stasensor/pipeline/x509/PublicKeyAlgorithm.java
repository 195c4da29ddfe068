package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

/**
 * Subject public key algorithms by the OID of SubjectPublicKeyInfo's AlgorithmIdentifier, named as the JDK's
 * {@code Key.getAlgorithm()} names them ("EC" where Go says "ECDSA").
 */
public enum PublicKeyAlgorithm
{
    /** Not in the table; the OID is kept by the certificate. */
    UNKNOWN(null, null),
    /** rsaEncryption (RFC 3279 2.3.1). */
    RSA("RSA", "1.2.840.113549.1.1.1"),
    /** id-RSASSA-PSS as a key algorithm (RFC 4055 1.2): an RSA key restricted to PSS. */
    RSASSA_PSS("RSASSA-PSS", "1.2.840.113549.1.1.10"),
    /** id-dsa (RFC 3279 2.3.2). */
    DSA("DSA", "1.2.840.10040.4.1"),
    /** id-ecPublicKey (RFC 5480 2.1.1). */
    EC("EC", "1.2.840.10045.2.1"),
    /** id-X25519 (RFC 8410 3). */
    X25519("X25519", "1.3.101.110"),
    /** id-X448. */
    X448("X448", "1.3.101.111"),
    /** id-Ed25519. */
    ED25519("Ed25519", "1.3.101.112"),
    /** id-Ed448. */
    ED448("Ed448", "1.3.101.113");

    private static final PublicKeyAlgorithm[] VALUES = values();

    private final String algorithmName;
    private final byte[] oid;

    PublicKeyAlgorithm(final String algorithmName, final String dottedOid)
    {
        this.algorithmName = algorithmName;
        this.oid = dottedOid == null ? null : ObjectIdentifiers.encode(dottedOid);
    }

    /**
     * The name.
     *
     * @return e.g. "RSA", "EC"; null for {@link #UNKNOWN}.
     */
    public String algorithmName()
    {
        return algorithmName;
    }

    /**
     * Finds the algorithm of an OID.
     *
     * @param buffer holds the OID content octets.
     * @param offset where they start.
     * @param length how many there are.
     * @return the algorithm or {@link #UNKNOWN}.
     */
    public static PublicKeyAlgorithm ofOid(final DirectBuffer buffer, final int offset, final int length)
    {
        for (final PublicKeyAlgorithm algorithm : VALUES)
        {
            if (algorithm.oid != null && DerWalker.bytesEqual(buffer, offset, length, algorithm.oid))
            {
                return algorithm;
            }
        }
        return UNKNOWN;
    }
}
