package org.stasensor.pipeline.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds hello messages byte by byte from the RFC layouts, for cases the corpus lacks, and writes them into a
 * capture tshark can read.
 */
final class HelloBytes
{
    private HelloBytes()
    {
    }

    static byte[] clientHello(final int version, final int[] ciphers, final byte[]... extensions)
    {
        return clientHello(version, ciphers, true, extensions);
    }

    /**
     * RFC 8446 4.1.2 ClientHello, with a 4-byte handshake header.
     *
     * @param version        legacy_version.
     * @param ciphers        cipher suites.
     * @param withExtensions whether the extensions block is written at all.
     * @param extensions     whole extensions (type, length, data), see {@link #extension}.
     * @return the message.
     */
    static byte[] clientHello(final int version, final int[] ciphers, final boolean withExtensions,
        final byte[]... extensions)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        body.writeBytes(new byte[32]);
        body.write(0);
        u16(body, ciphers.length * 2);
        for (final int cipher : ciphers)
        {
            u16(body, cipher);
        }
        body.write(1);
        body.write(0);
        if (withExtensions)
        {
            final byte[] block = concat(extensions);
            u16(body, block.length);
            body.writeBytes(block);
        }
        return handshake(ClientHelloParser.CLIENT_HELLO, body.toByteArray());
    }

    /**
     * RFC 8446 4.1.3 ServerHello.
     *
     * @param version    legacy_version.
     * @param cipher     cipher suite.
     * @param random     32 bytes.
     * @param extensions whole extensions, or null for no block.
     * @return the message.
     */
    static byte[] serverHello(final int version, final int cipher, final byte[] random, final byte[]... extensions)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        body.writeBytes(random);
        body.write(0);
        u16(body, cipher);
        body.write(0);
        if (extensions != null)
        {
            final byte[] block = concat(extensions);
            u16(body, block.length);
            body.writeBytes(block);
        }
        return handshake(ServerHelloParser.SERVER_HELLO, body.toByteArray());
    }

    static byte[] handshake(final int type, final byte[] body)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(body.length >>> 16);
        u16(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] extension(final int type, final byte[] data)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** RFC 6066 3: one host_name. */
    static byte[] serverName(final String host)
    {
        final byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        final ByteArrayOutputStream list = new ByteArrayOutputStream();
        list.write(0);
        u16(list, name.length);
        list.writeBytes(name);
        return extension(ExtensionType.SERVER_NAME, prefixed16(list.toByteArray()));
    }

    /** RFC 7301 3.1 protocol_name_list. */
    static byte[] alpn(final byte[]... protocols)
    {
        final ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (final byte[] protocol : protocols)
        {
            list.write(protocol.length);
            list.writeBytes(protocol);
        }
        return extension(ExtensionType.ALPN, prefixed16(list.toByteArray()));
    }

    static byte[] alpn(final String... protocols)
    {
        final byte[][] bytes = new byte[protocols.length][];
        for (int i = 0; i < protocols.length; i++)
        {
            bytes[i] = protocols[i].getBytes(StandardCharsets.US_ASCII);
        }
        return alpn(bytes);
    }

    static byte[] supportedVersions(final int... versions)
    {
        final ByteArrayOutputStream list = new ByteArrayOutputStream();
        list.write(versions.length * 2);
        for (final int version : versions)
        {
            u16(list, version);
        }
        return extension(ExtensionType.SUPPORTED_VERSIONS, list.toByteArray());
    }

    /** RFC 8446 4.2.1: a server's supported_versions holds the one selected version. */
    static byte[] selectedVersion(final int version)
    {
        return extension(ExtensionType.SUPPORTED_VERSIONS, new byte[]{(byte)(version >>> 8), (byte)version});
    }

    static byte[] supportedGroups(final int... groups)
    {
        return extension(ExtensionType.SUPPORTED_GROUPS, u16List(groups));
    }

    static byte[] signatureAlgorithms(final int... schemes)
    {
        return extension(ExtensionType.SIGNATURE_ALGORITHMS, u16List(schemes));
    }

    static byte[] pointFormats(final int... formats)
    {
        final ByteArrayOutputStream list = new ByteArrayOutputStream();
        list.write(formats.length);
        for (final int format : formats)
        {
            list.write(format);
        }
        return extension(ExtensionType.EC_POINT_FORMATS, list.toByteArray());
    }

    static byte[] u16List(final int... values)
    {
        final ByteArrayOutputStream list = new ByteArrayOutputStream();
        u16(list, values.length * 2);
        for (final int value : values)
        {
            u16(list, value);
        }
        return list.toByteArray();
    }

    /**
     * An SSL 2.0 CLIENT-HELLO record (RFC 6101 Appendix E, RFC 5246 E.2).
     *
     * @param version   client version.
     * @param specs     3-byte cipher specs.
     * @param challenge challenge bytes.
     * @return the record, from its 2-byte header.
     */
    static byte[] sslv2ClientHello(final int version, final int[] specs, final byte[] challenge)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(ClientHelloParser.CLIENT_HELLO);
        u16(body, version);
        u16(body, specs.length * 3);
        u16(body, 0);
        u16(body, challenge.length);
        for (final int spec : specs)
        {
            body.write(spec >>> 16);
            u16(body, spec & 0xFFFF);
        }
        body.writeBytes(challenge);
        final ByteArrayOutputStream record = new ByteArrayOutputStream();
        u16(record, 0x8000 | body.size());
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    /** A TLS handshake record (RFC 8446 5.1) around a message. */
    static byte[] record(final byte[] message)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(22);
        u16(out, 0x0301);
        u16(out, message.length);
        out.writeBytes(message);
        return out.toByteArray();
    }

    /**
     * Writes TCP payloads into a capture with text2pcap (client port 50000, server port 443).
     *
     * @param directory where to write.
     * @param payloads  one TCP segment each.
     * @return the capture.
     */
    static Path capture(final Path directory, final List<byte[]> payloads)
    {
        try
        {
            final StringBuilder dump = new StringBuilder();
            for (final byte[] payload : payloads)
            {
                dump.append("0000 ").append(HexFormat.ofDelimiter(" ").formatHex(payload)).append("\n\n");
            }
            final Path text = directory.resolve("hellos.txt");
            final Path capture = directory.resolve("hellos.pcap");
            Files.writeString(text, dump.toString());
            TsharkHandshakes.execute(List.of("text2pcap", "-q", "-T", "50000,443", text.toString(),
                capture.toString()));
            return capture;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] prefixed16(final byte[] data)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static void u16(final ByteArrayOutputStream out, final int value)
    {
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
    }
}
