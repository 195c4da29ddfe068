package org.stasensor.benchmarks.capture;

import java.io.IOException;
import java.nio.file.Path;

import org.stasensor.appliance.capture.file.CaptureFileException;
import org.stasensor.appliance.capture.file.CaptureFileReader;
import org.stasensor.appliance.capture.file.CaptureFileResult;
import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * Reads seed captures and benchmark inputs with the product's own {@link CaptureFileReader} (pcap and pcapng,
 * mapped and walked in place), so that the benchmarks see packets exactly as {@code sta analyze} sees them.
 */
public final class CaptureFiles
{
    private CaptureFiles()
    {
    }

    /**
     * Hands every packet of a capture file to a consumer. A file damaged part way yields the packets before the
     * damage, as in {@code sta analyze}; the result says how far it went.
     *
     * @param file     a pcap or pcapng file.
     * @param consumer gets each packet; the memory is unmapped when the file ends, so it must copy what it keeps.
     * @return how far the file could be read.
     * @throws IOException when the file cannot be read at all (missing, empty, not a capture file).
     */
    public static CaptureFileResult read(final Path file, final PacketConsumer consumer) throws IOException
    {
        try
        {
            return new CaptureFileReader().read(file, consumer);
        }
        catch (final CaptureFileException ex)
        {
            throw new IOException(ex.getMessage(), ex);
        }
    }
}
