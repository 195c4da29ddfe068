package org.stasensor.benchmarks.capture;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the Wireshark tools (tshark, capinfos) that serve as oracles; a test is skipped where they are missing.
 */
final class Tools
{
    private Tools()
    {
    }

    static String run(final String... command)
    {
        try
        {
            return ExternalCommand.output(command);
        }
        catch (final UncheckedIOException ex)
        {
            assumeTrue(false, ex.getMessage());
            return "";
        }
    }

    /** capinfos -M -T -r: machine-readable "name\tvalue" pairs (one row after the header). */
    static Map<String, String> capinfos(final Path capture)
    {
        final String[] lines = run("capinfos", "-M", "-T", "-c", "-E", "-o", capture.toString()).split("\n");
        final String[] names = lines[0].split("\t");
        final String[] values = lines[1].split("\t");
        final Map<String, String> result = new TreeMap<>();
        for (int i = 0; i < names.length && i < values.length; i++)
        {
            result.put(names[i].trim(), values[i].trim());
        }
        return result;
    }

    /** tshark -n -r FILE [OPTIONS] -T fields -e F...: one line per packet, columns tab separated. */
    static List<String> fields(final Path capture, final List<String> options, final String... fields)
    {
        final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
        command.addAll(options);
        command.addAll(List.of("-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (final String field : fields)
        {
            command.add("-e");
            command.add(field);
        }
        final List<String> lines = new ArrayList<>();
        for (final String line : run(command.toArray(String[]::new)).split("\n"))
        {
            if (!line.isEmpty())
            {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Conversations tshark sees ({@code -z conv,tcp} / {@code conv,udp}), one "A <-> B" line each. */
    static long conversations(final Path capture, final String transport)
    {
        return run("tshark", "-n", "-q", "-r", capture.toString(), "-z", "conv," + transport).lines()
            .filter(line -> line.contains("<->"))
            .count();
    }
}
