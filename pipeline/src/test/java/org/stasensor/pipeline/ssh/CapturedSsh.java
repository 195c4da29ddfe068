package org.stasensor.pipeline.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SSH connections of a capture file for tests, also those of other modules (the appliance's lab tests): each
 * direction's bytes as tshark reassembled them, tshark's HASSH and HASSHServer, and the sizes of the TCP payloads
 * after each side's NEWKEYS, in capture order, as {@link SshAuthEstimator} takes them. Retransmitted bytes are left
 * out; in the segment holding NEWKEYS only the bytes after it count.
 */
public final class CapturedSsh
{
    /**
     * One connection.
     *
     * @param stream          tcp.stream.
     * @param clientPort      the client's TCP port.
     * @param client          client bytes from the first.
     * @param server          server bytes from the first.
     * @param tsharkHassh     tshark's ssh.kex.hassh, or null.
     * @param tsharkHasshServer tshark's ssh.kex.hasshserver, or null.
     * @param fromClient      per encrypted payload, whether the client sent it.
     * @param sizes           per encrypted payload, its bytes.
     */
    public record Connection(int stream, int clientPort, byte[] client, byte[] server, String tsharkHassh,
        String tsharkHasshServer, boolean[] fromClient, int[] sizes)
    {
        /**
         * Runs the estimator over the payloads and finishes it.
         *
         * @return {attempts, result}.
         */
        public int[] estimate()
        {
            final UnsafeBuffer state = new UnsafeBuffer(new byte[SshAuthEstimator.STATE_LENGTH]);
            SshAuthEstimator.reset(state, 0);
            for (int i = 0; i < sizes.length; i++)
            {
                SshAuthEstimator.onPayload(state, 0, fromClient[i], sizes[i]);
            }
            SshAuthEstimator.finish(state, 0);
            return new int[]{SshAuthEstimator.attempts(state, 0), SshAuthEstimator.result(state, 0)};
        }

        /**
         * The payloads as text for messages, e.g. "c44 s44 c68 s52".
         *
         * @return the sequence.
         */
        public String describe()
        {
            final StringBuilder text = new StringBuilder();
            for (int i = 0; i < sizes.length; i++)
            {
                text.append(i == 0 ? "" : " ").append(fromClient[i] ? 'c' : 's').append(sizes[i]);
            }
            return text.toString();
        }
    }

    private CapturedSsh()
    {
    }

    /**
     * The SSH connections of a capture.
     *
     * @param capture     the file.
     * @param decodeAsSsh a port tshark should dissect as SSH besides 22, or 0.
     * @return connections in stream order.
     */
    public static List<Connection> read(final Path capture, final int decodeAsSsh)
    {
        return read(capture, decodeAsSsh == 0 ? null : Integer.toString(decodeAsSsh));
    }

    /**
     * The SSH connections of a capture.
     *
     * @param capture     the file.
     * @param decodeAsSsh a port or port range ("2222-2224") tshark should dissect as SSH besides 22, or null.
     * @return connections in stream order.
     */
    public static List<Connection> read(final Path capture, final String decodeAsSsh)
    {
        final List<TsharkSsh.Connection> connections = TsharkSsh.read(capture, decodeAsSsh);
        final Map<Integer, List<long[]>> segments = segments(capture);
        final List<Connection> result = new ArrayList<>();
        final SshDirection direction = new SshDirection();
        for (final TsharkSsh.Connection connection : connections)
        {
            direction.scan(new UnsafeBuffer(connection.client()), 0, connection.client().length);
            final int clientClear = direction.clearLength();
            direction.scan(new UnsafeBuffer(connection.server()), 0, connection.server().length);
            final int serverClear = direction.clearLength();
            final List<long[]> own = segments.getOrDefault(connection.stream(), List.of());
            final long[] base = {Long.MAX_VALUE, Long.MAX_VALUE};
            for (final long[] segment : own)
            {
                final int side = segment[0] == connection.clientPort() ? 0 : 1;
                base[side] = Math.min(base[side], segment[1]);
            }
            final long[] seen = {0, 0};
            final List<Boolean> fromClient = new ArrayList<>();
            final List<Integer> sizes = new ArrayList<>();
            for (final long[] segment : own)
            {
                final int side = segment[0] == connection.clientPort() ? 0 : 1;
                final int clear = side == 0 ? clientClear : serverClear;
                final long start = segment[1] - base[side];
                final long end = start + segment[2];
                final long fresh = Math.max(start, Math.max(seen[side], clear));
                seen[side] = Math.max(seen[side], end);
                if (clear >= 0 && end > fresh)
                {
                    fromClient.add(side == 0);
                    sizes.add((int)(end - fresh));
                }
            }
            final boolean[] flags = new boolean[sizes.size()];
            final int[] values = new int[sizes.size()];
            for (int i = 0; i < values.length; i++)
            {
                flags[i] = fromClient.get(i);
                values[i] = sizes.get(i);
            }
            result.add(new Connection(connection.stream(), connection.clientPort(), connection.client(),
                connection.server(), connection.clientSide().kexInit().get("ssh.kex.hassh"),
                connection.serverSide().kexInit().get("ssh.kex.hasshserver"), flags, values));
        }
        return result;
    }

    /** Per tcp.stream, its data segments in capture order: {source port, relative seq, length}. */
    private static Map<Integer, List<long[]>> segments(final Path capture)
    {
        final List<String> command = List.of("tshark", "-n", "-r", capture.toString(), "-Y",
            "tcp.len > 0 && !tcp.analysis.retransmission && !tcp.analysis.spurious_retransmission", "-T", "fields",
            "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "tcp.seq", "-e", "tcp.len");
        final Map<Integer, List<long[]>> segments = new HashMap<>();
        for (final String line : run(command).split("\n"))
        {
            final String[] parts = line.split("\t");
            if (parts.length == 4)
            {
                segments.computeIfAbsent(Integer.parseInt(parts[0]), key -> new ArrayList<>()).add(new long[]{
                    Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])});
            }
        }
        return segments;
    }

    private static String run(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            process.getOutputStream().close();
            final byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new AssertionError("tshark did not finish: " + command);
            }
            return new String(out, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            assumeTrue(false, "tshark not available: " + ex.getMessage());
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
