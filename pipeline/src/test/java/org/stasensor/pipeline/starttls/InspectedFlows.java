package org.stasensor.pipeline.starttls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.packet.LinkType;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.SingleSlotRecordSink;
import org.stasensor.pipeline.starttls.Dialogues.Message;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.testing.TestPackets;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs TCP connections made of messages through a {@link PacketInspector} (frames from {@link TestPackets}) and
 * keeps the TLS and flow records it writes. The TLS handshakes come from the project's sample capture, whole hellos
 * in one segment each, with what tshark says of them (JA3, JA3S, SNI).
 */
final class InspectedFlows
{
    private static final int CLIENT_ADDRESS = 0x0A000002;
    private static final int SERVER_ADDRESS = 0x0A000001;
    private static final int SYN = 0x02;
    private static final int SYN_ACK = 0x12;
    private static final int PSH_ACK = 0x18;
    private static final int FIN_ACK = 0x11;
    private static final int ACK = 0x10;

    /** A real TLS handshake's first flight each way and tshark's view of it. */
    record Handshake(String name, byte[] clientHello, byte[] serverFlight, String ja3, String ja3s, String sni)
    {
    }

    /** The records of one connection: what the TLS record (if any) and the flow record say. */
    record Records(int tlsRecords, String protocol, String establishedVia, String ja3, String ja3s, String sni,
        String flowProtocol)
    {
    }

    private final PacketInspector inspector;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final RecordReader reader = new RecordReader();
    private final List<String[]> tls = new ArrayList<>();
    private final List<String> flowProtocols = new ArrayList<>();
    private long now = 1_700_000_000_000_000_000L;
    private int nextClientPort = 40000;

    InspectedFlows()
    {
        this.inspector = new PacketInspector(new InspectorConfig(1, 1024, 60_000_000_000L, 3_600_000_000_000L, 64,
            32 * 1024), new SingleSlotRecordSink(this::onRecord));
    }

    /**
     * The TLS 1.2 and TLS 1.3 handshakes of the sample capture (its TCP streams 2 and 3).
     *
     * @return the handshakes.
     */
    static List<Handshake> sampleHandshakes()
    {
        final Path sample = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
        final List<Handshake> handshakes = new ArrayList<>();
        for (final int stream : new int[]{2, 3})
        {
            final List<String[]> hello = Tshark.fields(sample, "tcp.stream == " + stream
                + " && tls.handshake.type == 1", "tcp.payload", "tls.handshake.ja3",
                "tls.handshake.extensions_server_name");
            final List<String[]> server = Tshark.fields(sample, "tcp.stream == " + stream
                + " && tls.handshake.type == 2", "tcp.payload", "tls.handshake.ja3s");
            assertFalse(hello.isEmpty() || server.isEmpty(), "sample stream " + stream + " has both hellos");
            handshakes.add(new Handshake("sample stream " + stream, TestPackets.hex(hello.get(0)[0]),
                TestPackets.hex(server.get(0)[0]), hello.get(0)[1], server.get(0)[1], hello.get(0)[2]));
        }
        return handshakes;
    }

    /**
     * The inspector.
     *
     * @return it.
     */
    PacketInspector inspector()
    {
        return inspector;
    }

    /**
     * One connection: handshake, each message in segments of at most {@code segment} bytes, FIN both ways; the
     * connection ends before the next one starts.
     *
     * @param port     server port.
     * @param messages in order.
     * @param segment  largest segment payload.
     * @return what was written for it.
     */
    Records connection(final int port, final List<Message> messages, final int segment)
    {
        final int tlsBefore = tls.size();
        final int flowsBefore = flowProtocols.size();
        for (final byte[] bytes : frames(port, nextClientPort++, messages, segment))
        {
            frame.wrap(bytes);
            now += 1_000_000;
            inspector.onPacket(LinkType.ETHERNET, frame, bytes.length, now);
        }
        inspector.finish();
        final int tlsRecords = tls.size() - tlsBefore;
        final String[] record = tlsRecords > 0 ? tls.get(tlsBefore) : new String[5];
        final String flowProtocol = flowProtocols.size() > flowsBefore ? flowProtocols.get(flowsBefore) : null;
        return new Records(tlsRecords, record[0], record[1], record[2], record[3], record[4], flowProtocol);
    }

    /**
     * The frames of one connection: handshake, each message in segments of at most {@code segment} bytes, FIN both
     * ways and the last ACK.
     *
     * @param port       server port.
     * @param clientPort client port.
     * @param messages   in order.
     * @param segment    largest segment payload.
     * @return Ethernet frames in order.
     */
    static List<byte[]> frames(final int port, final int clientPort, final List<Message> messages, final int segment)
    {
        final List<byte[]> frames = new ArrayList<>();
        long clientSequence = 1000;
        long serverSequence = 50000;
        frames.add(frame(true, clientPort, port, clientSequence - 1, 0, SYN, new byte[0]));
        frames.add(frame(false, clientPort, port, serverSequence - 1, clientSequence, SYN_ACK, new byte[0]));
        for (final Message message : messages)
        {
            final byte[] bytes = message.bytes();
            for (int at = 0; at < bytes.length; at += segment)
            {
                final byte[] payload = java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + segment));
                if (message.fromClient())
                {
                    frames.add(frame(true, clientPort, port, clientSequence, serverSequence, PSH_ACK, payload));
                    clientSequence += payload.length;
                }
                else
                {
                    frames.add(frame(false, clientPort, port, serverSequence, clientSequence, PSH_ACK, payload));
                    serverSequence += payload.length;
                }
            }
        }
        frames.add(frame(true, clientPort, port, clientSequence, serverSequence, FIN_ACK, new byte[0]));
        frames.add(frame(false, clientPort, port, serverSequence, clientSequence + 1, FIN_ACK, new byte[0]));
        frames.add(frame(true, clientPort, port, clientSequence + 1, serverSequence + 1, ACK, new byte[0]));
        return frames;
    }

    private static byte[] frame(final boolean fromClient, final int clientPort, final int serverPort,
        final long sequence, final long acknowledgement, final int flags, final byte[] payload)
    {
        return fromClient
            ? TestPackets.tcp(CLIENT_ADDRESS, SERVER_ADDRESS, clientPort, serverPort, sequence, acknowledgement, flags,
                payload)
            : TestPackets.tcp(SERVER_ADDRESS, CLIENT_ADDRESS, serverPort, clientPort, sequence, acknowledgement, flags,
                payload);
    }

    private void onRecord(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        reader.wrap(buffer, offset);
        if (reader.dataset() == Dataset.TLS)
        {
            tls.add(new String[]{reader.string(Fields.NETWORK_PROTOCOL), reader.string(Fields.TLS_ESTABLISHED_VIA),
                reader.string(Fields.TLS_CLIENT_JA3), reader.string(Fields.TLS_SERVER_JA3S),
                reader.string(Fields.TLS_CLIENT_SERVER_NAME)});
        }
        else if (reader.dataset() == Dataset.FLOW)
        {
            flowProtocols.add(reader.string(Fields.NETWORK_PROTOCOL));
        }
    }
}
