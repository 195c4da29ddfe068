package org.stasensor.pipeline.quic;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Derives the client's Initial packet protection keys from the Destination Connection ID of its first Initial
 * packet (RFC 9001 5.2, RFC 9369 3.3):
 * <pre>
 *   initial_secret = HKDF-Extract(initial_salt, client_dst_connection_id)
 *   client_secret  = HKDF-Expand-Label(initial_secret, "client in", "", 32)
 *   key = HKDF-Expand-Label(client_secret, "quic key", "", 16)     v2: "quicv2 key"
 *   iv  = HKDF-Expand-Label(client_secret, "quic iv",  "", 12)     v2: "quicv2 iv"
 *   hp  = HKDF-Expand-Label(client_secret, "quic hp",  "", 16)     v2: "quicv2 hp"
 * </pre>
 * HKDF (RFC 5869) with SHA-256, where HKDF-Expand-Label is TLS 1.3's (RFC 8446 7.1: the label prefixed with
 * "tls13 ", an empty context). HMAC (RFC 2104) is computed over one reused {@link MessageDigest} with preallocated
 * pads, so a derivation allocates nothing, unlike {@code Mac.init} or {@code javax.crypto.KDF}, which take a new
 * key object each time. Every output here is at most one SHA-256 block (32 bytes), so Expand is a single HMAC.
 * One instance per worker thread.
 */
final class InitialSecrets
{
    /** Length of the AEAD_AES_128_GCM key (RFC 5116 5.1). */
    static final int KEY_LENGTH = 16;
    /** Length of the AEAD nonce (RFC 9001 5.3). */
    static final int IV_LENGTH = 12;
    /** Length of the AES-128 header protection key (RFC 9001 5.4.3). */
    static final int HP_LENGTH = 16;

    private static final int HASH_LENGTH = 32;
    private static final int BLOCK_LENGTH = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private static final byte[] CLIENT_IN = label("client in", HASH_LENGTH);
    private static final byte[] V1_KEY = label("quic key", KEY_LENGTH);
    private static final byte[] V1_IV = label("quic iv", IV_LENGTH);
    private static final byte[] V1_HP = label("quic hp", HP_LENGTH);
    private static final byte[] V2_KEY = label("quicv2 key", KEY_LENGTH);
    private static final byte[] V2_IV = label("quicv2 iv", IV_LENGTH);
    private static final byte[] V2_HP = label("quicv2 hp", HP_LENGTH);

    private final MessageDigest sha256;
    private final byte[] pad = new byte[BLOCK_LENGTH];
    private final byte[] inner = new byte[HASH_LENGTH];
    private final byte[] initialSecret = new byte[HASH_LENGTH];
    private final byte[] clientSecret = new byte[HASH_LENGTH];
    private final byte[] block = new byte[HASH_LENGTH];

    InitialSecrets()
    {
        try
        {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK has no SHA-256, which every Java platform must have", ex);
        }
    }

    /**
     * Derives the client Initial key, iv and header protection key.
     *
     * @param version   a supported version ({@link QuicVersion#isSupported(int)}).
     * @param dcid      holds the Destination Connection ID.
     * @param dcidOffset where it starts.
     * @param dcidLength its length, 0 to 20.
     * @param key       receives {@link #KEY_LENGTH} bytes at 0.
     * @param iv        receives {@link #IV_LENGTH} bytes at 0.
     * @param hp        receives {@link #HP_LENGTH} bytes at 0.
     */
    void deriveClient(final int version, final byte[] dcid, final int dcidOffset, final int dcidLength,
        final byte[] key, final byte[] iv, final byte[] hp)
    {
        final boolean v2 = version == QuicVersion.V2;
        final byte[] salt = QuicVersion.salt(version);
        hmac(salt, salt.length, dcid, dcidOffset, dcidLength, initialSecret);
        expandLabel(initialSecret, CLIENT_IN, clientSecret, HASH_LENGTH);
        expandLabel(clientSecret, v2 ? V2_KEY : V1_KEY, key, KEY_LENGTH);
        expandLabel(clientSecret, v2 ? V2_IV : V1_IV, iv, IV_LENGTH);
        expandLabel(clientSecret, v2 ? V2_HP : V1_HP, hp, HP_LENGTH);
    }

    /**
     * The initial_secret of the last derivation, for tests against RFC 9001 A.1.
     *
     * @return 32 bytes, overwritten by the next derivation.
     */
    byte[] initialSecret()
    {
        return initialSecret;
    }

    /**
     * The client_initial_secret of the last derivation.
     *
     * @return 32 bytes, overwritten by the next derivation.
     */
    byte[] clientSecret()
    {
        return clientSecret;
    }

    /** HKDF-Expand with one block: T(1) = HMAC(secret, info || 0x01), the first {@code length} bytes kept. */
    private void expandLabel(final byte[] secret, final byte[] info, final byte[] out, final int length)
    {
        hmac(secret, HASH_LENGTH, info, 0, info.length, block);
        System.arraycopy(block, 0, out, 0, length);
    }

    /** HMAC-SHA256 for keys of at most one block; the message of an Expand label carries its 0x01 counter. */
    private void hmac(final byte[] key, final int keyLength, final byte[] message, final int offset, final int length,
        final byte[] out)
    {
        try
        {
            fillPad(key, keyLength, IPAD);
            sha256.update(pad, 0, BLOCK_LENGTH);
            sha256.update(message, offset, length);
            sha256.digest(inner, 0, HASH_LENGTH);
            fillPad(key, keyLength, OPAD);
            sha256.update(pad, 0, BLOCK_LENGTH);
            sha256.update(inner, 0, HASH_LENGTH);
            sha256.digest(out, 0, HASH_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException("SHA-256 refused a 32-byte output array", ex);
        }
    }

    private void fillPad(final byte[] key, final int keyLength, final byte value)
    {
        for (int i = 0; i < BLOCK_LENGTH; i++)
        {
            pad[i] = (byte)((i < keyLength ? key[i] : 0) ^ value);
        }
    }

    /**
     * The HkdfLabel of RFC 8446 7.1 with an empty context, followed by HKDF-Expand's block counter 0x01:
     * {@code uint16 length, opaque label<7..255> = "tls13 " + label, opaque context<0..255> = "", 0x01}.
     */
    private static byte[] label(final String label, final int length)
    {
        final byte[] full = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        final byte[] info = new byte[2 + 1 + full.length + 1 + 1];
        info[0] = (byte)(length >>> 8);
        info[1] = (byte)length;
        info[2] = (byte)full.length;
        System.arraycopy(full, 0, info, 3, full.length);
        info[3 + full.length] = 0;
        info[4 + full.length] = 1;
        return info;
    }
}
