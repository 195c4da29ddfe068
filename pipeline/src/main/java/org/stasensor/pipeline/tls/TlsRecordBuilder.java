package org.stasensor.pipeline.tls;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.tcp.StreamFlags;
import org.stasensor.pipeline.tcp.StreamState;
import org.stasensor.pipeline.x509.CertificateChain;
import org.stasensor.pipeline.x509.CertificateChainWriter;
import org.stasensor.pipeline.x509.CertificateMessageParser;

/**
 * Builds a flow's TLS record from the two reassembled stream buffers, once the handshake has said what the record
 * needs (or the flow ended): gathers each direction's handshake messages, parses the first ClientHello, the
 * ServerHello that answers it (the second one after a HelloRetryRequest) and the server's Certificate, and writes
 * versions, cipher, SNI, ALPN, JA3/JA3S/JA4 and the certificate details. One instance per worker, reused;
 * allocation-free.
 */
public final class TlsRecordBuilder
{
    /** Bytes of the record left free for what the enrichment stage appends (countries, names, validation...). */
    private static final int ENRICHMENT_RESERVE = 1024;

    private static final int CLIENT_HELLO = TlsStreamScanner.HANDSHAKE_CLIENT_HELLO;
    private static final int SERVER_HELLO = TlsStreamScanner.HANDSHAKE_SERVER_HELLO;
    private static final int CERTIFICATE = TlsStreamScanner.HANDSHAKE_CERTIFICATE;


    private final TlsHandshakeMessages client;
    private final TlsHandshakeMessages server;
    private final ClientHello clientHello = new ClientHello();
    private final ServerHello serverHello = new ServerHello();
    private final Ja3 ja3 = new Ja3();
    private final ClientHelloFields clientFields = new ClientHelloFields();
    private final CertificateMessageParser certificateParser = new CertificateMessageParser();
    private final CertificateChain chain = new CertificateChain();
    private final CertificateChainWriter chainWriter = new CertificateChainWriter();
    private int clientFlags;
    private int serverFlags;
    private int clientHelloState;
    private int serverHelloState;
    private boolean helloRetry;
    private int certificateState;

    private static final int ABSENT = 0;
    private static final int PARSED = 1;
    private static final int MALFORMED = 2;

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
        server.gather(streams, serverOffset, serverLength);
        client.gather(streams, clientOffset, clientLength, server.sawHelloRetryRequest());
        clientHelloState = parseClientHello();
        helloRetry = false;
        serverHelloState = parseServerHello();
        certificateState = ABSENT;
        if (serverHelloState == PARSED && serverHello.negotiatedVersion() < TlsVersion.TLS_1_3)
        {
            final int index = server.find(CERTIFICATE, 0);
            if (index >= 0)
            {
                final boolean ok = certificateParser.parse(server.buffer(), server.offset(index) + 4,
                    server.length(index) - 4, chain);
                certificateState = ok || chain.isLeafParsed() ? PARSED : MALFORMED;
            }
        }
        return !(helloRetry && serverHelloState == ABSENT);
    }

    private int parseClientHello()
    {
        if (client.isSslv2())
        {
            return ClientHelloParser.parseSslv2(client.buffer(), 0, client.sslv2Length(), clientHello) ?
                PARSED : MALFORMED;
        }
        final int index = client.find(CLIENT_HELLO, 0);
        if (index < 0)
        {
            return ABSENT;
        }
        return ClientHelloParser.parse(client.buffer(), client.offset(index), client.length(index), clientHello) ?
            PARSED : MALFORMED;
    }

    private int parseServerHello()
    {
        for (int occurrence = 0; occurrence < 2; occurrence++)
        {
            final int index = server.find(SERVER_HELLO, occurrence);
            if (index < 0)
            {
                return ABSENT;
            }
            if (!ServerHelloParser.parse(server.buffer(), server.offset(index), server.length(index), serverHello))
            {
                return MALFORMED;
            }
            if (!serverHello.isHelloRetryRequest())
            {
                return PARSED;
            }
            helloRetry = true;
        }
        return ABSENT;
    }

    /**
     * Writes the record's TLS fields from the last {@link #parse}.
     *
     * @param writer the record, header already written.
     */
    public void write(final RecordWriter writer)
    {
        StreamFlags.write(writer, clientFlags, serverFlags);
        if (clientHelloState == PARSED)
        {
            writeClientHello(writer);
        }
        else
        {
            writer.putAscii(Fields.STA_FLAGS, clientHelloState == ABSENT ? "no_client_hello" :
                "malformed_client_hello");
        }
        if (helloRetry)
        {
            writer.putBoolean(Fields.TLS_HELLO_RETRY, true);
        }
        writer.putBoolean(Fields.TLS_ESTABLISHED, serverHelloState == PARSED);
        if (serverHelloState == PARSED)
        {
            writeServerHello(writer);
        }
        else
        {
            writer.putAscii(Fields.STA_FLAGS, serverHelloState == ABSENT ? "no_server_hello" :
                "malformed_server_hello");
        }
    }

    private void writeClientHello(final RecordWriter writer)
    {
        final DirectBuffer bytes = client.buffer();
        final ClientHello hello = clientHello;
        if (hello.isSslv2())
        {
            writer.putAscii(Fields.STA_FLAGS, "sslv2_client_hello");
        }
        clientFields.write(writer, bytes, hello, Ja4.TRANSPORT_TCP);
    }

    private void writeServerHello(final RecordWriter writer)
    {
        final ServerHello hello = serverHello;
        final int version = hello.negotiatedVersion();
        clientFields.writeNameOrHex(writer, Fields.TLS_VERSION, TlsVersion.nameBytes(version), version);
        final byte[] protocol = TlsVersion.protocolBytes(version);
        if (protocol != null)
        {
            writer.put(Fields.TLS_VERSION_PROTOCOL, protocol, 0, protocol.length);
        }
        final int suite = hello.cipherSuite();
        final byte[] suiteName = CipherSuites.nameBytes(suite);
        if (suiteName != null)
        {
            writer.put(Fields.TLS_CIPHER, suiteName, 0, suiteName.length);
        }
        writer.put(Fields.TLS_CIPHER_ID, clientFields.hex4(suite), 0, 4);
        if (hello.alpnLength() > 0)
        {
            writer.put(Fields.TLS_NEXT_PROTOCOL, server.buffer(), hello.alpnOffset(), hello.alpnLength());
        }
        if (ja3.computeJa3s(hello))
        {
            writer.put(Fields.TLS_SERVER_JA3S, ja3.ja3s(), 0, Ja3.HASH_LENGTH);
            writer.put(Fields.TLS_SERVER_JA3S_STRING, ja3.ja3sText(), 0, ja3.ja3sTextLength());
        }
        if (version >= TlsVersion.TLS_1_3)
        {
            writer.putAscii(Fields.TLS_SERVER_VALIDATION, "not_visible");
            return;
        }
        writer.putBoolean(Fields.TLS_RESUMED, isResumed());
        if (certificateState == MALFORMED)
        {
            writer.putAscii(Fields.STA_FLAGS, "malformed_certificate");
        }
        if (certificateState != ABSENT)
        {
            // Chain length, issuers and hash are written even when the leaf itself did not parse.
            chainWriter.write(chain, writer);
        }
        if (certificateState != ABSENT)
        {
            // Trust, validity at capture time and the name are judged off the capture cores, from the DER itself.
            // Room is kept for the enrichment stage's fields; a chain that would eat it is cut (then judged on less).
            for (int i = 0; i < chain.derCount() && writer.remaining() - chain.derLength(i) > ENRICHMENT_RESERVE; i++)
            {
                writer.put(Fields.TLS_SERVER_CERTIFICATE_DER, chain.buffer(), chain.derOffset(i), chain.derLength(i));
            }
        }
    }

    /** TLS 1.2 and earlier resume by echoing the client's non-empty session id (RFC 5246 7.4.1.3). */
    private boolean isResumed()
    {
        final ServerHello hello = serverHello;
        if (clientHelloState != PARSED || hello.sessionIdLength() == 0
            || hello.sessionIdLength() != clientHello.sessionIdLength() || server.find(CERTIFICATE, 0) >= 0)
        {
            return false;
        }
        final DirectBuffer serverBytes = server.buffer();
        final DirectBuffer clientBytes = client.buffer();
        for (int i = 0; i < hello.sessionIdLength(); i++)
        {
            if (serverBytes.getByte(hello.sessionIdOffset() + i) != clientBytes.getByte(clientHello.sessionIdOffset()
                + i))
            {
                return false;
            }
        }
        return true;
    }
}
