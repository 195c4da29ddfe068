package org.stasensor.appliance.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.stasensor.appliance.capture.file.CaptureFileException;
import org.stasensor.appliance.capture.file.CaptureFileReader;
import org.stasensor.appliance.capture.file.CaptureFileResult;
import org.stasensor.appliance.capture.file.CaptureProgress;
import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * Reads capture files one after the other into one consumer, printing a progress line on stderr when a file takes
 * longer than the interval, and a warning for a file read only in part.
 */
final class CaptureFiles
{
    /**
     * What reading the files came to.
     *
     * @param files    files read.
     * @param complete false when any file was truncated or corrupt.
     */
    record Outcome(int files, boolean complete)
    {
    }

    private CaptureFiles()
    {
    }

    static Outcome readAll(final List<Path> files, final PacketConsumer consumer, final PrintStream err,
        final long progressIntervalNanos)
    {
        final CaptureFileReader reader = new CaptureFileReader();
        final ProgressLine progress = new ProgressLine(err, progressIntervalNanos);
        boolean complete = true;
        for (final Path file : files)
        {
            final CaptureFileResult result;
            try
            {
                result = reader.read(file, consumer, progress);
            }
            catch (final CaptureFileException ex)
            {
                throw new UsageException(ex.getMessage());
            }
            if (!result.complete())
            {
                complete = false;
                err.println("sta: warning: " + result.message());
            }
        }
        return new Outcome(files.size(), complete);
    }

    /** Prints at most one line per interval, and nothing for files read faster than that. */
    private static final class ProgressLine implements CaptureProgress
    {
        private final PrintStream err;
        private final long intervalNanos;
        private long nextPrintNanos;
        private Path current;

        ProgressLine(final PrintStream err, final long intervalNanos)
        {
            this.err = err;
            this.intervalNanos = intervalNanos;
        }

        @Override
        public void onProgress(final Path file, final long bytesConsumed, final long fileSize, final long packets)
        {
            final long now = System.nanoTime();
            if (file != current)
            {
                current = file;
                nextPrintNanos = now + intervalNanos;
                return;
            }
            if (now >= nextPrintNanos)
            {
                nextPrintNanos = now + intervalNanos;
                err.printf("sta: %s: %d%% (%d packets)%n", file.getFileName(),
                    fileSize == 0 ? 100 : bytesConsumed * 100 / fileSize, packets);
            }
        }
    }
}
