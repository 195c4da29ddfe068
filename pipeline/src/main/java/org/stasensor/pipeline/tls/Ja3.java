package org.stasensor.pipeline.tls;

import java.nio.ByteOrder;
import java.security.MessageDigest;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.fingerprint.FingerprintText;

/**
 * JA3 and JA3S (salesforce/ja3, its Python and Zeek scripts; the same as Wireshark's {@code tls.handshake.ja3} and
 * {@code ja3s}), written into reusable arrays: the text and the lowercase hex MD5 of the text. One instance per
 * thread; it keeps one MD5 and allocates nothing per hello.
 * <p>
 * JA3 = MD5 of {@code SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats}: decimal numbers,
 * list elements joined by '-', in wire order, where the version is the hello's legacy_version (not the record's,
 * not supported_versions), and GREASE values (RFC 8701) are left out of the ciphers, the extensions and the curves
 * (supported_groups); point formats are single bytes and never GREASE. A hello without extensions gives
 * {@code 771,47-53,,,}. Should a hello repeat supported_groups or ec_point_formats (RFC 8446 4.2 forbids it), the
 * lists of every occurrence are joined, as Zeek's ja3.zeek does (Wireshark also concatenates them, but puts a comma
 * between; the Python script keeps only the last).
 * <p>
 * For an SSL 2.0 CLIENT-HELLO neither Wireshark nor ja3.py makes a JA3 (they only read TLS handshake records);
 * Zeek raises its ssl_client_hello event for it, so ja3.zeek does: the version, then every 3-byte cipher spec as a
 * decimal number (e.g. 0x010080 is 65664), and three empty fields, e.g. {@code 2,65664-393280-255,,,}. That is what
 * {@link #computeJa3(ClientHello)} gives for such a hello; a caller that wants Wireshark's behaviour skips hellos
 * with {@link ClientHello#isSslv2()}.
 * <p>
 * JA3S = MD5 of {@code SSLVersion,Cipher,Extensions}: the ServerHello's legacy_version, its cipher suite and its
 * extension types in order, decimal. As in ja3s.py and ja3s.zeek nothing is left out (Wireshark drops GREASE here
 * too, which no server sends in a ServerHello).
 */
public final class Ja3
{
    /** Length of the hex MD5. */
    public static final int HASH_LENGTH = 32;
    /** Characters of the JA3 text kept; the hash covers the whole text even when it is longer. */
    public static final int JA3_TEXT_CAPACITY = 8192;
    /** Characters of the JA3S text kept; the hash covers the whole text even when it is longer. */
    public static final int JA3S_TEXT_CAPACITY = 1024;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private final MessageDigest md5 = FingerprintText.digest("MD5");
    private final FingerprintText ja3Text = new FingerprintText(md5, JA3_TEXT_CAPACITY);
    private final FingerprintText ja3sText = new FingerprintText(md5, JA3S_TEXT_CAPACITY);
    private final byte[] ja3 = new byte[HASH_LENGTH];
    private final byte[] ja3s = new byte[HASH_LENGTH];

    /**
     * Computes JA3 from a parsed ClientHello while the bytes it was parsed from are unchanged.
     *
     * @param hello a hello, parsed.
     * @return false, leaving the previous values, when the hello did not parse.
     */
    public boolean computeJa3(final ClientHello hello)
    {
        if (!hello.isValid())
        {
            return false;
        }
        final FingerprintText text = ja3Text;
        text.clear();
        text.startDigest();
        text.appendDecimal(hello.legacyVersion());
        text.append((byte)',');
        if (hello.isSslv2())
        {
            sslv2Ciphers(hello, text);
            text.append((byte)',');
            text.append((byte)',');
            text.append((byte)',');
        }
        else
        {
            ciphers(hello, text);
            text.append((byte)',');
            extensions(hello, text);
        }
        text.finishDigest(ja3, 0, HASH_LENGTH);
        return true;
    }

    /**
     * Computes JA3S from a parsed ServerHello while the bytes it was parsed from are unchanged.
     *
     * @param hello a hello, parsed.
     * @return false, leaving the previous values, when the hello did not parse.
     */
    public boolean computeJa3s(final ServerHello hello)
    {
        if (!hello.isValid())
        {
            return false;
        }
        final FingerprintText text = ja3sText;
        text.clear();
        text.startDigest();
        text.appendDecimal(hello.legacyVersion());
        text.append((byte)',');
        text.appendDecimal(hello.cipherSuite());
        text.append((byte)',');
        final DirectBuffer buffer = hello.buffer();
        int at = hello.extensionsOffset();
        final int end = at + hello.extensionsLength();
        boolean first = true;
        while (at < end)
        {
            if (!first)
            {
                text.append((byte)'-');
            }
            first = false;
            text.appendDecimal(buffer.getShort(at, NET) & 0xFFFF);
            at += 4 + (buffer.getShort(at + 2, NET) & 0xFFFF);
        }
        text.finishDigest(ja3s, 0, HASH_LENGTH);
        return true;
    }

    /**
     * The JA3 hash: 32 lowercase hex characters.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] ja3()
    {
        return ja3;
    }

    /**
     * The JA3 text (Wireshark's {@code ja3_full}); its first {@link #ja3TextLength()} bytes are valid.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] ja3Text()
    {
        return ja3Text.text();
    }

    /**
     * Length of the JA3 text held.
     *
     * @return bytes, at most {@link #JA3_TEXT_CAPACITY}.
     */
    public int ja3TextLength()
    {
        return ja3Text.length();
    }

    /**
     * Whether the JA3 text was longer than {@link #JA3_TEXT_CAPACITY} and is cut; the hash is still whole.
     *
     * @return true when cut.
     */
    public boolean ja3TextTruncated()
    {
        return ja3Text.isTruncated();
    }

    /**
     * The JA3S hash: 32 lowercase hex characters.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] ja3s()
    {
        return ja3s;
    }

    /**
     * The JA3S text (Wireshark's {@code ja3s_full}); its first {@link #ja3sTextLength()} bytes are valid.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] ja3sText()
    {
        return ja3sText.text();
    }

    /**
     * Length of the JA3S text held.
     *
     * @return bytes, at most {@link #JA3S_TEXT_CAPACITY}.
     */
    public int ja3sTextLength()
    {
        return ja3sText.length();
    }

    /**
     * Whether the JA3S text was longer than {@link #JA3S_TEXT_CAPACITY} and is cut; the hash is still whole.
     *
     * @return true when cut.
     */
    public boolean ja3sTextTruncated()
    {
        return ja3sText.isTruncated();
    }

    private static void ciphers(final ClientHello hello, final FingerprintText text)
    {
        boolean first = true;
        final int count = hello.cipherSuiteCount();
        for (int i = 0; i < count; i++)
        {
            final int cipher = hello.cipherSuite(i);
            if (!Grease.isGrease(cipher))
            {
                if (!first)
                {
                    text.append((byte)'-');
                }
                first = false;
                text.appendDecimal(cipher);
            }
        }
    }

    private static void sslv2Ciphers(final ClientHello hello, final FingerprintText text)
    {
        boolean first = true;
        final int count = hello.cipherSpecCount();
        for (int i = 0; i < count; i++)
        {
            final int spec = hello.cipherSpec(i);
            // ja3.zeek tests every cipher value against its GREASE set, the 3-byte ones too.
            if (!Grease.isGrease(spec))
            {
                if (!first)
                {
                    text.append((byte)'-');
                }
                first = false;
                text.appendDecimal(spec);
            }
        }
    }

    /** Writes {@code Extensions,EllipticCurves,EllipticCurvePointFormats} in one walk per field. */
    private static void extensions(final ClientHello hello, final FingerprintText text)
    {
        final DirectBuffer buffer = hello.buffer();
        final int start = hello.extensionsOffset();
        final int end = start + hello.extensionsLength();
        boolean first = true;
        for (int at = start; at < end; at += 4 + (buffer.getShort(at + 2, NET) & 0xFFFF))
        {
            final int type = buffer.getShort(at, NET) & 0xFFFF;
            if (!Grease.isGrease(type))
            {
                if (!first)
                {
                    text.append((byte)'-');
                }
                first = false;
                text.appendDecimal(type);
            }
        }
        text.append((byte)',');
        first = true;
        for (int at = start; at < end; at += 4 + (buffer.getShort(at + 2, NET) & 0xFFFF))
        {
            if ((buffer.getShort(at, NET) & 0xFFFF) == ExtensionType.SUPPORTED_GROUPS)
            {
                final int dataLength = buffer.getShort(at + 2, NET) & 0xFFFF;
                final int count = ClientHelloParser.listElementCount(buffer, at + 4, dataLength, 2, 2);
                for (int i = 0; i < count; i++)
                {
                    final int group = buffer.getShort(at + 6 + (i << 1), NET) & 0xFFFF;
                    if (!Grease.isGrease(group))
                    {
                        if (!first)
                        {
                            text.append((byte)'-');
                        }
                        first = false;
                        text.appendDecimal(group);
                    }
                }
            }
        }
        text.append((byte)',');
        first = true;
        for (int at = start; at < end; at += 4 + (buffer.getShort(at + 2, NET) & 0xFFFF))
        {
            if ((buffer.getShort(at, NET) & 0xFFFF) == ExtensionType.EC_POINT_FORMATS)
            {
                final int dataLength = buffer.getShort(at + 2, NET) & 0xFFFF;
                final int count = ClientHelloParser.listElementCount(buffer, at + 4, dataLength, 1, 1);
                for (int i = 0; i < count; i++)
                {
                    if (!first)
                    {
                        text.append((byte)'-');
                    }
                    first = false;
                    text.appendDecimal(buffer.getByte(at + 5 + i) & 0xFF);
                }
            }
        }
    }
}
