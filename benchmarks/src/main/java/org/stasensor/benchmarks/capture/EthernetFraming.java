package org.stasensor.benchmarks.capture;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import org.stasensor.pipeline.decode.EtherType;
import org.stasensor.pipeline.packet.LinkType;

/**
 * Turns a packet of any common link type into an Ethernet frame, because a classic pcap file has one link type and
 * the multiplier mixes seeds. Raw IP, BSD loopback and Linux cooked packets get a made-up Ethernet header with
 * locally administered MAC addresses (IEEE 802 U/L bit set) and the EtherType of their payload.
 */
public final class EthernetFraming
{
    /** Ethernet header length (IEEE 802.3). */
    public static final int ETHERNET_HEADER = 14;

    private static final int SLL_HEADER = 16;
    private static final int SLL_PROTOCOL_OFFSET = 14;
    private static final int SLL2_HEADER = 20;
    private static final int LOOPBACK_HEADER = 4;
    private static final ValueLayout.OfShort SHORT_BE =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final byte[] MAC_HEADER =
    {
        0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01
    };

    private EthernetFraming()
    {
    }

    /**
     * Whether {@link #toEthernet} can frame packets of this link type.
     *
     * @param linkType a LINKTYPE value.
     * @return true when supported.
     */
    public static boolean canFrame(final int linkType)
    {
        return switch (linkType)
        {
            case LinkType.ETHERNET, LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD, LinkType.IPV4,
                LinkType.IPV6, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL, LinkType.LOOP -> true;
            default -> false;
        };
    }

    /**
     * Makes an Ethernet frame of a packet.
     *
     * @param linkType the packet's LINKTYPE.
     * @param memory   memory holding the packet.
     * @param offset   where the packet starts.
     * @param length   captured bytes.
     * @return the frame, or null when the link type is not supported or the packet is too short for its header.
     */
    public static byte[] toEthernet(final int linkType, final MemorySegment memory, final long offset,
        final int length)
    {
        return switch (linkType)
        {
            case LinkType.ETHERNET -> memory.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD, LinkType.IPV4, LinkType.IPV6 ->
                frame(memory, offset, length, 0, -1);
            case LinkType.NULL, LinkType.LOOP -> frame(memory, offset, length, LOOPBACK_HEADER, -1);
            case LinkType.LINUX_SLL -> length < SLL_HEADER ? null :
                frame(memory, offset, length, SLL_HEADER,
                    Short.toUnsignedInt(memory.get(SHORT_BE, offset + SLL_PROTOCOL_OFFSET)));
            case LinkType.LINUX_SLL2 -> length < SLL2_HEADER ? null :
                frame(memory, offset, length, SLL2_HEADER, Short.toUnsignedInt(memory.get(SHORT_BE, offset)));
            default -> null;
        };
    }

    /** Replaces a header of {@code strip} bytes by an Ethernet header; -1 as EtherType means "from IP version". */
    private static byte[] frame(final MemorySegment memory, final long offset, final int length, final int strip,
        final int etherType)
    {
        if (length <= strip)
        {
            return null;
        }
        int type = etherType;
        if (type < 0)
        {
            final int version = (memory.get(ValueLayout.JAVA_BYTE, offset + strip) >> 4) & 0xF;
            type = version == 6 ? EtherType.IPV6 : EtherType.IPV4;
        }
        final int payload = length - strip;
        final byte[] frame = new byte[ETHERNET_HEADER + payload];
        System.arraycopy(MAC_HEADER, 0, frame, 0, MAC_HEADER.length);
        frame[12] = (byte)(type >> 8);
        frame[13] = (byte)type;
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, offset + strip, frame, ETHERNET_HEADER, payload);
        return frame;
    }

    /**
     * How much longer (or shorter) the frame is than the original packet, to adjust the wire length.
     *
     * @param linkType the original LINKTYPE.
     * @return bytes added by framing.
     */
    public static int lengthChange(final int linkType)
    {
        return switch (linkType)
        {
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD, LinkType.IPV4, LinkType.IPV6 -> ETHERNET_HEADER;
            case LinkType.NULL, LinkType.LOOP -> ETHERNET_HEADER - LOOPBACK_HEADER;
            case LinkType.LINUX_SLL -> ETHERNET_HEADER - SLL_HEADER;
            case LinkType.LINUX_SLL2 -> ETHERNET_HEADER - SLL2_HEADER;
            default -> 0;
        };
    }
}
