package org.stasensor.benchmarks.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a classic pcap file (little-endian, microsecond timestamps, the most widely read variant: tshark, libpcap
 * based tools such as ndpiReader, and every pcap library read it) through one large buffer.
 * <p>
 * Layout (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html):
 * <pre>
 * file header, 24 bytes: magic a1b2c3d4 | major 2 | minor 4 | thiszone 0 | sigfigs 0 | snaplen | link type
 * per packet, 16 bytes:  ts seconds | ts microseconds | captured length | wire length, then the bytes
 * </pre>
 */
public final class PcapWriter implements FrameSink, AutoCloseable
{
    /** Snap length written into the header: larger than any frame the multiplier writes. */
    public static final int SNAP_LENGTH = 262_144;
    /** Classic pcap magic number for microsecond timestamps, written in the writer's byte order. */
    private static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    private static final int BUFFER_BYTES = 8 * 1024 * 1024;
    private static final short VERSION_MAJOR = 2;
    private static final short VERSION_MINOR = 4;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long packets;
    private long bytes;

    /**
     * Creates (or truncates) a file and writes the header.
     *
     * @param file     where to write.
     * @param linkType the LINKTYPE of every packet.
     * @throws IOException when the file cannot be written.
     */
    public PcapWriter(final Path file, final int linkType) throws IOException
    {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        buffer.putInt(MAGIC_MICROSECONDS)
            .putShort(VERSION_MAJOR)
            .putShort(VERSION_MINOR)
            .putInt(0)
            .putInt(0)
            .putInt(SNAP_LENGTH)
            .putInt(linkType);
        bytes = buffer.position();
    }

    @Override
    public void frame(final long timestampNanos, final byte[] frame, final int length, final int wireLength)
    {
        try
        {
            if (buffer.remaining() < 16 + length)
            {
                drain();
            }
            final long micros = Math.floorDiv(timestampNanos, 1000L);
            buffer.putInt((int)Math.floorDiv(micros, 1_000_000L))
                .putInt((int)Math.floorMod(micros, 1_000_000L))
                .putInt(length)
                .putInt(Math.max(wireLength, length))
                .put(frame, 0, length);
            packets++;
            bytes += 16 + length;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return packets written so far.
     */
    public long packets()
    {
        return packets;
    }

    /**
     * @return file size so far, header included.
     */
    public long bytes()
    {
        return bytes;
    }

    @Override
    public void close() throws IOException
    {
        try (channel)
        {
            drain();
        }
    }

    private void drain() throws IOException
    {
        buffer.flip();
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
        buffer.clear();
    }
}
