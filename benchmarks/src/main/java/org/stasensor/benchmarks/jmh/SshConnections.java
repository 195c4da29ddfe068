package org.stasensor.benchmarks.jmh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.stasensor.benchmarks.capture.ExternalCommand;

/**
 * The SSH connections of a capture as tshark reassembles them ({@code -z follow,tcp,raw}): each direction's bytes
 * in order, retransmissions dropped, and the sequence of TCP payloads as they were sent. Which side is the client
 * is tshark's {@code ssh.direction}, so the benchmarks never guess it. Set-up code for the SSH benchmarks, not on the
 * measured path.
 */
public final class SshConnections
{
    /** Ports dissected as SSH besides 22: the project sample's sshd listens on 2222. */
    public static final String DECODE_AS = "tcp.port==2222,ssh";

    private static final HexFormat HEX = HexFormat.of();
    private static final String NODE_PREFIX = "Node ";

    /**
     * One SSH connection.
     *
     * @param name              "file, tcp stream N", for messages.
     * @param client            every byte the client sent, in order.
     * @param server            every byte the server sent, in order.
     * @param payloadLengths    the TCP payloads of both directions in the order they were sent.
     * @param payloadFromClient for each payload, whether the client sent it.
     * @param tsharkHassh       Wireshark's {@code ssh.kex.hassh}, or empty.
     * @param tsharkHasshServer Wireshark's {@code ssh.kex.hasshserver}, or empty.
     */
    public record Connection(String name, byte[] client, byte[] server, int[] payloadLengths,
        boolean[] payloadFromClient, String tsharkHassh, String tsharkHasshServer)
    {
    }

    private SshConnections()
    {
    }

    /**
     * Reads every TCP connection of a capture in which tshark finds an SSH identification line from the client.
     *
     * @param capture a pcap or pcapng file.
     * @return the connections in stream order; empty when there is none.
     * @throws java.io.UncheckedIOException when tshark is not installed.
     */
    public static List<Connection> read(final Path capture)
    {
        final List<Connection> connections = new ArrayList<>();
        for (final Map.Entry<String, StreamFacts> stream : sshStreams(capture).entrySet())
        {
            connections.add(follow(capture, stream.getKey(), stream.getValue()));
        }
        return connections;
    }

    /** What tshark says of one TCP stream; empty strings where it said nothing. */
    private static final class StreamFacts
    {
        String clientPort = "";
        String hassh = "";
        String hasshServer = "";
    }

    /** TCP stream number to what tshark says of it, for the streams whose client identification line it saw. */
    private static Map<String, StreamFacts> sshStreams(final Path capture)
    {
        final String output = ExternalCommand.output("tshark", "-n", "-r", capture.toString(), "-d", DECODE_AS,
            "-Y", "ssh.protocol || ssh.kex.hassh || ssh.kex.hasshserver", "-T", "fields",
            "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "ssh.direction", "-e", "ssh.protocol",
            "-e", "ssh.kex.hassh", "-e", "ssh.kex.hasshserver");
        final Map<String, StreamFacts> streams = new LinkedHashMap<>();
        for (final String line : output.split("\n"))
        {
            final String[] columns = line.split("\t", -1);
            if (columns.length < 6)
            {
                continue;
            }
            final StreamFacts facts = streams.computeIfAbsent(columns[0], key -> new StreamFacts());
            // ssh.direction 0 is client to server; the identification line is ssh.protocol.
            if ("0".equals(columns[2]) && !columns[3].isEmpty())
            {
                facts.clientPort = columns[1];
            }
            facts.hassh = columns[4].isEmpty() ? facts.hassh : columns[4];
            facts.hasshServer = columns[5].isEmpty() ? facts.hasshServer : columns[5];
        }
        streams.values().removeIf(facts -> facts.clientPort.isEmpty());
        return streams;
    }

    private static Connection follow(final Path capture, final String stream, final StreamFacts facts)
    {
        final String output = ExternalCommand.output("tshark", "-n", "-r", capture.toString(), "-q",
            "-z", "follow,tcp,raw," + stream);
        // Lines of node 0 start in column 0, those of node 1 with a tab; "Node 0: ADDRESS:PORT" says who is who.
        boolean clientIsNodeZero = true;
        final List<byte[]> chunks = new ArrayList<>();
        final List<Boolean> fromClient = new ArrayList<>();
        for (final String line : output.split("\n"))
        {
            if (line.startsWith(NODE_PREFIX + "0: "))
            {
                clientIsNodeZero = line.endsWith(":" + facts.clientPort);
                continue;
            }
            final boolean nodeOne = line.startsWith("\t");
            final String hex = line.strip();
            if (hex.isEmpty() || !isHex(hex))
            {
                continue;
            }
            chunks.add(HEX.parseHex(hex));
            fromClient.add(nodeOne != clientIsNodeZero);
        }
        final int[] lengths = new int[chunks.size()];
        final boolean[] clientSent = new boolean[chunks.size()];
        final List<byte[]> clientChunks = new ArrayList<>();
        final List<byte[]> serverChunks = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++)
        {
            lengths[i] = chunks.get(i).length;
            clientSent[i] = fromClient.get(i);
            (clientSent[i] ? clientChunks : serverChunks).add(chunks.get(i));
        }
        return new Connection(capture.getFileName() + ", tcp stream " + stream, concat(clientChunks),
            concat(serverChunks), lengths, clientSent, facts.hassh, facts.hasshServer);
    }

    private static boolean isHex(final String text)
    {
        if ((text.length() & 1) != 0)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (Character.digit(text.charAt(i), 16) < 0)
            {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(final List<byte[]> chunks)
    {
        int length = 0;
        for (final byte[] chunk : chunks)
        {
            length += chunk.length;
        }
        final byte[] all = new byte[length];
        int at = 0;
        for (final byte[] chunk : chunks)
        {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }
}
