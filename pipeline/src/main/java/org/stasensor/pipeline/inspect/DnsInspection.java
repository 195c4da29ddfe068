package org.stasensor.pipeline.inspect;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.dns.DnsMessage;
import org.stasensor.pipeline.dns.DnsMessageParser;
import org.stasensor.pipeline.dns.DnsQueryTimes;
import org.stasensor.pipeline.dns.DnsRecordWriter;
import org.stasensor.pipeline.dns.DnsTcpFraming;
import org.stasensor.pipeline.domain.PublicSuffixList;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * DNS for the inspector: which ports carry it, whether bytes are DNS, one message at a time over UDP or from a
 * reassembled TCP stream (RFC 1035 4.2.2 length prefixes, several messages per stream), and the response latency
 * by (flow, transaction id).
 */
final class DnsInspection
{
    /** DNS over TLS (RFC 7858) and over QUIC (RFC 9250). */
    static final int ENCRYPTED_DNS_PORT = 853;
    /** Bytes of protocol state per TCP connection: per direction, stream bytes already framed. */
    static final int STATE_LENGTH = 8;
    /** A query older than this has no answer any more: resolvers give up well before. */
    private static final long MAX_LATENCY_NANOS = 30_000_000_000L;
    private static final int QUERY_TIMES = 1 << 14;

    private final long[] dnsPorts = new long[1024];
    private final DnsMessage message = new DnsMessage();
    private final DnsRecordWriter recordWriter;
    private final DnsTcpFraming framing = new DnsTcpFraming();
    private final DnsQueryTimes queryTimes = new DnsQueryTimes(QUERY_TIMES);
    private int framedOffset;
    private int framedLength;

    DnsInspection(final int[] ports, final PublicSuffixList suffixes)
    {
        this.recordWriter = new DnsRecordWriter(suffixes);
        for (final int port : ports)
        {
            dnsPorts[port >>> 6] |= 1L << (port & 63);
        }
    }

    /**
     * Whether DNS is parsed on a port.
     *
     * @param port a TCP or UDP port.
     * @return true for 53, 5353 and configured ports.
     */
    boolean isDnsPort(final int port)
    {
        return (dnsPorts[port >>> 6] & (1L << (port & 63))) != 0;
    }

    /**
     * Parses one message into the reusable holder when it looks like DNS.
     *
     * @param buffer holds the message.
     * @param offset where it starts.
     * @param length its bytes.
     * @return true when it is DNS: plausible header and questions that frame.
     */
    boolean parse(final DirectBuffer buffer, final int offset, final int length)
    {
        return DnsMessageParser.looksLikeDns(buffer, offset, length)
            && DnsMessageParser.parse(buffer, offset, length, message);
    }

    /**
     * Writes the parsed message's record fields; remembers a query's time, and gives an answer its latency.
     *
     * @param writer         a record begun as dataset dns.
     * @param flowUid        the flow, half of the transaction's key.
     * @param timestampNanos when the message was seen.
     */
    void write(final RecordWriter writer, final long flowUid, final long timestampNanos)
    {
        writer.putAscii(Fields.NETWORK_PROTOCOL, "dns");
        recordWriter.write(message, writer);
        if (message.isResponse())
        {
            final long queried = queryTimes.take(flowUid, message.id(), timestampNanos, MAX_LATENCY_NANOS);
            if (queried != DnsQueryTimes.NONE)
            {
                writer.putLong(Fields.DNS_RESPONSE_LATENCY, timestampNanos - queried);
            }
        }
        else
        {
            queryTimes.put(flowUid, message.id(), timestampNanos);
        }
    }

    /**
     * Clears a TCP connection's state.
     *
     * @param state  the sessions' state buffer.
     * @param offset the connection's protocol area.
     */
    static void reset(final UnsafeBuffer state, final int offset)
    {
        state.putInt(offset, 0);
        state.putInt(offset + 4, 0);
    }

    /**
     * Frames the next whole message of a TCP direction not framed before, and marks it framed.
     *
     * @param state        the sessions' state buffer.
     * @param offset       the connection's protocol area.
     * @param direction    0 client, 1 server.
     * @param stream       the reassembled streams.
     * @param streamOffset where the direction's stream starts.
     * @param contiguous   its contiguous bytes.
     * @return true when a message is there: {@link #framedOffset()} and {@link #framedLength()} say where.
     */
    boolean nextTcpMessage(final UnsafeBuffer state, final int offset, final int direction,
        final DirectBuffer stream, final int streamOffset, final int contiguous)
    {
        final int framedAt = offset + 4 * direction;
        final int framed = state.getInt(framedAt);
        framing.wrap(stream, streamOffset + framed, contiguous - framed);
        if (!framing.next())
        {
            return false;
        }
        framedOffset = framing.messageOffset();
        framedLength = framing.messageLength();
        state.putInt(framedAt, framing.position() - streamOffset);
        return true;
    }

    int framedOffset()
    {
        return framedOffset;
    }

    int framedLength()
    {
        return framedLength;
    }
}
