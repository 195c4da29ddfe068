package org.stasensor.pipeline.ssh;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.agrona.DirectBuffer;

/**
 * HASSH and HASSHServer (salesforce/hassh: its README, hassh.py and hassh.zeek; Wireshark computes the same as
 * {@code ssh.kex.hassh} and {@code ssh.kex.hasshserver}), written into reusable arrays: the text and the lowercase hex
 * MD5 of the text. One instance per thread; it keeps one MD5 and allocates nothing per handshake.
 * <ul>
 *   <li>HASSH, of the client's first KEXINIT: {@code kex_algorithms;encryption_algorithms_client_to_server;
 *       mac_algorithms_client_to_server;compression_algorithms_client_to_server}.</li>
 *   <li>HASSHServer, of the server's first KEXINIT: {@code kex_algorithms;encryption_algorithms_server_to_client;
 *       mac_algorithms_server_to_client;compression_algorithms_server_to_client}.</li>
 * </ul>
 * Each part is the name-list exactly as sent (names joined by commas, in the sender's order, nothing left out or
 * sorted); the parts are joined by ';'. The bytes are hashed as they are, as hassh.zeek does; for lists of printable
 * US-ASCII, the only kind RFC 4251 5 allows, that equals what Wireshark and hassh.py hash.
 */
public final class Hassh
{
    /** Length of the hex MD5. */
    public static final int HASH_LENGTH = 32;
    /** Bytes of a HASSH text kept; the hash covers the whole text even when it is longer. */
    public static final int TEXT_CAPACITY = 4096;

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final int STAGE = 512;
    private static final int MD5_LENGTH = 16;
    private static final int[] CLIENT_LISTS =
        {KexInit.KEX, KexInit.CIPHER_C2S, KexInit.MAC_C2S, KexInit.COMPRESSION_C2S};
    private static final int[] SERVER_LISTS =
        {KexInit.KEX, KexInit.CIPHER_S2C, KexInit.MAC_S2C, KexInit.COMPRESSION_S2C};

    private final MessageDigest md5 = md5();
    private final byte[] stage = new byte[STAGE];
    private final byte[] digest = new byte[MD5_LENGTH];
    private final byte[] clientText = new byte[TEXT_CAPACITY];
    private final byte[] serverText = new byte[TEXT_CAPACITY];
    private final byte[] clientHash = new byte[HASH_LENGTH];
    private final byte[] serverHash = new byte[HASH_LENGTH];
    private int clientTextLength;
    private int serverTextLength;

    /**
     * Computes HASSH from the client's first KEXINIT while the bytes it was parsed from are unchanged.
     *
     * @param client the client's KEXINIT, parsed.
     * @return false, leaving the previous values, when it did not parse.
     */
    public boolean computeClient(final KexInit client)
    {
        if (!client.isValid())
        {
            return false;
        }
        clientTextLength = compute(client, CLIENT_LISTS, clientText, clientHash);
        return true;
    }

    /**
     * Computes HASSHServer from the server's first KEXINIT while the bytes it was parsed from are unchanged.
     *
     * @param server the server's KEXINIT, parsed.
     * @return false, leaving the previous values, when it did not parse.
     */
    public boolean computeServer(final KexInit server)
    {
        if (!server.isValid())
        {
            return false;
        }
        serverTextLength = compute(server, SERVER_LISTS, serverText, serverHash);
        return true;
    }

    /**
     * The HASSH: 32 lowercase hex characters.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] hassh()
    {
        return clientHash;
    }

    /**
     * The HASSH text (hasshAlgorithms, Wireshark's {@code ssh.kex.hassh_algorithms}); its first
     * {@link #hasshTextLength()} bytes are valid.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] hasshText()
    {
        return clientText;
    }

    /**
     * Length of the HASSH text held.
     *
     * @return bytes, at most {@link #TEXT_CAPACITY}.
     */
    public int hasshTextLength()
    {
        return Math.min(clientTextLength, TEXT_CAPACITY);
    }

    /**
     * Whether the HASSH text was longer than {@link #TEXT_CAPACITY} and is cut; the hash is still whole.
     *
     * @return true when cut.
     */
    public boolean hasshTextTruncated()
    {
        return clientTextLength > TEXT_CAPACITY;
    }

    /**
     * The HASSHServer: 32 lowercase hex characters.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] hasshServer()
    {
        return serverHash;
    }

    /**
     * The HASSHServer text (hasshServerAlgorithms, Wireshark's {@code ssh.kex.hasshserver_algorithms}); its first
     * {@link #hasshServerTextLength()} bytes are valid.
     *
     * @return the array, overwritten by the next computation.
     */
    public byte[] hasshServerText()
    {
        return serverText;
    }

    /**
     * Length of the HASSHServer text held.
     *
     * @return bytes, at most {@link #TEXT_CAPACITY}.
     */
    public int hasshServerTextLength()
    {
        return Math.min(serverTextLength, TEXT_CAPACITY);
    }

    /**
     * Whether the HASSHServer text was longer than {@link #TEXT_CAPACITY} and is cut; the hash is still whole.
     *
     * @return true when cut.
     */
    public boolean hasshServerTextTruncated()
    {
        return serverTextLength > TEXT_CAPACITY;
    }

    private int compute(final KexInit kexInit, final int[] lists, final byte[] text, final byte[] hash)
    {
        md5.reset();
        int length = 0;
        for (int i = 0; i < lists.length; i++)
        {
            if (i > 0)
            {
                if (length < text.length)
                {
                    text[length] = ';';
                }
                stage[0] = ';';
                md5.update(stage, 0, 1);
                length++;
            }
            length = append(kexInit.buffer(), kexInit.listOffset(lists[i]), kexInit.listLength(lists[i]), text,
                length);
        }
        finish(hash);
        return length;
    }

    /** Copies what fits into the text and hashes all of it, through the stage array (the buffer may be off-heap). */
    private int append(final DirectBuffer buffer, final int offset, final int length, final byte[] text,
        final int textLength)
    {
        final int kept = Math.max(0, Math.min(length, text.length - textLength));
        if (kept > 0)
        {
            buffer.getBytes(offset, text, textLength, kept);
        }
        int done = 0;
        while (done < length)
        {
            final int chunk = Math.min(STAGE, length - done);
            buffer.getBytes(offset + done, stage, 0, chunk);
            md5.update(stage, 0, chunk);
            done += chunk;
        }
        return textLength + length;
    }

    private void finish(final byte[] hash)
    {
        try
        {
            md5.digest(digest, 0, MD5_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException("an MD5 digest is " + MD5_LENGTH + " bytes; this provider disagrees", ex);
        }
        for (int i = 0; i < HASH_LENGTH; i++)
        {
            final int b = digest[i >> 1] & 0xFF;
            hash[i] = HEX[(i & 1) == 0 ? b >>> 4 : b & 0x0F];
        }
    }

    private static MessageDigest md5()
    {
        try
        {
            return MessageDigest.getInstance("MD5");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has MD5 (MessageDigest spec); this one does not", ex);
        }
    }
}
