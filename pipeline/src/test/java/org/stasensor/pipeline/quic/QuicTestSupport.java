package org.stasensor.pipeline.quic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.testing.TestPackets;
import org.stasensor.pipeline.testing.Tshark;

/**
 * Test plumbing: UDP payloads out of captures (through tshark), small pcap files of crafted datagrams, and the
 * QUIC path run over a flow's client datagrams into a record.
 */
final class QuicTestSupport
{
    /** One UDP datagram of a capture. */
    record Datagram(int frame, String source, int sourcePort, String destination, int destinationPort, byte[] payload)
    {
        String flow()
        {
            return source.compareTo(destination) < 0 || (source.equals(destination) && sourcePort < destinationPort)
                ? source + ":" + sourcePort + "-" + destination + ":" + destinationPort
                : destination + ":" + destinationPort + "-" + source + ":" + sourcePort;
        }
    }

    private QuicTestSupport()
    {
    }

    /**
     * Every UDP datagram of a capture, in order.
     */
    static List<Datagram> datagrams(final Path capture)
    {
        final List<Datagram> datagrams = new ArrayList<>();
        for (final String[] row : Tshark.fields(capture, "udp", "frame.number", "ip.src", "ipv6.src",
            "udp.srcport", "ip.dst", "ipv6.dst", "udp.dstport", "udp.payload"))
        {
            final String source = row[1].isEmpty() ? row[2] : row[1];
            final String destination = row[4].isEmpty() ? row[5] : row[4];
            datagrams.add(new Datagram(Integer.parseInt(row[0]), source, Integer.parseInt(row[3]), destination,
                Integer.parseInt(row[6]), TestPackets.hex(row[7].replace(":", ""))));
        }
        return datagrams;
    }

    /** The client datagrams of each flow (the client sent the flow's first datagram), flows in order. */
    static Map<String, List<Datagram>> clientDatagrams(final List<Datagram> datagrams)
    {
        final Map<String, List<Datagram>> flows = new LinkedHashMap<>();
        final Map<String, String> clients = new LinkedHashMap<>();
        for (final Datagram datagram : datagrams)
        {
            final String client = clients.computeIfAbsent(datagram.flow(),
                flow -> datagram.source() + ":" + datagram.sourcePort());
            flows.computeIfAbsent(datagram.flow(), flow -> new ArrayList<>());
            if (client.equals(datagram.source() + ":" + datagram.sourcePort()))
            {
                flows.get(datagram.flow()).add(datagram);
            }
        }
        return flows;
    }

    /** What the QUIC path made of one connection. */
    record Outcome(int result, int session, QuicInitialSessions sessions, RecordReader record)
    {
        String destinationId()
        {
            return hex(sessions.destinationIds(), sessions.connectionIdOffset(session),
                sessions.destinationIdLength(session));
        }

        String sourceId()
        {
            return hex(sessions.sourceIds(), sessions.connectionIdOffset(session), sessions.sourceIdLength(session));
        }

        /** The version as tshark prints quic.version. */
        String version()
        {
            return String.format("0x%08x", sessions.version(session));
        }
    }

    static String hex(final byte[] bytes, final int offset, final int length)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            text.append(String.format("%02x", bytes[offset + i]));
        }
        return text.toString();
    }

    /**
     * Runs the datagrams through a fresh pool, inspector and writer, as the packet inspector will: a session is
     * taken when the first datagram looks like a client Initial, and the record written on COMPLETE or FAILED.
     */
    static Outcome run(final List<byte[]> datagrams)
    {
        final QuicInitialSessions sessions = new QuicInitialSessions(4, QuicInitialSessions.DEFAULT_CRYPTO_BYTES);
        final QuicInitialInspector inspector = new QuicInitialInspector(sessions);
        int session = -1;
        int result = QuicInitialInspector.RESULT_IGNORED;
        for (final byte[] datagram : datagrams)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(datagram);
            if (session < 0)
            {
                if (!QuicInitialInspector.looksLikeClientInitial(buffer, 0, datagram.length))
                {
                    continue;
                }
                session = sessions.acquire();
            }
            result = inspector.onClientDatagram(session, buffer, 0, datagram.length);
            if (result == QuicInitialInspector.RESULT_COMPLETE || result == QuicInitialInspector.RESULT_FAILED)
            {
                break;
            }
        }
        if (session < 0)
        {
            return new Outcome(result, session, sessions, null);
        }
        return new Outcome(result, session, sessions, record(sessions, session));
    }

    static RecordReader record(final QuicInitialSessions sessions, final int session)
    {
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[65536]);
        final RecordWriter writer = new RecordWriter();
        writer.begin(slot, 0, slot.capacity(), Dataset.QUIC, 0);
        new QuicRecordWriter(null, null, null).write(writer, sessions, session);
        writer.finish();
        return new RecordReader().wrap(slot, 0);
    }

    /**
     * Writes datagrams as IPv4/UDP packets (10.0.0.1:50000 to 10.0.0.2:443) into a pcap of link type RAW (101).
     */
    static Path writePcap(final Path file, final List<byte[]> payloads)
    {
        int size = 24;
        for (final byte[] payload : payloads)
        {
            size += 16 + 28 + payload.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(101);
        int second = 1;
        for (final byte[] payload : payloads)
        {
            final int length = 28 + payload.length;
            out.putInt(second++).putInt(0).putInt(length).putInt(length);
            final ByteBuffer ip = ByteBuffer.allocate(28).order(ByteOrder.BIG_ENDIAN);
            ip.put((byte)0x45).put((byte)0).putShort((short)length).putShort((short)0).putShort((short)0x4000)
                .put((byte)64).put((byte)17).putShort((short)0).put(new byte[]{10, 0, 0, 1})
                .put(new byte[]{10, 0, 0, 2});
            int sum = 0;
            for (int i = 0; i < 20; i += 2)
            {
                sum += ip.getShort(i) & 0xFFFF;
            }
            sum = (sum & 0xFFFF) + (sum >>> 16);
            sum = (sum & 0xFFFF) + (sum >>> 16);
            ip.putShort(10, (short)~sum);
            ip.putShort((short)50000).putShort((short)443).putShort((short)(8 + payload.length)).putShort((short)0);
            out.put(ip.array()).put(payload);
        }
        try
        {
            Files.write(file, out.array());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return file;
    }
}
