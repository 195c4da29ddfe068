package org.stasensor.pipeline.tls;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * What {@link ClientHelloParser} read from one ClientHello: a reusable holder that keeps offsets into the parsed
 * message rather than copies, so that list elements are read where they lie. It is valid only while the bytes it was
 * parsed from are unchanged. Every list is in wire order, GREASE values included (fingerprints drop them).
 * <pre>
 *   struct {                                          (RFC 8446 4.1.2, RFC 5246 7.4.1.2)
 *       ProtocolVersion legacy_version;               2 bytes
 *       Random random;                                32 bytes
 *       opaque legacy_session_id&lt;0..32&gt;;
 *       opaque cookie&lt;0..2^8-1&gt;;                   DTLS only (RFC 6347 4.2.2)
 *       CipherSuite cipher_suites&lt;2..2^16-2&gt;;
 *       opaque legacy_compression_methods&lt;1..2^8-1&gt;;
 *       Extension extensions&lt;8..2^16-1&gt;;            absent in some SSL 3.0 / TLS 1.0 hellos
 *   } ClientHello;
 * </pre>
 * The first occurrence of each decoded extension is kept (RFC 8446 4.2 forbids repeats). An extension whose own
 * content is inconsistent leaves the hello parsed but sets its bit in {@link #malformedExtensions()}; its decoded
 * list then holds only the complete elements inside both its declared and its real length.
 * <p>
 * An SSL 2.0 style CLIENT-HELLO ({@link #isSslv2()}) has a version, 3-byte cipher specs, a session id and a
 * challenge (held as {@link #randomOffset()}/{@link #randomLength()}), and nothing else.
 */
public final class ClientHello
{
    /** Form: a TLS (or SSL 3.0) handshake message. */
    public static final int FORM_TLS = 0;
    /** Form: a DTLS handshake message (12-byte handshake header, cookie after the session id). */
    public static final int FORM_DTLS = 1;
    /** Form: an SSL 2.0 CLIENT-HELLO, or a version 3 hello in SSL 2.0 framing (RFC 5246 E.2). */
    public static final int FORM_SSLV2 = 2;

    /** Extensions whose type and data offsets are held; further ones are counted. */
    public static final int MAX_EXTENSIONS = 64;
    /** ALPN protocol names held; further ones are counted. */
    public static final int MAX_ALPN_PROTOCOLS = 16;
    /** TLS cipher suites held from SSL 2.0 cipher specs; further ones are counted. */
    public static final int MAX_SSLV2_CIPHER_SUITES = 512;

    /** Malformed-extension bit: server_name. */
    public static final int MALFORMED_SERVER_NAME = 1;
    /** Malformed-extension bit: application_layer_protocol_negotiation. */
    public static final int MALFORMED_ALPN = 1 << 1;
    /** Malformed-extension bit: supported_versions. */
    public static final int MALFORMED_SUPPORTED_VERSIONS = 1 << 2;
    /** Malformed-extension bit: supported_groups. */
    public static final int MALFORMED_SUPPORTED_GROUPS = 1 << 3;
    /** Malformed-extension bit: ec_point_formats. */
    public static final int MALFORMED_EC_POINT_FORMATS = 1 << 4;
    /** Malformed-extension bit: signature_algorithms. */
    public static final int MALFORMED_SIGNATURE_ALGORITHMS = 1 << 5;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    DirectBuffer buffer;
    int offset;
    int length;
    int form;
    int legacyVersion;
    int randomOffset;
    int randomLength;
    int sessionIdOffset;
    int sessionIdLength;
    int cookieOffset;
    int cookieLength;
    int cipherSuitesOffset;
    int cipherSuiteCount;
    int cipherSpecCount;
    final int[] sslv2CipherSuites = new int[MAX_SSLV2_CIPHER_SUITES];
    int sslv2CipherSuitesSeen;
    int compressionMethodsOffset;
    int compressionMethodCount;
    boolean extensionsPresent;
    int extensionsOffset;
    int extensionsLength;
    int extensionCount;
    final int[] extensionTypes = new int[MAX_EXTENSIONS];
    final int[] extensionDataOffsets = new int[MAX_EXTENSIONS];
    final int[] extensionDataLengths = new int[MAX_EXTENSIONS];
    boolean serverNameExtension;
    int serverNameOffset;
    int serverNameLength;
    boolean alpnExtension;
    int alpnCount;
    final int[] alpnOffsets = new int[MAX_ALPN_PROTOCOLS];
    final int[] alpnLengths = new int[MAX_ALPN_PROTOCOLS];
    boolean supportedVersionsExtension;
    int supportedVersionsOffset;
    int supportedVersionCount;
    boolean supportedGroupsExtension;
    int supportedGroupsOffset;
    int supportedGroupCount;
    boolean ecPointFormatsExtension;
    int ecPointFormatsOffset;
    int ecPointFormatCount;
    boolean signatureAlgorithmsExtension;
    int signatureAlgorithmsOffset;
    int signatureAlgorithmCount;
    int malformedExtensions;
    boolean valid;

    void reset(final DirectBuffer buffer, final int offset, final int length, final int form)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.form = form;
        legacyVersion = 0;
        randomOffset = 0;
        randomLength = 0;
        sessionIdOffset = 0;
        sessionIdLength = 0;
        cookieOffset = 0;
        cookieLength = 0;
        cipherSuitesOffset = 0;
        cipherSuiteCount = 0;
        cipherSpecCount = 0;
        sslv2CipherSuitesSeen = 0;
        compressionMethodsOffset = 0;
        compressionMethodCount = 0;
        extensionsPresent = false;
        extensionsOffset = 0;
        extensionsLength = 0;
        extensionCount = 0;
        serverNameExtension = false;
        serverNameOffset = 0;
        serverNameLength = -1;
        alpnExtension = false;
        alpnCount = 0;
        supportedVersionsExtension = false;
        supportedVersionsOffset = 0;
        supportedVersionCount = 0;
        supportedGroupsExtension = false;
        supportedGroupsOffset = 0;
        supportedGroupCount = 0;
        ecPointFormatsExtension = false;
        ecPointFormatsOffset = 0;
        ecPointFormatCount = 0;
        signatureAlgorithmsExtension = false;
        signatureAlgorithmsOffset = 0;
        signatureAlgorithmCount = 0;
        malformedExtensions = 0;
        valid = false;
    }

    /**
     * Whether the last parse into this holder succeeded; everything else is meaningless when it did not.
     *
     * @return true after a successful parse.
     */
    public boolean isValid()
    {
        return valid;
    }

    /**
     * The buffer the message was parsed from; offsets below index it.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the message starts (its handshake type byte, or the SSL 2.0 record header).
     *
     * @return offset in {@link #buffer()}.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Length of the message, header included.
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * How the hello was framed: {@link #FORM_TLS}, {@link #FORM_DTLS} or {@link #FORM_SSLV2}.
     *
     * @return the form.
     */
    public int form()
    {
        return form;
    }

    /**
     * Whether this is an SSL 2.0 style CLIENT-HELLO.
     *
     * @return true for SSL 2.0 framing.
     */
    public boolean isSslv2()
    {
        return form == FORM_SSLV2;
    }

    /**
     * The version field of the hello body (client_version, legacy_version in TLS 1.3; not the record version).
     *
     * @return e.g. 0x0303.
     */
    public int legacyVersion()
    {
        return legacyVersion;
    }

    /**
     * Where the 32-byte random (SSL 2.0: the challenge) starts.
     *
     * @return offset in {@link #buffer()}.
     */
    public int randomOffset()
    {
        return randomOffset;
    }

    /**
     * Length of the random: 32, or the SSL 2.0 challenge length (16 to 32).
     *
     * @return bytes.
     */
    public int randomLength()
    {
        return randomLength;
    }

    /**
     * Where the session id starts.
     *
     * @return offset in {@link #buffer()}.
     */
    public int sessionIdOffset()
    {
        return sessionIdOffset;
    }

    /**
     * Length of the session id, 0 to 32.
     *
     * @return bytes.
     */
    public int sessionIdLength()
    {
        return sessionIdLength;
    }

    /**
     * Where the DTLS cookie starts.
     *
     * @return offset in {@link #buffer()}.
     */
    public int cookieOffset()
    {
        return cookieOffset;
    }

    /**
     * Length of the DTLS cookie; 0 for TLS.
     *
     * @return bytes.
     */
    public int cookieLength()
    {
        return cookieLength;
    }

    /**
     * Number of cipher suites offered. For an SSL 2.0 hello: the cipher specs whose first byte is zero, which are
     * TLS cipher suites (RFC 5246 E.2); see {@link #cipherSpecCount()} for all specs.
     *
     * @return count, GREASE included.
     */
    public int cipherSuiteCount()
    {
        return cipherSuiteCount;
    }

    /**
     * A cipher suite by position. For an SSL 2.0 hello only the first {@link #MAX_SSLV2_CIPHER_SUITES} are held.
     *
     * @param index 0 to {@link #cipherSuiteCount()} - 1.
     * @return the 16-bit code point.
     */
    public int cipherSuite(final int index)
    {
        if (form == FORM_SSLV2)
        {
            return sslv2CipherSuites[index];
        }
        return buffer.getShort(cipherSuitesOffset + (index << 1), NET) & 0xFFFF;
    }

    /**
     * Whether an SSL 2.0 hello offered more TLS cipher suites than are held.
     *
     * @return true when {@link #cipherSuite(int)} does not reach all of them.
     */
    public boolean cipherSuitesTruncated()
    {
        return form == FORM_SSLV2 && sslv2CipherSuitesSeen > MAX_SSLV2_CIPHER_SUITES;
    }

    /**
     * Number of 3-byte cipher specs of an SSL 2.0 hello.
     *
     * @return count; 0 for TLS and DTLS.
     */
    public int cipherSpecCount()
    {
        return cipherSpecCount;
    }

    /**
     * An SSL 2.0 cipher spec by position (RFC 6101 Appendix E: a TLS suite is 0x00 followed by its two bytes).
     *
     * @param index 0 to {@link #cipherSpecCount()} - 1.
     * @return the 24-bit value.
     */
    public int cipherSpec(final int index)
    {
        final int at = cipherSuitesOffset + index * 3;
        return ((buffer.getByte(at) & 0xFF) << 16) | (buffer.getShort(at + 1, NET) & 0xFFFF);
    }

    /**
     * Number of compression methods.
     *
     * @return count.
     */
    public int compressionMethodCount()
    {
        return compressionMethodCount;
    }

    /**
     * A compression method by position.
     *
     * @param index 0 to {@link #compressionMethodCount()} - 1.
     * @return the method, 0 for null.
     */
    public int compressionMethod(final int index)
    {
        return buffer.getByte(compressionMethodsOffset + index) & 0xFF;
    }

    /**
     * Whether the hello has an extensions block at all (it may be absent before TLS 1.2, RFC 5246 7.4.1.2).
     *
     * @return true when present, even if empty.
     */
    public boolean hasExtensions()
    {
        return extensionsPresent;
    }

    /**
     * Where the extensions start, after the block's 2-byte length.
     *
     * @return offset in {@link #buffer()}.
     */
    public int extensionsOffset()
    {
        return extensionsOffset;
    }

    /**
     * Length of the extensions, without the block's 2-byte length.
     *
     * @return bytes.
     */
    public int extensionsLength()
    {
        return extensionsLength;
    }

    /**
     * Number of extensions, GREASE included.
     *
     * @return count; can exceed {@link #MAX_EXTENSIONS}.
     */
    public int extensionCount()
    {
        return extensionCount;
    }

    /**
     * Whether there are more extensions than are held by position.
     *
     * @return true when {@link #extensionType(int)} does not reach all of them.
     */
    public boolean extensionsTruncated()
    {
        return extensionCount > MAX_EXTENSIONS;
    }

    /**
     * An extension type by position.
     *
     * @param index 0 to min({@link #extensionCount()}, {@link #MAX_EXTENSIONS}) - 1.
     * @return the type.
     */
    public int extensionType(final int index)
    {
        return extensionTypes[index];
    }

    /**
     * Where an extension's data starts.
     *
     * @param index as for {@link #extensionType(int)}.
     * @return offset in {@link #buffer()}.
     */
    public int extensionDataOffset(final int index)
    {
        return extensionDataOffsets[index];
    }

    /**
     * Length of an extension's data.
     *
     * @param index as for {@link #extensionType(int)}.
     * @return bytes.
     */
    public int extensionDataLength(final int index)
    {
        return extensionDataLengths[index];
    }

    /**
     * Whether an extension of a type is present, wherever it is in the block.
     *
     * @param type the extension type.
     * @return true when present.
     */
    public boolean hasExtension(final int type)
    {
        if (!extensionsPresent)
        {
            return false;
        }
        int at = extensionsOffset;
        final int end = extensionsOffset + extensionsLength;
        while (at + 4 <= end)
        {
            if ((buffer.getShort(at, NET) & 0xFFFF) == type)
            {
                return true;
            }
            at += 4 + (buffer.getShort(at + 2, NET) & 0xFFFF);
        }
        return false;
    }

    /**
     * Bits {@code MALFORMED_*} of the decoded extensions whose content was inconsistent.
     *
     * @return the bits; 0 when all were well formed.
     */
    public int malformedExtensions()
    {
        return malformedExtensions;
    }

    /**
     * Whether a server_name extension is present (JA4 counts that, whatever its content).
     *
     * @return true when present.
     */
    public boolean hasServerNameExtension()
    {
        return serverNameExtension;
    }

    /**
     * Where the first host_name of the server_name extension starts (RFC 6066 3).
     *
     * @return offset in {@link #buffer()}.
     */
    public int serverNameOffset()
    {
        return serverNameOffset;
    }

    /**
     * Length of the first host_name; -1 when there is none.
     *
     * @return bytes, or -1.
     */
    public int serverNameLength()
    {
        return serverNameLength;
    }

    /**
     * Whether an application_layer_protocol_negotiation extension is present.
     *
     * @return true when present.
     */
    public boolean hasAlpnExtension()
    {
        return alpnExtension;
    }

    /**
     * Number of ALPN protocol names offered.
     *
     * @return count; can exceed {@link #MAX_ALPN_PROTOCOLS}.
     */
    public int alpnCount()
    {
        return alpnCount;
    }

    /**
     * Where an ALPN protocol name starts.
     *
     * @param index 0 to min({@link #alpnCount()}, {@link #MAX_ALPN_PROTOCOLS}) - 1.
     * @return offset in {@link #buffer()}.
     */
    public int alpnOffset(final int index)
    {
        return alpnOffsets[index];
    }

    /**
     * Length of an ALPN protocol name.
     *
     * @param index as for {@link #alpnOffset(int)}.
     * @return bytes (0 only in a malformed list).
     */
    public int alpnLength(final int index)
    {
        return alpnLengths[index];
    }

    /**
     * Whether a supported_versions extension is present.
     *
     * @return true when present.
     */
    public boolean hasSupportedVersionsExtension()
    {
        return supportedVersionsExtension;
    }

    /**
     * Number of versions in supported_versions.
     *
     * @return count, GREASE included.
     */
    public int supportedVersionCount()
    {
        return supportedVersionCount;
    }

    /**
     * A supported version by position.
     *
     * @param index 0 to {@link #supportedVersionCount()} - 1.
     * @return the version.
     */
    public int supportedVersion(final int index)
    {
        return buffer.getShort(supportedVersionsOffset + (index << 1), NET) & 0xFFFF;
    }

    /**
     * Whether a supported_groups extension is present.
     *
     * @return true when present.
     */
    public boolean hasSupportedGroupsExtension()
    {
        return supportedGroupsExtension;
    }

    /**
     * Number of named groups in supported_groups.
     *
     * @return count, GREASE included.
     */
    public int supportedGroupCount()
    {
        return supportedGroupCount;
    }

    /**
     * A named group by position.
     *
     * @param index 0 to {@link #supportedGroupCount()} - 1.
     * @return the group, see {@link NamedGroups}.
     */
    public int supportedGroup(final int index)
    {
        return buffer.getShort(supportedGroupsOffset + (index << 1), NET) & 0xFFFF;
    }

    /**
     * Whether an ec_point_formats extension is present.
     *
     * @return true when present.
     */
    public boolean hasEcPointFormatsExtension()
    {
        return ecPointFormatsExtension;
    }

    /**
     * Number of EC point formats.
     *
     * @return count.
     */
    public int ecPointFormatCount()
    {
        return ecPointFormatCount;
    }

    /**
     * An EC point format by position.
     *
     * @param index 0 to {@link #ecPointFormatCount()} - 1.
     * @return the format, 0 for uncompressed.
     */
    public int ecPointFormat(final int index)
    {
        return buffer.getByte(ecPointFormatsOffset + index) & 0xFF;
    }

    /**
     * Whether a signature_algorithms extension is present.
     *
     * @return true when present.
     */
    public boolean hasSignatureAlgorithmsExtension()
    {
        return signatureAlgorithmsExtension;
    }

    /**
     * Number of signature schemes in signature_algorithms.
     *
     * @return count, GREASE included.
     */
    public int signatureAlgorithmCount()
    {
        return signatureAlgorithmCount;
    }

    /**
     * A signature scheme by position, in the client's order of preference.
     *
     * @param index 0 to {@link #signatureAlgorithmCount()} - 1.
     * @return the scheme, e.g. 0x0403 ecdsa_secp256r1_sha256.
     */
    public int signatureAlgorithm(final int index)
    {
        return buffer.getShort(signatureAlgorithmsOffset + (index << 1), NET) & 0xFFFF;
    }
}
