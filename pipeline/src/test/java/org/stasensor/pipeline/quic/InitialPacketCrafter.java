package org.stasensor.pipeline.quic;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds protected client Initial packets for tests with the JDK's own AES/GCM (an implementation independent of
 * the GCM in {@link InitialPacketProtection}) and AES/ECB header protection (RFC 9001 5.3, 5.4). Keys come from
 * {@link InitialSecrets}, which InitialSecretsTest holds to the RFC values.
 */
final class InitialPacketCrafter
{
    private final int version;
    private final byte[] dcid;
    private final byte[] scid;
    private final byte[] key = new byte[InitialSecrets.KEY_LENGTH];
    private final byte[] iv = new byte[InitialSecrets.IV_LENGTH];
    private final byte[] hp = new byte[InitialSecrets.HP_LENGTH];

    InitialPacketCrafter(final int version, final byte[] keyDcid, final byte[] dcid, final byte[] scid)
    {
        this.version = version;
        this.dcid = dcid;
        this.scid = scid;
        new InitialSecrets().deriveClient(version, keyDcid, 0, keyDcid.length, key, iv, hp);
    }

    InitialPacketCrafter(final int version, final byte[] dcid, final byte[] scid)
    {
        this(version, dcid, dcid, scid);
    }

    /** A CRYPTO frame. */
    static byte[] crypto(final byte[] stream, final int from, final int to)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x06);
        varint(out, from);
        varint(out, to - from);
        out.write(stream, from, to - from);
        return out.toByteArray();
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static void varint(final ByteArrayOutputStream out, final long value)
    {
        if (value < 0x40)
        {
            out.write((int)value);
        }
        else if (value < 0x4000)
        {
            out.write((int)(0x40 | (value >>> 8)));
            out.write((int)value);
        }
        else
        {
            out.write((int)(0x80 | (value >>> 24)));
            out.write((int)(value >>> 16));
            out.write((int)(value >>> 8));
            out.write((int)value);
        }
    }

    /**
     * A protected Initial packet with a 4-byte packet number, its payload padded with PADDING frames so that the
     * packet is {@code size} bytes (when the frames are shorter).
     */
    byte[] packet(final long packetNumber, final byte[] frames, final int size)
    {
        final int headerWithoutLength = 1 + 4 + 1 + dcid.length + 1 + scid.length + 1;
        final int pnLength = 4;
        int payloadLength = Math.max(frames.length, 16);
        payloadLength = Math.max(payloadLength, size - headerWithoutLength - 2 - pnLength - 16);
        final byte[] payload = new byte[payloadLength];
        System.arraycopy(frames, 0, payload, 0, frames.length);

        final ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0xC0 | (QuicVersion.initialType(version) << 4) | (pnLength - 1));
        header.write(version >>> 24);
        header.write(version >>> 16);
        header.write(version >>> 8);
        header.write(version);
        header.write(dcid.length);
        header.writeBytes(dcid);
        header.write(scid.length);
        header.writeBytes(scid);
        header.write(0);
        final int length = pnLength + payloadLength + 16;
        header.write(0x40 | (length >>> 8));
        header.write(length);
        final int pnOffset = header.size();
        for (int i = pnLength - 1; i >= 0; i--)
        {
            header.write((int)(packetNumber >>> (8 * i)));
        }
        final byte[] aad = header.toByteArray();
        try
        {
            final byte[] nonce = iv.clone();
            for (int i = 0; i < 8; i++)
            {
                nonce[4 + i] ^= (byte)(packetNumber >>> (56 - 8 * i));
            }
            final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(aad);
            final byte[] sealed = gcm.doFinal(payload);
            final byte[] packet = concat(aad, sealed);
            final Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hp, "AES"));
            final byte[] mask = ecb.doFinal(packet, pnOffset + 4, 16);
            packet[0] ^= (byte)(mask[0] & 0x0F);
            for (int i = 0; i < pnLength; i++)
            {
                packet[pnOffset + i] ^= mask[1 + i];
            }
            return packet;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
