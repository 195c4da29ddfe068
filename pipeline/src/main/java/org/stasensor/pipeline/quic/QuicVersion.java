package org.stasensor.pipeline.quic;

import java.nio.charset.StandardCharsets;

/**
 * The QUIC versions whose Initial packets can be opened, with what differs between them: the Initial salt, the
 * HKDF labels of the packet protection keys and the long header packet type codes. Version 1 is RFC 9000/9001;
 * version 2 (RFC 9369) changes only these constants, the packet protection itself is the same.
 */
public final class QuicVersion
{
    /** QUIC version 1 (RFC 9000 15). */
    public static final int V1 = 0x00000001;
    /** QUIC version 2 (RFC 9369 3.1). */
    public static final int V2 = 0x6b3343cf;
    /** Version field of a Version Negotiation packet (RFC 9000 17.2.1). */
    public static final int NEGOTIATION = 0;

    /** Long header packet types of version 1 (RFC 9000 17.2, Table 5). */
    static final int V1_INITIAL = 0;
    static final int V1_RETRY = 3;
    /** Long header packet types of version 2 (RFC 9369 3.2). */
    static final int V2_INITIAL = 1;
    static final int V2_RETRY = 0;

    /** initial_salt of RFC 9001 5.2. */
    private static final byte[] V1_SALT = hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    /** initial_salt of RFC 9369 3.3.1. */
    private static final byte[] V2_SALT = hex("0dede3def700a6db819381be6e269dcbf9bd2ed9");

    private static final byte[] V1_NAME = "1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_NAME = "2".getBytes(StandardCharsets.US_ASCII);

    private QuicVersion()
    {
    }

    /**
     * Whether Initial packets of a version can be opened here.
     *
     * @param version the long header's version field.
     * @return true for version 1 and version 2.
     */
    public static boolean isSupported(final int version)
    {
        return version == V1 || version == V2;
    }

    /**
     * The long header type code of an Initial packet in a version.
     *
     * @param version a supported version.
     * @return the two type bits of the first byte.
     */
    static int initialType(final int version)
    {
        return version == V2 ? V2_INITIAL : V1_INITIAL;
    }

    /**
     * The long header type code of a Retry packet, which has no Length field and ends the datagram.
     *
     * @param version a supported version.
     * @return the two type bits of the first byte.
     */
    static int retryType(final int version)
    {
        return version == V2 ? V2_RETRY : V1_RETRY;
    }

    /**
     * The salt for HKDF-Extract of the Initial secret.
     *
     * @param version a supported version.
     * @return the 20-byte salt; not to be modified.
     */
    static byte[] salt(final int version)
    {
        return version == V2 ? V2_SALT : V1_SALT;
    }

    /**
     * The {@code quic.version} text: "1" and "2" for the two known versions, else 8 lowercase hex digits.
     *
     * @param version the version field.
     * @param scratch at least 8 bytes, used for the hex form.
     * @return the bytes to write: a constant, or {@code scratch}; its length is {@link #nameLength(int)}.
     */
    public static byte[] name(final int version, final byte[] scratch)
    {
        if (version == V1)
        {
            return V1_NAME;
        }
        if (version == V2)
        {
            return V2_NAME;
        }
        for (int i = 0; i < 8; i++)
        {
            scratch[i] = Hex.DIGITS[(version >>> (28 - 4 * i)) & 0xF];
        }
        return scratch;
    }

    /**
     * Length of {@link #name(int, byte[])}.
     *
     * @param version the version field.
     * @return 1 for versions 1 and 2, else 8.
     */
    public static int nameLength(final int version)
    {
        return isSupported(version) ? 1 : 8;
    }

    static byte[] hex(final String text)
    {
        final byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(text, 2 * i, 2 * i + 2, 16);
        }
        return bytes;
    }
}
