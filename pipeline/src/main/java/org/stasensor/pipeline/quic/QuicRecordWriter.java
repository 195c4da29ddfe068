package org.stasensor.pipeline.quic;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.tls.ClientHello;
import org.stasensor.pipeline.tls.ClientHelloFields;
import org.stasensor.pipeline.tls.ClientHelloParser;
import org.stasensor.pipeline.tls.Ja4;

/**
 * Writes a {@code quic} record's fields from a session of {@link QuicInitialSessions}: {@code network.protocol}
 * "quic", the version and connection ids of the client's first Initial, {@code sta.flags} for what went wrong, and,
 * from the reassembled ClientHello (parsed by the TLS package's {@link ClientHelloParser}), the same client fields
 * as a TLS record: offered version, SNI, ALPN, cipher suites, groups, JA3 and JA4 with the QUIC transport
 * character 'q'. One instance per worker; allocation-free.
 */
public final class QuicRecordWriter
{
    private static final int MAX_HEX = 2 * QuicInitialSessions.MAX_CONNECTION_ID_LENGTH;

    private final Field versionField;
    private final Field destinationIdField;
    private final Field sourceIdField;
    private final ClientHello clientHello = new ClientHello();
    private final ClientHelloFields clientFields = new ClientHelloFields();
    private final UnsafeBuffer stream = new UnsafeBuffer(0, 0);
    private final byte[] hex = new byte[MAX_HEX];
    private final byte[] versionScratch = new byte[8];

    /**
     * A writer putting the QUIC-only values into the given fields; a null field is left out.
     *
     * @param versionField       {@code quic.version}: "1", "2", or 8 hex digits.
     * @param destinationIdField {@code quic.destination_connection_id}: lowercase hex.
     * @param sourceIdField      {@code quic.source_connection_id}: lowercase hex.
     */
    public QuicRecordWriter(final Field versionField, final Field destinationIdField, final Field sourceIdField)
    {
        this.versionField = versionField;
        this.destinationIdField = destinationIdField;
        this.sourceIdField = sourceIdField;
    }

    /**
     * Parses the session's ClientHello, when whole.
     *
     * @param sessions the pool.
     * @param session  the session.
     * @return true when a whole, well-framed ClientHello is there; {@link #clientHello()} then holds it.
     */
    public boolean parse(final QuicInitialSessions sessions, final int session)
    {
        stream.wrap(sessions.cryptoArray(), sessions.cryptoOffset(session), sessions.cryptoBytes());
        return sessions.isComplete(session)
            && ClientHelloParser.parse(stream, 0, sessions.contiguousCryptoBytes(session), clientHello);
    }

    /**
     * The hello of the last successful {@link #parse}, over the session's CRYPTO stream.
     *
     * @return the holder.
     */
    public ClientHello clientHello()
    {
        return clientHello;
    }

    /**
     * Writes the record's fields for a session.
     *
     * @param writer   the record, header and connection already written.
     * @param sessions the pool.
     * @param session  the session.
     */
    public void write(final RecordWriter writer, final QuicInitialSessions sessions, final int session)
    {
        writer.putAscii(Fields.NETWORK_PROTOCOL, "quic");
        final int version = sessions.version(session);
        if (versionField != null && version != 0)
        {
            writer.put(versionField, QuicVersion.name(version, versionScratch), 0, QuicVersion.nameLength(version));
        }
        final int idAt = sessions.connectionIdOffset(session);
        if (destinationIdField != null && sessions.destinationIdLength(session) > 0)
        {
            final int length = Hex.encode(sessions.destinationIds(), idAt, sessions.destinationIdLength(session), hex);
            writer.put(destinationIdField, hex, 0, length);
        }
        if (sourceIdField != null && sessions.sourceIdLength(session) > 0)
        {
            final int length = Hex.encode(sessions.sourceIds(), idAt, sessions.sourceIdLength(session), hex);
            writer.put(sourceIdField, hex, 0, length);
        }
        writeFlags(writer, sessions.flags(session));
        if (!sessions.isComplete(session))
        {
            writer.putAscii(Fields.STA_FLAGS, "incomplete_client_hello");
        }
        else if (parse(sessions, session))
        {
            clientFields.write(writer, stream, clientHello, Ja4.TRANSPORT_QUIC);
        }
        else
        {
            writer.putAscii(Fields.STA_FLAGS, "malformed_client_hello");
        }
    }

    private static void writeFlags(final RecordWriter writer, final int flags)
    {
        if ((flags & QuicInitialSessions.FLAG_DECRYPT_FAILED) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "quic_decrypt_failed");
        }
        if ((flags & QuicInitialSessions.FLAG_MALFORMED) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "quic_malformed");
        }
        if ((flags & QuicInitialSessions.FLAG_CRYPTO_OVER_LIMIT) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "quic_crypto_over_limit");
        }
        if ((flags & QuicInitialSessions.FLAG_PACKET_LIMIT) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "quic_packet_limit");
        }
        if ((flags & QuicInitialSessions.FLAG_VERSION_CHANGED) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "quic_version_changed");
        }
        if ((flags & QuicInitialSessions.FLAG_REKEYED) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "quic_retry_rekeyed");
        }
        if ((flags & QuicInitialSessions.FLAG_NOT_CLIENT_HELLO) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "quic_not_client_hello");
        }
    }
}
