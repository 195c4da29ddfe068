package org.stasensor.pipeline.tls;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.tcp.StreamState;

/**
 * Builds a flow's TLS record from the two reassembled stream buffers, once the handshake has said what the record
 * needs (or the flow ended): gathers each direction's handshake messages, parses ClientHello, ServerHello and the
 * server's Certificate, and writes fingerprints and certificate details. One instance per worker, reused.
 */
public final class TlsRecordBuilder
{
    private static final int CLIENT_HELLO = TlsStreamScanner.HANDSHAKE_CLIENT_HELLO;
    private static final int SERVER_HELLO = TlsStreamScanner.HANDSHAKE_SERVER_HELLO;
    private static final int CERTIFICATE = TlsStreamScanner.HANDSHAKE_CERTIFICATE;

    private final TlsHandshakeMessages client;
    private final TlsHandshakeMessages server;
    private int clientFlags;
    private int serverFlags;

    /**
     * A builder for stream buffers of up to {@code bufferBytes} per direction.
     *
     * @param bufferBytes the handshake buffer bound.
     */
    public TlsRecordBuilder(final int bufferBytes)
    {
        this.client = new TlsHandshakeMessages(bufferBytes);
        this.server = new TlsHandshakeMessages(bufferBytes);
    }

    /**
     * Gathers and parses both directions.
     *
     * @param streams      memory of the stream buffers.
     * @param clientOffset where the client's bytes start.
     * @param clientLength contiguous client bytes.
     * @param clientStreamFlags {@link StreamState} flags of the client direction.
     * @param serverOffset where the server's bytes start.
     * @param serverLength contiguous server bytes.
     * @param serverStreamFlags {@link StreamState} flags of the server direction.
     * @return false when the server has only sent a HelloRetryRequest so far: the record should wait for the
     *     second ServerHello if the flow goes on.
     */
    public boolean parse(final DirectBuffer streams, final int clientOffset, final int clientLength,
        final int clientStreamFlags, final int serverOffset, final int serverLength, final int serverStreamFlags)
    {
        this.clientFlags = clientStreamFlags;
        this.serverFlags = serverStreamFlags;
        client.gather(streams, clientOffset, clientLength);
        server.gather(streams, serverOffset, serverLength);
        return true;
    }

    /**
     * Writes the record's TLS fields from the last {@link #parse}.
     *
     * @param writer         the record, header already written.
     * @param nowNanos       current time, for validity checks.
     */
    public void write(final RecordWriter writer, final long nowNanos)
    {
        writer.putAscii(Fields.NETWORK_PROTOCOL, "tls");
        writeStreamFlags(writer, clientFlags, CLIENT_FLAG_NAMES);
        writeStreamFlags(writer, serverFlags, SERVER_FLAG_NAMES);
        if (client.find(CLIENT_HELLO, 0) < 0 && !client.isSslv2())
        {
            writer.putAscii(Fields.STA_FLAGS, "no_client_hello");
        }
        if (server.find(SERVER_HELLO, 0) < 0 && !server.isSslv2())
        {
            writer.putAscii(Fields.STA_FLAGS, "no_server_hello");
        }
        if (server.find(CERTIFICATE, 0) < 0)
        {
            writer.putBoolean(Fields.TLS_ESTABLISHED, server.find(SERVER_HELLO, 0) >= 0);
        }
    }

    private static final String[] CLIENT_FLAG_NAMES =
        {"client_midstream", "client_gap", "client_buffer_full", "client_inconsistent_overlap"};
    private static final String[] SERVER_FLAG_NAMES =
        {"server_midstream", "server_gap", "server_buffer_full", "server_inconsistent_overlap"};
    private static final int[] STREAM_FLAGS = {StreamState.FLAG_MIDSTREAM, StreamState.FLAG_GAP,
        StreamState.FLAG_BUFFER_FULL, StreamState.FLAG_INCONSISTENT_OVERLAP};

    private static void writeStreamFlags(final RecordWriter writer, final int flags, final String[] names)
    {
        for (int i = 0; i < STREAM_FLAGS.length; i++)
        {
            if ((flags & STREAM_FLAGS[i]) != 0)
            {
                writer.putAscii(Fields.STA_FLAGS, names[i]);
            }
        }
    }
}
