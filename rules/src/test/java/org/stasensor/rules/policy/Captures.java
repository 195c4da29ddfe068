package org.stasensor.rules.policy;

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
import org.stasensor.pipeline.testing.TestFiles;

/**
 * Records made by the project's pipeline from real captures, after rewriting the captures with real tools: addresses
 * and ports with {@code tcprewrite} (LAN and public addresses only ever appear in files, never as traffic targets),
 * times with {@code editcap -t}. Each step writes a new temporary file; the originals in the corpus are only read.
 */
final class Captures
{
    private static final int PCAP_HEADER = 24;
    private static final int PACKET_HEADER = 16;

    private final Path directory;

    /**
     * Captures kept in a test's temporary directory.
     *
     * @param directory where the rewritten files go.
     */
    Captures(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * A corpus capture as pcap (pcapng converted with editcap).
     *
     * @param relative path under the corpus, e.g. {@code nDPI/pcap/ssh.pcap}.
     * @return the pcap.
     */
    Path corpus(final String relative)
    {
        final Path file = TestFiles.corpusFile(relative);
        return run("editcap", "-F", "pcap", file.toString(), next("pcap").toString());
    }

    /**
     * Rewrites addresses and ports with tcprewrite (checksums fixed).
     *
     * @param capture a pcap.
     * @param options tcprewrite options, e.g. {@code --pnat=172.16.238.168/32:81.2.69.142/32}.
     * @return the rewritten pcap.
     */
    Path rewrite(final Path capture, final String... options)
    {
        final List<String> command = new ArrayList<>(List.of("tcprewrite", "--fixcsum", "--infile=" + capture,
            "--outfile=" + next("pcap")));
        command.addAll(List.of(options));
        final Path out = Path.of(command.get(3).substring("--outfile=".length()));
        run(command.toArray(new String[0]));
        return out;
    }

    /**
     * Shifts every packet's time.
     *
     * @param capture a pcap.
     * @param seconds the shift, may be negative.
     * @return the shifted pcap.
     */
    Path shift(final Path capture, final long seconds)
    {
        return run("editcap", "-F", "pcap", "-t", Long.toString(seconds), capture.toString(),
            next("pcap").toString());
    }

    private Path next(final String extension)
    {
        try
        {
            return Files.createTempFile(directory, "capture-", "." + extension);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output));
            }
            return Path.of(command[command.length - 1].replaceFirst("^--outfile=", ""));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The records the pipeline writes for a pcap, in order (end of capture flushes the flows).
     *
     * @param pcap a classic pcap file.
     * @return each record's bytes.
     */
    static List<byte[]> records(final Path pcap)
    {
        final byte[] file;
        try
        {
            file = Files.readAllBytes(pcap);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final ByteBuffer in = ByteBuffer.wrap(file);
        final int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D && magic != 0xD4C3B2A1 && magic != 0x4D3CB2A1)
        {
            throw new IllegalArgumentException(pcap + " is not a classic pcap file");
        }
        in.order(magic == 0xA1B2C3D4 || magic == 0xA1B23C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        final boolean nanos = in.getInt(0) == 0xA1B23C4D;
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
            packet.wrap(file, at + PACKET_HEADER, captured);
            inspector.onPacket(linkType, packet, captured, seconds * 1_000_000_000L + (nanos ? fraction
                : fraction * 1000));
            at += PACKET_HEADER + captured;
        }
        inspector.finish();
        return records;
    }

    /**
     * A reader over a copied record.
     *
     * @param record the bytes.
     * @return the reader.
     */
    static RecordReader reader(final byte[] record)
    {
        return new RecordReader().wrap(new UnsafeBuffer(record), 0);
    }

}
