package org.stasensor.appliance.capture.file;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compares frame lists and reports the first difference rather than two lists of thousands of entries.
 */
final class FrameAssertions
{
    private FrameAssertions()
    {
    }

    static void assertSameFrames(final List<Frame> expected, final List<Frame> actual, final String what)
    {
        final int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++)
        {
            if (!expected.get(i).equals(actual.get(i)))
            {
                fail(what + ": packet " + i + " differs:\n expected " + expected.get(i) + "\n actual   "
                    + actual.get(i));
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": packet count");
    }

    /**
     * Reads a file with a fresh reader, expecting it to be complete.
     */
    static PacketLog readComplete(final Path file) throws CaptureFileException
    {
        final PacketLog log = new PacketLog();
        final CaptureFileResult result = new CaptureFileReader().read(file, log);
        assertEquals(ReadStatus.OK, result.status(), result.message());
        assertEquals(0, log.outOfBounds, file + ": packets outside the mapped file");
        assertEquals(log.frames.size(), result.packets(), file + ": packets counted vs delivered");
        assertEquals(result.fileSize(), result.bytesRead(), file + ": bytes read");
        return log;
    }
}
