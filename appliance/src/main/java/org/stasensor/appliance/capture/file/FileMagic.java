package org.stasensor.appliance.capture.file;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Recognises a capture file from its first bytes: the pcap magic numbers (draft-ietf-opsawg-pcap, section 4) in
 * either byte order, or a pcapng Section Header Block type followed by its byte-order magic (draft-ietf-opsawg-pcapng,
 * section 4.1). A version this reader cannot read is refused here, before any packet is delivered.
 *
 * @param format    the container format.
 * @param bigEndian for pcap, whether the file was written big-endian (pcapng decides per section).
 */
record FileMagic(CaptureFormat format, boolean bigEndian)
{
    private static final FileMagic PCAP_LITTLE = new FileMagic(CaptureFormat.PCAP, false);
    private static final FileMagic PCAP_BIG = new FileMagic(CaptureFormat.PCAP, true);
    private static final FileMagic PCAP_NANOSECOND_LITTLE = new FileMagic(CaptureFormat.PCAP_NANOSECOND, false);
    private static final FileMagic PCAP_NANOSECOND_BIG = new FileMagic(CaptureFormat.PCAP_NANOSECOND, true);
    private static final FileMagic PCAPNG = new FileMagic(CaptureFormat.PCAPNG, false);
    private static final int MAGIC_LENGTH = 4;

    /**
     * Identifies the contents.
     *
     * @param name     the file, for messages.
     * @param contents the file's bytes, at least one.
     * @return the format.
     * @throws CaptureFileException when the bytes are not a pcap/pcapng file this reader reads.
     */
    static FileMagic identify(final Path name, final MemorySegment contents) throws CaptureFileException
    {
        final long size = contents.byteSize();
        if (size < MAGIC_LENGTH)
        {
            throw new CaptureFileException(name, CaptureFileException.Reason.UNKNOWN_FORMAT,
                "not a pcap or pcapng file (only " + size + " bytes)");
        }
        final int magic = FileBytes.int32(contents, 0, false);
        final FileMagic pcap = pcap(magic);
        if (pcap != null)
        {
            checkPcapVersion(name, contents, pcap.bigEndian());
            return pcap;
        }
        if (magic == PcapWalker.MAGIC_MODIFIED || magic == Integer.reverseBytes(PcapWalker.MAGIC_MODIFIED))
        {
            throw new CaptureFileException(name, CaptureFileException.Reason.UNSUPPORTED_VERSION,
                "a \"modified\" (Kuznetsov) pcap file, which is not supported; convert it with editcap -F pcap");
        }
        if (magic == PcapngWalker.SECTION_HEADER_BLOCK)
        {
            checkPcapng(name, contents);
            return PCAPNG;
        }
        throw new CaptureFileException(name, CaptureFileException.Reason.UNKNOWN_FORMAT,
            "not a pcap or pcapng file (starts with bytes " + firstBytes(contents) + ")");
    }

    private static FileMagic pcap(final int magic)
    {
        if (magic == PcapWalker.MAGIC_MICROSECONDS)
        {
            return PCAP_LITTLE;
        }
        if (magic == Integer.reverseBytes(PcapWalker.MAGIC_MICROSECONDS))
        {
            return PCAP_BIG;
        }
        if (magic == PcapWalker.MAGIC_NANOSECONDS)
        {
            return PCAP_NANOSECOND_LITTLE;
        }
        if (magic == Integer.reverseBytes(PcapWalker.MAGIC_NANOSECONDS))
        {
            return PCAP_NANOSECOND_BIG;
        }
        return null;
    }

    private static void checkPcapVersion(final Path name, final MemorySegment contents, final boolean bigEndian)
        throws CaptureFileException
    {
        if (contents.byteSize() < PcapWalker.VERSION_MINOR_OFFSET + Short.BYTES)
        {
            return;
        }
        final int major = FileBytes.uint16(contents, PcapWalker.VERSION_MAJOR_OFFSET, bigEndian);
        if (major != PcapWalker.VERSION_MAJOR)
        {
            throw new CaptureFileException(name, CaptureFileException.Reason.UNSUPPORTED_VERSION,
                "pcap version " + major + "." + FileBytes.uint16(contents, PcapWalker.VERSION_MINOR_OFFSET, bigEndian)
                + ", only version 2.x is read");
        }
    }

    private static void checkPcapng(final Path name, final MemorySegment contents) throws CaptureFileException
    {
        final long size = contents.byteSize();
        final int orderOffset = PcapngWalker.SHB_BYTE_ORDER_OFFSET;
        final int order = size >= orderOffset + Integer.BYTES ? FileBytes.int32(contents, orderOffset, false) : 0;
        final boolean bigEndian = order == Integer.reverseBytes(PcapngWalker.BYTE_ORDER_MAGIC);
        if (order != PcapngWalker.BYTE_ORDER_MAGIC && !bigEndian)
        {
            throw new CaptureFileException(name, CaptureFileException.Reason.UNKNOWN_FORMAT,
                "not a pcap or pcapng file (starts like a pcapng section header but has no byte-order magic)");
        }
        if (size >= PcapngWalker.SHB_MINOR_OFFSET + Short.BYTES)
        {
            final int major = FileBytes.uint16(contents, PcapngWalker.SHB_MAJOR_OFFSET, bigEndian);
            if (major != PcapngWalker.SUPPORTED_MAJOR_VERSION)
            {
                throw new CaptureFileException(name, CaptureFileException.Reason.UNSUPPORTED_VERSION,
                    "pcapng version " + major + "." + FileBytes.uint16(contents, PcapngWalker.SHB_MINOR_OFFSET,
                    bigEndian) + ", only version 1.x is read");
            }
        }
    }

    private static String firstBytes(final MemorySegment contents)
    {
        final StringBuilder hex = new StringBuilder();
        for (int i = 0; i < MAGIC_LENGTH; i++)
        {
            if (i > 0)
            {
                hex.append(' ');
            }
            final int b = FileBytes.uint8(contents, i);
            hex.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }
}
