package org.stasensor.pipeline.ssh;

import org.agrona.DirectBuffer;

/**
 * The clear part of one SSH connection read from both directions at once: identification lines, first KEXINITs,
 * HASSH and HASSHServer, and the negotiated algorithms. A reusable bundle of {@link SshDirection},
 * {@link SshAlgorithms} and {@link Hassh}; one instance per thread, allocation-free per connection.
 * <p>
 * Which side is the client is the caller's knowledge (the side that opened the TCP connection). When the client
 * speaks SSH 1 (protocol version 1.x other than 1.99) the server's packets are SSH 1 too, even if it announced
 * "1.99", so only the identification lines are read.
 */
public final class SshHandshake
{
    /** Result bit: the client's identification line was found. */
    public static final int CLIENT_IDENTIFICATION = 1;
    /** Result bit: the server's identification line was found. */
    public static final int SERVER_IDENTIFICATION = 2;
    /** Result bit: HASSH was computed from the client's KEXINIT. */
    public static final int HASSH = 4;
    /** Result bit: HASSHServer was computed from the server's KEXINIT. */
    public static final int HASSH_SERVER = 8;
    /** Result bit: both KEXINITs were read and {@link #algorithms()} holds the negotiation (maybe incomplete). */
    public static final int NEGOTIATED = 16;
    /** Result bit: both directions reached NEWKEYS; the rest of the connection is encrypted. */
    public static final int ENCRYPTED = 32;

    private final SshDirection client = new SshDirection();
    private final SshDirection server = new SshDirection();
    private final SshAlgorithms algorithms = new SshAlgorithms();
    private final Hassh hassh = new Hassh();
    private int result;

    /**
     * Reads both directions from their first bytes; may be called again as they grow.
     *
     * @param clientBuffer holds the client's bytes.
     * @param clientOffset where its first byte is.
     * @param clientLength contiguous client bytes.
     * @param serverBuffer holds the server's bytes.
     * @param serverOffset where its first byte is.
     * @param serverLength contiguous server bytes.
     * @return the result bits, also kept in {@link #result()}.
     */
    public int parse(final DirectBuffer clientBuffer, final int clientOffset, final int clientLength,
        final DirectBuffer serverBuffer, final int serverOffset, final int serverLength)
    {
        int bits = 0;
        client.scan(clientBuffer, clientOffset, clientLength);
        server.scan(serverBuffer, serverOffset, serverLength);
        final boolean clientSsh1 = client.has(SshDirection.FLAG_NOT_SSH2);
        if (client.has(SshDirection.FLAG_IDENTIFICATION))
        {
            bits |= CLIENT_IDENTIFICATION;
        }
        if (server.has(SshDirection.FLAG_IDENTIFICATION))
        {
            bits |= SERVER_IDENTIFICATION;
        }
        final boolean clientKex = client.has(SshDirection.FLAG_KEXINIT);
        final boolean serverKex = !clientSsh1 && server.has(SshDirection.FLAG_KEXINIT);
        if (clientKex && hassh.computeClient(client.kexInit()))
        {
            bits |= HASSH;
        }
        if (serverKex && hassh.computeServer(server.kexInit()))
        {
            bits |= HASSH_SERVER;
        }
        if (clientKex && serverKex)
        {
            algorithms.negotiate(client.kexInit(), server.kexInit());
            bits |= NEGOTIATED;
        }
        if (client.has(SshDirection.FLAG_NEWKEYS) && server.has(SshDirection.FLAG_NEWKEYS) && !clientSsh1)
        {
            bits |= ENCRYPTED;
        }
        result = bits;
        return bits;
    }

    /**
     * The result bits of the last parse.
     *
     * @return bits.
     */
    public int result()
    {
        return result;
    }

    /**
     * The client's direction.
     *
     * @return the direction.
     */
    public SshDirection client()
    {
        return client;
    }

    /**
     * The server's direction.
     *
     * @return the direction.
     */
    public SshDirection server()
    {
        return server;
    }

    /**
     * The negotiated algorithms; meaningful when {@link #NEGOTIATED} is set.
     *
     * @return the holder.
     */
    public SshAlgorithms algorithms()
    {
        return algorithms;
    }

    /**
     * HASSH and HASSHServer; each meaningful when its result bit is set.
     *
     * @return the fingerprints.
     */
    public Hassh hassh()
    {
        return hassh;
    }
}
