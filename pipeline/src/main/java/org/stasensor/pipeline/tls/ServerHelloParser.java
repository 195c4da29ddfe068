package org.stasensor.pipeline.tls;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Parses a ServerHello (RFC 8446 4.1.3, RFC 5246 7.4.1.3; DTLS: RFC 6347 4.2.2) into a {@link ServerHello} without
 * allocating. A message whose framing does not add up makes the parse return false; inconsistent content of a
 * decoded extension only sets {@link ServerHello#hasMalformedExtension()}.
 */
public final class ServerHelloParser
{
    /** HandshakeType server_hello (RFC 8446 4). */
    public static final int SERVER_HELLO = 2;

    /** The random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 4.1.3). */
    private static final byte[] HELLO_RETRY_REQUEST_RANDOM = {
        (byte)0xCF, (byte)0x21, (byte)0xAD, (byte)0x74, (byte)0xE5, (byte)0x9A, (byte)0x61, (byte)0x11,
        (byte)0xBE, (byte)0x1D, (byte)0x8C, (byte)0x02, (byte)0x1E, (byte)0x65, (byte)0xB8, (byte)0x91,
        (byte)0xC2, (byte)0xA2, (byte)0x11, (byte)0x16, (byte)0x7A, (byte)0xBB, (byte)0x8C, (byte)0x5E,
        (byte)0x07, (byte)0x9E, (byte)0x09, (byte)0xE2, (byte)0xC8, (byte)0xA8, (byte)0x33, (byte)0x9C};
    /** "DOWNGRD" then 0x01 or 0x00, the last 8 bytes of a downgrading TLS 1.3 server's random (RFC 8446 4.1.3). */
    private static final long DOWNGRADE_PREFIX = 0x444F574E475244L;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int RANDOM_LENGTH = ClientHelloParser.RANDOM_LENGTH;

    private ServerHelloParser()
    {
    }

    /**
     * Parses a TLS handshake message that starts with its type byte (2) and 3-byte length.
     *
     * @param buffer holds the message.
     * @param offset where the type byte is.
     * @param length bytes given; at least the message's own length.
     * @param out    the holder; reset first.
     * @return true when the bytes are a well-framed ServerHello.
     */
    public static boolean parse(final DirectBuffer buffer, final int offset, final int length, final ServerHello out)
    {
        out.reset(buffer, offset, false);
        if (!ClientHelloParser.fits(buffer, offset, length) || length < ClientHelloParser.HEADER_LENGTH
            || (buffer.getByte(offset) & 0xFF) != SERVER_HELLO)
        {
            return false;
        }
        final int bodyLength = ClientHelloParser.uint24(buffer, offset + 1);
        if (bodyLength > length - ClientHelloParser.HEADER_LENGTH)
        {
            return false;
        }
        out.length = ClientHelloParser.HEADER_LENGTH + bodyLength;
        final int start = offset + ClientHelloParser.HEADER_LENGTH;
        return out.valid = body(buffer, start, start + bodyLength, out);
    }

    /**
     * Parses a DTLS handshake message (12-byte header); only an unfragmented message is accepted.
     *
     * @param buffer holds the message.
     * @param offset where the type byte is.
     * @param length bytes given.
     * @param out    the holder; reset first.
     * @return true when the bytes are a well-framed, whole DTLS ServerHello.
     */
    public static boolean parseDtls(
        final DirectBuffer buffer, final int offset, final int length, final ServerHello out)
    {
        out.reset(buffer, offset, true);
        if (!ClientHelloParser.fits(buffer, offset, length) || length < ClientHelloParser.DTLS_HEADER_LENGTH
            || (buffer.getByte(offset) & 0xFF) != SERVER_HELLO)
        {
            return false;
        }
        final int bodyLength = ClientHelloParser.uint24(buffer, offset + 1);
        final int fragmentOffset = ClientHelloParser.uint24(buffer, offset + 6);
        final int fragmentLength = ClientHelloParser.uint24(buffer, offset + 9);
        if (fragmentOffset != 0 || fragmentLength != bodyLength
            || bodyLength > length - ClientHelloParser.DTLS_HEADER_LENGTH)
        {
            return false;
        }
        out.length = ClientHelloParser.DTLS_HEADER_LENGTH + bodyLength;
        final int start = offset + ClientHelloParser.DTLS_HEADER_LENGTH;
        return out.valid = body(buffer, start, start + bodyLength, out);
    }

    private static boolean body(final DirectBuffer buffer, final int start, final int end, final ServerHello out)
    {
        int at = start;
        if (end - at < 2 + RANDOM_LENGTH + 1)
        {
            return false;
        }
        out.legacyVersion = buffer.getShort(at, NET) & 0xFFFF;
        out.randomOffset = at + 2;
        random(buffer, at + 2, out);
        at += 2 + RANDOM_LENGTH;

        final int sessionIdLength = buffer.getByte(at) & 0xFF;
        if (sessionIdLength > ClientHelloParser.MAX_SESSION_ID_LENGTH || end - at - 1 < sessionIdLength + 3)
        {
            return false;
        }
        out.sessionIdOffset = at + 1;
        out.sessionIdLength = sessionIdLength;
        at += 1 + sessionIdLength;
        out.cipherSuite = buffer.getShort(at, NET) & 0xFFFF;
        out.compressionMethod = buffer.getByte(at + 2) & 0xFF;
        at += 3;

        if (at == end)
        {
            return true;
        }
        if (end - at < 2)
        {
            return false;
        }
        final int extensionsLength = buffer.getShort(at, NET) & 0xFFFF;
        if (end - at - 2 != extensionsLength)
        {
            return false;
        }
        out.extensionsPresent = true;
        out.extensionsOffset = at + 2;
        out.extensionsLength = extensionsLength;
        at += 2;
        while (at < end)
        {
            if (end - at < 4)
            {
                return false;
            }
            final int type = buffer.getShort(at, NET) & 0xFFFF;
            final int dataLength = buffer.getShort(at + 2, NET) & 0xFFFF;
            final int data = at + 4;
            if (end - data < dataLength)
            {
                return false;
            }
            final int index = out.extensionCount++;
            if (index < ServerHello.MAX_EXTENSIONS)
            {
                out.extensionTypes[index] = type;
                out.extensionDataOffsets[index] = data;
                out.extensionDataLengths[index] = dataLength;
            }
            decode(buffer, type, data, dataLength, out);
            at = data + dataLength;
        }
        return true;
    }

    private static void random(final DirectBuffer buffer, final int random, final ServerHello out)
    {
        boolean retry = true;
        for (int i = 0; i < RANDOM_LENGTH && retry; i++)
        {
            retry = buffer.getByte(random + i) == HELLO_RETRY_REQUEST_RANDOM[i];
        }
        out.helloRetryRequest = retry;
        final long tail = buffer.getLong(random + RANDOM_LENGTH - 8, NET);
        if ((tail >>> 8) == DOWNGRADE_PREFIX)
        {
            final int last = (int)(tail & 0xFF);
            out.downgrade = last == 1 ? ServerHello.DOWNGRADE_TLS12
                : last == 0 ? ServerHello.DOWNGRADE_TLS11 : ServerHello.DOWNGRADE_NONE;
        }
    }

    private static void decode(
        final DirectBuffer buffer, final int type, final int data, final int dataLength, final ServerHello out)
    {
        switch (type)
        {
            case ExtensionType.SUPPORTED_VERSIONS:
                // RFC 8446 4.2.1: the server's extension holds the one selected version.
                if (dataLength == 2 && out.selectedVersion == 0)
                {
                    out.selectedVersion = buffer.getShort(data, NET) & 0xFFFF;
                }
                else
                {
                    out.malformedExtension = true;
                }
                break;
            case ExtensionType.ALPN:
                alpn(buffer, data, dataLength, out);
                break;
            case ExtensionType.KEY_SHARE:
                keyShare(buffer, data, dataLength, out);
                break;
            default:
                break;
        }
    }

    /** RFC 7301 3.1: the server's protocol_name_list has exactly one ProtocolName. */
    private static void alpn(final DirectBuffer buffer, final int data, final int dataLength, final ServerHello out)
    {
        if (out.alpnLength >= 0)
        {
            out.malformedExtension = true;
            return;
        }
        if (dataLength < 3)
        {
            out.malformedExtension = true;
            return;
        }
        final int listLength = buffer.getShort(data, NET) & 0xFFFF;
        final int nameLength = buffer.getByte(data + 2) & 0xFF;
        if (nameLength <= dataLength - 3)
        {
            out.alpnOffset = data + 3;
            out.alpnLength = nameLength;
        }
        if (listLength != dataLength - 2 || nameLength != listLength - 1 || nameLength == 0)
        {
            out.malformedExtension = true;
        }
    }

    /**
     * RFC 8446 4.2.8: a ServerHello's key_share is one KeyShareEntry (group, key_exchange&lt;1..2^16-1&gt;); a
     * HelloRetryRequest's is the selected NamedGroup alone.
     */
    private static void keyShare(
        final DirectBuffer buffer, final int data, final int dataLength, final ServerHello out)
    {
        if (dataLength < 2 || out.keyShareGroup >= 0)
        {
            out.malformedExtension = true;
            return;
        }
        out.keyShareGroup = buffer.getShort(data, NET) & 0xFFFF;
        final boolean wellFormed = out.helloRetryRequest
            ? dataLength == 2
            : dataLength >= 4 && (buffer.getShort(data + 2, NET) & 0xFFFF) == dataLength - 4 && dataLength > 4;
        if (!wellFormed)
        {
            out.malformedExtension = true;
        }
    }
}
