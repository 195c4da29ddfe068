package org.stasensor.pipeline.inspect;

import java.lang.foreign.MemorySegment;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.decode.DecodeResult;
import org.stasensor.pipeline.decode.DecodedPacket;
import org.stasensor.pipeline.decode.IpProtocol;
import org.stasensor.pipeline.decode.PacketDecoder;
import org.stasensor.pipeline.flow.AppProtocol;
import org.stasensor.pipeline.flow.FlowDescriptor;
import org.stasensor.pipeline.flow.FlowEndReason;
import org.stasensor.pipeline.flow.FlowTable;
import org.stasensor.pipeline.packet.PacketConsumer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordSink;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.ssh.SshIdentificationParser;
import org.stasensor.pipeline.dns.DnsHeader;
import org.stasensor.pipeline.dns.DnsTcpFraming;
import org.stasensor.pipeline.domain.PublicSuffixList;
import org.stasensor.pipeline.quic.QuicInitialInspector;
import org.stasensor.pipeline.quic.QuicInitialSessions;
import org.stasensor.pipeline.quic.QuicRecordWriter;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.starttls.StartTlsDialogue;
import org.stasensor.pipeline.starttls.StartTlsRecognition;
import org.stasensor.pipeline.tcp.HandshakeSessions;
import org.stasensor.pipeline.tcp.StreamState;
import org.stasensor.pipeline.tcp.TcpReassembler;
import org.stasensor.pipeline.tls.TlsRecordBuilder;
import org.stasensor.pipeline.tls.TlsStreamScanner;

/**
 * One worker's packet path: decode in place, find the flow, reassemble the first bytes of TCP flows still in their
 * handshake, recognise the protocol from its bytes, and write a record at each milestone (handshake complete, flow
 * end) into the worker's {@link RecordSink}. Single-threaded, shared-nothing, allocation-free after construction.
 * <p>
 * Nothing in a packet can throw out of {@link #onPacket}: parsers check lengths and report malformed input, and a
 * last-resort catch counts any bug as a parser error and stops inspecting that flow.
 */
public final class PacketInspector implements PacketConsumer
{
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;
    private static final int CLIENT = 0;
    private static final int SERVER = 1;
    private static final int STUCK = StreamState.FLAG_GAP | StreamState.FLAG_BUFFER_FULL;

    private final InspectorConfig config;
    private final RecordSink sink;
    private final InspectorCounters counters = new InspectorCounters();
    private final UnsafeBuffer packetView = new UnsafeBuffer(0, 0);
    private final PacketDecoder decoder = new PacketDecoder();
    private final FlowTable flows;
    private final HandshakeSessions sessions;
    private final TcpReassembler reassembler;
    private final TlsStreamScanner tlsScanner;
    private final TlsRecordBuilder tlsBuilder;
    private final StartTlsDialogue startTls;
    private final RecordWriter writer = new RecordWriter();
    private final FlowRecordWriter flowRecords = new FlowRecordWriter();
    private final SshInspection ssh = new SshInspection();
    private final DnsInspection dns;
    private final QuicInitialSessions quicSessions;
    private final QuicInitialInspector quic;
    private final QuicRecordWriter quicRecords = new QuicRecordWriter(Fields.QUIC_VERSION,
        Fields.QUIC_DESTINATION_CONNECTION_ID, Fields.QUIC_SOURCE_CONNECTION_ID);
    private long lastSweepNanos = Long.MIN_VALUE;
    private long clockNanos;

    /**
     * An inspector writing into a sink, with the ICANN section of Debian's Public Suffix List
     * ({@link PublicSuffixList#DEFAULT_PATH}), loaded once per process.
     *
     * @param config bounds and timeouts.
     * @param sink   where records go.
     */
    public PacketInspector(final InspectorConfig config, final RecordSink sink)
    {
        this(config, sink, DefaultSuffixList.INSTANCE);
    }

    /**
     * An inspector writing into a sink, with a Public Suffix List of the caller's choice.
     *
     * @param config   bounds and timeouts.
     * @param sink     where records go.
     * @param suffixes for {@code dns.question.registered_domain}; immutable, may be shared by workers.
     */
    public PacketInspector(final InspectorConfig config, final RecordSink sink, final PublicSuffixList suffixes)
    {
        this.config = config;
        this.sink = sink;
        this.flows = new FlowTable(config.flowCapacity(), config.workerId());
        this.sessions = new HandshakeSessions(config.handshakeSessions(), config.handshakeBufferBytes());
        this.reassembler = new TcpReassembler(sessions);
        this.tlsScanner = new TlsStreamScanner(sessions.state());
        this.tlsBuilder = new TlsRecordBuilder(config.handshakeBufferBytes());
        this.startTls = new StartTlsDialogue(sessions.state());
        this.dns = new DnsInspection(config.dnsPorts(), suffixes);
        this.quicSessions = new QuicInitialSessions(config.quicSessions(), QuicInitialSessions.DEFAULT_CRYPTO_BYTES);
        this.quic = new QuicInitialInspector(quicSessions);
        this.flows.endHandler(this::onFlowEnd);
    }

    /**
     * What this inspector counted.
     *
     * @return the counters.
     */
    public InspectorCounters counters()
    {
        return counters;
    }

    /**
     * The flow table, for metrics.
     *
     * @return the table.
     */
    public FlowTable flows()
    {
        return flows;
    }

    /**
     * The handshake session pool, for metrics.
     *
     * @return the pool.
     */
    public HandshakeSessions sessions()
    {
        return sessions;
    }

    @Override
    public void onPacket(final int linkType, final MemorySegment memory, final long offset, final int capturedLength,
        final int wireLength, final long timestampNanos)
    {
        if (memory.isNative())
        {
            packetView.wrap(memory.address() + offset, capturedLength);
        }
        else
        {
            final Object array = memory.heapBase().orElse(null);
            if (!(array instanceof byte[] bytes))
            {
                counters.decodeResults[DecodeResult.MALFORMED.ordinal()]++;
                return;
            }
            packetView.wrap(bytes, (int)(memory.address() + offset), capturedLength);
        }
        onPacket(linkType, packetView, capturedLength, timestampNanos);
    }

    /**
     * The same as {@link #onPacket(int, MemorySegment, long, int, int, long)} for a packet already in a buffer.
     * (Heap segments given to the other method cost one small allocation each, for {@code heapBase()}; capture
     * sources hand native memory.)
     *
     * @param linkType       link type of the bytes.
     * @param packet         the packet, from index 0.
     * @param capturedLength bytes captured.
     * @param timestampNanos capture time.
     */
    public void onPacket(final int linkType, final DirectBuffer packet, final int capturedLength,
        final long timestampNanos)
    {
        counters.packets++;
        counters.bytes += capturedLength;
        if (timestampNanos > clockNanos)
        {
            clockNanos = timestampNanos;
        }
        if (clockNanos - lastSweepNanos >= SWEEP_INTERVAL_NANOS)
        {
            lastSweepNanos = clockNanos;
            flows.expireIdle(clockNanos, config.idleTimeoutNanos());
        }
        final DecodeResult result = decoder.decode(linkType, packet, capturedLength);
        counters.decodeResults[result.ordinal()]++;
        if (result != DecodeResult.OK)
        {
            return;
        }
        final DecodedPacket p = decoder.packet();
        final boolean tcp = p.transport() == IpProtocol.TCP;
        if (tcp)
        {
            counters.tcpPackets++;
            if (p.payloadLength() == 0 && (p.tcpFlags() & DecodedPacket.TCP_SYN) == 0 && !flowExists(p))
            {
                // A bare ACK, FIN or RST of a flow already ended must not start a new one.
                return;
            }
        }
        else
        {
            counters.udpPackets++;
        }
        final int flow = flows.findOrCreate(p, timestampNanos, p.ipPayloadLength());
        if (flows.lastCreated())
        {
            counters.flowsCreated++;
        }
        if (!tcp)
        {
            inspectUdp(flow, p, timestampNanos);
        }
        else
        {
            try
            {
                inspectTcp(flow, p, timestampNanos);
            }
            catch (final RuntimeException bug)
            {
                counters.parserErrors++;
                counters.lastParserError = bug;
                stopInspecting(flow);
            }
            final int flags = flows.flags(flow);
            if ((p.tcpFlags() & DecodedPacket.TCP_RST) != 0)
            {
                flows.end(flow, FlowEndReason.RST);
                return;
            }
            if (bothSidesFinished(flags) && (p.tcpFlags() & DecodedPacket.TCP_FIN) == 0)
            {
                // The acknowledgement of the last FIN closes the connection; counting it keeps packet counts equal
                // to what the wire carried. Without it the flow ends at its idle timeout, still as "fin".
                flows.end(flow, FlowEndReason.FIN);
                return;
            }
        }
        if (timestampNanos - flows.firstSeen(flow) > config.activeTimeoutNanos())
        {
            writeFlowRecord(flow, FlowEndReason.ACTIVE_TIMEOUT);
            flows.restartCounters(flow, timestampNanos);
        }
    }

    /**
     * Ends every flow, writing their records; call at the end of a capture or on shutdown.
     */
    public void finish()
    {
        flows.endAll(FlowEndReason.END_OF_CAPTURE);
    }

    private boolean flowExists(final DecodedPacket p)
    {
        return flows.find(p) >= 0;
    }

    private void inspectUdp(final int flow, final DecodedPacket p, final long timestampNanos)
    {
        if (p.payloadLength() == 0 || (flows.flags(flow) & FlowDescriptor.FLAG_INSPECTION_DONE) != 0)
        {
            return;
        }
        final int clientPort = flows.clientPort(flow);
        final int serverPort = flows.serverPort(flow);
        if (dns.isDnsPort(serverPort) || dns.isDnsPort(clientPort))
        {
            if (dns.parse(p.buffer(), p.payloadOffset(), p.payloadLength()))
            {
                if (flows.appProtocol(flow) == AppProtocol.UNKNOWN)
                {
                    flows.appProtocol(flow, AppProtocol.DNS);
                }
                writeDnsRecord(flow, timestampNanos);
            }
            else
            {
                flows.setFlags(flow, FlowDescriptor.FLAG_NOT_DNS_ON_DNS_PORT);
            }
            return;
        }
        if (flows.lastFromClient())
        {
            inspectQuic(flow, p, serverPort == DnsInspection.ENCRYPTED_DNS_PORT
                || clientPort == DnsInspection.ENCRYPTED_DNS_PORT);
        }
    }

    /** QUIC Initials from the client, on any port; on 853 (DNS over QUIC) anything else is flagged. */
    private void inspectQuic(final int flow, final DecodedPacket p, final boolean dnsOverQuicPort)
    {
        int session = flows.session(flow);
        if (session < 0)
        {
            if (!QuicInitialInspector.looksLikeClientInitial(p.buffer(), p.payloadOffset(), p.payloadLength()))
            {
                notQuic(flow, dnsOverQuicPort);
                return;
            }
            session = quicSessions.acquire();
            if (session < 0)
            {
                flows.setFlags(flow, FlowDescriptor.FLAG_INSPECTION_DONE);
                return;
            }
            flows.session(flow, session);
        }
        final int result = quic.onClientDatagram(session, p.buffer(), p.payloadOffset(), p.payloadLength());
        if (result == QuicInitialInspector.RESULT_PENDING)
        {
            flows.appProtocol(flow, AppProtocol.QUIC);
        }
        else if (result == QuicInitialInspector.RESULT_COMPLETE || result == QuicInitialInspector.RESULT_FAILED)
        {
            flows.appProtocol(flow, AppProtocol.QUIC);
            writeQuicRecord(flow, session);
            stopInspecting(flow);
        }
        else if (flows.appProtocol(flow) != AppProtocol.QUIC)
        {
            // The first Initial did not open with its version's keys: not QUIC.
            stopInspecting(flow);
            notQuic(flow, dnsOverQuicPort);
        }
    }

    private void notQuic(final int flow, final boolean dnsOverQuicPort)
    {
        flows.setFlags(flow, dnsOverQuicPort ? FlowDescriptor.FLAG_INSPECTION_DONE
            | FlowDescriptor.FLAG_NOT_DNS_ON_DNS_PORT : FlowDescriptor.FLAG_INSPECTION_DONE);
    }

    private void writeQuicRecord(final int flow, final int session)
    {
        if (!sink.tryClaim())
        {
            counters.recordDropped(Dataset.QUIC);
            return;
        }
        beginRecord(Dataset.QUIC, flow, flows.firstSeen(flow));
        quicRecords.write(writer, quicSessions, session);
        sink.commit(writer.finish());
        counters.recordWritten(Dataset.QUIC);
    }

    private void writeDnsRecord(final int flow, final long timestampNanos)
    {
        if (!sink.tryClaim())
        {
            counters.recordDropped(Dataset.DNS);
            return;
        }
        beginRecord(Dataset.DNS, flow, timestampNanos);
        dns.write(writer, flows.uid(flow), timestampNanos);
        sink.commit(writer.finish());
        counters.recordWritten(Dataset.DNS);
    }

    private void inspectTcp(final int flow, final DecodedPacket p, final long timestampNanos)
    {
        final boolean fromClient = flows.lastFromClient();
        final int tcpFlags = p.tcpFlags();
        if ((tcpFlags & DecodedPacket.TCP_FIN) != 0)
        {
            flows.setFlags(flow, fromClient ? FlowDescriptor.FLAG_CLIENT_FIN : FlowDescriptor.FLAG_SERVER_FIN);
        }
        if ((flows.flags(flow) & FlowDescriptor.FLAG_INSPECTION_DONE) != 0)
        {
            return;
        }
        int session = flows.session(flow);
        if (session < 0)
        {
            if (p.payloadLength() == 0 && (tcpFlags & DecodedPacket.TCP_SYN) == 0)
            {
                return;
            }
            session = sessions.acquire();
            if (session < 0)
            {
                flows.setFlags(flow, FlowDescriptor.FLAG_INSPECTION_DONE);
                return;
            }
            flows.session(flow, session);
            tlsScanner.reset(sessions.protocolStateOffset(session));
        }
        final int direction = fromClient ? CLIENT : SERVER;
        reassembler.onSegment(session, direction, p.sequence(), tcpFlags, p.buffer(), p.payloadOffset(),
            p.payloadLength());
        if ((tcpFlags & DecodedPacket.TCP_ACK) != 0 && reassembler.onAcknowledgement(session, 1 - direction,
            p.acknowledgement()))
        {
            counters.handshakeGaps++;
        }
        int protocol = flows.appProtocol(flow);
        if (protocol == AppProtocol.UNKNOWN)
        {
            final boolean dnsPort = dns.isDnsPort(flows.serverPort(flow));
            protocol = recognise(session, dnsPort, flows.serverPort(flow));
            if (protocol != AppProtocol.UNKNOWN && notWhatThePortCarries(flows.serverPort(flow), dnsPort, protocol))
            {
                flows.setFlags(flow, FlowDescriptor.FLAG_NOT_DNS_ON_DNS_PORT);
            }
            if (protocol < 0)
            {
                stopInspecting(flow);
                return;
            }
            flows.appProtocol(flow, protocol);
            if (protocol == AppProtocol.SSH)
            {
                ssh.reset(sessions.state(), sessions.protocolStateOffset(session));
            }
            else if (protocol == AppProtocol.DNS)
            {
                DnsInspection.reset(sessions.state(), sessions.protocolStateOffset(session));
            }
            else if (AppProtocol.upgradesToTls(protocol))
            {
                startTls.reset(sessions.protocolStateOffset(session));
            }
        }
        if (protocol == AppProtocol.TLS)
        {
            inspectTls(flow, session, direction);
        }
        else if (AppProtocol.upgradesToTls(protocol))
        {
            inspectStartTls(flow, session, direction);
        }
        else if (protocol == AppProtocol.SSH)
        {
            inspectSsh(flow, session, direction);
        }
        else if (protocol == AppProtocol.DNS)
        {
            inspectDnsOverTcp(flow, session, direction, timestampNanos);
        }
    }

    private static boolean notWhatThePortCarries(final int serverPort, final boolean dnsPort, final int protocol)
    {
        return dnsPort ? protocol != AppProtocol.DNS
            : serverPort == DnsInspection.ENCRYPTED_DNS_PORT && protocol != AppProtocol.TLS;
    }

    private void inspectDnsOverTcp(final int flow, final int session, final int direction, final long timestampNanos)
    {
        final int protocolState = sessions.protocolStateOffset(session);
        while (dns.nextTcpMessage(sessions.state(), protocolState, direction, sessions.streams(),
            sessions.streamOffset(session, direction), reassembler.contiguous(session, direction)))
        {
            if (dns.parse(sessions.streams(), dns.framedOffset(), dns.framedLength()))
            {
                writeDnsRecord(flow, timestampNanos);
            }
            else
            {
                flows.setFlags(flow, FlowDescriptor.FLAG_NOT_DNS_ON_DNS_PORT);
            }
        }
        final int stuck = StreamState.FLAG_GAP | StreamState.FLAG_BUFFER_FULL;
        if (((reassembler.flags(session, CLIENT) | reassembler.flags(session, SERVER)) & stuck) != 0)
        {
            stopInspecting(flow);
        }
    }

    /** Returns the protocol, {@link AppProtocol#UNKNOWN} while too few bytes are in, or -1 for "not ours". */
    private int recognise(final int session, final boolean dnsPort, final int serverPort)
    {
        final DirectBuffer streams = sessions.streams();
        final int clientBytes = reassembler.contiguous(session, CLIENT);
        final int serverBytes = reassembler.contiguous(session, SERVER);
        if (dnsPort && clientBytes >= DnsTcpFraming.PREFIX_LENGTH + DnsHeader.LENGTH
            && DnsTcpFraming.looksLikeDnsOverTcp(streams, sessions.streamOffset(session, CLIENT), clientBytes))
        {
            return AppProtocol.DNS;
        }
        if (SshIdentificationParser.looksLikeSsh(streams, sessions.streamOffset(session, SERVER), serverBytes)
            || SshIdentificationParser.looksLikeSsh(streams, sessions.streamOffset(session, CLIENT), clientBytes))
        {
            return AppProtocol.SSH;
        }
        final int upgrading = StartTlsRecognition.protocolForPort(serverPort);
        if (upgrading != AppProtocol.UNKNOWN && !(clientBytes >= 4
            && TlsStreamScanner.looksLikeTls(streams, sessions.streamOffset(session, CLIENT), clientBytes)))
        {
            final int verdict = StartTlsRecognition.recognise(upgrading, streams, sessions.streamOffset(session,
                CLIENT), clientBytes, sessions.streamOffset(session, SERVER), serverBytes);
            if (verdict == StartTlsRecognition.RECOGNISED)
            {
                return upgrading;
            }
            if (verdict == StartTlsRecognition.WAIT)
            {
                final boolean stuck = ((reassembler.flags(session, CLIENT) | reassembler.flags(session, SERVER))
                    & STUCK) != 0;
                return stuck || clientBytes >= StartTlsDialogue.MAX_CLEAR_TEXT ? -1 : AppProtocol.UNKNOWN;
            }
        }
        if (clientBytes >= 4)
        {
            if (TlsStreamScanner.looksLikeTls(streams, sessions.streamOffset(session, CLIENT), clientBytes))
            {
                return AppProtocol.TLS;
            }
            final boolean clientStuck = (reassembler.flags(session, CLIENT)
                & (StreamState.FLAG_GAP | StreamState.FLAG_BUFFER_FULL)) != 0;
            // A DNS query may come in pieces; its first 14 bytes decide.
            return dnsPort && clientBytes < DnsTcpFraming.PREFIX_LENGTH + DnsHeader.LENGTH && !clientStuck ?
                AppProtocol.UNKNOWN : -1;
        }
        if (serverBytes >= 4 && TlsStreamScanner.looksLikeTls(streams, sessions.streamOffset(session, SERVER),
            serverBytes))
        {
            // The client's first segment was not captured; the server's hello can still be read.
            return AppProtocol.TLS;
        }
        final int stuck = StreamState.FLAG_GAP | StreamState.FLAG_BUFFER_FULL;
        if (serverBytes >= 4 || (reassembler.flags(session, CLIENT) & stuck) != 0)
        {
            return -1;
        }
        return AppProtocol.UNKNOWN;
    }

    private void inspectSsh(final int flow, final int session, final int direction)
    {
        final int stuck = StreamState.FLAG_GAP | StreamState.FLAG_BUFFER_FULL;
        final boolean ready = ssh.onSegment(sessions.state(), sessions.protocolStateOffset(session), direction,
            sessions.streams(), sessions.streamOffset(session, CLIENT), reassembler.contiguous(session, CLIENT),
            sessions.streamOffset(session, SERVER), reassembler.contiguous(session, SERVER));
        if (ready || ((reassembler.flags(session, CLIENT) | reassembler.flags(session, SERVER)) & stuck) != 0)
        {
            writeSshRecord(flow, session);
            stopInspecting(flow);
        }
    }

    private void writeSshRecord(final int flow, final int session)
    {
        if (!sink.tryClaim())
        {
            counters.recordDropped(Dataset.SSH);
            return;
        }
        beginRecord(Dataset.SSH, flow, flows.firstSeen(flow));
        ssh.write(writer, sessions.state(), sessions.protocolStateOffset(session), sessions.streams(),
            sessions.streamOffset(session, CLIENT), reassembler.contiguous(session, CLIENT),
            reassembler.flags(session, CLIENT), sessions.streamOffset(session, SERVER),
            reassembler.contiguous(session, SERVER), reassembler.flags(session, SERVER));
        sink.commit(writer.finish());
        counters.recordWritten(Dataset.SSH);
    }

    /**
     * Follows a clear-text dialogue until the server accepts the upgrade to TLS, then reads the handshake that
     * follows as on a TLS-first connection; a refused upgrade, or a dialogue that cannot be followed, ends the
     * inspection without a TLS record.
     */
    private void inspectStartTls(final int flow, final int session, final int direction)
    {
        final int protocolState = sessions.protocolStateOffset(session);
        if (startTls.phase(protocolState) != StartTlsDialogue.UPGRADED)
        {
            final int phase = startTls.follow(protocolState, flows.appProtocol(flow), sessions.streams(),
                sessions.streamOffset(session, CLIENT), reassembler.contiguous(session, CLIENT),
                sessions.streamOffset(session, SERVER), reassembler.contiguous(session, SERVER));
            if (phase == StartTlsDialogue.FOLLOWING)
            {
                if (((reassembler.flags(session, CLIENT) | reassembler.flags(session, SERVER)) & STUCK) != 0)
                {
                    stopInspecting(flow);
                }
                return;
            }
            if (phase != StartTlsDialogue.UPGRADED)
            {
                stopInspecting(flow);
                return;
            }
            // TLS bytes of the other direction may already be in (a client hello pipelined after its command).
            final int other = 1 - direction;
            tlsScanner.scan(protocolState, other, sessions.streams(), tlsOffset(flow, session, other),
                tlsLength(flow, session, other));
        }
        inspectTls(flow, session, direction);
    }

    /** Where the TLS bytes of a direction start in the stream buffers: after the clear text of a STARTTLS flow. */
    private int tlsOffset(final int flow, final int session, final int direction)
    {
        return sessions.streamOffset(session, direction) + clearTextLength(flow, session, direction);
    }

    /** Contiguous TLS bytes of a direction. */
    private int tlsLength(final int flow, final int session, final int direction)
    {
        return Math.max(0, reassembler.contiguous(session, direction) - clearTextLength(flow, session, direction));
    }

    private int clearTextLength(final int flow, final int session, final int direction)
    {
        return AppProtocol.upgradesToTls(flows.appProtocol(flow)) ?
            startTls.tlsStart(sessions.protocolStateOffset(session), direction) : 0;
    }

    private void inspectTls(final int flow, final int session, final int direction)
    {
        final int protocolState = sessions.protocolStateOffset(session);
        tlsScanner.scan(protocolState, direction, sessions.streams(), tlsOffset(flow, session, direction),
            tlsLength(flow, session, direction));
        final int stuck = StreamState.FLAG_GAP | StreamState.FLAG_BUFFER_FULL;
        final boolean serverStuck = (reassembler.flags(session, SERVER) & stuck) != 0
            || (tlsScanner.flags(protocolState, SERVER) & TlsStreamScanner.FLAG_MALFORMED) != 0;
        final boolean clientStuck = (reassembler.flags(session, CLIENT) & stuck) != 0
            || (tlsScanner.flags(protocolState, CLIENT) & TlsStreamScanner.FLAG_MALFORMED) != 0;
        if (tlsScanner.serverComplete(protocolState) || serverStuck
            || (clientStuck && !tlsScanner.completed(protocolState, CLIENT, TlsStreamScanner.HANDSHAKE_CLIENT_HELLO)))
        {
            if (writeTlsRecord(flow, session, false) || serverStuck || clientStuck)
            {
                stopInspecting(flow);
            }
        }
    }

    /**
     * Writes the TLS record; false when the handshake must go on (a HelloRetryRequest was all the server said and
     * the flow can still bring the second ServerHello).
     */
    private boolean writeTlsRecord(final int flow, final int session, final boolean flowEnding)
    {
        final boolean ready = tlsBuilder.parse(sessions.streams(),
            tlsOffset(flow, session, CLIENT), tlsLength(flow, session, CLIENT), reassembler.flags(session, CLIENT),
            tlsOffset(flow, session, SERVER), tlsLength(flow, session, SERVER), reassembler.flags(session, SERVER));
        if (!ready && !flowEnding)
        {
            tlsScanner.expectSecondServerHello(sessions.protocolStateOffset(session));
            return false;
        }
        if (!sink.tryClaim())
        {
            counters.recordDropped(Dataset.TLS);
            return true;
        }
        beginRecord(Dataset.TLS, flow, flows.firstSeen(flow));
        final int protocol = flows.appProtocol(flow);
        writer.putAscii(Fields.NETWORK_PROTOCOL, AppProtocol.name(protocol));
        writer.putAscii(Fields.TLS_ESTABLISHED_VIA, AppProtocol.upgradesToTls(protocol) ? "starttls" : "implicit");
        tlsBuilder.write(writer);
        sink.commit(writer.finish());
        counters.recordWritten(Dataset.TLS);
        return true;
    }

    private void beginRecord(final Dataset dataset, final int flow, final long timestampNanos)
    {
        writer.begin(sink.slotBuffer(), sink.slotOffset(), sink.slotCapacity(), dataset, timestampNanos);
        writer.connection(flows.uid(flow), flows.ipVersion(flow), flows.transport(flow), flows.slab(),
            flows.clientAddressOffset(flow), flows.serverAddressOffset(flow), flows.clientPort(flow),
            flows.serverPort(flow));
    }

    private void stopInspecting(final int flow)
    {
        flows.setFlags(flow, FlowDescriptor.FLAG_INSPECTION_DONE);
        final int session = flows.session(flow);
        if (session >= 0)
        {
            if (flows.transport(flow) == IpProtocol.TCP)
            {
                countStreamTrouble(session);
                sessions.release(session);
            }
            else
            {
                quicSessions.release(session);
            }
            flows.session(flow, -1);
        }
    }

    private void countStreamTrouble(final int session)
    {
        for (int direction = CLIENT; direction <= SERVER; direction++)
        {
            if ((reassembler.flags(session, direction) & StreamState.FLAG_BUFFER_FULL) != 0)
            {
                counters.handshakeBufferFull++;
            }
        }
    }

    private void onFlowEnd(final int flow, final FlowEndReason reason)
    {
        counters.flowsEnded++;
        final int session = flows.session(flow);
        if (session >= 0)
        {
            try
            {
                if (flows.transport(flow) != IpProtocol.TCP)
                {
                    writeQuicRecord(flow, session);
                }
                else if (flows.appProtocol(flow) == AppProtocol.TLS || upgradedToTls(flow, session))
                {
                    final int protocolState = sessions.protocolStateOffset(session);
                    if (tlsScanner.completed(protocolState, CLIENT, TlsStreamScanner.HANDSHAKE_CLIENT_HELLO)
                        || tlsScanner.completed(protocolState, SERVER, TlsStreamScanner.HANDSHAKE_SERVER_HELLO))
                    {
                        markHoles(session);
                        writeTlsRecord(flow, session, true);
                    }
                }
                else if (flows.appProtocol(flow) == AppProtocol.SSH)
                {
                    writeSshRecord(flow, session);
                }
            }
            catch (final RuntimeException bug)
            {
                counters.parserErrors++;
                counters.lastParserError = bug;
            }
            stopInspecting(flow);
        }
        writeFlowRecord(flow, reason);
    }

    private boolean upgradedToTls(final int flow, final int session)
    {
        return AppProtocol.upgradesToTls(flows.appProtocol(flow))
            && startTls.phase(sessions.protocolStateOffset(session)) == StartTlsDialogue.UPGRADED;
    }

    private void markHoles(final int session)
    {
        for (int direction = CLIENT; direction <= SERVER; direction++)
        {
            if (reassembler.hasHoles(session, direction))
            {
                reassembler.markGap(session, direction);
                counters.handshakeGaps++;
            }
        }
    }

    private static boolean bothSidesFinished(final int flowFlags)
    {
        final int both = FlowDescriptor.FLAG_CLIENT_FIN | FlowDescriptor.FLAG_SERVER_FIN;
        return (flowFlags & both) == both;
    }

    private void writeFlowRecord(final int flow, final FlowEndReason endReason)
    {
        final boolean closed = bothSidesFinished(flows.flags(flow))
            && (endReason == FlowEndReason.IDLE_TIMEOUT || endReason == FlowEndReason.END_OF_CAPTURE);
        final FlowEndReason reason = closed ? FlowEndReason.FIN : endReason;
        if (!sink.tryClaim())
        {
            counters.recordDropped(Dataset.FLOW);
            return;
        }
        beginRecord(Dataset.FLOW, flow, flows.firstSeen(flow));
        flowRecords.write(writer, flows, flow, reason);
        sink.commit(writer.finish());
        counters.recordWritten(Dataset.FLOW);
    }
}
