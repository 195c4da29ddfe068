package org.stasensor.pipeline.flow;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Community ID flow hash, version 1, as published by Corelight (https://github.com/corelight/community-id-spec):
 * {@code "1:" + base64(SHA-1(seed . saddr . daddr . proto . 0 . sport . dport))} with every part in network byte
 * order, the seed in 2 bytes, and the endpoints ordered so that the numerically smaller (address, port) comes first.
 * Zeek, Suricata, Wireshark and Elastic compute the same value, so records join their logs on it.
 * <pre>
 *  hash input (IPv4: 16 bytes of addresses, IPv6: 32)
 *  +--------+-------------+-------------+-------+-----+--------+--------+
 *  | seed 2 | smaller ip  | larger ip   | proto | 0   | port 2 | port 2 |
 *  +--------+-------------+-------------+-------+-----+--------+--------+
 *                                                     (ports only for TCP, UDP, SCTP)
 * </pre>
 * Covered: TCP (6), UDP (17) and SCTP (132) with ports, and other IP protocols without ports, as the spec says.
 * Not covered: ICMP (1) and ICMPv6 (58), whose type/code to port mapping the spec takes from Zeek; the sensor's
 * records are TCP and UDP only, so {@link #compute} returns false for them rather than a value that would not join.
 * <p>
 * Not thread-safe: it keeps its SHA-1 instance and buffers, so use one per enrichment thread. Nothing is allocated per
 * call.
 */
public final class CommunityId
{
    /** Length of a v1 id: "1:" and 28 characters of padded base64 of 20 bytes. */
    public static final int LENGTH = 30;

    /** IANA protocol numbers. */
    private static final int ICMP = 1;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMPV6 = 58;
    private static final int SCTP = 132;

    private static final int SHA1_LENGTH = 20;
    private static final byte[] BASE64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha1;
    private final int seed;
    private final byte[] input = new byte[2 + 16 + 16 + 2 + 2 + 2];
    private final byte[] digest = new byte[SHA1_LENGTH];
    private final byte[] id = new byte[LENGTH];

    /**
     * With seed 0, the default of every implementation.
     */
    public CommunityId()
    {
        this(0);
    }

    /**
     * With a seed; all parties that are to join on the id must use the same one.
     *
     * @param seed 0..65535.
     */
    public CommunityId(final int seed)
    {
        if (seed < 0 || seed > 0xFFFF)
        {
            throw new IllegalArgumentException("community id seed must be 0..65535, was " + seed);
        }
        this.seed = seed;
        try
        {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform must provide SHA-1", ex);
        }
        id[0] = '1';
        id[1] = ':';
    }

    /**
     * Computes the id of a connection into {@link #id()}.
     *
     * @param ipVersion          4 or 6.
     * @param protocol           IP protocol number.
     * @param addresses          buffer holding both addresses.
     * @param sourceOffset       offset of the source address (4 or 16 bytes).
     * @param destinationOffset  offset of the destination address.
     * @param sourcePort         source port (ignored for protocols without ports).
     * @param destinationPort    destination port.
     * @return false when the id is not defined here (ICMP, ICMPv6, unknown IP version); {@link #id()} is then stale.
     */
    public boolean compute(final int ipVersion, final int protocol, final DirectBuffer addresses,
        final int sourceOffset, final int destinationOffset, final int sourcePort, final int destinationPort)
    {
        if ((ipVersion != 4 && ipVersion != 6) || protocol == ICMP || protocol == ICMPV6 || protocol < 0
            || protocol > 0xFF)
        {
            return false;
        }
        final int addressLength = ipVersion == 6 ? 16 : 4;
        final boolean ports = protocol == TCP || protocol == UDP || protocol == SCTP;
        final int order = compare(addresses, sourceOffset, destinationOffset, addressLength);
        final boolean keep = order < 0 || (order == 0 && (!ports || sourcePort <= destinationPort));
        int at = 0;
        input[at++] = (byte)(seed >>> 8);
        input[at++] = (byte)seed;
        at = copy(addresses, keep ? sourceOffset : destinationOffset, addressLength, at);
        at = copy(addresses, keep ? destinationOffset : sourceOffset, addressLength, at);
        input[at++] = (byte)protocol;
        input[at++] = 0;
        if (ports)
        {
            final int first = keep ? sourcePort : destinationPort;
            final int second = keep ? destinationPort : sourcePort;
            input[at++] = (byte)(first >>> 8);
            input[at++] = (byte)first;
            input[at++] = (byte)(second >>> 8);
            input[at++] = (byte)second;
        }
        sha1.update(input, 0, at);
        try
        {
            sha1.digest(digest, 0, SHA1_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException("SHA-1 digest buffer too small", ex);
        }
        encodeBase64();
        return true;
    }

    /**
     * Computes the id of the connection in a record's header.
     *
     * @param record a record positioned anywhere.
     * @return false when the record has no connection or the id is not defined for its protocol.
     */
    public boolean compute(final RecordReader record)
    {
        return compute(record.ipVersion(), record.transport(), record.buffer(), record.sourceAddressOffset(),
            record.destinationAddressOffset(), record.sourcePort(), record.destinationPort());
    }

    /**
     * Computes the id of the record's connection and appends {@link Fields#NETWORK_COMMUNITY_ID}.
     *
     * @param record the record.
     * @param out    writer resumed at the record's end.
     * @return whether the field was appended.
     */
    public boolean append(final RecordReader record, final RecordWriter out)
    {
        if (!compute(record))
        {
            return false;
        }
        out.put(Fields.NETWORK_COMMUNITY_ID, id, 0, LENGTH);
        return true;
    }

    /**
     * The last id computed, ASCII, {@link #LENGTH} bytes; overwritten by the next call.
     *
     * @return the reused array.
     */
    public byte[] id()
    {
        return id;
    }

    /**
     * The last id as a String. Allocates; for tests and the edges.
     *
     * @return e.g. "1:wCb3OG7yAFWelaUydu0D+125CLM=".
     */
    public String idAsString()
    {
        return new String(id, 0, LENGTH, StandardCharsets.US_ASCII);
    }

    private int copy(final DirectBuffer from, final int offset, final int length, final int at)
    {
        from.getBytes(offset, input, at, length);
        return at + length;
    }

    private static int compare(final DirectBuffer buffer, final int first, final int second, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final int a = buffer.getByte(first + i) & 0xFF;
            final int b = buffer.getByte(second + i) & 0xFF;
            if (a != b)
            {
                return a < b ? -1 : 1;
            }
        }
        return 0;
    }

    /** RFC 4648 section 4 base64 with padding: 20 bytes make 27 characters and one '='. */
    private void encodeBase64()
    {
        int out = 2;
        int i = 0;
        for (; i + 3 <= SHA1_LENGTH; i += 3)
        {
            final int bits = (digest[i] & 0xFF) << 16 | (digest[i + 1] & 0xFF) << 8 | (digest[i + 2] & 0xFF);
            id[out++] = BASE64[bits >>> 18];
            id[out++] = BASE64[(bits >>> 12) & 0x3F];
            id[out++] = BASE64[(bits >>> 6) & 0x3F];
            id[out++] = BASE64[bits & 0x3F];
        }
        final int bits = (digest[i] & 0xFF) << 16 | (digest[i + 1] & 0xFF) << 8;
        id[out++] = BASE64[bits >>> 18];
        id[out++] = BASE64[(bits >>> 12) & 0x3F];
        id[out++] = BASE64[(bits >>> 6) & 0x3F];
        id[out] = '=';
    }
}
