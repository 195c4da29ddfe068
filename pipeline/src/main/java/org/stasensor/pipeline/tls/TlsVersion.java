package org.stasensor.pipeline.tls;

import java.nio.charset.StandardCharsets;

/**
 * Protocol version numbers of SSL, TLS and DTLS as they appear on the wire, with the constant texts the records use:
 * the ECS {@code tls.version} text ("1.2"), the {@code tls.version_protocol} text ("tls") and the two characters JA4
 * gives a version. Lookups return constants and allocate nothing.
 */
public final class TlsVersion
{
    /** SSL 2.0 (as carried in an SSL 2.0 CLIENT-HELLO). */
    public static final int SSL_2_0 = 0x0002;
    /** SSL 3.0 (RFC 6101). */
    public static final int SSL_3_0 = 0x0300;
    /** TLS 1.0 (RFC 2246). */
    public static final int TLS_1_0 = 0x0301;
    /** TLS 1.1 (RFC 4346). */
    public static final int TLS_1_1 = 0x0302;
    /** TLS 1.2 (RFC 5246). */
    public static final int TLS_1_2 = 0x0303;
    /** TLS 1.3 (RFC 8446). */
    public static final int TLS_1_3 = 0x0304;
    /** DTLS 1.0 (RFC 4347). */
    public static final int DTLS_1_0 = 0xFEFF;
    /** DTLS 1.2 (RFC 6347). */
    public static final int DTLS_1_2 = 0xFEFD;
    /** DTLS 1.3 (RFC 9147). */
    public static final int DTLS_1_3 = 0xFEFC;

    private static final String[] NAMES = {"2.0", "3.0", "1.0", "1.1", "1.2", "1.3", "1.0", "1.2", "1.3"};
    private static final String[] PROTOCOLS = {"ssl", "ssl", "tls", "tls", "tls", "tls", "dtls", "dtls", "dtls"};
    private static final String[] JA4_CODES = {"s2", "s3", "10", "11", "12", "13", "d1", "d2", "d3"};
    private static final byte[][] NAME_BYTES = ascii(NAMES);
    private static final byte[][] PROTOCOL_BYTES = ascii(PROTOCOLS);
    private static final byte[] UNKNOWN_JA4 = {'0', '0'};
    private static final byte[][] JA4_BYTES = ascii(JA4_CODES);

    private TlsVersion()
    {
    }

    /**
     * The version number as ECS {@code tls.version} writes it: "1.0" to "1.3" for TLS and DTLS, "3.0" and "2.0" for
     * SSL.
     *
     * @param version wire version, e.g. 0x0303.
     * @return the constant text, or null for an unknown number.
     */
    public static String name(final int version)
    {
        final int index = index(version);
        return index < 0 ? null : NAMES[index];
    }

    /**
     * {@link #name(int)} as ASCII bytes; the array is shared and must not be changed.
     *
     * @param version wire version.
     * @return the bytes, or null for an unknown number.
     */
    public static byte[] nameBytes(final int version)
    {
        final int index = index(version);
        return index < 0 ? null : NAME_BYTES[index];
    }

    /**
     * The protocol as ECS {@code tls.version_protocol} writes it: "ssl", "tls" or "dtls".
     *
     * @param version wire version.
     * @return the constant text, or null for an unknown number.
     */
    public static String protocol(final int version)
    {
        final int index = index(version);
        return index < 0 ? null : PROTOCOLS[index];
    }

    /**
     * {@link #protocol(int)} as ASCII bytes; the array is shared and must not be changed.
     *
     * @param version wire version.
     * @return the bytes, or null for an unknown number.
     */
    public static byte[] protocolBytes(final int version)
    {
        final int index = index(version);
        return index < 0 ? null : PROTOCOL_BYTES[index];
    }

    /**
     * The two characters JA4 gives a version (FoxIO JA4 "TLS and DTLS Version"): "13", "12", "11", "10", "s3",
     * "s2", "d1", "d2", "d3", and "00" for anything else.
     *
     * @param version wire version.
     * @return two ASCII bytes; shared, must not be changed.
     */
    public static byte[] ja4Code(final int version)
    {
        final int index = index(version);
        return index < 0 ? UNKNOWN_JA4 : JA4_BYTES[index];
    }

    private static int index(final int version)
    {
        switch (version)
        {
            case SSL_2_0:
                return 0;
            case SSL_3_0:
                return 1;
            case TLS_1_0:
                return 2;
            case TLS_1_1:
                return 3;
            case TLS_1_2:
                return 4;
            case TLS_1_3:
                return 5;
            case DTLS_1_0:
                return 6;
            case DTLS_1_2:
                return 7;
            case DTLS_1_3:
                return 8;
            default:
                return -1;
        }
    }

    private static byte[][] ascii(final String[] texts)
    {
        final byte[][] bytes = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++)
        {
            bytes[i] = texts[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
