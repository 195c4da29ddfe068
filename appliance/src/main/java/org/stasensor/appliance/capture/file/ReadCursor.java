package org.stasensor.appliance.capture.file;

import java.nio.file.Path;

/**
 * Where the walk of one file stands: the position after the last record handled, packets delivered, and, once the
 * walk stops early, why. One per reader, reset per file; the walkers write it, the reader turns it into a
 * {@link CaptureFileResult}.
 * <p>
 * Progress is published every {@code progressMask + 1} packets: to the {@link CaptureProgress} listener and to two
 * volatile fields another thread may poll. Publishing is rare so the per-packet cost is one increment and one mask
 * test; the volatile stores are not paid per packet.
 */
final class ReadCursor
{
    private final long progressMask;
    private CaptureProgress listener = CaptureProgress.NONE;
    private Path file;

    CaptureFormat format;
    long fileSize;
    long position;
    long packets;
    ReadStatus status = ReadStatus.OK;
    String problem = "";
    long damageOffset = -1;

    private volatile long publishedBytes;
    private volatile long publishedFileSize;

    ReadCursor(final int progressIntervalPackets)
    {
        this.progressMask = progressIntervalPackets - 1L;
    }

    void reset(final Path file, final CaptureFormat format, final long fileSize, final CaptureProgress listener)
    {
        this.file = file;
        this.format = format;
        this.fileSize = fileSize;
        this.listener = listener;
        position = 0;
        packets = 0;
        status = ReadStatus.OK;
        problem = "";
        damageOffset = -1;
        publishedFileSize = fileSize;
        publishedBytes = 0;
    }

    /**
     * A packet was handed to the consumer; the next record starts at {@code nextPosition}.
     */
    void packetDelivered(final long nextPosition)
    {
        position = nextPosition;
        if ((++packets & progressMask) == 0)
        {
            publish();
        }
    }

    void truncated(final long offset, final String what)
    {
        stop(ReadStatus.TRUNCATED, offset, what);
    }

    void corrupt(final long offset, final String what)
    {
        stop(ReadStatus.CORRUPT, offset, what);
    }

    boolean damaged()
    {
        return status != ReadStatus.OK;
    }

    void publish()
    {
        publishedBytes = position;
        listener.onProgress(file, position, fileSize, packets);
    }

    long publishedBytes()
    {
        return publishedBytes;
    }

    long publishedFileSize()
    {
        return publishedFileSize;
    }

    private void stop(final ReadStatus status, final long offset, final String what)
    {
        this.status = status;
        this.damageOffset = offset;
        this.problem = what;
    }
}
