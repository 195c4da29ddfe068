package org.stasensor.benchmarks.capture;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * Walks the packets of a classic pcap or a pcapng file held in memory (mapped or loaded) and hands each one, in
 * place, to a {@link PacketConsumer}. This is benchmark tooling that reads seed captures and benchmark inputs; it is
 * not on the measured path, so it favours clarity over speed, but it still checks every length against the bytes
 * present.
 * <p>
 * Formats: classic pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html) with microsecond or
 * nanosecond timestamps in either byte order, and pcapng
 * (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html) with Enhanced, Simple and obsolete Packet
 * Blocks, several sections and interfaces, and the {@code if_tsresol} / {@code if_tsoffset} options.
 */
public final class CaptureFileScanner
{
    /** Classic pcap magic, microsecond timestamps, as read in the writer's byte order. */
    public static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
    /** Classic pcap magic, nanosecond timestamps. */
    public static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
    /** pcapng Section Header Block type; a palindrome, so readable before the byte order is known. */
    public static final int PCAPNG_SECTION_HEADER = 0x0A0D0D0A;
    private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private static final int PCAP_FILE_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;
    private static final int PCAP_LINK_TYPE_OFFSET = 20;

    private static final int BLOCK_INTERFACE_DESCRIPTION = 1;
    private static final int BLOCK_OBSOLETE_PACKET = 2;
    private static final int BLOCK_SIMPLE_PACKET = 3;
    private static final int BLOCK_ENHANCED_PACKET = 6;
    private static final int BLOCK_MIN_LENGTH = 12;
    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;
    private static final int DEFAULT_TSRESOL = 6;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(BE);
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(BE);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(BE);

    /**
     * What a scan found.
     *
     * @param packets   packets handed to the consumer.
     * @param truncated true when the file ended inside a record (the packets before it were delivered).
     */
    public record Result(long packets, boolean truncated)
    {
    }

    private CaptureFileScanner()
    {
    }

    /**
     * Delivers every packet of a capture file.
     *
     * @param file     the whole file.
     * @param name     a name for error messages.
     * @param consumer gets each packet with its link type, offset into {@code file}, lengths and time.
     * @return how many packets were delivered.
     * @throws IllegalArgumentException when the file is neither pcap nor pcapng.
     */
    public static Result scan(final MemorySegment file, final String name, final PacketConsumer consumer)
    {
        if (file.byteSize() < 4)
        {
            throw new IllegalArgumentException(name + ": too short to be a capture file (" + file.byteSize()
                + " bytes)");
        }
        final int magicBigEndian = file.get(INT_BE, 0);
        if (magicBigEndian == PCAPNG_SECTION_HEADER)
        {
            return scanPcapng(file, name, consumer);
        }
        final int magicLittleEndian = file.get(INT_LE, 0);
        if (magicLittleEndian == PCAP_MAGIC_MICROS || magicLittleEndian == PCAP_MAGIC_NANOS)
        {
            return scanPcap(file, name, consumer, false, magicLittleEndian == PCAP_MAGIC_NANOS);
        }
        if (magicBigEndian == PCAP_MAGIC_MICROS || magicBigEndian == PCAP_MAGIC_NANOS)
        {
            return scanPcap(file, name, consumer, true, magicBigEndian == PCAP_MAGIC_NANOS);
        }
        throw new IllegalArgumentException(name + ": not a pcap or pcapng file (magic 0x"
            + Integer.toHexString(magicBigEndian) + "); convert it with editcap -F pcap");
    }

    private static Result scanPcap(final MemorySegment file, final String name, final PacketConsumer consumer,
        final boolean bigEndian, final boolean nanos)
    {
        final ValueLayout.OfInt u32 = bigEndian ? INT_BE : INT_LE;
        final long size = file.byteSize();
        if (size < PCAP_FILE_HEADER)
        {
            throw new IllegalArgumentException(name + ": pcap header cut short (" + size + " bytes)");
        }
        final int linkType = file.get(u32, PCAP_LINK_TYPE_OFFSET) & 0xFFFF;
        final long fractionToNanos = nanos ? 1 : 1000;
        long packets = 0;
        long position = PCAP_FILE_HEADER;
        while (position + PCAP_RECORD_HEADER <= size)
        {
            final long seconds = Integer.toUnsignedLong(file.get(u32, position));
            final long fraction = Integer.toUnsignedLong(file.get(u32, position + 4));
            final long captured = Integer.toUnsignedLong(file.get(u32, position + 8));
            final long wire = Integer.toUnsignedLong(file.get(u32, position + 12));
            final long data = position + PCAP_RECORD_HEADER;
            if (captured > size - data || captured > Integer.MAX_VALUE)
            {
                return new Result(packets, true);
            }
            consumer.onPacket(linkType, file, data, (int)captured, (int)Math.min(wire, Integer.MAX_VALUE),
                seconds * 1_000_000_000L + fraction * fractionToNanos);
            packets++;
            position = data + captured;
        }
        return new Result(packets, position != size);
    }

    private static Result scanPcapng(final MemorySegment file, final String name, final PacketConsumer consumer)
    {
        final long size = file.byteSize();
        final Interfaces interfaces = new Interfaces();
        boolean bigEndian = false;
        long packets = 0;
        long position = 0;
        while (position + BLOCK_MIN_LENGTH <= size)
        {
            final int rawType = file.get(INT_BE, position);
            if (rawType == PCAPNG_SECTION_HEADER)
            {
                final int order = file.get(INT_LE, position + 8);
                if (order == PCAPNG_BYTE_ORDER_MAGIC)
                {
                    bigEndian = false;
                }
                else if (Integer.reverseBytes(order) == PCAPNG_BYTE_ORDER_MAGIC)
                {
                    bigEndian = true;
                }
                else
                {
                    throw new IllegalArgumentException(name + ": pcapng section at " + position
                        + " has a bad byte-order magic");
                }
                interfaces.clear();
            }
            final ValueLayout.OfInt u32 = bigEndian ? INT_BE : INT_LE;
            final int type = file.get(u32, position);
            final long length = Integer.toUnsignedLong(file.get(u32, position + 4));
            if (length < BLOCK_MIN_LENGTH || (length & 3) != 0)
            {
                throw new IllegalArgumentException(name + ": pcapng block at " + position + " has length " + length);
            }
            if (length > size - position)
            {
                return new Result(packets, true);
            }
            final long bodyEnd = position + length - 4;
            switch (type)
            {
                case BLOCK_INTERFACE_DESCRIPTION -> interfaces.add(file, position, bodyEnd, bigEndian);
                case BLOCK_ENHANCED_PACKET, BLOCK_OBSOLETE_PACKET ->
                {
                    if (packet(file, position, bodyEnd, type, bigEndian, interfaces, consumer))
                    {
                        packets++;
                    }
                }
                case BLOCK_SIMPLE_PACKET ->
                {
                    if (simplePacket(file, position, bodyEnd, bigEndian, interfaces, consumer))
                    {
                        packets++;
                    }
                }
                default ->
                {
                    // Statistics, name resolution, custom and decryption-secrets blocks carry no packets.
                }
            }
            position += length;
        }
        return new Result(packets, position != size);
    }

    private static boolean packet(final MemorySegment file, final long block, final long bodyEnd, final int type,
        final boolean bigEndian, final Interfaces interfaces, final PacketConsumer consumer)
    {
        final ValueLayout.OfInt u32 = bigEndian ? INT_BE : INT_LE;
        final long data = block + 28;
        if (data > bodyEnd)
        {
            return false;
        }
        final int iface = type == BLOCK_ENHANCED_PACKET ?
            file.get(u32, block + 8) : Short.toUnsignedInt(file.get(bigEndian ? SHORT_BE : SHORT_LE, block + 8));
        if (iface < 0 || iface >= interfaces.count)
        {
            return false;
        }
        final long units = (Integer.toUnsignedLong(file.get(u32, block + 12)) << 32)
            | Integer.toUnsignedLong(file.get(u32, block + 16));
        final long captured = Integer.toUnsignedLong(file.get(u32, block + 20));
        final long wire = Integer.toUnsignedLong(file.get(u32, block + 24));
        if (captured > bodyEnd - data || captured > Integer.MAX_VALUE)
        {
            return false;
        }
        consumer.onPacket(interfaces.linkType[iface], file, data, (int)captured,
            (int)Math.min(wire, Integer.MAX_VALUE), interfaces.toNanos(iface, units));
        return true;
    }

    private static boolean simplePacket(final MemorySegment file, final long block, final long bodyEnd,
        final boolean bigEndian, final Interfaces interfaces, final PacketConsumer consumer)
    {
        final long data = block + 12;
        if (interfaces.count == 0 || data > bodyEnd)
        {
            return false;
        }
        final long wire = Integer.toUnsignedLong(file.get(bigEndian ? INT_BE : INT_LE, block + 8));
        long captured = Math.min(Math.min(wire, bodyEnd - data), Integer.MAX_VALUE);
        if (interfaces.snapLength[0] > 0)
        {
            captured = Math.min(captured, interfaces.snapLength[0]);
        }
        // A Simple Packet Block has no timestamp; 0 keeps it first in time, which is all a reader can say.
        consumer.onPacket(interfaces.linkType[0], file, data, (int)captured, (int)Math.min(wire, Integer.MAX_VALUE),
            0);
        return true;
    }

    /** The interfaces of the current pcapng section. */
    private static final class Interfaces
    {
        int count;
        int[] linkType = new int[4];
        long[] snapLength = new long[4];
        int[] tsresol = new int[4];
        long[] tsoffsetSeconds = new long[4];

        void clear()
        {
            count = 0;
        }

        void add(final MemorySegment file, final long block, final long bodyEnd, final boolean bigEndian)
        {
            if (block + 16 > bodyEnd)
            {
                return;
            }
            if (count == linkType.length)
            {
                linkType = Arrays.copyOf(linkType, count * 2);
                snapLength = Arrays.copyOf(snapLength, count * 2);
                tsresol = Arrays.copyOf(tsresol, count * 2);
                tsoffsetSeconds = Arrays.copyOf(tsoffsetSeconds, count * 2);
            }
            final ValueLayout.OfShort u16 = bigEndian ? SHORT_BE : SHORT_LE;
            linkType[count] = Short.toUnsignedInt(file.get(u16, block + 8));
            snapLength[count] = Integer.toUnsignedLong(file.get(bigEndian ? INT_BE : INT_LE, block + 12));
            tsresol[count] = DEFAULT_TSRESOL;
            tsoffsetSeconds[count] = 0;
            long option = block + 16;
            while (option + 4 <= bodyEnd)
            {
                final int code = Short.toUnsignedInt(file.get(u16, option));
                final int length = Short.toUnsignedInt(file.get(u16, option + 2));
                final long value = option + 4;
                if (code == OPTION_END || length > bodyEnd - value)
                {
                    break;
                }
                if (code == OPTION_IF_TSRESOL && length >= 1)
                {
                    tsresol[count] = Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, value));
                }
                else if (code == OPTION_IF_TSOFFSET && length >= 8)
                {
                    tsoffsetSeconds[count] = file.get(bigEndian ? LONG_BE : LONG_LE, value);
                }
                option = value + ((length + 3) & ~3);
            }
            count++;
        }

        /** Converts timestamp units to nanoseconds: if_tsresol is 10^-n, or 2^-n when its top bit is set. */
        long toNanos(final int iface, final long units)
        {
            final int resolution = tsresol[iface];
            final long offset = tsoffsetSeconds[iface] * 1_000_000_000L;
            final int exponent = resolution & 0x7F;
            if ((resolution & 0x80) != 0)
            {
                if (exponent <= 32)
                {
                    final long whole = units >>> exponent;
                    final long part = units & ((1L << exponent) - 1);
                    return offset + whole * 1_000_000_000L + ((part * 1_000_000_000L) >>> exponent);
                }
                return offset + (long)(units / Math.pow(2, exponent) * 1e9);
            }
            if (exponent <= 9)
            {
                return offset + units * POWERS_OF_TEN[9 - exponent];
            }
            if (exponent <= 18)
            {
                return offset + units / POWERS_OF_TEN[exponent - 9];
            }
            return offset;
        }
    }

    private static final long[] POWERS_OF_TEN =
    {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
    };
}
