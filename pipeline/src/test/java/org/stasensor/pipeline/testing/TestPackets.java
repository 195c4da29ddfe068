package org.stasensor.pipeline.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds Ethernet/IPv4/TCP frames for tests that need many distinct flows; the bytes a test cares about (payloads)
 * come from real captures, this only frames them. Checksums are left zero: the sensor does not verify them.
 */
public final class TestPackets
{
    private TestPackets()
    {
    }

    /**
     * An Ethernet + IPv4 + TCP frame.
     *
     * @param source          source IPv4 address as an int.
     * @param destination     destination IPv4 address.
     * @param sourcePort      source port.
     * @param destinationPort destination port.
     * @param sequence        sequence number.
     * @param acknowledgement acknowledgement number.
     * @param flags           TCP flags byte.
     * @param payload         TCP payload.
     * @return the frame.
     */
    public static byte[] tcp(final int source, final int destination, final int sourcePort, final int destinationPort,
        final long sequence, final long acknowledgement, final int flags, final byte[] payload)
    {
        final int ipLength = 20 + 20 + payload.length;
        final ByteBuffer frame = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
        frame.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short)0x0800);
        frame.put((byte)0x45).put((byte)0).putShort((short)ipLength).putShort((short)0).putShort((short)0x4000)
            .put((byte)64).put((byte)6).putShort((short)0).putInt(source).putInt(destination);
        frame.putShort((short)sourcePort).putShort((short)destinationPort).putInt((int)sequence)
            .putInt((int)acknowledgement).put((byte)0x50).put((byte)flags).putShort((short)65535)
            .putShort((short)0).putShort((short)0);
        frame.put(payload);
        return frame.array();
    }

    /**
     * Bytes from a hex string as tshark prints them.
     *
     * @param hex hex digits, optionally separated by ':' or ','.
     * @return the bytes.
     */
    public static byte[] hex(final String hex)
    {
        final String digits = hex.replaceAll("[^0-9a-fA-F]", "");
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
