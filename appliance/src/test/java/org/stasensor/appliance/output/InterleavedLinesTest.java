package org.stasensor.appliance.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InterleavedLinesTest
{
    private static final int WRITERS = 4;
    private static final int LINES_PER_WRITER = 20_000;

    @Test
    void linesFromConcurrentWritersArriveWholeAndInOrderPerWriter() throws Exception
    {
        final ByteArrayOutputStream shared = new ByteArrayOutputStream();
        final InterleavedLines lines = new InterleavedLines(shared);
        final List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++)
        {
            final int writer = w;
            final InterleavedLines.WorkerLines out = lines.newWorker();
            threads.add(Thread.ofPlatform().start(() -> write(writer, out)));
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        final String[] written = shared.toString(StandardCharsets.US_ASCII).split("\n", -1);
        assertEquals("", written[written.length - 1], "the output ends with a newline");
        assertEquals(WRITERS * LINES_PER_WRITER, written.length - 1);
        final Map<Integer, Integer> nextPerWriter = new HashMap<>();
        for (int i = 0; i < written.length - 1; i++)
        {
            final String[] parts = written[i].split(" ", 3);
            final int writer = Integer.parseInt(parts[0]);
            final int sequence = Integer.parseInt(parts[1]);
            assertEquals(nextPerWriter.getOrDefault(writer, 0), sequence, "line " + i + ": " + written[i]);
            assertEquals(padding(writer, sequence), parts[2], "line " + i + " is whole");
            nextPerWriter.put(writer, sequence + 1);
        }
    }

    private static void write(final int writer, final InterleavedLines.WorkerLines out)
    {
        try
        {
            for (int sequence = 0; sequence < LINES_PER_WRITER; sequence++)
            {
                // Lines of varying length, written in two calls like JsonLinesSink does (body, then newline).
                out.write((writer + " " + sequence + " " + padding(writer, sequence))
                    .getBytes(StandardCharsets.US_ASCII));
                out.write('\n');
                if (sequence % 997 == 0)
                {
                    out.flush();
                }
            }
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String padding(final int writer, final int sequence)
    {
        return "x".repeat((sequence * 31 + writer * 7) % 300);
    }
}
