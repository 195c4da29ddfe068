package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

/**
 * Named elliptic curves of EC public keys (RFC 5480 2.1.1.1, RFC 5639, SEC 2), named as OpenSSL's short names
 * ({@code openssl ecparam -list_curves}), with the key size in bits the JDK reports (the field size).
 */
public enum NamedCurve
{
    /** Not in the table, or explicit parameters; the OID (if any) is kept by the certificate. */
    UNKNOWN(null, null, 0),
    /** NIST P-192. */
    PRIME192V1("prime192v1", "1.2.840.10045.3.1.1", 192),
    /** NIST P-224. */
    SECP224R1("secp224r1", "1.3.132.0.33", 224),
    /** NIST P-256. */
    PRIME256V1("prime256v1", "1.2.840.10045.3.1.7", 256),
    /** NIST P-384. */
    SECP384R1("secp384r1", "1.3.132.0.34", 384),
    /** NIST P-521. */
    SECP521R1("secp521r1", "1.3.132.0.35", 521),
    /** The Koblitz curve of Bitcoin. */
    SECP256K1("secp256k1", "1.3.132.0.10", 256),
    /** RFC 5639 brainpoolP256r1. */
    BRAINPOOL_P256R1("brainpoolP256r1", "1.3.36.3.3.2.8.1.1.7", 256),
    /** RFC 5639 brainpoolP384r1. */
    BRAINPOOL_P384R1("brainpoolP384r1", "1.3.36.3.3.2.8.1.1.11", 384),
    /** RFC 5639 brainpoolP512r1. */
    BRAINPOOL_P512R1("brainpoolP512r1", "1.3.36.3.3.2.8.1.1.13", 512),
    /** Chinese SM2 curve (GB/T 32918.5). */
    SM2("SM2", "1.2.156.10197.1.301", 256);

    private static final NamedCurve[] VALUES = values();

    private final String curveName;
    private final byte[] oid;
    private final int bits;

    NamedCurve(final String curveName, final String dottedOid, final int bits)
    {
        this.curveName = curveName;
        this.oid = dottedOid == null ? null : ObjectIdentifiers.encode(dottedOid);
        this.bits = bits;
    }

    /**
     * OpenSSL's short name.
     *
     * @return e.g. "prime256v1"; null for {@link #UNKNOWN}.
     */
    public String curveName()
    {
        return curveName;
    }

    /**
     * Key size in bits.
     *
     * @return the field size, 0 for {@link #UNKNOWN}.
     */
    public int bits()
    {
        return bits;
    }

    /**
     * Finds the curve of an OID.
     *
     * @param buffer holds the OID content octets.
     * @param offset where they start.
     * @param length how many there are.
     * @return the curve or {@link #UNKNOWN}.
     */
    public static NamedCurve ofOid(final DirectBuffer buffer, final int offset, final int length)
    {
        for (final NamedCurve curve : VALUES)
        {
            if (curve.oid != null && DerWalker.bytesEqual(buffer, offset, length, curve.oid))
            {
                return curve;
            }
        }
        return UNKNOWN;
    }
}
