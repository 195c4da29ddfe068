package org.stasensor.pipeline.ssh;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

/**
 * The algorithms both sides agree on, from the two KEXINITs, by RFC 4253 7.1: for each field the first name on the
 * client's list that is also on the server's list. The chosen names are views into the client's KEXINIT (a chosen
 * name is by definition on the client's list); nothing is copied unless {@link #copy} is asked to.
 * <p>
 * The rules beyond "first common name" that are applied:
 * <ul>
 *   <li>Key exchange: the names that only signal a capability and are not algorithms never match:
 *       {@code ext-info-c}, {@code ext-info-s} (RFC 8308 2.1), {@code kex-strict-c-v00@openssh.com},
 *       {@code kex-strict-s-v00@openssh.com} (OpenSSH PROTOCOL 1.10) and {@code kexguess2@matt.ucc.asn.au}
 *       (Dropbear). RFC 4253 7.1 also asks that a host key algorithm of the needed capability be agreed; every
 *       registered key exchange needs a signature-capable host key and every registered host key algorithm is one,
 *       so this means a host key algorithm must be agreed at all, else the negotiation is not {@link #complete()}.</li>
 *   <li>MAC: with an AEAD cipher of OpenSSH ({@code chacha20-poly1305@openssh.com}, {@code aes128-gcm@openssh.com},
 *       {@code aes256-gcm@openssh.com}) the MAC is implicit and not negotiated, as OpenSSH does (its log says
 *       "MAC: &lt;implicit&gt;"); {@link #isMacImplicit} then says so and the MAC view is empty. With
 *       {@code AEAD_AES_128_GCM} or {@code AEAD_AES_256_GCM} as cipher the MAC is the same name, and those names
 *       are never chosen as MAC alongside another cipher (RFC 5647 5.1).</li>
 *   <li>Languages are not negotiated (RFC 4253 7.1 lets both sides ignore them).</li>
 * </ul>
 * Whether a guessed first key exchange packet is right is {@link #isGuessRight()}: both sides prefer the same key
 * exchange and the same host key algorithm (RFC 4253 7.1).
 */
public final class SshAlgorithms
{
    /** Field: key exchange method. */
    public static final int KEX = KexInit.KEX;
    /** Field: server host key algorithm. */
    public static final int HOST_KEY = KexInit.HOST_KEY;
    /** Field: cipher client to server. */
    public static final int CIPHER_C2S = KexInit.CIPHER_C2S;
    /** Field: cipher server to client. */
    public static final int CIPHER_S2C = KexInit.CIPHER_S2C;
    /** Field: MAC client to server. */
    public static final int MAC_C2S = KexInit.MAC_C2S;
    /** Field: MAC server to client. */
    public static final int MAC_S2C = KexInit.MAC_S2C;
    /** Field: compression client to server. */
    public static final int COMPRESSION_C2S = KexInit.COMPRESSION_C2S;
    /** Field: compression server to client. */
    public static final int COMPRESSION_S2C = KexInit.COMPRESSION_S2C;
    /** Number of fields. */
    public static final int FIELDS = 8;

    private static final byte[][] SIGNALS = ascii("ext-info-c", "ext-info-s", "kex-strict-c-v00@openssh.com",
        "kex-strict-s-v00@openssh.com", "kexguess2@matt.ucc.asn.au");
    private static final byte[][] IMPLICIT_MAC_CIPHERS = ascii("chacha20-poly1305@openssh.com",
        "aes128-gcm@openssh.com", "aes256-gcm@openssh.com");
    private static final byte[][] RFC5647_AEADS = ascii("AEAD_AES_128_GCM", "AEAD_AES_256_GCM");

    private final int[] offsets = new int[FIELDS];
    private final int[] lengths = new int[FIELDS];
    private final boolean[] macImplicit = new boolean[2];
    private DirectBuffer buffer;
    private boolean guessRight;
    private boolean complete;
    private boolean valid;

    /**
     * Negotiates from the two first KEXINITs.
     *
     * @param client the client's KEXINIT, parsed.
     * @param server the server's KEXINIT, parsed.
     * @return true when every field was agreed ({@link #complete()}); false also when either KEXINIT is invalid.
     */
    public boolean negotiate(final KexInit client, final KexInit server)
    {
        for (int i = 0; i < FIELDS; i++)
        {
            offsets[i] = 0;
            lengths[i] = -1;
        }
        macImplicit[0] = false;
        macImplicit[1] = false;
        guessRight = false;
        complete = false;
        valid = client.isValid() && server.isValid();
        buffer = client.buffer();
        if (!valid)
        {
            return false;
        }
        choose(client, server, HOST_KEY, null);
        choose(client, server, KEX, SIGNALS);
        choose(client, server, CIPHER_C2S, null);
        choose(client, server, CIPHER_S2C, null);
        mac(client, server, CIPHER_C2S, MAC_C2S, 0);
        mac(client, server, CIPHER_S2C, MAC_S2C, 1);
        choose(client, server, COMPRESSION_C2S, null);
        choose(client, server, COMPRESSION_S2C, null);
        guessRight = sameFirst(client, server, KEX) && sameFirst(client, server, HOST_KEY);
        boolean all = true;
        for (int i = 0; i < FIELDS; i++)
        {
            all &= lengths[i] >= 0 || (i == MAC_C2S && macImplicit[0]) || (i == MAC_S2C && macImplicit[1]);
        }
        complete = all;
        return complete;
    }

    /**
     * Whether the last negotiation had two valid KEXINITs to work from.
     *
     * @return true when both were valid.
     */
    public boolean isValid()
    {
        return valid;
    }

    /**
     * Whether every field was agreed: what RFC 4253 7.1 needs for the connection to go on.
     *
     * @return true when complete.
     */
    public boolean complete()
    {
        return complete;
    }

    /**
     * The buffer the chosen names lie in: the client KEXINIT's.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where a chosen name starts.
     *
     * @param field one of {@link #KEX} .. {@link #COMPRESSION_S2C}.
     * @return offset in {@link #buffer()}.
     */
    public int offset(final int field)
    {
        return offsets[field];
    }

    /**
     * Length of a chosen name.
     *
     * @param field one of {@link #KEX} .. {@link #COMPRESSION_S2C}.
     * @return bytes, or -1 when nothing was agreed (or the MAC is implicit).
     */
    public int length(final int field)
    {
        return lengths[field];
    }

    /**
     * Whether the MAC of a direction is implied by an AEAD cipher of OpenSSH and not negotiated.
     *
     * @param field {@link #MAC_C2S} or {@link #MAC_S2C}.
     * @return true for an implicit MAC.
     */
    public boolean isMacImplicit(final int field)
    {
        return field == MAC_C2S ? macImplicit[0] : field == MAC_S2C && macImplicit[1];
    }

    /**
     * Whether a guessed first key exchange packet would be right: both sides list the same key exchange method
     * first and the same host key algorithm first (RFC 4253 7.1).
     *
     * @return true when the guess is right.
     */
    public boolean isGuessRight()
    {
        return guessRight;
    }

    /**
     * Copies a chosen name into a caller's array.
     *
     * @param field     one of {@link #KEX} .. {@link #COMPRESSION_S2C}.
     * @param dst       destination.
     * @param dstOffset where to write.
     * @return bytes written: 0 when nothing was agreed, and at most the room left in {@code dst}.
     */
    public int copy(final int field, final byte[] dst, final int dstOffset)
    {
        final int length = Math.min(lengths[field], dst.length - dstOffset);
        if (length <= 0)
        {
            return 0;
        }
        buffer.getBytes(offsets[field], dst, dstOffset, length);
        return length;
    }

    private void choose(final KexInit client, final KexInit server, final int field, final byte[][] never)
    {
        final DirectBuffer clientBuffer = client.buffer();
        final int listOffset = client.listOffset(field);
        final int end = listOffset + client.listLength(field);
        final int scanEnd = listOffset + Math.min(client.listLength(field), NameList.MAX_SCANNED);
        // A key exchange is chosen only when a host key algorithm was agreed (RFC 4253 7.1, see class comment).
        final boolean hostKeyAgreed = field != KEX || lengths[HOST_KEY] >= 0;
        int start = listOffset;
        for (int names = 0; start <= scanEnd && names < NameList.MAX_NAMES; names++)
        {
            final int stop = NameList.nameEnd(clientBuffer, start, scanEnd);
            final int length = stop - start;
            final boolean whole = stop < scanEnd || scanEnd == end;
            if (whole && hostKeyAgreed && !isOneOf(clientBuffer, start, length, never)
                && NameList.contains(server.buffer(), server.listOffset(field), server.listLength(field),
                clientBuffer, start, length))
            {
                offsets[field] = start;
                lengths[field] = length;
                return;
            }
            start = stop + 1;
        }
    }

    private void mac(final KexInit client, final KexInit server, final int cipherField, final int macField,
        final int direction)
    {
        final int cipherLength = lengths[cipherField];
        if (cipherLength >= 0)
        {
            final int cipherOffset = offsets[cipherField];
            if (isOneOf(buffer, cipherOffset, cipherLength, IMPLICIT_MAC_CIPHERS))
            {
                macImplicit[direction] = true;
                return;
            }
            if (isOneOf(buffer, cipherOffset, cipherLength, RFC5647_AEADS))
            {
                offsets[macField] = cipherOffset;
                lengths[macField] = cipherLength;
                return;
            }
        }
        choose(client, server, macField, RFC5647_AEADS);
    }

    private static boolean sameFirst(final KexInit client, final KexInit server, final int list)
    {
        return NameList.sameFirstName(client.buffer(), client.listOffset(list), client.listLength(list),
            server.buffer(), server.listOffset(list), server.listLength(list));
    }

    private static boolean isOneOf(final DirectBuffer buffer, final int offset, final int length,
        final byte[][] names)
    {
        if (names != null)
        {
            for (final byte[] name : names)
            {
                if (NameList.is(buffer, offset, length, name))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[][] ascii(final String... names)
    {
        final byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++)
        {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
