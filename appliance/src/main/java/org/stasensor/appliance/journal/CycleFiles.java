package org.stasensor.appliance.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.TreeMap;

import net.openhft.chronicle.queue.RollCycle;

/**
 * The cycle files of a journal: names to cycle numbers and back, and the time each cycle covers. Chronicle names a
 * cycle file after the UTC start of its cycle in the roll cycle's pattern ({@code yyyyMMdd-HH'F'} for hourly) with
 * the suffix {@code .cq4}; cycle {@code c} covers {@code [epoch + c × length, epoch + (c + 1) × length)} ms.
 */
final class CycleFiles
{
    /** Suffix of a cycle file. */
    static final String SUFFIX = ".cq4";

    private final long lengthMillis;
    private final long epochMillis;
    private final DateTimeFormatter format;

    CycleFiles(final RollCycle rollCycle, final long epochMillis)
    {
        this.lengthMillis = rollCycle.lengthInMillis();
        this.epochMillis = epochMillis;
        this.format = new DateTimeFormatterBuilder()
            .appendPattern(rollCycle.format())
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .toFormatter()
            .withZone(ZoneOffset.UTC);
    }

    long lengthMillis()
    {
        return lengthMillis;
    }

    long startMillis(final int cycle)
    {
        return epochMillis + cycle * lengthMillis;
    }

    long endMillis(final int cycle)
    {
        return startMillis(cycle) + lengthMillis;
    }

    int cycleAt(final long timeMillis)
    {
        return (int)Math.floorDiv(timeMillis - epochMillis, lengthMillis);
    }

    String fileName(final int cycle)
    {
        return format.format(Instant.ofEpochMilli(startMillis(cycle))) + SUFFIX;
    }

    /**
     * The cycle a file name stands for.
     *
     * @param fileName e.g. {@code 20261128-14F.cq4}.
     * @return the cycle, or -1 when the name is not a cycle file of this roll cycle.
     */
    int cycleOf(final String fileName)
    {
        if (!fileName.endsWith(SUFFIX))
        {
            return -1;
        }
        try
        {
            final String stem = fileName.substring(0, fileName.length() - SUFFIX.length());
            final long start = ZonedDateTime.parse(stem, format).toInstant().toEpochMilli();
            final int cycle = cycleAt(start);
            return fileName.equals(fileName(cycle)) ? cycle : -1;
        }
        catch (final DateTimeParseException ex)
        {
            return -1;
        }
    }

    /**
     * The cycle files in a directory, oldest first.
     *
     * @param directory the journal.
     * @return cycle number to file.
     * @throws IOException when the directory cannot be listed.
     */
    TreeMap<Integer, Path> list(final Path directory) throws IOException
    {
        final TreeMap<Integer, Path> cycles = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX))
        {
            for (final Path file : files)
            {
                final int cycle = cycleOf(file.getFileName().toString());
                if (cycle >= 0)
                {
                    cycles.put(cycle, file);
                }
            }
        }
        return cycles;
    }
}
