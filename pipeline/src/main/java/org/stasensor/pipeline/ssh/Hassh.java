package org.stasensor.pipeline.ssh;

import java.security.MessageDigest;

import org.stasensor.pipeline.fingerprint.FingerprintText;

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

    private static final int[] CLIENT_LISTS =
        {KexInit.KEX, KexInit.CIPHER_C2S, KexInit.MAC_C2S, KexInit.COMPRESSION_C2S};
    private static final int[] SERVER_LISTS =
        {KexInit.KEX, KexInit.CIPHER_S2C, KexInit.MAC_S2C, KexInit.COMPRESSION_S2C};

    private final MessageDigest md5 = FingerprintText.digest("MD5");
    private final FingerprintText clientText = new FingerprintText(md5, TEXT_CAPACITY);
    private final FingerprintText serverText = new FingerprintText(md5, TEXT_CAPACITY);
    private final byte[] clientHash = new byte[HASH_LENGTH];
    private final byte[] serverHash = new byte[HASH_LENGTH];

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
        compute(client, CLIENT_LISTS, clientText, clientHash);
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
        compute(server, SERVER_LISTS, serverText, serverHash);
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
        return clientText.text();
    }

    /**
     * Length of the HASSH text held.
     *
     * @return bytes, at most {@link #TEXT_CAPACITY}.
     */
    public int hasshTextLength()
    {
        return clientText.length();
    }

    /**
     * Whether the HASSH text was longer than {@link #TEXT_CAPACITY} and is cut; the hash is still whole.
     *
     * @return true when cut.
     */
    public boolean hasshTextTruncated()
    {
        return clientText.isTruncated();
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
        return serverText.text();
    }

    /**
     * Length of the HASSHServer text held.
     *
     * @return bytes, at most {@link #TEXT_CAPACITY}.
     */
    public int hasshServerTextLength()
    {
        return serverText.length();
    }

    /**
     * Whether the HASSHServer text was longer than {@link #TEXT_CAPACITY} and is cut; the hash is still whole.
     *
     * @return true when cut.
     */
    public boolean hasshServerTextTruncated()
    {
        return serverText.isTruncated();
    }

    /** The parts joined by ';', hashed as they are written (the KEXINIT's buffer may be off-heap). */
    private static void compute(final KexInit kexInit, final int[] lists, final FingerprintText text,
        final byte[] hash)
    {
        text.clear();
        text.startDigest();
        for (int i = 0; i < lists.length; i++)
        {
            if (i > 0)
            {
                text.append((byte)';');
            }
            text.append(kexInit.buffer(), kexInit.listOffset(lists[i]), kexInit.listLength(lists[i]));
        }
        text.finishDigest(hash, 0, HASH_LENGTH);
    }
}
