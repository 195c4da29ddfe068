package org.stasensor.appliance.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * Reads capture files one after the other into one consumer, with a progress line and warnings on stderr.
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
        throw new UsageException("capture file reading is being built");
    }
}
