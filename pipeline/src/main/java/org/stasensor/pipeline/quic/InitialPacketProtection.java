package org.stasensor.pipeline.quic;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * One connection's Initial packet protection: AES-128 header protection (RFC 9001 5.4.3) and AEAD_AES_128_GCM
 * (RFC 9001 5.3, RFC 5116, NIST SP 800-38D) opening, with two JCE {@code AES/ECB/NoPadding} ciphers keyed once per
 * connection.
 * <p>
 * Why GCM is built here on AES-ECB instead of using {@code AES/GCM/NoPadding}: QUIC's nonce changes with every
 * packet number, and the JDK's GCM cipher must be {@code init}ed anew for each nonce, which allocates the
 * parameter spec and the cipher's internal GCTR/GHASH state on every packet. Here the counter blocks
 * ({@code nonce || 32-bit counter}, 96-bit nonce, SP 800-38D 7.2) are encrypted in one ECB call (the JDK's AES
 * intrinsics do the work) and GHASH is computed in Java, so opening a packet allocates nothing once the keys are
 * set. GHASH uses Shoup's 4-bit tables (16 entries of H's multiples, built per connection; 32 table steps per
 * 16-byte block).
 * <p>
 * Setting the keys of a new connection ({@link #setKeys}) allocates inside the JDK: two {@link SecretKeySpec}s,
 * their encoded copies and the AES key schedules; QuicZeroAllocationTest measures it: 208 bytes a connection on JDK 25.
 */
final class InitialPacketProtection
{
    /** Length of the AES block, the header protection sample and the GCM tag. */
    static final int BLOCK = 16;

    private static final long REDUCTION = 0xE100000000000000L;
    /** The reduction of 4 bits shifted out of the low end, as in Shoup's method (e.g. mbed TLS gcm.c last4). */
    private static final long[] REMAINDERS = new long[16];

    static
    {
        final int[] last4 = {0x0000, 0x1c20, 0x3840, 0x2460, 0x7080, 0x6ca0, 0x48c0, 0x54e0,
            0xe100, 0xfd20, 0xd940, 0xc560, 0x9180, 0x8da0, 0xa9c0, 0xb5e0};
        for (int i = 0; i < 16; i++)
        {
            REMAINDERS[i] = (long)last4[i] << 48;
        }
    }

    private final Cipher payloadAes;
    private final Cipher headerAes;
    private final byte[] iv = new byte[InitialSecrets.IV_LENGTH];
    private final byte[] block = new byte[BLOCK];
    private final long[] tableHigh = new long[16];
    private final long[] tableLow = new long[16];
    private long hashKeyHigh;
    private long hashKeyLow;
    private long hashHigh;
    private long hashLow;
    private boolean keyed;

    InitialPacketProtection()
    {
        try
        {
            payloadAes = Cipher.getInstance("AES/ECB/NoPadding");
            headerAes = Cipher.getInstance("AES/ECB/NoPadding");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK has no AES/ECB/NoPadding, which every Java platform must have",
                ex);
        }
    }

    /**
     * Keys this protection for a connection. Allocates (see the class comment): once per connection.
     *
     * @param key {@link InitialSecrets#KEY_LENGTH} bytes.
     * @param iv  {@link InitialSecrets#IV_LENGTH} bytes.
     * @param hp  {@link InitialSecrets#HP_LENGTH} bytes.
     */
    void setKeys(final byte[] key, final byte[] iv, final byte[] hp)
    {
        try
        {
            payloadAes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 0, InitialSecrets.KEY_LENGTH, "AES"));
            headerAes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hp, 0, InitialSecrets.HP_LENGTH, "AES"));
            System.arraycopy(iv, 0, this.iv, 0, InitialSecrets.IV_LENGTH);
            java.util.Arrays.fill(block, (byte)0);
            payloadAes.update(block, 0, BLOCK, block, 0);
            hashKeyHigh = high(block, 0);
            hashKeyLow = low(block, 0);
            buildTable();
            keyed = true;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES refused a 16-byte key", ex);
        }
    }

    /**
     * Forgets the keys.
     */
    void clear()
    {
        keyed = false;
    }

    /**
     * Whether keys are set.
     *
     * @return true after {@link #setKeys} and before {@link #clear()}.
     */
    boolean isKeyed()
    {
        return keyed;
    }

    /**
     * The header protection mask: AES-ECB of the 16-byte sample (RFC 9001 5.4.3).
     *
     * @param packet holds the sample.
     * @param sample where the sample starts; 16 bytes must be there.
     * @param mask   receives 16 bytes at 0.
     * @return false when the cipher failed (it does not for a keyed protection).
     */
    boolean headerMask(final byte[] packet, final int sample, final byte[] mask)
    {
        try
        {
            return headerAes.update(packet, sample, BLOCK, mask, 0) == BLOCK;
        }
        catch (final GeneralSecurityException ex)
        {
            return false;
        }
    }

    /**
     * Opens an AEAD_AES_128_GCM packet payload: {@code ciphertext || 16-byte tag}, authenticated together with the
     * unprotected header. The nonce is the iv XORed with the packet number (RFC 9001 5.3).
     *
     * @param packetNumber     the full packet number.
     * @param packet           holds the unprotected header then the ciphertext and tag.
     * @param headerOffset     where the header (the associated data) starts.
     * @param headerLength     its length, up to and with the packet number.
     * @param ciphertextLength bytes of ciphertext after the header, the tag not counted.
     * @param out              receives the plaintext at {@code outOffset}; may not overlap the packet.
     * @param outOffset        where.
     * @param counters         scratch of at least {@code ciphertextLength + 32} bytes.
     * @param keystream        scratch of the same size.
     * @return true when the tag is right; the plaintext is only meaningful then.
     */
    boolean open(final long packetNumber, final byte[] packet, final int headerOffset, final int headerLength,
        final int ciphertextLength, final byte[] out, final int outOffset, final byte[] counters,
        final byte[] keystream)
    {
        if (!keyed)
        {
            return false;
        }
        final int blocks = 1 + (ciphertextLength + BLOCK - 1) / BLOCK;
        for (int b = 0; b < blocks; b++)
        {
            final int at = b * BLOCK;
            System.arraycopy(iv, 0, counters, at, InitialSecrets.IV_LENGTH);
            for (int i = 0; i < 8; i++)
            {
                counters[at + 4 + i] ^= (byte)(packetNumber >>> (56 - 8 * i));
            }
            final int counter = b + 1;
            counters[at + 12] = (byte)(counter >>> 24);
            counters[at + 13] = (byte)(counter >>> 16);
            counters[at + 14] = (byte)(counter >>> 8);
            counters[at + 15] = (byte)counter;
        }
        try
        {
            if (payloadAes.update(counters, 0, blocks * BLOCK, keystream, 0) != blocks * BLOCK)
            {
                return false;
            }
        }
        catch (final GeneralSecurityException ex)
        {
            return false;
        }
        final int ciphertext = headerOffset + headerLength;
        hashHigh = 0;
        hashLow = 0;
        absorb(packet, headerOffset, headerLength);
        absorb(packet, ciphertext, ciphertextLength);
        multiply(hashHigh ^ (8L * headerLength), hashLow ^ (8L * ciphertextLength));
        final int tag = ciphertext + ciphertextLength;
        final long expectedHigh = hashHigh ^ high(keystream, 0);
        final long expectedLow = hashLow ^ low(keystream, 0);
        if (expectedHigh != high(packet, tag) || expectedLow != low(packet, tag))
        {
            return false;
        }
        for (int i = 0; i < ciphertextLength; i++)
        {
            out[outOffset + i] = (byte)(packet[ciphertext + i] ^ keystream[BLOCK + i]);
        }
        return true;
    }

    /** GHASH over data zero-padded to whole blocks: Y = (Y xor X) * H for each block X. */
    private void absorb(final byte[] data, final int offset, final int length)
    {
        int at = offset;
        final int end = offset + length;
        while (end - at >= BLOCK)
        {
            multiply(hashHigh ^ high(data, at), hashLow ^ low(data, at));
            at += BLOCK;
        }
        if (at < end)
        {
            java.util.Arrays.fill(block, (byte)0);
            System.arraycopy(data, at, block, 0, end - at);
            multiply(hashHigh ^ high(block, 0), hashLow ^ low(block, 0));
        }
    }

    /**
     * The 4-bit table of Shoup's method for the current H: entry i is H multiplied by the 4-bit polynomial i, in
     * GCM's reflected bit order (entry 8 is H itself, entry 4 is H times x, ...).
     */
    private void buildTable()
    {
        long vHigh = hashKeyHigh;
        long vLow = hashKeyLow;
        tableHigh[0] = 0;
        tableLow[0] = 0;
        tableHigh[8] = vHigh;
        tableLow[8] = vLow;
        for (int i = 4; i > 0; i >>= 1)
        {
            final long carry = -(vLow & 1);
            vLow = (vHigh << 63) | (vLow >>> 1);
            vHigh = (vHigh >>> 1) ^ (REDUCTION & carry);
            tableHigh[i] = vHigh;
            tableLow[i] = vLow;
        }
        for (int i = 2; i <= 8; i <<= 1)
        {
            for (int j = 1; j < i; j++)
            {
                tableHigh[i + j] = tableHigh[i] ^ tableHigh[j];
                tableLow[i + j] = tableLow[i] ^ tableLow[j];
            }
        }
    }

    /**
     * Multiplication by H in GF(2^128) with GCM's bit order (SP 800-38D 6.3), four bits at a time from the last
     * byte to the first with the table of {@link #buildTable()} and the reduction of the four bits shifted out
     * ({@link #REMAINDERS}); the result is the new hash.
     */
    private void multiply(final long xHigh, final long xLow)
    {
        long zHigh = 0;
        long zLow = 0;
        for (int i = 15; i >= 0; i--)
        {
            final int b = (int)((i < 8 ? xHigh >>> (56 - 8 * i) : xLow >>> (120 - 8 * i)) & 0xFF);
            if (i != 15)
            {
                final int remainder = (int)(zLow & 0xF);
                zLow = (zHigh << 60) | (zLow >>> 4);
                zHigh = (zHigh >>> 4) ^ REMAINDERS[remainder];
            }
            zHigh ^= tableHigh[b & 0xF];
            zLow ^= tableLow[b & 0xF];
            final int remainder = (int)(zLow & 0xF);
            zLow = (zHigh << 60) | (zLow >>> 4);
            zHigh = (zHigh >>> 4) ^ REMAINDERS[remainder];
            zHigh ^= tableHigh[b >>> 4];
            zLow ^= tableLow[b >>> 4];
        }
        hashHigh = zHigh;
        hashLow = zLow;
    }

    private static long high(final byte[] bytes, final int offset)
    {
        return bigEndianLong(bytes, offset);
    }

    private static long low(final byte[] bytes, final int offset)
    {
        return bigEndianLong(bytes, offset + 8);
    }

    private static long bigEndianLong(final byte[] bytes, final int offset)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
