package org.stasensor.pipeline.quic;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.tls.CipherSuites;
import org.stasensor.pipeline.tls.ClientHello;
import org.stasensor.pipeline.tls.ClientHelloParser;
import org.stasensor.pipeline.tls.Grease;
import org.stasensor.pipeline.tls.Ja3;
import org.stasensor.pipeline.tls.Ja4;
import org.stasensor.pipeline.tls.NamedGroups;
import org.stasensor.pipeline.tls.TlsVersion;

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
    private final Ja3 ja3 = new Ja3();
    private final Ja4 ja4 = new Ja4();
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
            writeClientHello(writer, stream, clientHello);
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

    /**
     * The client fields of a TLS record, as TlsRecordBuilder writes them, with JA4's transport 'q'. (The TLS
     * package keeps its own copy private; see the report about sharing it.)
     */
    private void writeClientHello(final RecordWriter writer, final DirectBuffer bytes, final ClientHello hello)
    {
        final int offered = highestOffered(hello);
        writeNameOrHex(writer, Fields.TLS_CLIENT_VERSION, TlsVersion.nameBytes(offered), offered);
        if (hello.hasServerNameExtension() && hello.serverNameLength() > 0)
        {
            writer.put(Fields.TLS_CLIENT_SERVER_NAME, bytes, hello.serverNameOffset(), hello.serverNameLength());
        }
        for (int i = 0; i < hello.alpnCount(); i++)
        {
            writer.put(Fields.TLS_CLIENT_ALPN, bytes, hello.alpnOffset(i), hello.alpnLength(i));
        }
        for (int i = 0; i < hello.cipherSuiteCount(); i++)
        {
            final int suite = hello.cipherSuite(i);
            if (!Grease.isGrease(suite))
            {
                writeNameOrHex(writer, Fields.TLS_CLIENT_SUPPORTED_CIPHERS, CipherSuites.nameBytes(suite), suite);
            }
        }
        for (int i = 0; i < hello.supportedGroupCount(); i++)
        {
            final int group = hello.supportedGroup(i);
            if (!Grease.isGrease(group))
            {
                writeNameOrHex(writer, Fields.TLS_CLIENT_SUPPORTED_GROUPS, NamedGroups.nameBytes(group), group);
            }
        }
        if (ja3.computeJa3(hello))
        {
            writer.put(Fields.TLS_CLIENT_JA3, ja3.ja3(), 0, Ja3.HASH_LENGTH);
            writer.put(Fields.TLS_CLIENT_JA3_STRING, ja3.ja3Text(), 0, ja3.ja3TextLength());
        }
        if (ja4.compute(hello, Ja4.TRANSPORT_QUIC))
        {
            writer.put(Fields.TLS_CLIENT_JA4, ja4.fingerprint(), 0, Ja4.LENGTH);
        }
    }

    private static int highestOffered(final ClientHello hello)
    {
        int highest = 0;
        for (int i = 0; i < hello.supportedVersionCount(); i++)
        {
            final int version = hello.supportedVersion(i);
            if (!Grease.isGrease(version) && version > highest && version <= TlsVersion.TLS_1_3)
            {
                highest = version;
            }
        }
        return highest != 0 ? highest : hello.legacyVersion();
    }

    private void writeNameOrHex(final RecordWriter writer, final Field field, final byte[] name, final int code)
    {
        if (name != null)
        {
            writer.put(field, name, 0, name.length);
        }
        else
        {
            hex[0] = Hex.DIGITS[(code >>> 12) & 0xF];
            hex[1] = Hex.DIGITS[(code >>> 8) & 0xF];
            hex[2] = Hex.DIGITS[(code >>> 4) & 0xF];
            hex[3] = Hex.DIGITS[code & 0xF];
            writer.put(field, hex, 0, 4);
        }
    }
}
