package org.stasensor.pipeline.flow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.decode.DecodeResult;
import org.stasensor.pipeline.decode.DecodedPacket;
import org.stasensor.pipeline.decode.PacketDecoder;
import org.stasensor.pipeline.packet.LinkType;

/**
 * Raw IPv4/IPv6 TCP/UDP packets for flow table tests, turned into a {@link DecodedPacket} by the real decoder
 * (whose own tests compare it with tshark).
 */
final class FlowPackets
{
    private final PacketDecoder decoder = new PacketDecoder();

    /**
     * Decodes a packet between two endpoints.
     *
     * @param source      4 or 16 address bytes.
     * @param destination same length as {@code source}.
     */
    DecodedPacket packet(final int transport, final byte[] source, final int sourcePort, final byte[] destination,
        final int destinationPort, final int tcpFlags, final int payloadLength)
    {
        final int transportLength = transport == 6 ? 20 : 8;
        final ByteBuffer l4 = ByteBuffer.allocate(transportLength + payloadLength).order(ByteOrder.BIG_ENDIAN);
        l4.putShort((short)sourcePort).putShort((short)destinationPort);
        if (transport == 6)
        {
            l4.putInt(1000).putInt(2000).put((byte)0x50).put((byte)tcpFlags).putShort((short)1024).putInt(0);
        }
        else
        {
            l4.putShort((short)(8 + payloadLength)).putShort((short)0);
        }
        final byte[] ip;
        if (source.length == 4)
        {
            final ByteBuffer b = ByteBuffer.allocate(20 + l4.capacity()).order(ByteOrder.BIG_ENDIAN);
            b.put((byte)0x45).put((byte)0).putShort((short)b.capacity()).putInt(0).put((byte)64)
                .put((byte)transport).putShort((short)0).put(source).put(destination).put(l4.array());
            ip = b.array();
        }
        else
        {
            final ByteBuffer b = ByteBuffer.allocate(40 + l4.capacity()).order(ByteOrder.BIG_ENDIAN);
            b.putInt(0x6000_0000).putShort((short)l4.capacity()).put((byte)transport).put((byte)64)
                .put(source).put(destination).put(l4.array());
            ip = b.array();
        }
        final DecodeResult result = decoder.decode(LinkType.RAW, new UnsafeBuffer(ip), ip.length);
        if (result != DecodeResult.OK)
        {
            throw new IllegalStateException("test packet did not decode: " + result);
        }
        return decoder.packet();
    }
}
