package org.stasensor.appliance.capture.file;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import org.stasensor.pipeline.packet.LinkType;
import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * Reads a pcap or pcapng file where it lies: the whole file is mapped read-only as one {@link MemorySegment} in a
 * confined arena, its records are walked in place, and each packet is handed to a {@link PacketConsumer} as
 * (segment, offset, lengths, timestamp). Nothing is allocated per packet; the arena, and with it the mapping, is
 * closed when the file ends, so the consumer must not keep the segment (as {@link PacketConsumer} already says).
 * <p>
 * Formats: classic pcap in both byte orders with microsecond or nanosecond timestamps; pcapng with any number of
 * sections (each with its own byte order), interfaces of different link types, {@code if_tsresol} (decimal and
 * binary) and {@code if_tsoffset}, Enhanced, Simple and the obsolete Packet Blocks; every other block is skipped.
 * The format is recognised from the magic number, never from the file name. Timestamps are delivered as nanoseconds
 * since the epoch.
 * <p>
 * Outcomes: a file that cannot be read at all (cannot be opened, empty, not pcap/pcapng, unsupported version) is a
 * {@link CaptureFileException} with a one-line message. A file that is damaged later yields every packet before the
 * damage and a {@link CaptureFileResult} whose status is {@link ReadStatus#TRUNCATED} or {@link ReadStatus#CORRUPT}
 * and whose message names the byte offset. No other exception comes out of the reader for any file content;
 * an exception thrown by the consumer passes through unchanged (after the mapping is closed).
 * <p>
 * Link types: packets of every link type are passed on, including those {@link LinkType#isSupported} rejects; the
 * pipeline counts them (as it must for every source), so the reader does not filter or count them itself.
 * <p>
 * Progress: {@link CaptureProgress} is called every {@link #progressIntervalPackets()} packets and at the end of
 * each file; another thread may also poll {@link #bytesConsumed()} and {@link #fileSize()}.
 * <p>
 * Several files are read by calling {@link #read} once per file, in order. One reader serves one thread at a time.
 */
public final class CaptureFileReader
{
    /** Default packets between two progress reports: often enough for a progress line, rare enough to be free. */
    public static final int DEFAULT_PROGRESS_INTERVAL_PACKETS = 1 << 14;

    private final int progressIntervalPackets;
    private final ReadCursor cursor;
    private final PcapWalker pcapWalker = new PcapWalker();
    private final PcapngWalker pcapngWalker = new PcapngWalker();

    /**
     * A reader reporting progress every {@value #DEFAULT_PROGRESS_INTERVAL_PACKETS} packets.
     */
    public CaptureFileReader()
    {
        this(DEFAULT_PROGRESS_INTERVAL_PACKETS);
    }

    /**
     * A reader reporting progress every {@code progressIntervalPackets} packets.
     *
     * @param progressIntervalPackets a power of two, at least 1.
     * @throws IllegalArgumentException when it is not a positive power of two.
     */
    public CaptureFileReader(final int progressIntervalPackets)
    {
        if (progressIntervalPackets <= 0 || Integer.bitCount(progressIntervalPackets) != 1)
        {
            throw new IllegalArgumentException("progressIntervalPackets must be a positive power of two: "
                + progressIntervalPackets);
        }
        this.progressIntervalPackets = progressIntervalPackets;
        this.cursor = new ReadCursor(progressIntervalPackets);
    }

    /**
     * Packets between two calls of the progress listener.
     *
     * @return the interval.
     */
    public int progressIntervalPackets()
    {
        return progressIntervalPackets;
    }

    /**
     * Bytes of the current (or last) file consumed, as last published: safe to poll from another thread; it moves
     * every {@link #progressIntervalPackets()} packets and reaches its final value when the file ends.
     *
     * @return bytes consumed.
     */
    public long bytesConsumed()
    {
        return cursor.publishedBytes();
    }

    /**
     * Size of the current (or last) file; safe to poll from another thread.
     *
     * @return bytes, 0 before the first file.
     */
    public long fileSize()
    {
        return cursor.publishedFileSize();
    }

    /**
     * Reads one file at full speed without progress reports.
     *
     * @param file     a pcap or pcapng file.
     * @param consumer receives every packet, on the calling thread.
     * @return how far the file could be read.
     * @throws CaptureFileException when the file cannot be read at all.
     */
    public CaptureFileResult read(final Path file, final PacketConsumer consumer) throws CaptureFileException
    {
        return read(file, consumer, CaptureProgress.NONE);
    }

    /**
     * Reads one file at full speed.
     *
     * @param file     a pcap or pcapng file.
     * @param consumer receives every packet, on the calling thread.
     * @param progress told how far the file has been read.
     * @return how far the file could be read.
     * @throws CaptureFileException when the file cannot be read at all.
     */
    public CaptureFileResult read(final Path file, final PacketConsumer consumer, final CaptureProgress progress)
        throws CaptureFileException
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(progress, "progress");
        checkRegularFile(file);
        try (Arena arena = Arena.ofConfined();
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size == 0)
            {
                throw new CaptureFileException(file, CaptureFileException.Reason.EMPTY, "empty file (0 bytes)");
            }
            final MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            try
            {
                return read(file, mapped, consumer, progress);
            }
            catch (final InternalError fault)
            {
                return shrunk(file, channel, size, fault);
            }
        }
        catch (final IOException ex)
        {
            throw new CaptureFileException(file, CaptureFileException.Reason.CANNOT_OPEN, "cannot open: "
                + describe(ex));
        }
    }

    /**
     * Reads capture-file contents already in memory (tests, and sources that are not files). The segment is handed
     * to the consumer as is; it is not closed.
     *
     * @param name     the name to use in messages.
     * @param contents the whole file.
     * @param consumer receives every packet.
     * @param progress told how far the contents have been read.
     * @return how far the contents could be read.
     * @throws CaptureFileException when the contents are not a capture file at all.
     */
    CaptureFileResult read(final Path name, final MemorySegment contents, final PacketConsumer consumer,
        final CaptureProgress progress) throws CaptureFileException
    {
        final long size = contents.byteSize();
        if (size == 0)
        {
            throw new CaptureFileException(name, CaptureFileException.Reason.EMPTY, "empty file (0 bytes)");
        }
        final FileMagic magic = FileMagic.identify(name, contents);
        cursor.reset(name, magic.format(), size, progress);
        if (magic.format() == CaptureFormat.PCAPNG)
        {
            pcapngWalker.walk(contents, size, cursor, consumer);
        }
        else if (size < PcapWalker.FILE_HEADER_LENGTH)
        {
            cursor.truncated(0, "file header cut after " + size + " of " + PcapWalker.FILE_HEADER_LENGTH + " bytes");
        }
        else
        {
            pcapWalker.walk(contents, size, magic.bigEndian(), magic.format() == CaptureFormat.PCAP_NANOSECOND,
                cursor, consumer);
        }
        cursor.publish();
        return new CaptureFileResult(name, magic.format(), cursor.status, cursor.problem, cursor.damageOffset,
            cursor.packets, cursor.position, size);
    }

    /**
     * A SIGBUS while touching the mapping surfaces as an InternalError; when the file is now shorter than when it
     * was mapped (someone truncated it while we read), that is a truncation like any other, not a crash.
     */
    private CaptureFileResult shrunk(final Path file, final FileChannel channel, final long mappedSize,
        final InternalError fault) throws IOException
    {
        final long now = channel.size();
        if (now >= mappedSize)
        {
            throw fault;
        }
        cursor.truncated(cursor.position, "the file shrank from " + mappedSize + " to " + now
            + " bytes while it was being read");
        cursor.publish();
        return new CaptureFileResult(file, cursor.format, ReadStatus.TRUNCATED, cursor.problem, cursor.damageOffset,
            cursor.packets, cursor.position, mappedSize);
    }

    private static void checkRegularFile(final Path file) throws CaptureFileException
    {
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (final IOException ex)
        {
            throw new CaptureFileException(file, CaptureFileException.Reason.CANNOT_OPEN, "cannot open: "
                + describe(ex));
        }
        if (attributes.isDirectory())
        {
            throw new CaptureFileException(file, CaptureFileException.Reason.CANNOT_OPEN,
                "is a directory, not a capture file");
        }
        if (!attributes.isRegularFile())
        {
            throw new CaptureFileException(file, CaptureFileException.Reason.CANNOT_OPEN,
                "not a regular file (pipes and devices cannot be mapped; write the capture to a file first)");
        }
    }

    private static String describe(final IOException ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return "no such file";
        }
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof ClosedByInterruptException)
        {
            return "interrupted (the reading thread was interrupted)";
        }
        if (ex instanceof FileSystemException fs && fs.getReason() != null)
        {
            return fs.getReason();
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }
}
