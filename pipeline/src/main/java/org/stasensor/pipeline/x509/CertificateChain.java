package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

/**
 * What {@link CertificateMessageParser} reads from a TLS Certificate message: how many certificates there are,
 * the leaf in full, its SHA-256, and the issuer CN of each certificate after it. A reusable holder, allocated once
 * and reset by every parse; offsets refer to {@link #buffer()}.
 */
public final class CertificateChain
{
    /** Issuer CNs kept for the certificates after the leaf; longer chains are counted in {@link #issuersDropped}. */
    public static final int MAX_ISSUERS = 8;
    /** Certificates whose DER position is kept, for chain validation in the enrichment stage. */
    public static final int MAX_DER = 10;
    /** Length of a SHA-256 digest. */
    public static final int SHA256_LENGTH = 32;

    private final X509Certificate leaf = new X509Certificate();
    private final byte[] leafSha256 = new byte[SHA256_LENGTH];
    private final int[] issuerTag = new int[MAX_ISSUERS];
    private final int[] issuerElementOffset = new int[MAX_ISSUERS];
    private final int[] issuerOffset = new int[MAX_ISSUERS];
    private final int[] issuerLength = new int[MAX_ISSUERS];
    private final int[] derOffset = new int[MAX_DER];
    private final int[] derLength = new int[MAX_DER];

    private DirectBuffer buffer;
    private int length;
    private boolean truncated;
    private boolean leafPresent;
    private boolean leafParsed;
    private int issuerCount;
    private int issuersDropped;
    private int unparsedCertificates;
    private int derCount;

    void reset(final DirectBuffer buffer)
    {
        this.buffer = buffer;
        length = 0;
        truncated = false;
        leafPresent = false;
        leafParsed = false;
        issuerCount = 0;
        issuersDropped = 0;
        unparsedCertificates = 0;
        derCount = 0;
    }

    void certificateSeen(final int offset, final int length)
    {
        this.length++;
        if (derCount < MAX_DER)
        {
            derOffset[derCount] = offset;
            derLength[derCount] = length;
            derCount++;
        }
    }

    void truncated()
    {
        truncated = true;
    }

    byte[] leafSha256Array()
    {
        return leafSha256;
    }

    void leaf(final boolean parsed)
    {
        leafPresent = true;
        leafParsed = parsed;
        if (!parsed)
        {
            unparsedCertificates++;
        }
    }

    void issuer(final int tag, final int elementOffset, final int offset, final int length)
    {
        if (issuerCount == MAX_ISSUERS)
        {
            issuersDropped++;
            return;
        }
        issuerTag[issuerCount] = tag;
        issuerElementOffset[issuerCount] = elementOffset;
        issuerOffset[issuerCount] = offset;
        issuerLength[issuerCount] = length;
        issuerCount++;
    }

    void unparsedCertificate()
    {
        unparsedCertificates++;
    }

    /**
     * The buffer the message was parsed from.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Certificates in the message whose bytes were all there; the chain length when not {@link #isTruncated()}.
     *
     * @return the count.
     */
    public int length()
    {
        return length;
    }

    /**
     * Whether the message ended before its certificate list did (a bounded handshake buffer), so that
     * {@link #length()} is only a lower bound.
     *
     * @return true when cut short.
     */
    public boolean isTruncated()
    {
        return truncated;
    }

    /**
     * Whether the leaf's bytes were all there, so that {@link #leafSha256()} is its digest.
     *
     * @return true when there is a complete first certificate.
     */
    public boolean hasLeaf()
    {
        return leafPresent;
    }

    /**
     * Whether the leaf also parsed, so that {@link #leaf()} may be used.
     *
     * @return true when the leaf's fields are valid.
     */
    public boolean isLeafParsed()
    {
        return leafParsed;
    }

    /**
     * The leaf's fields; valid when {@link #isLeafParsed()}.
     *
     * @return the leaf holder.
     */
    public X509Certificate leaf()
    {
        return leaf;
    }

    /**
     * SHA-256 of the leaf's DER; valid when {@link #hasLeaf()}. Do not modify.
     *
     * @return the 32 digest bytes.
     */
    public byte[] leafSha256()
    {
        return leafSha256;
    }

    /**
     * Certificates after the leaf, in message order, one issuer entry each so that entry i belongs to certificate
     * i + 1; a certificate that did not parse (counted in {@link #unparsedCertificates()}) or whose issuer has no
     * CN has an empty entry.
     *
     * @return 0..{@link #MAX_ISSUERS}.
     */
    public int issuerCount()
    {
        return issuerCount;
    }

    /**
     * Certificates after the leaf beyond {@link #MAX_ISSUERS} + 1, whose issuers were not kept.
     *
     * @return how many were not kept.
     */
    public int issuersDropped()
    {
        return issuersDropped;
    }

    /**
     * Complete certificates (leaf included) that did not parse.
     *
     * @return the count.
     */
    public int unparsedCertificates()
    {
        return unparsedCertificates;
    }

    /**
     * The ASN.1 string tag of an issuer CN; 0 for an empty entry.
     *
     * @param index 0..issuerCount-1.
     * @return the identifier octet.
     */
    public int issuerTag(final int index)
    {
        return issuerTag[index];
    }

    /**
     * Where an issuer CN's value element (its tag) starts.
     *
     * @param index 0..issuerCount-1.
     * @return the offset.
     */
    public int issuerElementOffset(final int index)
    {
        return issuerElementOffset[index];
    }

    /**
     * Where an issuer CN's bytes start.
     *
     * @param index 0..issuerCount-1.
     * @return the offset.
     */
    public int issuerOffset(final int index)
    {
        return issuerOffset[index];
    }

    /**
     * Length of an issuer CN's bytes; 0 for an empty entry.
     *
     * @param index 0..issuerCount-1.
     * @return bytes.
     */
    public int issuerLength(final int index)
    {
        return issuerLength[index];
    }

    /**
     * Certificates whose whole DER is in {@link #buffer()}, leaf first, at most {@link #MAX_DER}.
     *
     * @return the count.
     */
    public int derCount()
    {
        return derCount;
    }

    /**
     * Where certificate {@code index}'s DER starts.
     *
     * @param index 0 for the leaf.
     * @return the offset in {@link #buffer()}.
     */
    public int derOffset(final int index)
    {
        return derOffset[index];
    }

    /**
     * Length of certificate {@code index}'s DER.
     *
     * @param index 0 for the leaf.
     * @return bytes.
     */
    public int derLength(final int index)
    {
        return derLength[index];
    }
}
