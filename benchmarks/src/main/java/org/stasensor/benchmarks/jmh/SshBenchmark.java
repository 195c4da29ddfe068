package org.stasensor.benchmarks.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.stasensor.benchmarks.capture.CaptureMultiplier;
import org.stasensor.pipeline.ssh.Hassh;
import org.stasensor.pipeline.ssh.SshAuthEstimator;
import org.stasensor.pipeline.ssh.SshDirection;
import org.stasensor.pipeline.ssh.SshHandshake;
import org.stasensor.pipeline.ssh.SshIdentification;

/**
 * What the SSH code costs per connection, on real OpenSSH connections taken out of a capture at set-up
 * ({@link SshConnections}; by default the project sample's two, OpenSSH 9.2 on port 2222), one connection per
 * operation in turn:
 * <ul>
 *   <li>{@link #handshake}: {@link SshHandshake#parse} over both directions' clear bytes, from the identification
 *       line up to and including NEWKEYS (identification, KEXINIT parsing, HASSH and HASSHServer, negotiation);</li>
 *   <li>{@link #hassh}: HASSH and HASSHServer alone, from KEXINITs parsed at set-up;</li>
 *   <li>{@link #authEstimate}: {@link SshAuthEstimator} over the connection's TCP payload sizes after NEWKEYS, in
 *       the order they were sent, then {@code finish}.</li>
 * </ul>
 * The bytes lie off-heap, as in a flow's handshake buffer. Set-up checks that every connection parses to NEWKEYS in
 * both directions and that HASSH and HASSHServer equal Wireshark's, and prints what one operation covers.
 */
@State(Scope.Thread)
public class SshBenchmark extends PerMessageBenchmark
{
    private static final int ALL_RESULT_BITS = SshHandshake.CLIENT_IDENTIFICATION
        | SshHandshake.SERVER_IDENTIFICATION | SshHandshake.HASSH | SshHandshake.HASSH_SERVER
        | SshHandshake.NEGOTIATED | SshHandshake.ENCRYPTED;

    /** A capture file, absolute or relative to the project root; tshark finds its SSH connections. */
    @Param(CaptureMultiplier.PROJECT_SAMPLE)
    public String capture;

    private final SshHandshake handshake = new SshHandshake();
    private final Hassh hasshOnly = new Hassh();
    private final UnsafeBuffer authState =
        new UnsafeBuffer(ByteBuffer.allocateDirect(SshAuthEstimator.STATE_LENGTH));
    /** Connection i's clear client bytes are message 2i, its server's 2i + 1. */
    private MessageStore streams;
    private SshDirection[] clients;
    private SshDirection[] servers;
    private int[] encryptedStarts;
    private int[] encryptedLengths;
    private boolean[] encryptedFromClient;
    private int next;

    /**
     * Takes the connections out of the capture, lays their clear bytes out off-heap and checks the parse.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final Path file = CaptureMultiplier.projectRoot().resolve(capture);
        final List<SshConnections.Connection> connections = SshConnections.read(file);
        if (connections.isEmpty())
        {
            throw new IllegalStateException(file + ": tshark finds no SSH connection in it (ports 22 and "
                + SshConnections.DECODE_AS + ")");
        }
        layOut(connections);
        collectEncryptedPayloads(connections);
        for (int i = 0; i < connections.size(); i++)
        {
            check(connections.get(i), i);
        }
    }

    /**
     * Parses both directions of one connection up to NEWKEYS.
     *
     * @return the result bits.
     */
    @Benchmark
    public int handshake()
    {
        return parseHandshake(nextConnection());
    }

    /**
     * Computes HASSH and HASSHServer of one connection.
     *
     * @return a byte of each hash, so the work cannot be dropped.
     */
    @Benchmark
    public int hassh()
    {
        final int i = nextConnection();
        hasshOnly.computeClient(clients[i].kexInit());
        hasshOnly.computeServer(servers[i].kexInit());
        return hasshOnly.hassh()[Hassh.HASH_LENGTH - 1] + hasshOnly.hasshServer()[Hassh.HASH_LENGTH - 1];
    }

    /**
     * Runs the authentication estimate over one connection's encrypted payload sizes.
     *
     * @return attempts and result, so the work cannot be dropped.
     */
    @Benchmark
    public int authEstimate()
    {
        return estimate(nextConnection());
    }

    private int nextConnection()
    {
        final int i = next;
        next = i + 1 == clients.length ? 0 : i + 1;
        return i;
    }

    private int parseHandshake(final int i)
    {
        final MessageStore s = streams;
        return handshake.parse(s.buffer(), s.offset(2 * i), s.length(2 * i), s.buffer(), s.offset(2 * i + 1),
            s.length(2 * i + 1));
    }

    private int estimate(final int i)
    {
        final UnsafeBuffer state = authState;
        SshAuthEstimator.reset(state, 0);
        for (int p = encryptedStarts[i], end = encryptedStarts[i + 1]; p < end; p++)
        {
            SshAuthEstimator.onPayload(state, 0, encryptedFromClient[p], encryptedLengths[p]);
        }
        SshAuthEstimator.finish(state, 0);
        return SshAuthEstimator.attempts(state, 0) * 4 + SshAuthEstimator.result(state, 0);
    }

    private void layOut(final List<SshConnections.Connection> connections)
    {
        final List<byte[]> clearBytes = new ArrayList<>();
        for (final SshConnections.Connection c : connections)
        {
            clearBytes.add(Arrays.copyOf(c.client(), clearLength(c.client(), c.name() + ", client")));
            clearBytes.add(Arrays.copyOf(c.server(), clearLength(c.server(), c.name() + ", server")));
        }
        streams = new MessageStore(clearBytes);
        clients = new SshDirection[connections.size()];
        servers = new SshDirection[connections.size()];
        for (int i = 0; i < clients.length; i++)
        {
            clients[i] = new SshDirection();
            clients[i].scan(streams.buffer(), streams.offset(2 * i), streams.length(2 * i));
            servers[i] = new SshDirection();
            servers[i].scan(streams.buffer(), streams.offset(2 * i + 1), streams.length(2 * i + 1));
        }
    }

    /** Bytes up to and including NEWKEYS: what the handshake parser reads; encryption starts after them. */
    private static int clearLength(final byte[] direction, final String name)
    {
        final SshDirection probe = new SshDirection();
        probe.scan(new UnsafeBuffer(direction), 0, direction.length);
        if (!probe.has(SshDirection.FLAG_NEWKEYS))
        {
            throw new IllegalStateException(name + ": no NEWKEYS in its " + direction.length
                + " bytes (flags " + probe.flags() + "); the benchmark needs complete handshakes");
        }
        return probe.clearLength();
    }

    /** The sizes the estimator is fed: each TCP payload's bytes past its direction's NEWKEYS, in order. */
    private void collectEncryptedPayloads(final List<SshConnections.Connection> connections)
    {
        int total = 0;
        for (final SshConnections.Connection c : connections)
        {
            total += c.payloadLengths().length;
        }
        encryptedStarts = new int[connections.size() + 1];
        encryptedLengths = new int[total];
        encryptedFromClient = new boolean[total];
        int count = 0;
        for (int i = 0; i < connections.size(); i++)
        {
            final SshConnections.Connection c = connections.get(i);
            encryptedStarts[i] = count;
            final long[] sent = new long[2];
            for (int p = 0; p < c.payloadLengths().length; p++)
            {
                final boolean fromClient = c.payloadFromClient()[p];
                final int side = fromClient ? 0 : 1;
                final long start = sent[side];
                final long end = start + c.payloadLengths()[p];
                final long clear = streams.length(2 * i + side);
                if (end > clear)
                {
                    encryptedLengths[count] = (int)(end - Math.max(start, clear));
                    encryptedFromClient[count] = fromClient;
                    count++;
                }
                sent[side] = end;
            }
        }
        encryptedStarts[connections.size()] = count;
    }

    private void check(final SshConnections.Connection connection, final int i)
    {
        final int bits = parseHandshake(i);
        if ((bits & ALL_RESULT_BITS) != ALL_RESULT_BITS)
        {
            throw new IllegalStateException(connection.name() + ": the handshake parse gave result bits " + bits
                + ", expected all of " + ALL_RESULT_BITS);
        }
        final String hassh = new String(handshake.hassh().hassh(), StandardCharsets.US_ASCII);
        final String hasshServer = new String(handshake.hassh().hasshServer(), StandardCharsets.US_ASCII);
        if (!hassh.equals(connection.tsharkHassh()) || !hasshServer.equals(connection.tsharkHasshServer()))
        {
            throw new IllegalStateException(connection.name() + ": HASSH " + hassh + " / " + hasshServer
                + " differs from Wireshark's " + connection.tsharkHassh() + " / " + connection.tsharkHasshServer());
        }
        estimate(i);
        System.out.printf("%n[ssh] %s: %s -> %s; clear bytes %d + %d, SSH packets %d + %d; hassh %s, hasshServer %s"
            + " (as Wireshark); %d encrypted payloads, auth attempts %d, result %s%n", connection.name(),
            line(handshake.client().identification()), line(handshake.server().identification()),
            streams.length(2 * i), streams.length(2 * i + 1), handshake.client().packetCount(),
            handshake.server().packetCount(), hassh, hasshServer, encryptedStarts[i + 1] - encryptedStarts[i],
            SshAuthEstimator.attempts(authState, 0),
            new String(SshAuthEstimator.resultName(SshAuthEstimator.result(authState, 0)),
                StandardCharsets.US_ASCII));
    }

    private static String line(final SshIdentification identification)
    {
        return identification.buffer().getStringWithoutLengthAscii(identification.lineOffset(),
            identification.lineLength());
    }
}
