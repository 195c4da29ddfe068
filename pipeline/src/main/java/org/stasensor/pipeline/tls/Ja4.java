package org.stasensor.pipeline.tls;

import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.fingerprint.FingerprintText;

/**
 * JA4, the TLS client fingerprint of FoxIO (technical_details/JA4.md of FoxIO-LLC/ja4, BSD 3-Clause), written into
 * reusable arrays: the 36-character fingerprint, e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}, and the raw
 * text {@code JA4_r} it hashes. One instance per thread; it keeps one SHA-256 and allocates nothing per hello.
 * <pre>
 *   a: transport      't' TCP, 'q' QUIC, 'd' DTLS (given by the caller)
 *      version        highest non-GREASE supported_versions value when the extension is present, else the hello's
 *                     legacy_version: "13" "12" "11" "10" "s3" "s2" "d1" "d2" "d3", anything else "00"
 *      SNI            'd' when a server_name extension is present, else 'i'
 *      ciphers        count without GREASE, two digits, at most 99
 *      extensions     count without GREASE (SNI and ALPN counted), two digits, at most 99
 *      ALPN           first and last character of the first ALPN protocol; "00" without one; when either of
 *                     those bytes is not an ASCII letter or digit, the first hex digit of the first byte and the
 *                     last hex digit of the last byte (0x30 0xAB gives "3b")
 *   b: the first 12 hex characters of SHA-256 of the non-GREASE cipher suites as 4-digit lowercase hex, sorted,
 *      joined by ','; "000000000000" when there are none
 *   c: the same of the sorted non-GREASE extension types without server_name (0000) and ALPN (0010), then, when
 *      signature_algorithms has any non-GREASE value, '_' and those values in wire order; "000000000000" when
 *      both lists are empty
 * </pre>
 * Where the reference programs disagree with that text the text is followed: the Python and Rust tools print "99"
 * for a first ALPN byte above 0x7F and the Rust tool keeps GREASE signature algorithms. No JA4 is made for an SSL
 * 2.0 CLIENT-HELLO (its 3-byte cipher specs have no 4-digit form). A hello with more than {@link #MAX_SORTED}
 * ciphers or extensions, which no handshake buffer holds, gets none either.
 */
public final class Ja4
{
    /** Transport character: TLS over TCP. */
    public static final byte TRANSPORT_TCP = 't';
    /** Transport character: QUIC. */
    public static final byte TRANSPORT_QUIC = 'q';
    /** Transport character: DTLS. */
    public static final byte TRANSPORT_DTLS = 'd';
    /** Length of the fingerprint. */
    public static final int LENGTH = 36;
    /** Largest number of cipher suites, or of extensions, sorted. */
    public static final int MAX_SORTED = 8192;
    /** Characters of the raw text kept; the hashes cover the whole text even when it is longer. */
    public static final int RAW_CAPACITY = 8192;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int PREFIX_LENGTH = 10;
    private static final int HASH_CHARS = 12;
    private static final int CIPHER_HASH_AT = PREFIX_LENGTH + 1;
    private static final int EXTENSION_HASH_AT = CIPHER_HASH_AT + HASH_CHARS + 1;
    private static final int MAX_COUNT = 99;

    private final MessageDigest sha256 = FingerprintText.digest("SHA-256");
    private final FingerprintText raw = new FingerprintText(sha256, RAW_CAPACITY);
    private final byte[] fingerprint = new byte[LENGTH];
    private final int[] ciphers = new int[MAX_SORTED];
    private final int[] extensions = new int[MAX_SORTED];

    /**
     * Computes JA4 from a parsed ClientHello while the bytes it was parsed from are unchanged.
     *
     * @param hello     a hello, parsed.
     * @param transport {@link #TRANSPORT_TCP}, {@link #TRANSPORT_QUIC} or {@link #TRANSPORT_DTLS}.
     * @return false, leaving the previous values, when the hello did not parse, is an SSL 2.0 hello or has too
     *         many ciphers or extensions.
     */
    public boolean compute(final ClientHello hello, final byte transport)
    {
        if (transport != TRANSPORT_TCP && transport != TRANSPORT_QUIC && transport != TRANSPORT_DTLS)
        {
            throw new IllegalArgumentException("JA4 transport is 't', 'q' or 'd', not " + (char)transport);
        }
        if (!hello.isValid() || hello.isSslv2())
        {
            return false;
        }
        int cipherCount = 0;
        final int offered = hello.cipherSuiteCount();
        for (int i = 0; i < offered; i++)
        {
            final int cipher = hello.cipherSuite(i);
            if (!Grease.isGrease(cipher))
            {
                if (cipherCount == MAX_SORTED)
                {
                    return false;
                }
                ciphers[cipherCount++] = cipher;
            }
        }
        int extensionCount = 0;
        int hashedExtensionCount = 0;
        final DirectBuffer buffer = hello.buffer();
        final int end = hello.extensionsOffset() + hello.extensionsLength();
        for (int at = hello.extensionsOffset(); at < end; at += 4 + (buffer.getShort(at + 2, NET) & 0xFFFF))
        {
            final int type = buffer.getShort(at, NET) & 0xFFFF;
            if (!Grease.isGrease(type))
            {
                extensionCount++;
                if (type != ExtensionType.SERVER_NAME && type != ExtensionType.ALPN)
                {
                    if (hashedExtensionCount == MAX_SORTED)
                    {
                        return false;
                    }
                    extensions[hashedExtensionCount++] = type;
                }
            }
        }
        int signatureCount = 0;
        for (int i = 0; i < hello.signatureAlgorithmCount(); i++)
        {
            signatureCount += Grease.isGrease(hello.signatureAlgorithm(i)) ? 0 : 1;
        }
        IntSort.sort(ciphers, cipherCount);
        IntSort.sort(extensions, hashedExtensionCount);

        final FingerprintText text = raw;
        text.clear();
        text.append(transport);
        text.append(TlsVersion.ja4Code(version(hello)));
        text.append(hello.hasServerNameExtension() ? (byte)'d' : (byte)'i');
        twoDigits(text, Math.min(cipherCount, MAX_COUNT));
        twoDigits(text, Math.min(extensionCount, MAX_COUNT));
        alpn(hello, text);
        System.arraycopy(text.text(), 0, fingerprint, 0, PREFIX_LENGTH);

        fingerprint[PREFIX_LENGTH] = '_';
        text.append((byte)'_');
        if (cipherCount == 0)
        {
            Arrays.fill(fingerprint, CIPHER_HASH_AT, CIPHER_HASH_AT + HASH_CHARS, (byte)'0');
        }
        else
        {
            text.startDigest();
            hexList(text, ciphers, cipherCount);
            text.finishDigest(fingerprint, CIPHER_HASH_AT, HASH_CHARS);
        }

        fingerprint[EXTENSION_HASH_AT - 1] = '_';
        text.append((byte)'_');
        if (hashedExtensionCount == 0 && signatureCount == 0)
        {
            Arrays.fill(fingerprint, EXTENSION_HASH_AT, EXTENSION_HASH_AT + HASH_CHARS, (byte)'0');
        }
        else
        {
            text.startDigest();
            hexList(text, extensions, hashedExtensionCount);
            if (signatureCount > 0)
            {
                text.append((byte)'_');
                signatureAlgorithms(hello, text);
            }
            text.finishDigest(fingerprint, EXTENSION_HASH_AT, HASH_CHARS);
        }
        return true;
    }

    /**
     * The fingerprint: {@link #LENGTH} ASCII characters.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] fingerprint()
    {
        return fingerprint;
    }

    /**
     * The raw text ({@code JA4_r}: the first part, then the sorted lists and signature algorithms themselves);
     * its first {@link #rawLength()} bytes are valid.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] raw()
    {
        return raw.text();
    }

    /**
     * Length of the raw text held.
     *
     * @return bytes, at most {@link #RAW_CAPACITY}.
     */
    public int rawLength()
    {
        return raw.length();
    }

    /**
     * Whether the raw text was longer than {@link #RAW_CAPACITY} and is cut; the fingerprint is still whole.
     *
     * @return true when cut.
     */
    public boolean rawTruncated()
    {
        return raw.isTruncated();
    }

    private static int version(final ClientHello hello)
    {
        if (hello.hasSupportedVersionsExtension())
        {
            int highest = -1;
            for (int i = 0; i < hello.supportedVersionCount(); i++)
            {
                final int version = hello.supportedVersion(i);
                if (!Grease.isGrease(version) && version > highest)
                {
                    highest = version;
                }
            }
            if (highest >= 0)
            {
                return highest;
            }
        }
        return hello.legacyVersion();
    }

    private static void alpn(final ClientHello hello, final FingerprintText text)
    {
        if (hello.alpnCount() == 0 || hello.alpnLength(0) == 0)
        {
            text.append((byte)'0');
            text.append((byte)'0');
            return;
        }
        final DirectBuffer buffer = hello.buffer();
        final byte first = buffer.getByte(hello.alpnOffset(0));
        final byte last = buffer.getByte(hello.alpnOffset(0) + hello.alpnLength(0) - 1);
        if (isAlphanumeric(first) && isAlphanumeric(last))
        {
            text.append(first);
            text.append(last);
        }
        else
        {
            text.append(FingerprintText.hexDigit((first & 0xFF) >>> 4));
            text.append(FingerprintText.hexDigit(last & 0x0F));
        }
    }

    private static boolean isAlphanumeric(final byte b)
    {
        return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    private static void twoDigits(final FingerprintText text, final int value)
    {
        text.append((byte)('0' + value / 10));
        text.append((byte)('0' + value % 10));
    }

    private static void hexList(final FingerprintText text, final int[] values, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.append((byte)',');
            }
            text.appendHex4(values[i]);
        }
    }

    private static void signatureAlgorithms(final ClientHello hello, final FingerprintText text)
    {
        boolean first = true;
        for (int i = 0; i < hello.signatureAlgorithmCount(); i++)
        {
            final int scheme = hello.signatureAlgorithm(i);
            if (!Grease.isGrease(scheme))
            {
                if (!first)
                {
                    text.append((byte)',');
                }
                first = false;
                text.appendHex4(scheme);
            }
        }
    }
}
