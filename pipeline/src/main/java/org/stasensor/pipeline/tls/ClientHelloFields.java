package org.stasensor.pipeline.tls;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Writes the client fields of a ClientHello into a record: offered version, SNI, ALPN, cipher suites and groups
 * (IANA names, 4 hex digits for unknown codes, GREASE left out), JA3 and JA4. The one definition for TLS records
 * over TCP and QUIC records, which differ only in JA4's transport character. One instance per worker;
 * allocation-free.
 */
public final class ClientHelloFields
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Ja3 ja3 = new Ja3();
    private final Ja4 ja4 = new Ja4();
    private final byte[] hexScratch = new byte[4];

    /**
     * Writes the fields.
     *
     * @param writer       the record.
     * @param bytes        the buffer the hello was parsed from (its offsets point into it).
     * @param hello        the parsed hello.
     * @param ja4Transport {@link Ja4#TRANSPORT_TCP} or {@link Ja4#TRANSPORT_QUIC}.
     */
    public void write(final RecordWriter writer, final DirectBuffer bytes, final ClientHello hello,
        final byte ja4Transport)
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
        if (ja4.compute(hello, ja4Transport))
        {
            writer.put(Fields.TLS_CLIENT_JA4, ja4.fingerprint(), 0, Ja4.LENGTH);
        }
    }

    /**
     * A code's IANA name, or its 4 hex digits when it has none we know.
     *
     * @param writer the record.
     * @param field  the field.
     * @param name   the name, or null.
     * @param code   the 16-bit code.
     */
    public void writeNameOrHex(final RecordWriter writer, final Field field, final byte[] name, final int code)
    {
        if (name != null)
        {
            writer.put(field, name, 0, name.length);
        }
        else
        {
            writer.put(field, hex4(code), 0, 4);
        }
    }

    /**
     * Four lowercase hex digits of a 16-bit code, in a scratch array reused by the next call.
     *
     * @param value the code.
     * @return the scratch array.
     */
    public byte[] hex4(final int value)
    {
        hexScratch[0] = HEX[(value >>> 12) & 0xF];
        hexScratch[1] = HEX[(value >>> 8) & 0xF];
        hexScratch[2] = HEX[(value >>> 4) & 0xF];
        hexScratch[3] = HEX[value & 0xF];
        return hexScratch;
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
}
