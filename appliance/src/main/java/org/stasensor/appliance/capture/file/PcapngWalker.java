package org.stasensor.appliance.capture.file;

import java.lang.foreign.MemorySegment;

import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * Walks the blocks of a pcapng file in place (draft-ietf-opsawg-pcapng, "PCAP Next Generation (pcapng) Capture
 * File Format").
 * <pre>
 * Every block:   0 block type   4 block total length   8 body ...   length-4 block total length again
 * SHB 0x0A0D0D0A:  8 byte-order magic 0x1A2B3C4D   12 major 1   14 minor   16 section length (64)   24 options
 * IDB 1:           8 link type (16)   10 reserved   12 snaplen   16 options (if_tsresol 9, if_tsoffset 14)
 * EPB 6:           8 interface id   12 timestamp high   16 timestamp low   20 captured length   24 original length
 *                  28 packet data, padded to 32 bits, then options
 * PB 2 (obsolete): 8 interface id (16)   10 drops count (16)   12.. as EPB
 * SPB 3:           8 original length   12 packet data (captured length derived, section 4.4)
 * </pre>
 * Each Section Header Block sets the byte order of its section and starts a new interface table. Blocks of any
 * other type (name resolution, statistics, decryption secrets, custom, unknown) are skipped by their length.
 * <p>
 * Framing is checked on every block before its body is read: a length below 12, not a multiple of 4, above
 * {@value #MAX_BLOCK_LENGTH}, or not repeated in the trailer, is corruption; a plausible length that runs past the
 * end of the file is a truncation (a garbage length that happens to be plausible is indistinguishable from a cut).
 */
final class PcapngWalker
{
    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    static final int PACKET_BLOCK = 2;
    static final int SIMPLE_PACKET_BLOCK = 3;
    static final int ENHANCED_PACKET_BLOCK = 6;
    static final int SUPPORTED_MAJOR_VERSION = 1;

    static final int BLOCK_TYPE_OFFSET = 0;
    static final int BLOCK_LENGTH_OFFSET = 4;
    static final int BLOCK_HEADER_LENGTH = 8;
    static final int BLOCK_TRAILER_LENGTH = 4;
    static final int MIN_BLOCK_LENGTH = BLOCK_HEADER_LENGTH + BLOCK_TRAILER_LENGTH;

    static final int SHB_BYTE_ORDER_OFFSET = 8;
    static final int SHB_MAJOR_OFFSET = 12;
    static final int SHB_MINOR_OFFSET = 14;
    static final int SHB_MIN_LENGTH = 28;

    static final int IDB_LINK_TYPE_OFFSET = 8;
    static final int IDB_SNAPLEN_OFFSET = 12;
    static final int IDB_OPTIONS_OFFSET = 16;
    static final int IDB_MIN_LENGTH = 20;

    static final int EPB_INTERFACE_OFFSET = 8;
    static final int PB_INTERFACE_OFFSET = 8;
    static final int PACKET_TIMESTAMP_HIGH_OFFSET = 12;
    static final int PACKET_TIMESTAMP_LOW_OFFSET = 16;
    static final int PACKET_CAPTURED_LENGTH_OFFSET = 20;
    static final int PACKET_WIRE_LENGTH_OFFSET = 24;
    static final int PACKET_DATA_OFFSET = 28;
    static final int PACKET_MIN_LENGTH = 32;
    /**
     * Longest block accepted, Wireshark's limit: its largest packet (128 MiB, D-Bus and USB link types) plus 128 KiB
     * for options plus the EPB's fixed fields. Anything longer is a garbage length, not a block.
     */
    static final long MAX_BLOCK_LENGTH = (1L << 27) + (1L << 17) + PACKET_MIN_LENGTH;

    static final int SPB_WIRE_LENGTH_OFFSET = 8;
    static final int SPB_DATA_OFFSET = 12;
    static final int SPB_MIN_LENGTH = 16;

    static final int OPTION_HEADER_LENGTH = 4;
    static final int OPT_ENDOFOPT = 0;
    static final int IF_TSRESOL = 9;
    static final int IF_TSOFFSET = 14;
    private static final int IF_TSOFFSET_LENGTH = 8;

    private final PcapngInterfaces interfaces = new PcapngInterfaces();
    private boolean bigEndian;
    private long lastTimestampNanos;

    /**
     * Walks every block from the start of the file to its end or the first damage.
     *
     * @param file     the mapped file; it starts with a Section Header Block.
     * @param size     its size.
     * @param cursor   position, packet count and outcome.
     * @param consumer where packets go.
     */
    void walk(final MemorySegment file, final long size, final ReadCursor cursor, final PacketConsumer consumer)
    {
        interfaces.clear();
        bigEndian = false;
        lastTimestampNanos = 0;
        long block = 0;
        while (block < size)
        {
            final long left = size - block;
            if (left < BLOCK_HEADER_LENGTH)
            {
                cursor.truncated(block, "block header cut after " + left + " of " + BLOCK_HEADER_LENGTH + " bytes");
                return;
            }
            final int type = FileBytes.int32(file, block + BLOCK_TYPE_OFFSET, bigEndian);
            if (type == SECTION_HEADER_BLOCK && !sectionByteOrder(file, block, left, cursor))
            {
                return;
            }
            final long length = FileBytes.uint32(file, block + BLOCK_LENGTH_OFFSET, bigEndian);
            if (!framed(file, block, left, type, length, cursor))
            {
                return;
            }
            final boolean carryOn = switch (type)
            {
                case ENHANCED_PACKET_BLOCK -> enhancedPacket(file, block, length, cursor, consumer);
                case SIMPLE_PACKET_BLOCK -> simplePacket(file, block, length, cursor, consumer);
                case PACKET_BLOCK -> obsoletePacket(file, block, length, cursor, consumer);
                case INTERFACE_DESCRIPTION_BLOCK -> interfaceDescription(file, block, length, cursor);
                case SECTION_HEADER_BLOCK -> sectionHeader(file, block, length, cursor);
                default -> true;
            };
            if (!carryOn)
            {
                return;
            }
            block += length;
            cursor.position = block;
        }
    }

    private boolean sectionByteOrder(final MemorySegment file, final long block, final long left,
        final ReadCursor cursor)
    {
        if (left < SHB_BYTE_ORDER_OFFSET + Integer.BYTES)
        {
            cursor.truncated(block, "section header block cut after " + left + " bytes");
            return false;
        }
        final int magic = FileBytes.int32(file, block + SHB_BYTE_ORDER_OFFSET, false);
        if (magic == BYTE_ORDER_MAGIC)
        {
            bigEndian = false;
            return true;
        }
        if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC))
        {
            bigEndian = true;
            return true;
        }
        cursor.corrupt(block, "section header block with byte-order magic 0x" + Integer.toHexString(magic)
            + " instead of 0x1a2b3c4d");
        return false;
    }

    private boolean framed(final MemorySegment file, final long block, final long left, final int type,
        final long length, final ReadCursor cursor)
    {
        if (length < MIN_BLOCK_LENGTH || (length & 3) != 0 || length > MAX_BLOCK_LENGTH)
        {
            cursor.corrupt(block, "block of type 0x" + Integer.toHexString(type) + " has impossible length " + length
                + (length < MIN_BLOCK_LENGTH ? " (below 12)" :
                (length & 3) != 0 ? " (not a multiple of 4)" : " (above " + MAX_BLOCK_LENGTH + ")"));
            return false;
        }
        if (length > left)
        {
            cursor.truncated(block, "block of type 0x" + Integer.toHexString(type) + " and length " + length
                + " cut after " + left + " bytes");
            return false;
        }
        final long trailer = FileBytes.uint32(file, block + length - BLOCK_TRAILER_LENGTH, bigEndian);
        if (trailer != length)
        {
            cursor.corrupt(block, "block of type 0x" + Integer.toHexString(type) + " has length " + length
                + " in its header but " + trailer + " in its trailer");
            return false;
        }
        return true;
    }

    private boolean sectionHeader(final MemorySegment file, final long block, final long length,
        final ReadCursor cursor)
    {
        if (length < SHB_MIN_LENGTH)
        {
            return tooShort(block, "section header", length, SHB_MIN_LENGTH, cursor);
        }
        final int major = FileBytes.uint16(file, block + SHB_MAJOR_OFFSET, bigEndian);
        if (major != SUPPORTED_MAJOR_VERSION)
        {
            cursor.corrupt(block, "section of pcapng version " + major + "."
                + FileBytes.uint16(file, block + SHB_MINOR_OFFSET, bigEndian) + ", only version 1.x is defined");
            return false;
        }
        interfaces.clear();
        return true;
    }

    private boolean interfaceDescription(final MemorySegment file, final long block, final long length,
        final ReadCursor cursor)
    {
        if (length < IDB_MIN_LENGTH)
        {
            return tooShort(block, "interface description", length, IDB_MIN_LENGTH, cursor);
        }
        int resolution = TimestampResolution.DEFAULT;
        long offsetSeconds = 0;
        final long end = block + length - BLOCK_TRAILER_LENGTH;
        long option = block + IDB_OPTIONS_OFFSET;
        while (end - option >= OPTION_HEADER_LENGTH)
        {
            final int code = FileBytes.uint16(file, option, bigEndian);
            final int valueLength = FileBytes.uint16(file, option + 2, bigEndian);
            if (code == OPT_ENDOFOPT)
            {
                break;
            }
            final long value = option + OPTION_HEADER_LENGTH;
            if (valueLength > end - value)
            {
                cursor.corrupt(block, "interface description option " + code + " of " + valueLength
                    + " bytes runs past its block");
                return false;
            }
            if (code == IF_TSRESOL && valueLength >= 1)
            {
                resolution = FileBytes.uint8(file, value);
            }
            else if (code == IF_TSOFFSET && valueLength >= IF_TSOFFSET_LENGTH)
            {
                offsetSeconds = FileBytes.int64(file, value, bigEndian);
            }
            option = value + ((valueLength + 3) & ~3);
        }
        final int linkType = FileBytes.uint16(file, block + IDB_LINK_TYPE_OFFSET, bigEndian);
        final long snapLength = FileBytes.uint32(file, block + IDB_SNAPLEN_OFFSET, bigEndian);
        if (!interfaces.add(linkType, snapLength, resolution, offsetSeconds))
        {
            cursor.corrupt(block, "more than " + PcapngInterfaces.MAX_INTERFACES + " interfaces in one section");
            return false;
        }
        return true;
    }

    private boolean enhancedPacket(final MemorySegment file, final long block, final long length,
        final ReadCursor cursor, final PacketConsumer consumer)
    {
        if (length < PACKET_MIN_LENGTH)
        {
            return tooShort(block, "enhanced packet", length, PACKET_MIN_LENGTH, cursor);
        }
        final long id = FileBytes.uint32(file, block + EPB_INTERFACE_OFFSET, bigEndian);
        return timestampedPacket(file, block, length, id, cursor, consumer);
    }

    private boolean obsoletePacket(final MemorySegment file, final long block, final long length,
        final ReadCursor cursor, final PacketConsumer consumer)
    {
        if (length < PACKET_MIN_LENGTH)
        {
            return tooShort(block, "packet", length, PACKET_MIN_LENGTH, cursor);
        }
        final long id = FileBytes.uint16(file, block + PB_INTERFACE_OFFSET, bigEndian);
        return timestampedPacket(file, block, length, id, cursor, consumer);
    }

    /** The body shared by EPB and the obsolete PB once the interface id is read. */
    private boolean timestampedPacket(final MemorySegment file, final long block, final long length, final long id,
        final ReadCursor cursor, final PacketConsumer consumer)
    {
        if (!interfaces.known(id))
        {
            return unknownInterface(block, id, cursor);
        }
        final long captured = FileBytes.uint32(file, block + PACKET_CAPTURED_LENGTH_OFFSET, bigEndian);
        final long room = length - PACKET_MIN_LENGTH;
        if (captured > room)
        {
            cursor.corrupt(block, "captured length " + captured + " exceeds the " + room
                + " bytes of packet data its block can hold");
            return false;
        }
        final int interfaceId = (int)id;
        final long units = FileBytes.uint32(file, block + PACKET_TIMESTAMP_HIGH_OFFSET, bigEndian) << Integer.SIZE
            | FileBytes.uint32(file, block + PACKET_TIMESTAMP_LOW_OFFSET, bigEndian);
        final long timestamp = interfaces.timestampNanos(interfaceId, units);
        lastTimestampNanos = timestamp;
        final long wire = FileBytes.uint32(file, block + PACKET_WIRE_LENGTH_OFFSET, bigEndian);
        consumer.onPacket(interfaces.linkType(interfaceId), file, block + PACKET_DATA_OFFSET, (int)captured,
            FileBytes.clampToInt(wire), timestamp);
        cursor.packetDelivered(block + length);
        return true;
    }

    /**
     * A Simple Packet Block: interface 0, no timestamp (the last timestamp seen in the file is used, 0 before any),
     * captured length the least of the original length, the interface's snaplen (0 = none) and the block's room.
     */
    private boolean simplePacket(final MemorySegment file, final long block, final long length,
        final ReadCursor cursor, final PacketConsumer consumer)
    {
        if (length < SPB_MIN_LENGTH)
        {
            return tooShort(block, "simple packet", length, SPB_MIN_LENGTH, cursor);
        }
        if (!interfaces.known(0))
        {
            return unknownInterface(block, 0, cursor);
        }
        final long wire = FileBytes.uint32(file, block + SPB_WIRE_LENGTH_OFFSET, bigEndian);
        final long snapLength = interfaces.snapLength(0);
        long captured = Math.min(wire, length - SPB_MIN_LENGTH);
        if (snapLength != 0)
        {
            captured = Math.min(captured, snapLength);
        }
        consumer.onPacket(interfaces.linkType(0), file, block + SPB_DATA_OFFSET, (int)captured,
            FileBytes.clampToInt(wire), lastTimestampNanos);
        cursor.packetDelivered(block + length);
        return true;
    }

    private boolean unknownInterface(final long block, final long id, final ReadCursor cursor)
    {
        cursor.corrupt(block, "packet for interface " + id + " but its section describes " + interfaces.count()
            + " interface(s)");
        return false;
    }

    private static boolean tooShort(final long block, final String what, final long length, final int minimum,
        final ReadCursor cursor)
    {
        cursor.corrupt(block, what + " block of " + length + " bytes is shorter than its " + minimum
            + " bytes of fixed fields");
        return false;
    }
}
