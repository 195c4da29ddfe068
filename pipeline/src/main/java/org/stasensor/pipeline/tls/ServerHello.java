package org.stasensor.pipeline.tls;

import org.agrona.DirectBuffer;

/**
 * What {@link ServerHelloParser} read from one ServerHello: a reusable holder keeping offsets into the parsed
 * message, valid while those bytes are unchanged.
 * <pre>
 *   struct {                                          (RFC 8446 4.1.3, RFC 5246 7.4.1.3)
 *       ProtocolVersion legacy_version;               2 bytes
 *       Random random;                                32 bytes
 *       opaque legacy_session_id_echo&lt;0..32&gt;;
 *       CipherSuite cipher_suite;                     2 bytes
 *       uint8 legacy_compression_method;
 *       Extension extensions&lt;6..2^16-1&gt;;            may be absent before TLS 1.3
 *   } ServerHello;
 * </pre>
 * A HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest") (RFC 8446 4.1.3); its key_share
 * carries only the group the server wants.
 */
public final class ServerHello
{
    /** Extensions whose type and data offsets are held; further ones are counted. */
    public static final int MAX_EXTENSIONS = 32;

    /** Downgrade marker: none. */
    public static final int DOWNGRADE_NONE = 0;
    /** Downgrade marker "DOWNGRD\1": a TLS 1.3 server negotiated TLS 1.2 (RFC 8446 4.1.3). */
    public static final int DOWNGRADE_TLS12 = 1;
    /** Downgrade marker "DOWNGRD\0": a TLS 1.3 server negotiated TLS 1.1 or below (RFC 8446 4.1.3). */
    public static final int DOWNGRADE_TLS11 = 2;

    DirectBuffer buffer;
    int offset;
    int length;
    boolean dtls;
    int legacyVersion;
    int randomOffset;
    int sessionIdOffset;
    int sessionIdLength;
    int cipherSuite;
    int compressionMethod;
    boolean extensionsPresent;
    int extensionsOffset;
    int extensionsLength;
    int extensionCount;
    final int[] extensionTypes = new int[MAX_EXTENSIONS];
    final int[] extensionDataOffsets = new int[MAX_EXTENSIONS];
    final int[] extensionDataLengths = new int[MAX_EXTENSIONS];
    int selectedVersion;
    int alpnOffset;
    int alpnLength;
    int keyShareGroup;
    boolean helloRetryRequest;
    int downgrade;
    boolean malformedExtension;
    boolean valid;

    void reset(final DirectBuffer buffer, final int offset, final boolean dtls)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = 0;
        this.dtls = dtls;
        legacyVersion = 0;
        randomOffset = 0;
        sessionIdOffset = 0;
        sessionIdLength = 0;
        cipherSuite = 0;
        compressionMethod = 0;
        extensionsPresent = false;
        extensionsOffset = 0;
        extensionsLength = 0;
        extensionCount = 0;
        selectedVersion = 0;
        alpnOffset = 0;
        alpnLength = -1;
        keyShareGroup = -1;
        helloRetryRequest = false;
        downgrade = DOWNGRADE_NONE;
        malformedExtension = false;
        valid = false;
    }

    /**
     * Whether the last parse into this holder succeeded.
     *
     * @return true after a successful parse.
     */
    public boolean isValid()
    {
        return valid;
    }

    /**
     * The buffer the message was parsed from.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the message starts (its handshake type byte).
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
     * Whether the message was parsed as DTLS.
     *
     * @return true for DTLS.
     */
    public boolean isDtls()
    {
        return dtls;
    }

    /**
     * The version field of the body (server_version; legacy_version, 0x0303, in TLS 1.3).
     *
     * @return e.g. 0x0303.
     */
    public int legacyVersion()
    {
        return legacyVersion;
    }

    /**
     * The version of supported_versions (RFC 8446 4.2.1), which TLS 1.3 servers send.
     *
     * @return the selected version, or 0 when the extension is absent.
     */
    public int selectedVersion()
    {
        return selectedVersion;
    }

    /**
     * The version the connection uses: {@link #selectedVersion()} when present, else {@link #legacyVersion()}.
     *
     * @return e.g. 0x0304.
     */
    public int negotiatedVersion()
    {
        return selectedVersion != 0 ? selectedVersion : legacyVersion;
    }

    /**
     * Where the 32-byte random starts.
     *
     * @return offset in {@link #buffer()}.
     */
    public int randomOffset()
    {
        return randomOffset;
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
     * The cipher suite the server chose.
     *
     * @return the 16-bit code point; see {@link CipherSuites#name(int)}.
     */
    public int cipherSuite()
    {
        return cipherSuite;
    }

    /**
     * The compression method the server chose.
     *
     * @return the method, 0 for null.
     */
    public int compressionMethod()
    {
        return compressionMethod;
    }

    /**
     * Whether the message has an extensions block.
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
     * Number of extensions.
     *
     * @return count; can exceed {@link #MAX_EXTENSIONS}.
     */
    public int extensionCount()
    {
        return extensionCount;
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
     * Where the ALPN protocol the server selected starts (RFC 7301 3.1: a list of exactly one name).
     *
     * @return offset in {@link #buffer()}.
     */
    public int alpnOffset()
    {
        return alpnOffset;
    }

    /**
     * Length of the selected ALPN protocol.
     *
     * @return bytes, or -1 when there is none.
     */
    public int alpnLength()
    {
        return alpnLength;
    }

    /**
     * The key_share group (RFC 8446 4.2.8): the server's share in a ServerHello, the group asked for in a
     * HelloRetryRequest.
     *
     * @return the group (see {@link NamedGroups}), or -1 when absent.
     */
    public int keyShareGroup()
    {
        return keyShareGroup;
    }

    /**
     * Whether this ServerHello is a HelloRetryRequest (RFC 8446 4.1.3 special random).
     *
     * @return true for a HelloRetryRequest.
     */
    public boolean isHelloRetryRequest()
    {
        return helloRetryRequest;
    }

    /**
     * The downgrade protection marker in the last 8 bytes of the random (RFC 8446 4.1.3).
     *
     * @return {@link #DOWNGRADE_NONE}, {@link #DOWNGRADE_TLS12} or {@link #DOWNGRADE_TLS11}.
     */
    public int downgrade()
    {
        return downgrade;
    }

    /**
     * Whether a decoded extension (supported_versions, ALPN, key_share) had inconsistent content; the message was
     * still parsed.
     *
     * @return true when one was malformed.
     */
    public boolean hasMalformedExtension()
    {
        return malformedExtension;
    }
}
