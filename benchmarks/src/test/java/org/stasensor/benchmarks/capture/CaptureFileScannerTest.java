package org.stasensor.benchmarks.capture;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged capture files: whatever the bytes, the scanner delivers packets that lie inside the file, or stops with
 * an {@link IllegalArgumentException} that names the file; nothing else escapes.
 */
class CaptureFileScannerTest
{
    @Test
    void truncatedAndBitFlippedFilesNeverEscapeWithAnythingButAMessage() throws IOException
    {
        final Random random = new Random(20_250_101L);
        for (final Path seed : List.of(TestFiles.projectRoot().resolve(CaptureMultiplier.PROJECT_SAMPLE),
            TestFiles.corpusFile("ja4/pcap/tls-sni.pcapng")))
        {
            final byte[] original = Files.readAllBytes(seed);
            for (int round = 0; round < 300; round++)
            {
                final byte[] damaged = Arrays.copyOf(original, 1 + random.nextInt(original.length));
                for (int flips = random.nextInt(8); flips > 0; flips--)
                {
                    damaged[random.nextInt(damaged.length)] ^= (byte)(1 << random.nextInt(8));
                }
                final MemorySegment file = MemorySegment.ofArray(damaged);
                try
                {
                    CaptureFileScanner.scan(file, "damaged", (linkType, memory, offset, captured, wire, time) ->
                        assertTrue(offset >= 0 && captured >= 0 && offset + captured <= memory.byteSize()));
                }
                catch (final IllegalArgumentException expected)
                {
                    assertTrue(expected.getMessage().startsWith("damaged"), expected.getMessage());
                }
                catch (final RuntimeException bug)
                {
                    fail("round " + round + " of " + seed + ": " + bug, bug);
                }
            }
        }
    }
}
