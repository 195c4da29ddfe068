package org.stasensor.pipeline.decode;

import org.agrona.DirectBuffer;

/**
 * What {@link PacketDecoder} found in one packet: offsets into the packet's buffer, never copies. Reused for every
 * packet of a worker; valid until the next decode.
 */
public final class DecodedPacket
{
    /** TCP FIN flag (RFC 9293 3.1). */
    public static final int TCP_FIN = 0x01;
    /** TCP SYN flag. */
    public static final int TCP_SYN = 0x02;
    /** TCP RST flag. */
    public static final int TCP_RST = 0x04;
    /** TCP PSH flag. */
    public static final int TCP_PSH = 0x08;
    /** TCP ACK flag. */
    public static final int TCP_ACK = 0x10;

    DirectBuffer buffer;
    int ipVersion;
    int transport;
    int sourceAddressOffset;
    int destinationAddressOffset;
    int sourcePort;
    int destinationPort;
    int payloadOffset;
    int payloadLength;
    int tcpFlags;
    long sequence;
    long acknowledgement;
    boolean firstFragment;
    int ipPayloadLength;

    /**
     * The packet's memory.
     *
     * @return the buffer the offsets refer to.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * IP version of the innermost IP header.
     *
     * @return 4 or 6.
     */
    public int ipVersion()
    {
        return ipVersion;
    }

    /**
     * Transport protocol number (6 TCP, 17 UDP).
     *
     * @return the protocol.
     */
    public int transport()
    {
        return transport;
    }

    /**
     * Offset of the source address (4 or 16 bytes).
     *
     * @return offset in {@link #buffer()}.
     */
    public int sourceAddressOffset()
    {
        return sourceAddressOffset;
    }

    /**
     * Offset of the destination address.
     *
     * @return offset in {@link #buffer()}.
     */
    public int destinationAddressOffset()
    {
        return destinationAddressOffset;
    }

    /**
     * Address length for the IP version.
     *
     * @return 4 or 16.
     */
    public int addressLength()
    {
        return ipVersion == 6 ? 16 : 4;
    }

    /**
     * Source port.
     *
     * @return the port.
     */
    public int sourcePort()
    {
        return sourcePort;
    }

    /**
     * Destination port.
     *
     * @return the port.
     */
    public int destinationPort()
    {
        return destinationPort;
    }

    /**
     * Offset of the transport payload.
     *
     * @return offset in {@link #buffer()}.
     */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    /**
     * Payload bytes present (bounded by what was captured and by the IP length).
     *
     * @return the length.
     */
    public int payloadLength()
    {
        return payloadLength;
    }

    /**
     * TCP flags byte.
     *
     * @return flags, 0 for UDP.
     */
    public int tcpFlags()
    {
        return tcpFlags;
    }

    /**
     * TCP sequence number.
     *
     * @return unsigned 32-bit value.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * TCP acknowledgement number.
     *
     * @return unsigned 32-bit value.
     */
    public long acknowledgement()
    {
        return acknowledgement;
    }

    /**
     * Whether this is the first fragment of a fragmented IP packet (its payload is incomplete).
     *
     * @return true for a first fragment.
     */
    public boolean isFirstFragment()
    {
        return firstFragment;
    }

    /**
     * Bytes of the IP payload as the IP header states them (transport header included), for byte counts.
     *
     * @return the length.
     */
    public int ipPayloadLength()
    {
        return ipPayloadLength;
    }
}
