package org.stasensor.appliance.capture.file;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * Capture files as a source: each poll reads one whole file, in the order given, so that flows spanning files are
 * joined, either at full speed or at the captured pace ({@link ReplayPacer}). After the last file the source ends.
 * <p>
 * A stop request skips the rest of the file being read (its packets are not delivered) and ends the source, so that
 * a paced replay stops at once.
 * <p>
 * A file that cannot be read at all ends the source at once with its message kept in {@link #problems()}; a file
 * read only in part keeps its packets, its message is kept too, and the next file is read.
 */
public final class CaptureFileSource implements PacketSource
{
    /** Meaning "no pacing: as fast as the pipeline takes the packets". */
    public static final double FULL_SPEED = 0;

    private final List<Path> files;
    private final double replaySpeed;
    private final CaptureFileReader reader = new CaptureFileReader();
    private final List<String> problems = new ArrayList<>();
    private final UntilStopped untilStopped = new UntilStopped();
    private PacketConsumer consumer;
    private volatile Thread worker;
    private int next;
    private volatile boolean complete = true;
    private volatile boolean stopRequested;

    /**
     * Files to read in order.
     *
     * @param files       pcap or pcapng files.
     * @param replaySpeed {@link #FULL_SPEED}, or capture time per wall time (1 = as captured).
     */
    public CaptureFileSource(final List<Path> files, final double replaySpeed)
    {
        this.files = List.copyOf(files);
        this.replaySpeed = replaySpeed;
        if (replaySpeed != FULL_SPEED && !(replaySpeed > 0 && Double.isFinite(replaySpeed)))
        {
            throw new IllegalArgumentException("replay speed must be a positive number: " + replaySpeed);
        }
    }

    @Override
    public String name()
    {
        return "pcap";
    }

    @Override
    public int poll(final PacketConsumer consumer)
    {
        if (next >= files.size() || stopRequested)
        {
            return END;
        }
        final Path file = files.get(next++);
        try
        {
            final CaptureFileResult result = reader.read(file, paced(consumer));
            if (stopRequested)
            {
                // The interrupt that woke the pacer must not reach the worker's writing of the last records.
                Thread.interrupted();
                return END;
            }
            if (!result.complete())
            {
                complete = false;
                problems.add(result.message());
            }
            return (int)Math.min(Integer.MAX_VALUE - 1, result.packets());
        }
        catch (final CaptureFileException ex)
        {
            if (stopRequested)
            {
                Thread.interrupted();
                return END;
            }
            complete = false;
            problems.add(ex.getMessage());
            next = files.size();
            return END;
        }
    }

    private PacketConsumer paced(final PacketConsumer consumer)
    {
        if (consumer != this.consumer)
        {
            this.consumer = consumer;
            untilStopped.downstream = replaySpeed == FULL_SPEED ? consumer : new ReplayPacer(consumer, replaySpeed);
        }
        return untilStopped;
    }

    @Override
    public void onWorkerStart()
    {
        worker = Thread.currentThread();
    }

    @Override
    public void requestStop()
    {
        stopRequested = true;
        final Thread pacing = worker;
        if (replaySpeed != FULL_SPEED && pacing != null)
        {
            // The pacer may sleep for a long gap in the capture; an interrupt ends its sleep (it stops pacing).
            pacing.interrupt();
        }
    }

    @Override
    public void statistics(final QueueStatistics into)
    {
        // A file drops nothing: what the capture lost before it was written is not knowable here.
    }

    /**
     * Whether every file was read to its end.
     *
     * @return false when a file was truncated, corrupt or unreadable.
     */
    public boolean complete()
    {
        return complete;
    }

    /**
     * One line per file that was not read completely; read after the worker ended.
     *
     * @return the messages.
     */
    public List<String> problems()
    {
        return List.copyOf(problems);
    }

    @Override
    public void close()
    {
        next = files.size();
    }

    /** Passes packets on until a stop is requested, then lets the reader walk the rest of the file unseen. */
    private final class UntilStopped implements PacketConsumer
    {
        private PacketConsumer downstream;

        @Override
        public void onPacket(final int linkType, final MemorySegment memory, final long offset,
            final int capturedLength, final int wireLength, final long timestampNanos)
        {
            if (!stopRequested)
            {
                downstream.onPacket(linkType, memory, offset, capturedLength, wireLength, timestampNanos);
            }
        }
    }
}
