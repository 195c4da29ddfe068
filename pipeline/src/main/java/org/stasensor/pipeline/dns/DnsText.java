package org.stasensor.pipeline.dns;

import org.agrona.DirectBuffer;

/**
 * Text forms used in DNS records, written into caller arrays without allocating. Each method returns the offset
 * after what it wrote; callers reserve room first (the bound is given per method).
 * <p>
 * Octets of names and character-strings follow ECS {@code dns.question.name}: a byte below 32 or above 126 becomes
 * {@code \DDD} (three decimal digits, RFC 1035 5.1), except tab, carriage return and line feed, written {@code \t},
 * {@code \r}, {@code \n}; a backslash and a double quote are escaped with a backslash. Inside a label a dot is
 * escaped too ({@code \.}, RFC 1035 5.1), so a name's text is unambiguous.
 */
public final class DnsText
{
    /** Most characters one escaped octet takes. */
    public static final int MAX_ESCAPED_OCTET = 4;
    /** Most characters of an IPv6 address in text. */
    public static final int MAX_IPV6_TEXT = 39;

    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] BASE64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private DnsText()
    {
    }

    /**
     * Appends one octet of a label, escaped.
     *
     * @param octet       0..255.
     * @param destination receives up to {@link #MAX_ESCAPED_OCTET} bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int escapeLabelByte(final int octet, final byte[] destination, final int at)
    {
        if (octet == '.')
        {
            destination[at] = '\\';
            destination[at + 1] = '.';
            return at + 2;
        }
        return escapeStringByte(octet, destination, at);
    }

    /**
     * Appends one octet of a character-string, escaped as a label octet except that a dot stays a dot.
     *
     * @param octet       0..255.
     * @param destination receives up to {@link #MAX_ESCAPED_OCTET} bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int escapeStringByte(final int octet, final byte[] destination, final int at)
    {
        switch (octet)
        {
            case '\\', '"' ->
            {
                destination[at] = '\\';
                destination[at + 1] = (byte)octet;
                return at + 2;
            }
            case '\t' ->
            {
                return pair(destination, at, 't');
            }
            case '\r' ->
            {
                return pair(destination, at, 'r');
            }
            case '\n' ->
            {
                return pair(destination, at, 'n');
            }
            default ->
            {
                if (octet < 32 || octet > 126)
                {
                    destination[at] = '\\';
                    destination[at + 1] = (byte)('0' + octet / 100);
                    destination[at + 2] = (byte)('0' + (octet / 10) % 10);
                    destination[at + 3] = (byte)('0' + octet % 10);
                    return at + 4;
                }
                destination[at] = (byte)octet;
                return at + 1;
            }
        }
    }

    /**
     * Appends a non-negative number in decimal.
     *
     * @param value       0 or more.
     * @param destination receives up to 19 digits.
     * @param at          where to write.
     * @return offset after the digits.
     */
    public static int decimal(final long value, final byte[] destination, final int at)
    {
        long rest = value;
        int digits = 1;
        for (long scale = 10; scale <= rest && digits < 19; scale *= 10)
        {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--)
        {
            destination[i] = (byte)('0' + (rest % 10));
            rest /= 10;
        }
        return at + digits;
    }

    /**
     * Appends an IPv4 address in dotted decimal.
     *
     * @param buffer      holds the 4 address bytes.
     * @param offset      where they are.
     * @param destination receives up to 15 bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int ipv4(final DirectBuffer buffer, final int offset, final byte[] destination, final int at)
    {
        int position = at;
        for (int i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                destination[position++] = '.';
            }
            position = decimal(buffer.getByte(offset + i) & 0xFF, destination, position);
        }
        return position;
    }

    /**
     * Appends an IPv6 address in the form of RFC 5952 4: lowercase hex, no leading zeros, the longest run of two or
     * more zero groups (the first of equal runs) as "::"; an IPv4-mapped address as {@code ::ffff:a.b.c.d}
     * (RFC 5952 5), as inet_ntop prints it.
     *
     * @param buffer      holds the 16 address bytes.
     * @param offset      where they are.
     * @param destination receives up to {@link #MAX_IPV6_TEXT} bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int ipv6(final DirectBuffer buffer, final int offset, final byte[] destination, final int at)
    {
        if (isIpv4Mapped(buffer, offset))
        {
            final int position = ascii("::ffff:", destination, at);
            return ipv4(buffer, offset + 12, destination, position);
        }
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int group = 0; group <= 8; group++)
        {
            final boolean zero = group < 8 && buffer.getShort(offset + 2 * group, java.nio.ByteOrder.BIG_ENDIAN) == 0;
            if (zero && runStart < 0)
            {
                runStart = group;
            }
            else if (!zero && runStart >= 0)
            {
                if (group - runStart > bestLength)
                {
                    bestStart = runStart;
                    bestLength = group - runStart;
                }
                runStart = -1;
            }
        }
        int position = at;
        for (int group = 0; group < 8; group++)
        {
            if (group == bestStart)
            {
                destination[position++] = ':';
                destination[position++] = ':';
                group += bestLength - 1;
                continue;
            }
            if (group > 0 && group != bestStart + bestLength)
            {
                destination[position++] = ':';
            }
            final int value = buffer.getShort(offset + 2 * group, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
            boolean started = false;
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                final int nibble = (value >>> shift) & 0xF;
                if (nibble != 0 || started || shift == 0)
                {
                    destination[position++] = HEX_LOWER[nibble];
                    started = true;
                }
            }
        }
        return position;
    }

    /**
     * Appends bytes as uppercase hex, two characters per byte.
     *
     * @param buffer      holds the bytes.
     * @param offset      where they start.
     * @param length      how many.
     * @param destination receives {@code 2 * length} bytes.
     * @param at          where to write.
     * @return offset after the hex.
     */
    public static int hexUpper(
        final DirectBuffer buffer, final int offset, final int length, final byte[] destination, final int at)
    {
        int position = at;
        for (int i = 0; i < length; i++)
        {
            final int value = buffer.getByte(offset + i) & 0xFF;
            destination[position++] = HEX_UPPER[value >>> 4];
            destination[position++] = HEX_UPPER[value & 0xF];
        }
        return position;
    }

    /**
     * Appends bytes in base64 with padding (RFC 4648 4), the presentation of SVCB "ech" (RFC 9460 7.3).
     *
     * @param buffer      holds the bytes.
     * @param offset      where they start.
     * @param length      how many.
     * @param destination receives {@code 4 * ceil(length / 3)} bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int base64(
        final DirectBuffer buffer, final int offset, final int length, final byte[] destination, final int at)
    {
        int position = at;
        for (int i = 0; i < length; i += 3)
        {
            final int remaining = Math.min(3, length - i);
            int bits = (buffer.getByte(offset + i) & 0xFF) << 16;
            if (remaining > 1)
            {
                bits |= (buffer.getByte(offset + i + 1) & 0xFF) << 8;
            }
            if (remaining > 2)
            {
                bits |= buffer.getByte(offset + i + 2) & 0xFF;
            }
            destination[position++] = BASE64[(bits >>> 18) & 0x3F];
            destination[position++] = BASE64[(bits >>> 12) & 0x3F];
            destination[position++] = remaining > 1 ? BASE64[(bits >>> 6) & 0x3F] : (byte)'=';
            destination[position++] = remaining > 2 ? BASE64[bits & 0x3F] : (byte)'=';
        }
        return position;
    }

    /**
     * Appends an ASCII constant.
     *
     * @param text        characters below 0x80.
     * @param destination receives {@code text.length()} bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int ascii(final CharSequence text, final byte[] destination, final int at)
    {
        final int length = text.length();
        for (int i = 0; i < length; i++)
        {
            destination[at + i] = (byte)text.charAt(i);
        }
        return at + length;
    }

    private static boolean isIpv4Mapped(final DirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < 10; i++)
        {
            if (buffer.getByte(offset + i) != 0)
            {
                return false;
            }
        }
        return buffer.getByte(offset + 10) == (byte)0xFF && buffer.getByte(offset + 11) == (byte)0xFF;
    }

    private static int pair(final byte[] destination, final int at, final char escaped)
    {
        destination[at] = '\\';
        destination[at + 1] = (byte)escaped;
        return at + 2;
    }
}
