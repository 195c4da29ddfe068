package org.stasensor.pipeline.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs tshark, the oracle, and returns its field output as rows of columns.
 */
public final class Tshark
{
    private Tshark()
    {
    }

    /**
     * {@code tshark -r FILE -Y FILTER -T fields -e F1 -e F2 ...}, one row per packet.
     *
     * @param capture the capture file.
     * @param filter  display filter, or null.
     * @param fields  field names.
     * @return rows; each row has one entry per field (empty string when absent).
     */
    public static List<String[]> fields(final Path capture, final String filter, final String... fields)
    {
        final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
        if (filter != null)
        {
            command.add("-Y");
            command.add(filter);
        }
        command.addAll(List.of("-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (final String field : fields)
        {
            command.add("-e");
            command.add(field);
        }
        final List<String[]> rows = new ArrayList<>();
        for (final String line : run(command).split("\n"))
        {
            if (!line.isEmpty())
            {
                final String[] row = new String[fields.length];
                final String[] parts = line.split("\t", -1);
                for (int i = 0; i < fields.length; i++)
                {
                    row[i] = i < parts.length ? parts[i] : "";
                }
                rows.add(row);
            }
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
