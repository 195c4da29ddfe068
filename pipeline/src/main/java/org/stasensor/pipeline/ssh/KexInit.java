package org.stasensor.pipeline.ssh;

import org.agrona.DirectBuffer;

/**
 * What {@link KexInitParser} read from one SSH_MSG_KEXINIT payload: a reusable holder keeping offsets into the
 * parsed bytes, valid while those bytes are unchanged. Name-lists are views (offset, length) of comma-separated
 * US-ASCII names (RFC 4251 5), never copied.
 * <pre>
 *   byte         SSH_MSG_KEXINIT (20)                                  (RFC 4253 7.1)
 *   byte[16]     cookie (random bytes)
 *   name-list    kex_algorithms                              {@link #KEX}
 *   name-list    server_host_key_algorithms                  {@link #HOST_KEY}
 *   name-list    encryption_algorithms_client_to_server      {@link #CIPHER_C2S}
 *   name-list    encryption_algorithms_server_to_client      {@link #CIPHER_S2C}
 *   name-list    mac_algorithms_client_to_server             {@link #MAC_C2S}
 *   name-list    mac_algorithms_server_to_client             {@link #MAC_S2C}
 *   name-list    compression_algorithms_client_to_server     {@link #COMPRESSION_C2S}
 *   name-list    compression_algorithms_server_to_client     {@link #COMPRESSION_S2C}
 *   name-list    languages_client_to_server                  {@link #LANGUAGE_C2S}
 *   name-list    languages_server_to_client                  {@link #LANGUAGE_S2C}
 *   boolean      first_kex_packet_follows
 *   uint32       0 (reserved for future extension)
 * </pre>
 * A name-list is a uint32 length and that many bytes (RFC 4251 5).
 */
public final class KexInit
{
    /** Index of kex_algorithms. */
    public static final int KEX = 0;
    /** Index of server_host_key_algorithms. */
    public static final int HOST_KEY = 1;
    /** Index of encryption_algorithms_client_to_server. */
    public static final int CIPHER_C2S = 2;
    /** Index of encryption_algorithms_server_to_client. */
    public static final int CIPHER_S2C = 3;
    /** Index of mac_algorithms_client_to_server. */
    public static final int MAC_C2S = 4;
    /** Index of mac_algorithms_server_to_client. */
    public static final int MAC_S2C = 5;
    /** Index of compression_algorithms_client_to_server. */
    public static final int COMPRESSION_C2S = 6;
    /** Index of compression_algorithms_server_to_client. */
    public static final int COMPRESSION_S2C = 7;
    /** Index of languages_client_to_server. */
    public static final int LANGUAGE_C2S = 8;
    /** Index of languages_server_to_client. */
    public static final int LANGUAGE_S2C = 9;
    /** Number of name-lists. */
    public static final int NAME_LISTS = 10;
    /** Length of the cookie. */
    public static final int COOKIE_LENGTH = 16;

    DirectBuffer buffer;
    int offset;
    int length;
    final int[] listOffsets = new int[NAME_LISTS];
    final int[] listLengths = new int[NAME_LISTS];
    boolean firstKexPacketFollows;
    int reserved;
    boolean namesMalformed;
    boolean valid;

    void reset(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        length = 0;
        for (int i = 0; i < NAME_LISTS; i++)
        {
            listOffsets[i] = 0;
            listLengths[i] = 0;
        }
        firstKexPacketFollows = false;
        reserved = 0;
        namesMalformed = false;
        valid = false;
    }

    /**
     * Whether the last parse succeeded; everything else is meaningless when it did not.
     *
     * @return true after a successful parse.
     */
    public boolean isValid()
    {
        return valid;
    }

    /**
     * The buffer the payload was parsed from.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the payload starts (its message number).
     *
     * @return offset in {@link #buffer()}.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Bytes of the payload read, up to and including the reserved field; the payload may hold more.
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * Where the 16-byte cookie starts.
     *
     * @return offset in {@link #buffer()}.
     */
    public int cookieOffset()
    {
        return offset + 1;
    }

    /**
     * Where a name-list's text starts (after its length field).
     *
     * @param list one of {@link #KEX} .. {@link #LANGUAGE_S2C}.
     * @return offset in {@link #buffer()}.
     */
    public int listOffset(final int list)
    {
        return listOffsets[list];
    }

    /**
     * Length of a name-list's text.
     *
     * @param list one of {@link #KEX} .. {@link #LANGUAGE_S2C}.
     * @return bytes; 0 for an empty list.
     */
    public int listLength(final int list)
    {
        return listLengths[list];
    }

    /**
     * first_kex_packet_follows: the sender guessed the key exchange and sends its first packet without waiting.
     *
     * @return the boolean (any non-zero byte is true, RFC 4251 5).
     */
    public boolean firstKexPacketFollows()
    {
        return firstKexPacketFollows;
    }

    /**
     * The reserved uint32, which RFC 4253 7.1 fixes at 0.
     *
     * @return its value as a signed int.
     */
    public int reserved()
    {
        return reserved;
    }

    /**
     * Whether some name-list breaks RFC 4251 5: an empty name (two commas, or a comma at an end), a name over 64
     * characters, or a byte outside printable US-ASCII. The lists are still held and fingerprinted as sent.
     *
     * @return true when some list is not well formed.
     */
    public boolean namesMalformed()
    {
        return namesMalformed;
    }
}
