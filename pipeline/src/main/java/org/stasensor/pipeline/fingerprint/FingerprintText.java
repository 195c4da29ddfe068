package org.stasensor.pipeline.fingerprint;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.agrona.DirectBuffer;

/**
 * An ASCII text built in a reusable byte array while the parts of it that a fingerprint hashes are fed to a
 * {@link MessageDigest} as they are written. The array keeps the first {@link #capacity()} bytes; a longer text is
 * cut there ({@link #isTruncated()}) but its hash is still that of the whole text, so a fingerprint never depends on
 * the array's size. Allocation-free after construction.
 */
public final class FingerprintText
{
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final int STAGE = 512;

    private final MessageDigest digest;
    private final byte[] text;
    private final byte[] stage = new byte[STAGE];
    private final byte[] hash = new byte[64];
    private int length;
    private int staged;
    private boolean digesting;

    /**
     * A text over a digest, which several texts may share as long as they are not hashing at the same time.
     *
     * @param digest   the digest.
     * @param capacity bytes of text kept.
     */
    public FingerprintText(final MessageDigest digest, final int capacity)
    {
        this.digest = digest;
        this.text = new byte[capacity];
    }

    public static MessageDigest digest(final String algorithm)
    {
        try
        {
            return MessageDigest.getInstance(algorithm);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has " + algorithm + " (MessageDigest spec); this one does not",
                ex);
        }
    }

    public void clear()
    {
        length = 0;
        staged = 0;
        digesting = false;
        digest.reset();
    }

    /** From here on, written bytes are also hashed. */
    public void startDigest()
    {
        digest.reset();
        staged = 0;
        digesting = true;
    }

    /**
     * Ends hashing and writes the lowercase hex of the hash, or of its first bytes.
     *
     * @param out       where the hex goes.
     * @param outOffset first hex character.
     * @param hexChars  hex characters wanted (32 for MD5, 12 for the JA4 truncation).
     */
    public void finishDigest(final byte[] out, final int outOffset, final int hexChars)
    {
        flush();
        digesting = false;
        final int hashLength = digest.getDigestLength();
        try
        {
            digest.digest(hash, 0, hashLength);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException("the hash array holds " + hash.length + " bytes, the digest needs "
                + hashLength, ex);
        }
        for (int i = 0; i < hexChars; i++)
        {
            final int b = hash[i >> 1] & 0xFF;
            out[outOffset + i] = HEX[(i & 1) == 0 ? b >>> 4 : b & 0x0F];
        }
    }

    public void append(final byte b)
    {
        if (length < text.length)
        {
            text[length] = b;
        }
        length++;
        if (digesting)
        {
            stage[staged++] = b;
            if (staged == STAGE)
            {
                flush();
            }
        }
    }

    /**
     * Appends bytes from a buffer (which may be off-heap): what fits goes into the text, all of it into the digest.
     *
     * @param buffer the bytes.
     * @param offset where they start.
     * @param count  how many.
     */
    public void append(final DirectBuffer buffer, final int offset, final int count)
    {
        final int kept = Math.max(0, Math.min(count, text.length - length));
        if (kept > 0)
        {
            buffer.getBytes(offset, text, length, kept);
        }
        length += count;
        if (digesting)
        {
            int done = 0;
            while (done < count)
            {
                if (staged == STAGE)
                {
                    flush();
                }
                final int chunk = Math.min(STAGE - staged, count - done);
                buffer.getBytes(offset + done, stage, staged, chunk);
                staged += chunk;
                done += chunk;
            }
            if (staged == STAGE)
            {
                flush();
            }
        }
    }

    public void append(final byte[] bytes)
    {
        for (final byte b : bytes)
        {
            append(b);
        }
    }

    public void appendDecimal(final int value)
    {
        if (value >= 10)
        {
            appendDecimal(value / 10);
        }
        append((byte)('0' + value % 10));
    }

    /** Four lowercase hex digits, as JA4 writes 16-bit values. */
    public void appendHex4(final int value)
    {
        append(HEX[(value >>> 12) & 0xF]);
        append(HEX[(value >>> 8) & 0xF]);
        append(HEX[(value >>> 4) & 0xF]);
        append(HEX[value & 0xF]);
    }

    public static byte hexDigit(final int nibble)
    {
        return HEX[nibble & 0xF];
    }

    public byte[] text()
    {
        return text;
    }

    /** Bytes held in {@link #text()}: the text's length, or the capacity when it was cut. */
    public int length()
    {
        return Math.min(length, text.length);
    }

    /** Length of the whole text, as hashed. */
    public int fullLength()
    {
        return length;
    }

    public boolean isTruncated()
    {
        return length > text.length;
    }

    public int capacity()
    {
        return text.length;
    }

    private void flush()
    {
        if (staged > 0)
        {
            digest.update(stage, 0, staged);
            staged = 0;
        }
    }
}
