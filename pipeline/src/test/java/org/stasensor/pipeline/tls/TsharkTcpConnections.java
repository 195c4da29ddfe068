package org.stasensor.pipeline.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.stasensor.pipeline.testing.Tshark;

/**
 * The TCP connections of a capture that carry a ClientHello, as tshark sees them: every segment with payload, in
 * capture order, with tshark's relative sequence number, and the handshake message types tshark dissected in each
 * direction (plaintext messages only: tshark shows encrypted handshake records without a type).
 */
final class TsharkTcpConnections
{
    private static final String CLIENT_HELLO = "1";

    /**
     * One segment with payload.
     *
     * @param frame      frame number.
     * @param fromClient sent by the side that sent the first ClientHello.
     * @param sequence   tshark's relative sequence number of the first payload byte.
     * @param payload    the TCP payload.
     */
    record Segment(int frame, boolean fromClient, long sequence, byte[] payload)
    {
    }

    /**
     * One connection.
     *
     * @param capture     file name, for messages.
     * @param stream      tshark's tcp.stream.
     * @param segments    segments with payload in capture order.
     * @param clientTypes handshake types the client sent, in order.
     * @param serverTypes handshake types the server sent, in order.
     */
    record Connection(String capture, int stream, List<Segment> segments, List<Integer> clientTypes,
        List<Integer> serverTypes)
    {
        String where()
        {
            return capture + " tcp.stream " + stream;
        }
    }

    private TsharkTcpConnections()
    {
    }

    /**
     * Runs tshark once over a capture.
     *
     * @param capture the capture file (no tunnels: one IP and one TCP header per frame).
     * @return connections with a ClientHello, by tcp.stream.
     */
    static List<Connection> read(final Path capture)
    {
        final Map<Integer, List<String[]>> rowsByStream = new TreeMap<>();
        for (final String[] row : Tshark.fields(capture, "tcp.len > 0", "frame.number", "tcp.stream", "ip.src",
            "ipv6.src", "tcp.srcport", "tcp.seq", "tcp.payload", "tls.handshake.type"))
        {
            rowsByStream.computeIfAbsent(Integer.parseInt(row[1]), key -> new ArrayList<>()).add(row);
        }
        final List<Connection> connections = new ArrayList<>();
        rowsByStream.forEach((stream, rows) ->
        {
            final String client = clientEndpoint(rows);
            if (client == null)
            {
                return;
            }
            final List<Segment> segments = new ArrayList<>();
            final List<Integer> clientTypes = new ArrayList<>();
            final List<Integer> serverTypes = new ArrayList<>();
            for (final String[] row : rows)
            {
                final boolean fromClient = client.equals(endpoint(row));
                segments.add(new Segment(Integer.parseInt(row[0]), fromClient, Long.parseLong(row[5]),
                    HexFormat.of().parseHex(row[6].replace(":", ""))));
                if (!row[7].isEmpty())
                {
                    for (final String type : row[7].split(","))
                    {
                        (fromClient ? clientTypes : serverTypes).add(Integer.parseInt(type));
                    }
                }
            }
            connections.add(new Connection(capture.getFileName().toString(), stream, segments, clientTypes,
                serverTypes));
        });
        return connections;
    }

    /** Address and port of the sender of the stream's first ClientHello, or null. */
    private static String clientEndpoint(final List<String[]> rows)
    {
        for (final String[] row : rows)
        {
            if (List.of(row[7].split(",")).contains(CLIENT_HELLO))
            {
                return endpoint(row);
            }
        }
        return null;
    }

    private static String endpoint(final String[] row)
    {
        return (row[2].isEmpty() ? row[3] : row[2]) + "/" + row[4];
    }
}
