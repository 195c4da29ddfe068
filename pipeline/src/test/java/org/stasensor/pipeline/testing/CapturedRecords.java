package org.stasensor.pipeline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.SingleSlotRecordSink;

/**
 * Records the pipeline makes from a capture file, for tests of what reads records (rules, enrichment): every packet
 * through a {@link PacketInspector} into a {@link SingleSlotRecordSink}, each record copied out, the end of the capture
 * flushing the open flows. pcapng files are turned into pcap with editcap first (the product's capture reader lives in
 * the appliance module, which depends on this one).
 */
public final class CapturedRecords
{
    private static final int PCAP_HEADER = 24;
    private static final int PACKET_HEADER = 16;

    private CapturedRecords()
    {
    }

    /**
     * The records of a capture with the default bounds, in the order the inspector wrote them.
     *
     * @param capture a pcap or pcapng file.
     * @return each record's bytes.
     */
    public static List<byte[]> of(final Path capture)
    {
        return of(capture, InspectorConfig.DEFAULT);
    }

    /**
     * The records of a capture, in the order the inspector wrote them.
     *
     * @param capture a pcap or pcapng file.
     * @param config  the inspector's bounds.
     * @return each record's bytes.
     */
    public static List<byte[]> of(final Path capture, final InspectorConfig config)
    {
        try
        {
            final Path pcap = asPcap(capture);
            try
            {
                return inspect(Files.readAllBytes(pcap), config, capture);
            }
            finally
            {
                if (!pcap.equals(capture))
                {
                    Files.deleteIfExists(pcap);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A reader over one copied record.
     *
     * @param record the bytes.
     * @return a reader.
     */
    public static RecordReader reader(final byte[] record)
    {
        return new RecordReader().wrap(new UnsafeBuffer(record), 0);
    }

    private static List<byte[]> inspect(final byte[] file, final InspectorConfig config, final Path name)
    {
        final ByteBuffer in = ByteBuffer.wrap(file);
        final int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D && magic != 0xD4C3B2A1 && magic != 0x4D3CB2A1)
        {
            throw new IllegalArgumentException(name + " is not a classic pcap file");
        }
        in.order(magic == 0xA1B2C3D4 || magic == 0xA1B23C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        final boolean nanos = in.getInt(0) == 0xA1B23C4D;
        final int linkType = in.getInt(20) & 0xFFFF;
        final List<byte[]> records = new ArrayList<>();
        final PacketInspector inspector = new PacketInspector(config, new SingleSlotRecordSink(
            (buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                records.add(copy);
            }));
        final UnsafeBuffer packet = new UnsafeBuffer(file);
        int at = PCAP_HEADER;
        while (at + PACKET_HEADER <= file.length)
        {
            final long seconds = in.getInt(at) & 0xFFFFFFFFL;
            final long fraction = in.getInt(at + 4) & 0xFFFFFFFFL;
            final int captured = in.getInt(at + 8);
            if (captured < 0 || at + PACKET_HEADER + captured > file.length)
            {
                break;
            }
            packet.wrap(file, at + PACKET_HEADER, captured);
            inspector.onPacket(linkType, packet, captured, seconds * 1_000_000_000L + (nanos ? fraction
                : fraction * 1000));
            at += PACKET_HEADER + captured;
        }
        inspector.finish();
        return records;
    }

    private static Path asPcap(final Path capture) throws IOException
    {
        final byte[] head = new byte[4];
        try (var in = Files.newInputStream(capture))
        {
            if (in.read(head) != 4)
            {
                throw new IOException("not a capture: " + capture);
            }
        }
        if ((head[0] & 0xFF) != 0x0A || head[1] != 0x0D)
        {
            return capture;
        }
        final Path pcap = Files.createTempFile("captured-records-", ".pcap");
        try
        {
            final Process editcap = new ProcessBuilder("editcap", "-F", "pcap", capture.toString(), pcap.toString())
                .redirectErrorStream(true).start();
            editcap.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!editcap.waitFor(60, TimeUnit.SECONDS) || editcap.exitValue() != 0)
            {
                throw new IOException("editcap could not convert " + capture);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
        return pcap;
    }
}
