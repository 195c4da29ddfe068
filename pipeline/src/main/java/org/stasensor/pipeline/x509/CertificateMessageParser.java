package org.stasensor.pipeline.x509;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.agrona.DirectBuffer;

/**
 * Reads the body of a TLS 1.0-1.2 Certificate handshake message (RFC 5246 7.4.2, the same in RFC 4346 and 2246)
 * into a {@link CertificateChain}: the chain length, the leaf parsed in full, the SHA-256 of the leaf's DER and
 * the issuer CN of every following certificate. Allocation-free per call: one {@link MessageDigest}, one scratch
 * array and the holders are made once. One instance per thread.
 * <pre>
 *   opaque ASN.1Cert&lt;1..2^24-1&gt;;
 *   struct { ASN.1Cert certificate_list&lt;0..2^24-1&gt;; } Certificate;
 *
 *   0      3-byte certificate_list length (big-endian)
 *   3      3-byte length of certificate 0, then its DER
 *   ...    3-byte length of certificate n, then its DER
 * </pre>
 * The body given may be cut short by a bounded handshake buffer: certificates complete in it are read and the
 * chain flagged {@link CertificateChain#isTruncated() truncated}. A certificate whose declared length crosses the
 * end of the declared list, or bytes left after the list, make the message malformed. A leaf that is complete but
 * does not parse still gets its SHA-256 (a fingerprint of bytes needs no parse).
 */
public final class CertificateMessageParser
{
    /** Size of each length prefix, a uint24 (RFC 5246 4.3). */
    public static final int LENGTH_PREFIX = 3;

    private static final int DIGEST_CHUNK = 4096;

    private final X509CertificateParser certificateParser = new X509CertificateParser();
    private final X509Certificate other = new X509Certificate();
    private final MessageDigest sha256;
    private final byte[] scratch = new byte[DIGEST_CHUNK];

    /**
     * A parser with its digest and scratch memory made up front.
     */
    public CertificateMessageParser()
    {
        try
        {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has SHA-256 (MessageDigest spec); this one does not", ex);
        }
    }

    /**
     * Parses a Certificate message body, the bytes after the 4-byte handshake header.
     *
     * @param buffer holds the body.
     * @param offset where the body starts.
     * @param length how many body bytes there are (fewer than the message has when it was cut short).
     * @param out    the holder to fill; reset first.
     * @return false when the bytes are not a Certificate message body; {@code out} then holds what was read
     *         before the fault.
     */
    public boolean parse(final DirectBuffer buffer, final int offset, final int length, final CertificateChain out)
    {
        out.reset(buffer);
        if (offset < 0 || length < LENGTH_PREFIX || (long)offset + length > buffer.capacity())
        {
            return false;
        }
        final int listLength = uint24(buffer, offset);
        final int listStart = offset + LENGTH_PREFIX;
        final int available = length - LENGTH_PREFIX;
        if (listLength < available)
        {
            return false;
        }
        final int listEnd = listStart + listLength;
        final int availableEnd = listStart + available;
        int position = listStart;
        boolean first = true;
        while (position < listEnd)
        {
            if (position + LENGTH_PREFIX > availableEnd)
            {
                out.truncated();
                return true;
            }
            final int certificateLength = uint24(buffer, position);
            final int certificateStart = position + LENGTH_PREFIX;
            if (certificateLength > listEnd - certificateStart)
            {
                return false;
            }
            if (certificateLength > availableEnd - certificateStart)
            {
                out.truncated();
                return true;
            }
            out.certificateSeen(certificateStart, certificateLength);
            if (first)
            {
                digest(buffer, certificateStart, certificateLength, out.leafSha256Array());
                out.leaf(certificateParser.parse(buffer, certificateStart, certificateLength, out.leaf()));
                first = false;
            }
            else
            {
                readIssuer(buffer, certificateStart, certificateLength, out);
            }
            position = certificateStart + certificateLength;
        }
        return true;
    }

    private void readIssuer(final DirectBuffer buffer, final int offset, final int length, final CertificateChain out)
    {
        if (!certificateParser.parse(buffer, offset, length, other))
        {
            out.unparsedCertificate();
            out.issuer(0, 0, 0, 0);
            return;
        }
        final X509Name issuer = other.issuer();
        final int index = issuer.last(X509Name.COMMON_NAME);
        if (index < 0)
        {
            out.issuer(0, 0, 0, 0);
        }
        else
        {
            out.issuer(issuer.valueTag(index), issuer.elementOffset(index), issuer.valueOffset(index),
                issuer.valueLength(index));
        }
    }

    private void digest(final DirectBuffer buffer, final int offset, final int length, final byte[] result)
    {
        sha256.reset();
        for (int done = 0; done < length; )
        {
            final int chunk = Math.min(DIGEST_CHUNK, length - done);
            buffer.getBytes(offset + done, scratch, 0, chunk);
            sha256.update(scratch, 0, chunk);
            done += chunk;
        }
        try
        {
            sha256.digest(result, 0, CertificateChain.SHA256_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException("a 32-byte array holds a SHA-256 digest", ex);
        }
    }

    private static int uint24(final DirectBuffer buffer, final int offset)
    {
        return ((buffer.getByte(offset) & 0xFF) << 16) | ((buffer.getByte(offset + 1) & 0xFF) << 8) |
            (buffer.getByte(offset + 2) & 0xFF);
    }
}
