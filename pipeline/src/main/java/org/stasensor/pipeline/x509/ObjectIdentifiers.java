package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

/**
 * OBJECT IDENTIFIER content octets (X.690 8.19): the encoder that builds the lookup tables once, at class
 * initialisation, from their dotted form, and the allocation-free renderer of an unknown OID's dotted text.
 */
public final class ObjectIdentifiers
{
    /** id-at-commonName (RFC 5280 A.1). */
    public static final byte[] COMMON_NAME = encode("2.5.4.3");
    /** id-at-countryName. */
    public static final byte[] COUNTRY_NAME = encode("2.5.4.6");
    /** id-at-organizationName. */
    public static final byte[] ORGANIZATION_NAME = encode("2.5.4.10");
    /** id-ce-subjectAltName (RFC 5280 4.2.1.6). */
    public static final byte[] SUBJECT_ALT_NAME = encode("2.5.29.17");
    /** id-RSASSA-PSS (RFC 4055 3.1), the signature OID whose hash is in its parameters. */
    public static final byte[] RSASSA_PSS = encode("1.2.840.113549.1.1.10");
    /** id-sha1 (RFC 3279 2.2.1). */
    public static final byte[] SHA1 = encode("1.3.14.3.2.26");
    /** id-sha256 (RFC 4055 2.1). */
    public static final byte[] SHA256 = encode("2.16.840.1.101.3.4.2.1");
    /** id-sha384. */
    public static final byte[] SHA384 = encode("2.16.840.1.101.3.4.2.2");
    /** id-sha512. */
    public static final byte[] SHA512 = encode("2.16.840.1.101.3.4.2.3");
    /** prime-field (X9.62, RFC 3279 2.3.5), the field type of explicit EC parameters over GF(p). */
    public static final byte[] PRIME_FIELD = encode("1.2.840.10045.1.1");

    /** Largest arc rendered: an arc that does not fit 63 bits makes the OID unrenderable. */
    private static final long MAX_ARC = Long.MAX_VALUE >>> 7;

    private ObjectIdentifiers()
    {
    }

    /**
     * Encodes a dotted OID into its content octets (no tag, no length). For building tables at startup; allocates.
     *
     * @param dotted e.g. "1.2.840.113549.1.1.11".
     * @return the content octets.
     * @throws IllegalArgumentException when the text is not an OID of at least two arcs.
     */
    public static byte[] encode(final String dotted)
    {
        final String[] parts = dotted.split("\\.");
        if (parts.length < 2)
        {
            throw new IllegalArgumentException("an OID needs at least two arcs: " + dotted);
        }
        final long first = Long.parseLong(parts[0]);
        final long second = Long.parseLong(parts[1]);
        if (first > 2 || first < 0 || (first < 2 && second >= 40) || second < 0)
        {
            throw new IllegalArgumentException("first arcs out of range (X.690 8.19.4): " + dotted);
        }
        final byte[] scratch = new byte[parts.length * 10];
        int length = putArc(scratch, 0, first * 40 + second);
        for (int i = 2; i < parts.length; i++)
        {
            final long arc = Long.parseLong(parts[i]);
            if (arc < 0)
            {
                throw new IllegalArgumentException("negative arc in " + dotted);
            }
            length = putArc(scratch, length, arc);
        }
        final byte[] result = new byte[length];
        System.arraycopy(scratch, 0, result, 0, length);
        return result;
    }

    /**
     * Writes the dotted text of an OID's content octets as ASCII, allocation-free.
     *
     * @param buffer      holds the content octets.
     * @param offset      where they start.
     * @param length      how many there are.
     * @param destination where the text goes.
     * @param at          where in {@code destination} to start.
     * @return the offset after the text, or -1 when the octets are not a well-formed OID (empty, ending inside a
     *         subidentifier, an arc beyond 63 bits) or the text does not fit.
     */
    public static int appendDotted(final DirectBuffer buffer, final int offset, final int length,
        final byte[] destination, final int at)
    {
        if (length <= 0)
        {
            return -1;
        }
        int out = at;
        long arc = 0;
        boolean first = true;
        for (int i = 0; i < length; i++)
        {
            final int octet = buffer.getByte(offset + i) & 0xFF;
            if (arc > MAX_ARC)
            {
                return -1;
            }
            arc = (arc << 7) | (octet & 0x7F);
            if ((octet & 0x80) != 0)
            {
                if (i == length - 1)
                {
                    return -1;
                }
                continue;
            }
            if (first)
            {
                // X.690 8.19.4: the first subidentifier is 40 * X + Y, X in 0..2.
                final long x = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                out = appendDecimal(x, destination, out);
                out = appendByte('.', destination, out);
                out = appendDecimal(arc - 40 * x, destination, out);
                first = false;
            }
            else
            {
                out = appendByte('.', destination, out);
                out = appendDecimal(arc, destination, out);
            }
            if (out < 0)
            {
                return -1;
            }
            arc = 0;
        }
        return out;
    }

    private static int putArc(final byte[] destination, final int at, final long arc)
    {
        int groups = 1;
        for (long rest = arc >>> 7; rest != 0; rest >>>= 7)
        {
            groups++;
        }
        for (int i = 0; i < groups; i++)
        {
            final int shift = 7 * (groups - 1 - i);
            final int more = i < groups - 1 ? 0x80 : 0;
            destination[at + i] = (byte)(((arc >>> shift) & 0x7F) | more);
        }
        return at + groups;
    }

    private static int appendByte(final char c, final byte[] destination, final int at)
    {
        if (at < 0 || at >= destination.length)
        {
            return -1;
        }
        destination[at] = (byte)c;
        return at + 1;
    }

    static int appendDecimal(final long value, final byte[] destination, final int at)
    {
        if (at < 0)
        {
            return -1;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10)
        {
            digits++;
        }
        if (at + digits > destination.length)
        {
            return -1;
        }
        long rest = value;
        for (int i = digits - 1; i >= 0; i--)
        {
            destination[at + i] = (byte)('0' + (rest % 10));
            rest /= 10;
        }
        return at + digits;
    }
}
