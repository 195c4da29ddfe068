package org.stasensor.rules.signature;

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
 * Records the project's pipeline makes from a capture, as the sensor would see them: every packet through a
 * {@link PacketInspector} into a {@link SingleSlotRecordSink}, each record copied out. pcapng files are turned into
 * pcap with editcap first (the product's pcapng reader lives in the appliance module, which depends on this one).
 */
final class CapturedRecords
{
    private static final int PCAP_HEADER = 24;
    private static final int PACKET_HEADER = 16;

    private CapturedRecords()
    {
    }

    /**
     * The records of a capture, in the order the inspector wrote them (end of capture flushes the rest).
     *
     * @param capture a pcap or pcapng file.
     * @return each record's bytes.
     */
    static List<byte[]> of(final Path capture)
    {
        try
        {
            final Path pcap = asPcap(capture);
            try
            {
                return inspect(Files.readAllBytes(pcap));
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
    static RecordReader reader(final byte[] record)
    {
        return new RecordReader().wrap(new UnsafeBuffer(record), 0);
    }

    private static List<byte[]> inspect(final byte[] file)
    {
        final ByteBuffer in = ByteBuffer.wrap(file);
        final int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        final boolean nanos;
        if (magic == 0xA1B2C3D4 || magic == 0xA1B23C4D)
        {
            in.order(ByteOrder.LITTLE_ENDIAN);
        }
        else
        {
            in.order(ByteOrder.BIG_ENDIAN);
        }
        nanos = in.getInt(0) == 0xA1B23C4D;
        final int linkType = in.getInt(20) & 0xFFFF;
        final List<byte[]> records = new ArrayList<>();
        final PacketInspector inspector = new PacketInspector(InspectorConfig.DEFAULT, new SingleSlotRecordSink(
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
            final long timestamp = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
            packet.wrap(file, at + PACKET_HEADER, captured);
            inspector.onPacket(linkType, packet, captured, timestamp);
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
        final Path pcap = Files.createTempFile("signatures-", ".pcap");
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
