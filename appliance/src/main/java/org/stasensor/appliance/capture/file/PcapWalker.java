package org.stasensor.appliance.capture.file;

import java.lang.foreign.MemorySegment;

import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * Walks the records of a classic pcap file in place (draft-ietf-opsawg-pcap, "PCAP Capture File Format").
 * <pre>
 * File header (24 bytes, in the writer's byte order, told by the magic number):
 *   0  magic           0xA1B2C3D4 (microseconds) or 0xA1B23C4D (nanoseconds)
 *   4  major version   2        6  minor version  4
 *   8  reserved1 (was thiszone)   12 reserved2 (was sigfigs)   both ignored, as the draft says
 *  16  snaplen
 *  20  link type and additional information: link type in the low 16 bits; FCS length and flag bits above
 * Record header (16 bytes), then captured-length bytes of packet:
 *   0  timestamp seconds (unsigned)   4  microseconds or nanoseconds
 *   8  captured length                12 original (wire) length
 * </pre>
 * A pcap record has no length of its own to cross-check, so a captured length above the larger of the snapshot
 * length and {@value #MAX_CAPTURED_LENGTH} bytes is taken as corruption (libpcap refuses such records the same way);
 * one that merely runs past the end of the file is a truncation.
 */
final class PcapWalker
{
    /** Magic number of microsecond files, read in the writer's byte order. */
    static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    /** Magic number of nanosecond files. */
    static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    /** Magic of Alexey Kuznetsov's "modified" pcap (extra record fields), which this reader does not read. */
    static final int MAGIC_MODIFIED = 0xA1B2CD34;
    /** The only major version of the format. */
    static final int VERSION_MAJOR = 2;
    static final int FILE_HEADER_LENGTH = 24;
    static final int VERSION_MAJOR_OFFSET = 4;
    static final int VERSION_MINOR_OFFSET = 6;
    static final int SNAPLEN_OFFSET = 16;
    static final int LINK_TYPE_OFFSET = 20;
    /** The link type is the low 16 bits of its field; the bits above carry FCS information (draft, section 4). */
    static final int LINK_TYPE_MASK = 0xFFFF;
    static final int RECORD_HEADER_LENGTH = 16;
    static final int TS_SECONDS_OFFSET = 0;
    static final int TS_FRACTION_OFFSET = 4;
    static final int CAPTURED_LENGTH_OFFSET = 8;
    static final int WIRE_LENGTH_OFFSET = 12;
    /** libpcap's MAXIMUM_SNAPLEN: no capture it writes has a longer record. */
    static final int MAX_CAPTURED_LENGTH = 262_144;
    /** Bound on a snapshot length that may raise the limit above, so that a garbage snaplen cannot disable it. */
    static final int MAX_SNAPLEN_HONOURED = 1 << 27;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICROSECOND = 1_000L;

    /**
     * Walks records from just after the file header to the end of the file or the first damage.
     *
     * @param file      the mapped file.
     * @param size      its size.
     * @param bigEndian whether the file was written big-endian.
     * @param nanos     whether the timestamp fraction is in nanoseconds (else microseconds).
     * @param cursor    position, packet count and outcome.
     * @param consumer  where packets go.
     */
    void walk(final MemorySegment file, final long size, final boolean bigEndian, final boolean nanos,
        final ReadCursor cursor, final PacketConsumer consumer)
    {
        final int linkType = FileBytes.int32(file, LINK_TYPE_OFFSET, bigEndian) & LINK_TYPE_MASK;
        final long snaplen = FileBytes.uint32(file, SNAPLEN_OFFSET, bigEndian);
        final long maxCaptured = Math.max(MAX_CAPTURED_LENGTH, Math.min(snaplen, MAX_SNAPLEN_HONOURED));
        final long fractionNanos = nanos ? 1 : NANOS_PER_MICROSECOND;
        long record = FILE_HEADER_LENGTH;
        cursor.position = record;
        while (record < size)
        {
            final long left = size - record;
            if (left < RECORD_HEADER_LENGTH)
            {
                cursor.truncated(record, "record header cut after " + left + " of " + RECORD_HEADER_LENGTH + " bytes");
                return;
            }
            final long captured = FileBytes.uint32(file, record + CAPTURED_LENGTH_OFFSET, bigEndian);
            if (captured > maxCaptured)
            {
                cursor.corrupt(record, "captured length " + captured + " is impossible (snapshot length " + snaplen
                    + ", at most " + maxCaptured + " accepted)");
                return;
            }
            if (captured > left - RECORD_HEADER_LENGTH)
            {
                cursor.truncated(record, "packet of " + captured + " bytes cut after "
                    + (left - RECORD_HEADER_LENGTH) + " bytes");
                return;
            }
            final long seconds = FileBytes.uint32(file, record + TS_SECONDS_OFFSET, bigEndian);
            final long fraction = FileBytes.uint32(file, record + TS_FRACTION_OFFSET, bigEndian);
            final long wire = FileBytes.uint32(file, record + WIRE_LENGTH_OFFSET, bigEndian);
            final long data = record + RECORD_HEADER_LENGTH;
            consumer.onPacket(linkType, file, data, (int)captured, FileBytes.clampToInt(wire),
                seconds * NANOS_PER_SECOND + fraction * fractionNanos);
            record = data + captured;
            cursor.packetDelivered(record);
        }
    }
}
