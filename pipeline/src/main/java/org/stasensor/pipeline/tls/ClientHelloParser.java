package org.stasensor.pipeline.tls;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Parses a ClientHello into a {@link ClientHello} without allocating: a TLS or SSL 3.0 handshake message
 * (RFC 8446 4.1.2, RFC 5246 7.4.1.2), a DTLS one (RFC 6347 4.2.2, RFC 9147 5.3), or an SSL 2.0 style CLIENT-HELLO
 * (RFC 5246 Appendix E.2, RFC 6101 Appendix E). Every length is checked against the bytes really given; a message
 * whose framing does not add up (a length crossing its container, an odd cipher suite list, a session id over 32
 * bytes, bytes left after the extensions) makes the parse return false. The content of the decoded extensions is
 * checked too, but a fault there only sets a bit of {@link ClientHello#malformedExtensions()}, as Wireshark still
 * fingerprints such hellos.
 */
public final class ClientHelloParser
{
    /** HandshakeType client_hello (RFC 8446 4). */
    public static final int CLIENT_HELLO = 1;
    /** TLS handshake header: msg_type, 3-byte length (RFC 8446 4). */
    public static final int HEADER_LENGTH = 4;
    /** DTLS handshake header: msg_type, length, message_seq, fragment_offset, fragment_length (RFC 6347 4.2.2). */
    public static final int DTLS_HEADER_LENGTH = 12;
    /** Length of Random (RFC 8446 4.1.2). */
    public static final int RANDOM_LENGTH = 32;
    /** Longest legacy_session_id (RFC 8446 4.1.2). */
    public static final int MAX_SESSION_ID_LENGTH = 32;
    /** SSL 2.0 CLIENT-HELLO header after the 2-byte record length: type, version, three lengths (RFC 6101 E). */
    public static final int SSLV2_HELLO_HEADER_LENGTH = 9;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int SSLV2_SPEC_LENGTH = 3;
    private static final int MIN_SSLV2_CHALLENGE = 16;
    private static final int MAX_SSLV2_CHALLENGE = 32;

    private ClientHelloParser()
    {
    }

    /**
     * Parses a TLS handshake message that starts with its type byte (1) and 3-byte length.
     *
     * @param buffer holds the message.
     * @param offset where the type byte is.
     * @param length bytes given; at least the message's own length, which is what is parsed.
     * @param out    the holder; reset first.
     * @return true when the bytes are a well-framed ClientHello.
     */
    public static boolean parse(final DirectBuffer buffer, final int offset, final int length, final ClientHello out)
    {
        out.reset(buffer, offset, 0, ClientHello.FORM_TLS);
        if (!fits(buffer, offset, length) || length < HEADER_LENGTH
            || (buffer.getByte(offset) & 0xFF) != CLIENT_HELLO)
        {
            return false;
        }
        final int bodyLength = uint24(buffer, offset + 1);
        if (bodyLength > length - HEADER_LENGTH)
        {
            return false;
        }
        out.length = HEADER_LENGTH + bodyLength;
        return out.valid = body(buffer, offset + HEADER_LENGTH, offset + HEADER_LENGTH + bodyLength, false, out);
    }

    /**
     * Parses a DTLS handshake message (12-byte header); only an unfragmented message is accepted.
     *
     * @param buffer holds the message.
     * @param offset where the type byte is.
     * @param length bytes given.
     * @param out    the holder; reset first.
     * @return true when the bytes are a well-framed, whole DTLS ClientHello.
     */
    public static boolean parseDtls(
        final DirectBuffer buffer, final int offset, final int length, final ClientHello out)
    {
        out.reset(buffer, offset, 0, ClientHello.FORM_DTLS);
        if (!fits(buffer, offset, length) || length < DTLS_HEADER_LENGTH
            || (buffer.getByte(offset) & 0xFF) != CLIENT_HELLO)
        {
            return false;
        }
        final int bodyLength = uint24(buffer, offset + 1);
        final int fragmentOffset = uint24(buffer, offset + 6);
        final int fragmentLength = uint24(buffer, offset + 9);
        if (fragmentOffset != 0 || fragmentLength != bodyLength || bodyLength > length - DTLS_HEADER_LENGTH)
        {
            return false;
        }
        out.length = DTLS_HEADER_LENGTH + bodyLength;
        final int start = offset + DTLS_HEADER_LENGTH;
        return out.valid = body(buffer, start, start + bodyLength, true, out);
    }

    /**
     * Parses an SSL 2.0 style CLIENT-HELLO record, from its 2-byte record header (high bit set, RFC 5246 E.2):
     * msg_type 1, version, cipher_spec_length (a multiple of 3), session_id_length (at most 32),
     * challenge_length (16 to 32), then the specs, session id and challenge, which must fill the record exactly.
     * Specs whose first byte is zero are also held as TLS cipher suites.
     *
     * @param buffer holds the record.
     * @param offset where the 2-byte record header is.
     * @param length bytes given; at least the record's own length.
     * @param out    the holder; reset first.
     * @return true when the bytes are a well-formed SSL 2.0 CLIENT-HELLO.
     */
    public static boolean parseSslv2(
        final DirectBuffer buffer, final int offset, final int length, final ClientHello out)
    {
        out.reset(buffer, offset, 0, ClientHello.FORM_SSLV2);
        if (!fits(buffer, offset, length) || length < 2 + SSLV2_HELLO_HEADER_LENGTH)
        {
            return false;
        }
        final int header = buffer.getShort(offset, NET) & 0xFFFF;
        final int recordLength = header & 0x7FFF;
        if ((header & 0x8000) == 0 || recordLength > length - 2 || recordLength < SSLV2_HELLO_HEADER_LENGTH)
        {
            return false;
        }
        final int at = offset + 2;
        if ((buffer.getByte(at) & 0xFF) != CLIENT_HELLO)
        {
            return false;
        }
        final int specsLength = buffer.getShort(at + 3, NET) & 0xFFFF;
        final int sessionIdLength = buffer.getShort(at + 5, NET) & 0xFFFF;
        final int challengeLength = buffer.getShort(at + 7, NET) & 0xFFFF;
        if (specsLength % SSLV2_SPEC_LENGTH != 0 || sessionIdLength > MAX_SESSION_ID_LENGTH
            || challengeLength < MIN_SSLV2_CHALLENGE || challengeLength > MAX_SSLV2_CHALLENGE
            || SSLV2_HELLO_HEADER_LENGTH + specsLength + sessionIdLength + challengeLength != recordLength)
        {
            return false;
        }
        out.length = 2 + recordLength;
        out.legacyVersion = buffer.getShort(at + 1, NET) & 0xFFFF;
        out.cipherSuitesOffset = at + SSLV2_HELLO_HEADER_LENGTH;
        out.cipherSpecCount = specsLength / SSLV2_SPEC_LENGTH;
        for (int i = 0; i < out.cipherSpecCount; i++)
        {
            final int spec = out.cipherSpec(i);
            if ((spec >>> 16) == 0)
            {
                if (out.sslv2CipherSuitesSeen < ClientHello.MAX_SSLV2_CIPHER_SUITES)
                {
                    out.sslv2CipherSuites[out.sslv2CipherSuitesSeen] = spec;
                }
                out.sslv2CipherSuitesSeen++;
            }
        }
        out.cipherSuiteCount = Math.min(out.sslv2CipherSuitesSeen, ClientHello.MAX_SSLV2_CIPHER_SUITES);
        out.sessionIdOffset = out.cipherSuitesOffset + specsLength;
        out.sessionIdLength = sessionIdLength;
        out.randomOffset = out.sessionIdOffset + sessionIdLength;
        out.randomLength = challengeLength;
        return out.valid = true;
    }

    private static boolean body(
        final DirectBuffer buffer, final int start, final int end, final boolean dtls, final ClientHello out)
    {
        int at = start;
        if (end - at < 2 + RANDOM_LENGTH + 1)
        {
            return false;
        }
        out.legacyVersion = buffer.getShort(at, NET) & 0xFFFF;
        out.randomOffset = at + 2;
        out.randomLength = RANDOM_LENGTH;
        at += 2 + RANDOM_LENGTH;

        final int sessionIdLength = buffer.getByte(at) & 0xFF;
        if (sessionIdLength > MAX_SESSION_ID_LENGTH || end - at - 1 < sessionIdLength)
        {
            return false;
        }
        out.sessionIdOffset = at + 1;
        out.sessionIdLength = sessionIdLength;
        at += 1 + sessionIdLength;

        if (dtls)
        {
            if (end - at < 1)
            {
                return false;
            }
            final int cookieLength = buffer.getByte(at) & 0xFF;
            if (end - at - 1 < cookieLength)
            {
                return false;
            }
            out.cookieOffset = at + 1;
            out.cookieLength = cookieLength;
            at += 1 + cookieLength;
        }

        if (end - at < 2)
        {
            return false;
        }
        final int cipherSuitesLength = buffer.getShort(at, NET) & 0xFFFF;
        if ((cipherSuitesLength & 1) != 0 || end - at - 2 < cipherSuitesLength)
        {
            return false;
        }
        out.cipherSuitesOffset = at + 2;
        out.cipherSuiteCount = cipherSuitesLength >> 1;
        at += 2 + cipherSuitesLength;

        if (end - at < 1)
        {
            return false;
        }
        final int compressionLength = buffer.getByte(at) & 0xFF;
        if (end - at - 1 < compressionLength)
        {
            return false;
        }
        out.compressionMethodsOffset = at + 1;
        out.compressionMethodCount = compressionLength;
        at += 1 + compressionLength;

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
        return extensions(buffer, at + 2, end, out);
    }

    private static boolean extensions(final DirectBuffer buffer, final int start, final int end, final ClientHello out)
    {
        int at = start;
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
            if (index < ClientHello.MAX_EXTENSIONS)
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

    private static void decode(
        final DirectBuffer buffer, final int type, final int data, final int dataLength, final ClientHello out)
    {
        switch (type)
        {
            case ExtensionType.SERVER_NAME:
                if (!out.serverNameExtension)
                {
                    out.serverNameExtension = true;
                    serverName(buffer, data, dataLength, out);
                }
                break;
            case ExtensionType.ALPN:
                if (!out.alpnExtension)
                {
                    out.alpnExtension = true;
                    alpn(buffer, data, dataLength, out);
                }
                break;
            case ExtensionType.SUPPORTED_VERSIONS:
                if (!out.supportedVersionsExtension)
                {
                    out.supportedVersionsExtension = true;
                    out.supportedVersionsOffset = data + 1;
                    out.supportedVersionCount = listElementCount(buffer, data, dataLength, 1, 2);
                    out.malformedExtensions |=
                        listWellFormed(buffer, data, dataLength, 1, 2) ? 0 : ClientHello.MALFORMED_SUPPORTED_VERSIONS;
                }
                break;
            case ExtensionType.SUPPORTED_GROUPS:
                if (!out.supportedGroupsExtension)
                {
                    out.supportedGroupsExtension = true;
                    out.supportedGroupsOffset = data + 2;
                    out.supportedGroupCount = listElementCount(buffer, data, dataLength, 2, 2);
                    out.malformedExtensions |=
                        listWellFormed(buffer, data, dataLength, 2, 2) ? 0 : ClientHello.MALFORMED_SUPPORTED_GROUPS;
                }
                break;
            case ExtensionType.EC_POINT_FORMATS:
                if (!out.ecPointFormatsExtension)
                {
                    out.ecPointFormatsExtension = true;
                    out.ecPointFormatsOffset = data + 1;
                    out.ecPointFormatCount = listElementCount(buffer, data, dataLength, 1, 1);
                    out.malformedExtensions |=
                        listWellFormed(buffer, data, dataLength, 1, 1) ? 0 : ClientHello.MALFORMED_EC_POINT_FORMATS;
                }
                break;
            case ExtensionType.SIGNATURE_ALGORITHMS:
                if (!out.signatureAlgorithmsExtension)
                {
                    out.signatureAlgorithmsExtension = true;
                    out.signatureAlgorithmsOffset = data + 2;
                    out.signatureAlgorithmCount = listElementCount(buffer, data, dataLength, 2, 2);
                    out.malformedExtensions |= listWellFormed(buffer, data, dataLength, 2, 2)
                        ? 0 : ClientHello.MALFORMED_SIGNATURE_ALGORITHMS;
                }
                break;
            default:
                break;
        }
    }

    /**
     * RFC 6066 3: {@code ServerName server_name_list<1..2^16-1>}, each a NameType byte and a 2-byte length; the
     * first host_name (type 0) is kept.
     */
    private static void serverName(
        final DirectBuffer buffer, final int data, final int dataLength, final ClientHello out)
    {
        final int listEnd = data + 2 + listBytes(buffer, data, dataLength, 2);
        boolean wellFormed = listWellFormed(buffer, data, dataLength, 2, 1) && dataLength > 2;
        int at = data + 2;
        while (at < listEnd)
        {
            if (listEnd - at < 3)
            {
                wellFormed = false;
                break;
            }
            final int nameType = buffer.getByte(at) & 0xFF;
            final int nameLength = buffer.getShort(at + 1, NET) & 0xFFFF;
            if (listEnd - at - 3 < nameLength)
            {
                wellFormed = false;
                break;
            }
            if (nameType == 0 && out.serverNameLength < 0)
            {
                out.serverNameOffset = at + 3;
                out.serverNameLength = nameLength;
            }
            at += 3 + nameLength;
        }
        if (!wellFormed)
        {
            out.malformedExtensions |= ClientHello.MALFORMED_SERVER_NAME;
        }
    }

    /**
     * RFC 7301 3.1: {@code ProtocolName protocol_name_list<2..2^16-1>}, each {@code opaque ProtocolName<1..2^8-1>}.
     */
    private static void alpn(final DirectBuffer buffer, final int data, final int dataLength, final ClientHello out)
    {
        final int listEnd = data + 2 + listBytes(buffer, data, dataLength, 2);
        boolean wellFormed = listWellFormed(buffer, data, dataLength, 2, 1) && dataLength > 2;
        int at = data + 2;
        while (at < listEnd)
        {
            final int nameLength = buffer.getByte(at) & 0xFF;
            if (listEnd - at - 1 < nameLength)
            {
                wellFormed = false;
                break;
            }
            if (nameLength == 0)
            {
                wellFormed = false;
            }
            final int index = out.alpnCount++;
            if (index < ClientHello.MAX_ALPN_PROTOCOLS)
            {
                out.alpnOffsets[index] = at + 1;
                out.alpnLengths[index] = nameLength;
            }
            at += 1 + nameLength;
        }
        if (!wellFormed)
        {
            out.malformedExtensions |= ClientHello.MALFORMED_ALPN;
        }
    }

    /**
     * Bytes of a length-prefixed list that are really there: the declared length, cut to the extension data.
     *
     * @param buffer     holds the data.
     * @param data       where the extension data (the list's length prefix) starts.
     * @param dataLength extension data length.
     * @param prefix     size of the list's length prefix, 1 or 2.
     * @return usable list bytes, 0 when even the prefix is missing.
     */
    static int listBytes(final DirectBuffer buffer, final int data, final int dataLength, final int prefix)
    {
        if (dataLength < prefix)
        {
            return 0;
        }
        final int declared = prefix == 1 ? buffer.getByte(data) & 0xFF : buffer.getShort(data, NET) & 0xFFFF;
        return Math.min(declared, dataLength - prefix);
    }

    /**
     * Number of whole elements of a length-prefixed list of fixed-size elements that are really there.
     *
     * @param buffer     holds the data.
     * @param data       where the extension data starts.
     * @param dataLength extension data length.
     * @param prefix     size of the list's length prefix, 1 or 2.
     * @param element    size of one element.
     * @return complete elements.
     */
    static int listElementCount(
        final DirectBuffer buffer, final int data, final int dataLength, final int prefix, final int element)
    {
        return listBytes(buffer, data, dataLength, prefix) / element;
    }

    private static boolean listWellFormed(
        final DirectBuffer buffer, final int data, final int dataLength, final int prefix, final int element)
    {
        if (dataLength < prefix)
        {
            return false;
        }
        final int declared = prefix == 1 ? buffer.getByte(data) & 0xFF : buffer.getShort(data, NET) & 0xFFFF;
        return declared == dataLength - prefix && declared % element == 0;
    }

    static int uint24(final DirectBuffer buffer, final int offset)
    {
        return ((buffer.getByte(offset) & 0xFF) << 16) | (buffer.getShort(offset + 1, NET) & 0xFFFF);
    }

    static boolean fits(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer != null && offset >= 0 && length >= 0 && (long)offset + length <= buffer.capacity();
    }
}
