package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

/**
 * Renders certificate values as the UTF-8 text records carry, into a caller's scratch array, allocation-free.
 * Every method returns the offset after what it wrote, or -1 when the destination is too small (or, for an
 * address, the length is not 4 or 16); nothing is half-written in a way the caller would use.
 */
public final class X509Text
{
    private static final byte[] HEX_UPPER = {
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F' };
    private static final byte[] HEX_LOWER = {
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f' };
    private static final int REPLACEMENT_CHARACTER = 0xFFFD;
    /** GeneralString (X.680 universal tag 27), seen in old names. */
    private static final int TAG_GENERAL_STRING = 0x1B;
    private static final int IPV4_LENGTH = 4;
    private static final int IPV6_LENGTH = 16;

    private X509Text()
    {
    }

    /**
     * Uppercase hex of bytes, two digits each, no separators (the ECS form of {@code hash.sha256}).
     *
     * @param source      the bytes.
     * @param offset      where they start.
     * @param length      how many.
     * @param destination where the text goes.
     * @param at          where in {@code destination} to start.
     * @return the offset after the text, or -1 when it does not fit.
     */
    public static int hexUpper(final byte[] source, final int offset, final int length, final byte[] destination,
        final int at)
    {
        if (at < 0 || at + 2L * length > destination.length)
        {
            return -1;
        }
        int out = at;
        for (int i = 0; i < length; i++)
        {
            final int b = source[offset + i] & 0xFF;
            destination[out++] = HEX_UPPER[b >>> 4];
            destination[out++] = HEX_UPPER[b & 0xF];
        }
        return out;
    }

    /**
     * A serial number as {@code openssl x509 -serial} prints it (OpenSSL's i2a_ASN1_INTEGER): the magnitude in
     * uppercase hex, two digits per byte, without the leading 00 octets DER adds to keep a positive number
     * positive (so 00 8F 3A is "8F3A", 0F 3A is "0F3A"); a negative number (not allowed by RFC 5280 4.1.2.2 but
     * seen) as "-" and its magnitude; zero as "00".
     *
     * @param source      holds the INTEGER content octets (two's complement, big-endian).
     * @param offset      where they start.
     * @param length      how many.
     * @param destination where the text goes.
     * @param at          where in {@code destination} to start.
     * @return the offset after the text, or -1 when it does not fit or the INTEGER is empty.
     */
    public static int serialHex(final DirectBuffer source, final int offset, final int length,
        final byte[] destination, final int at)
    {
        if (length <= 0 || at < 0)
        {
            return -1;
        }
        final boolean negative = source.getByte(offset) < 0;
        int out = at;
        if (negative)
        {
            if (out >= destination.length)
            {
                return -1;
            }
            destination[out++] = '-';
        }
        // The magnitude of a negative number is the two's complement: invert, add one. The carry of the +1
        // reaches byte i exactly when every byte after it is 00, so it is known from a right-to-left scan.
        int firstNonZeroAfter = length;
        for (int i = length - 1; i >= 0; i--)
        {
            if (source.getByte(offset + i) != 0)
            {
                firstNonZeroAfter = i;
                break;
            }
        }
        boolean leading = true;
        final int start = out;
        for (int i = 0; i < length; i++)
        {
            int b = source.getByte(offset + i) & 0xFF;
            if (negative)
            {
                b = ~b & 0xFF;
                if (i >= firstNonZeroAfter)
                {
                    b = (b + 1) & 0xFF;
                    // Bytes after the last non-zero one are 00: inverted FF, plus the carry, give 00 again.
                    if (i > firstNonZeroAfter)
                    {
                        b = 0;
                    }
                }
            }
            if (leading && b == 0 && i < length - 1)
            {
                continue;
            }
            leading = false;
            if (out + 2 > destination.length)
            {
                return -1;
            }
            destination[out++] = HEX_UPPER[b >>> 4];
            destination[out++] = HEX_UPPER[b & 0xF];
        }
        return out == start ? -1 : out;
    }

    /**
     * Directory string value as UTF-8, by its ASN.1 tag: UTF8String is copied as it is; PrintableString,
     * IA5String, VisibleString and NumericString, ASCII by definition, are copied too, except that a byte above
     * 0x7F (malformed, seen in the wild) is read as Latin-1 so that the record stays UTF-8, as the JDK reads it;
     * T61String and GeneralString are read as Latin-1 (as the JDK and most tools do, T.61 proper being long
     * dead); BMPString as UTF-16BE and UniversalString as UTF-32BE, with U+FFFD for unpaired surrogates,
     * impossible code points and a partial last unit, as the JDK's decoders replace them. A value of any other
     * type is written as RFC 4514 2.4 has it: "#" and the lowercase hex of its whole encoding, tag and length
     * included (what the JDK's X500Principal shows too).
     *
     * @param tag           the value's identifier octet; 0 means no value (an empty text).
     * @param source        holds the value.
     * @param elementOffset where the value's element (its tag) starts.
     * @param offset        where the value's content starts.
     * @param length        how many content bytes.
     * @param destination   where the text goes.
     * @param at            where in {@code destination} to start.
     * @return the offset after the text, or -1 when it does not fit.
     */
    public static int directoryString(final int tag, final DirectBuffer source, final int elementOffset,
        final int offset, final int length, final byte[] destination, final int at)
    {
        return switch (tag)
        {
            case 0 -> at;
            case DerWalker.TAG_UTF8_STRING -> copy(source, offset, length, destination, at);
            case DerWalker.TAG_T61_STRING, DerWalker.TAG_PRINTABLE_STRING, DerWalker.TAG_IA5_STRING,
                DerWalker.TAG_VISIBLE_STRING, DerWalker.TAG_NUMERIC_STRING, TAG_GENERAL_STRING ->
                latin1(source, offset, length, destination, at);
            case DerWalker.TAG_BMP_STRING -> utf16(source, offset, length, destination, at);
            case DerWalker.TAG_UNIVERSAL_STRING -> utf32(source, offset, length, destination, at);
            default -> hexEncoding(source, elementOffset, offset + length - elementOffset, destination, at);
        };
    }

    private static int hexEncoding(final DirectBuffer source, final int offset, final int length,
        final byte[] destination, final int at)
    {
        if (at < 0 || at + 1 + 2L * length > destination.length)
        {
            return -1;
        }
        int out = at;
        destination[out++] = '#';
        for (int i = 0; i < length; i++)
        {
            final int b = source.getByte(offset + i) & 0xFF;
            destination[out++] = HEX_LOWER[b >>> 4];
            destination[out++] = HEX_LOWER[b & 0xF];
        }
        return out;
    }

    /**
     * ASCII text, such as a dNSName: bytes below 0x80 copied, any other byte (malformed) written as U+FFFD, as the
     * JDK's US-ASCII decoder does, so that the record stays UTF-8.
     *
     * @param source      holds the text.
     * @param offset      where it starts.
     * @param length      how many bytes.
     * @param destination where the text goes.
     * @param at          where in {@code destination} to start.
     * @return the offset after the text, or -1 when it does not fit.
     */
    public static int ascii(final DirectBuffer source, final int offset, final int length, final byte[] destination,
        final int at)
    {
        int out = at;
        for (int i = 0; i < length && out >= 0; i++)
        {
            final int b = source.getByte(offset + i) & 0xFF;
            out = codePoint(b < 0x80 ? b : REPLACEMENT_CHARACTER, destination, out);
        }
        return out;
    }

    /**
     * An IP address as text: IPv4 dotted decimal, IPv6 in the RFC 5952 canonical form (lowercase, no leading
     * zeros, the longest run of two or more zero groups, the first of equal runs, written "::").
     *
     * @param source      holds the 4 or 16 address bytes.
     * @param offset      where they start.
     * @param length      4 or 16.
     * @param destination where the text goes.
     * @param at          where in {@code destination} to start.
     * @return the offset after the text, or -1 for another length or when it does not fit.
     */
    public static int ipAddress(final DirectBuffer source, final int offset, final int length,
        final byte[] destination, final int at)
    {
        if (length == IPV4_LENGTH)
        {
            int out = at;
            for (int i = 0; i < IPV4_LENGTH && out >= 0; i++)
            {
                if (i > 0)
                {
                    out = put(destination, out, '.');
                }
                out = ObjectIdentifiers.appendDecimal(source.getByte(offset + i) & 0xFF, destination, out);
            }
            return out;
        }
        if (length != IPV6_LENGTH)
        {
            return -1;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; )
        {
            if (group(source, offset, i) != 0)
            {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && group(source, offset, j) == 0)
            {
                j++;
            }
            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        int out = at;
        for (int i = 0; i < 8 && out >= 0; i++)
        {
            if (i == bestStart)
            {
                out = put(destination, put(destination, out, ':'), ':');
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength)
            {
                out = put(destination, out, ':');
            }
            out = hexGroup(group(source, offset, i), destination, out);
        }
        return out;
    }

    private static int group(final DirectBuffer source, final int offset, final int index)
    {
        return ((source.getByte(offset + 2 * index) & 0xFF) << 8) | (source.getByte(offset + 2 * index + 1) & 0xFF);
    }

    private static int hexGroup(final int value, final byte[] destination, final int at)
    {
        int out = at;
        boolean leading = true;
        for (int shift = 12; shift >= 0 && out >= 0; shift -= 4)
        {
            final int digit = (value >>> shift) & 0xF;
            if (leading && digit == 0 && shift > 0)
            {
                continue;
            }
            leading = false;
            out = put(destination, out, HEX_LOWER[digit]);
        }
        return out;
    }

    private static int put(final byte[] destination, final int at, final int value)
    {
        if (at < 0 || at >= destination.length)
        {
            return -1;
        }
        destination[at] = (byte)value;
        return at + 1;
    }

    private static int copy(final DirectBuffer source, final int offset, final int length, final byte[] destination,
        final int at)
    {
        if (at < 0 || at + (long)length > destination.length)
        {
            return -1;
        }
        source.getBytes(offset, destination, at, length);
        return at + length;
    }

    private static int latin1(final DirectBuffer source, final int offset, final int length,
        final byte[] destination, final int at)
    {
        int out = at;
        for (int i = 0; i < length && out >= 0; i++)
        {
            out = codePoint(source.getByte(offset + i) & 0xFF, destination, out);
        }
        return out;
    }

    /**
     * UTF-16BE to UTF-8, replacing malformed input as the JDK's UTF-16BE decoder does: a high surrogate and the
     * unit after it that is not a low surrogate become one U+FFFD, as does a high surrogate with fewer than two
     * bytes after it; a lone low surrogate and an odd last byte are each one U+FFFD.
     */
    private static int utf16(final DirectBuffer source, final int offset, final int length,
        final byte[] destination, final int at)
    {
        int out = at;
        int i = 0;
        while (i + 1 < length && out >= 0)
        {
            final int unit = unit16(source, offset + i);
            i += 2;
            int codePoint = unit;
            if (Character.isHighSurrogate((char)unit))
            {
                if (i + 1 >= length)
                {
                    i = length;
                    codePoint = REPLACEMENT_CHARACTER;
                }
                else
                {
                    final int next = unit16(source, offset + i);
                    i += 2;
                    codePoint = Character.isLowSurrogate((char)next) ?
                        Character.toCodePoint((char)unit, (char)next) : REPLACEMENT_CHARACTER;
                }
            }
            else if (Character.isLowSurrogate((char)unit))
            {
                codePoint = REPLACEMENT_CHARACTER;
            }
            out = codePoint(codePoint, destination, out);
        }
        if (i < length && out >= 0)
        {
            out = codePoint(REPLACEMENT_CHARACTER, destination, out);
        }
        return out;
    }

    private static int utf32(final DirectBuffer source, final int offset, final int length,
        final byte[] destination, final int at)
    {
        int out = at;
        int i = 0;
        while (i + 3 < length && out >= 0)
        {
            final int value = (unit16(source, offset + i) << 16) | unit16(source, offset + i + 2);
            i += 4;
            final boolean valid = value >= 0 && value <= Character.MAX_CODE_POINT &&
                !(value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE);
            out = codePoint(valid ? value : REPLACEMENT_CHARACTER, destination, out);
        }
        if (i < length && out >= 0)
        {
            out = codePoint(REPLACEMENT_CHARACTER, destination, out);
        }
        return out;
    }

    private static int unit16(final DirectBuffer source, final int index)
    {
        return ((source.getByte(index) & 0xFF) << 8) | (source.getByte(index + 1) & 0xFF);
    }

    private static int codePoint(final int codePoint, final byte[] destination, final int at)
    {
        if (at < 0)
        {
            return -1;
        }
        final int bytes = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
        if (at + bytes > destination.length)
        {
            return -1;
        }
        switch (bytes)
        {
            case 1 -> destination[at] = (byte)codePoint;
            case 2 ->
            {
                destination[at] = (byte)(0xC0 | (codePoint >>> 6));
                destination[at + 1] = (byte)(0x80 | (codePoint & 0x3F));
            }
            case 3 ->
            {
                destination[at] = (byte)(0xE0 | (codePoint >>> 12));
                destination[at + 1] = (byte)(0x80 | ((codePoint >>> 6) & 0x3F));
                destination[at + 2] = (byte)(0x80 | (codePoint & 0x3F));
            }
            default ->
            {
                destination[at] = (byte)(0xF0 | (codePoint >>> 18));
                destination[at + 1] = (byte)(0x80 | ((codePoint >>> 12) & 0x3F));
                destination[at + 2] = (byte)(0x80 | ((codePoint >>> 6) & 0x3F));
                destination[at + 3] = (byte)(0x80 | (codePoint & 0x3F));
            }
        }
        return at + bytes;
    }
}
