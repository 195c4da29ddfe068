package org.stasensor.appliance.capture.file;

import java.nio.file.Path;

/**
 * Observes how far a capture file has been read, e.g. to print a progress line for long files. Called on the reading
 * thread every {@link CaptureFileReader#progressIntervalPackets()} packets and once when the file ends, so it must be
 * cheap (compare a clock, print rarely) and must not allocate if the caller cares about zero allocation.
 */
@FunctionalInterface
public interface CaptureProgress
{
    /** Reports nothing. */
    CaptureProgress NONE = (file, bytesConsumed, fileSize, packets) ->
    {
    };

    /**
     * Progress so far in one file.
     *
     * @param file          the file being read.
     * @param bytesConsumed bytes of the file consumed so far (up to the end of the last record handled).
     * @param fileSize      the file's size.
     * @param packets       packets delivered so far from this file.
     */
    void onProgress(Path file, long bytesConsumed, long fileSize, long packets);
}
