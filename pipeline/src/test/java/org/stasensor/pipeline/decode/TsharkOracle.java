package org.stasensor.pipeline.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Writes packets into a classic pcap file and asks tshark what is in them, one row per frame (rows for every
 * frame, also those where no requested field is present). Reassembly is switched off so that each frame is read
 * on its own, as the decoder reads it.
 */
final class TsharkOracle
{
    private static final String[] PREFERENCES = {
        "ip.defragment:FALSE",
        "ipv6.defragment:FALSE",
        "tcp.desegment_tcp_streams:FALSE",
        "tcp.analyze_sequence_numbers:FALSE",
        "tcp.relative_sequence_numbers:FALSE",
    };

    private TsharkOracle()
    {
    }

    static void writePcap(final Path file, final int linkType, final List<byte[]> frames) throws IOException
    {
        int size = 24;
        for (final byte[] frame : frames)
        {
            size += 16 + frame.length;
        }
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(262144)
            .putInt(linkType);
        int second = 1_700_000_000;
        for (final byte[] frame : frames)
        {
            b.putInt(second++).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        }
        Files.write(file, b.array());
    }

    /**
     * Field values per frame; a field that occurs more than once (tunnels) has its values joined with ','.
     */
    static List<String[]> fields(final Path capture, final String... fields)
    {
        final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
        for (final String preference : PREFERENCES)
        {
            command.add("-o");
            command.add(preference);
        }
        command.addAll(List.of("-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,",
            "-e", "frame.number"));
        for (final String field : fields)
        {
            command.add("-e");
            command.add(field);
        }
        final List<String[]> rows = new ArrayList<>();
        for (final String line : run(command).split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final String[] parts = line.split("\t", -1);
            final String[] row = new String[fields.length];
            for (int i = 0; i < fields.length; i++)
            {
                row[i] = i + 1 < parts.length ? parts[i + 1] : "";
            }
            rows.add(row);
        }
        return rows;
    }

    private static String run(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            final byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException("tshark did not finish: " + command);
            }
            return new String(out, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            assumeTrue(false, "tshark not available: " + ex.getMessage());
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
