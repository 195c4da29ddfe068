package org.stasensor.pipeline.enrich.dga;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.enrich.dga.training.DgaFamilies;
import org.stasensor.pipeline.enrich.dga.training.DgaTrainer;
import org.stasensor.pipeline.enrich.dga.training.Evaluation;
import org.stasensor.pipeline.enrich.dga.training.TrainingData;
import org.stasensor.pipeline.testing.TestFiles;

class DgaModelTest
{
    private static final DgaModel MODEL = DgaModel.bundled();

    @Test
    void bundledModelSeparatesHeldOutBenignNamesFromRamnitNamesOfUnseenSeeds() throws IOException
    {
        final double[] benign = heldOutBenignScores();
        // Ramnit as described by Johannes Bader, "The DGA of Ramnit" (johannesbader.ch, 2014): Park-Miller
        // generator, 8-19 letters a-y. Seeds here are none of the training or validation seeds.
        final List<String> ramnit = new ArrayList<>();
        DgaFamilies.ramnit(0x13572468L, 1000, ramnit);
        DgaFamilies.ramnit(0x0BADF00DL, 1000, ramnit);
        final double[] generated = scores(ramnit);
        final double auc = Evaluation.auc(benign, generated);
        assertTrue(auc >= 0.99, "ramnit AUC " + auc);
    }

    @Test
    void bundledModelSeparatesHeldOutBenignNamesFromCryptolockerNamesOfUnseenDates() throws IOException
    {
        final double[] benign = heldOutBenignScores();
        // CryptoLocker as described by Sousan Yazdi, "A closer look at Cryptolocker's DGA" (Fortinet, 2014).
        final List<String> cryptolocker = new ArrayList<>();
        DgaFamilies.cryptolocker(LocalDate.of(2023, 2, 17), 1000, cryptolocker);
        final double auc = Evaluation.auc(benign, scores(cryptolocker));
        assertTrue(auc >= 0.99, "cryptolocker AUC " + auc);
    }

    @Test
    void wellKnownNamesScoreLowAndRandomLettersScoreHigh()
    {
        for (final String name : new String[]{"google.com", "wikipedia.org", "bbc.co.uk", "amazon.de"})
        {
            assertTrue(score(name) < 0.5, name + " scored " + score(name));
        }
        for (final String name : new String[]{"xjkqwpzvtrhbn.com", "qzxvbnmkjhgfd.net"})
        {
            assertTrue(score(name) > 0.5, name + " scored " + score(name));
        }
    }

    @Test
    void scoringDoesNotAllocate()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final String[] names = {"example.co.uk", "xn--bcher-kva.de", "kwtoestnessbiophysicalohax.com",
            "qxhrtbvzkcmpwl.net", "", "a", "UPPER-CASE_1.example"};
        final UnsafeBuffer[] buffers = new UnsafeBuffer[names.length];
        for (int i = 0; i < names.length; i++)
        {
            buffers[i] = new UnsafeBuffer(names[i].getBytes(StandardCharsets.US_ASCII));
        }
        double sink = 0;
        for (int i = 0; i < 200_000; i++)
        {
            final UnsafeBuffer buffer = buffers[i % buffers.length];
            sink += MODEL.score(buffer, 0, buffer.capacity());
        }
        final long threadId = Thread.currentThread().threadId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < 100_000; i++)
        {
            final UnsafeBuffer buffer = buffers[i % buffers.length];
            sink += MODEL.score(buffer, 0, buffer.capacity());
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(sink > 0);
        assertEquals(0, allocated, "bytes allocated by 100,000 scores");
    }

    @Test
    void hostileBytesGiveAScoreBetweenZeroAndOne()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final byte[] bytes = new byte[300];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        for (int i = 0; i < 20_000; i++)
        {
            random.nextBytes(bytes);
            final int length = random.nextInt(bytes.length + 1);
            final int offset = random.nextInt(bytes.length - length + 1);
            assertInRange(MODEL.score(buffer, offset, length));
        }
        for (final String name : new String[]{"", ".", "..com", "-", "_dmarc.example.com", "ÄÖÜ.de",
            "EXAMPLE.COM", "0123456789.com", "a".repeat(300), "a.".repeat(150), "-".repeat(70) + ".com"})
        {
            final byte[] raw = name.getBytes(StandardCharsets.UTF_8);
            assertInRange(MODEL.score(new UnsafeBuffer(raw), 0, raw.length));
        }
        assertEquals(score("example.com"), score("EXAMPLE.COM"), "upper case is the same label");
    }

    @Test
    void bundledFileLoadsAndSurvivesAWriteReadRoundTrip() throws IOException
    {
        final byte[] shipped = shippedBytes();
        final DgaModel loaded = DgaModel.load(new ByteArrayInputStream(shipped));
        final ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        loaded.write(rewritten);
        assertArrayEquals(shipped, rewritten.toByteArray());
        assertTrue(shipped.length < 1_000_000, "model file of " + shipped.length + " bytes");
    }

    @Test
    void truncatedOrCorruptFilesAreRefusedWithIoException() throws IOException
    {
        final byte[] shipped = shippedBytes();
        for (final int length : new int[]{0, 5, 12, 1000, shipped.length / 2, shipped.length - 1})
        {
            final byte[] truncated = Arrays.copyOf(shipped, length);
            final IOException ex =
                assertThrows(IOException.class, () -> DgaModel.load(new ByteArrayInputStream(truncated)));
            assertTrue(ex.getMessage().contains("DGA model"), ex.getMessage());
        }
        final byte[] flipped = shipped.clone();
        flipped[shipped.length / 3] ^= 0x10;
        assertThrows(IOException.class, () -> DgaModel.load(new ByteArrayInputStream(flipped)));
        final byte[] wrongMagic = shipped.clone();
        wrongMagic[0] = 'X';
        assertThrows(IOException.class, () -> DgaModel.load(new ByteArrayInputStream(wrongMagic)));
        final byte[] wrongVersion = shipped.clone();
        wrongVersion[11] = 9;
        final IOException version =
            assertThrows(IOException.class, () -> DgaModel.load(new ByteArrayInputStream(wrongVersion)));
        assertTrue(version.getMessage().contains("version"), version.getMessage());
    }

    @Test
    void retrainingReproducesTheShippedFile() throws IOException
    {
        final Path words = Path.of("/usr/share/dict/words");
        final Path licenses = Path.of("/usr/share/common-licenses");
        assumeTrue(Files.isRegularFile(words), "wamerican not installed (bin/setup installs it)");
        final TrainingData data = new TrainingData(benignCorpus(), words, licenses);
        assertArrayEquals(shippedBytes(), DgaTrainer.train(data), "retrained model differs; run bin/train-dga");
    }

    private static Path benignCorpus()
    {
        return TestFiles.data().resolve("benign-domains/domains.txt");
    }

    private static double[] heldOutBenignScores() throws IOException
    {
        final List<String> heldOut = new ArrayList<>();
        for (final String line : Files.readAllLines(benignCorpus(), StandardCharsets.US_ASCII))
        {
            if (!line.isBlank() && TrainingData.isValidationBenign(line.trim()))
            {
                heldOut.add(line.trim());
            }
        }
        assertTrue(heldOut.size() > 15_000, "held-out benign names: " + heldOut.size());
        return scores(heldOut);
    }

    private static byte[] shippedBytes() throws IOException
    {
        try (InputStream in = DgaModel.class.getResourceAsStream(DgaModel.BUNDLED_RESOURCE))
        {
            return in.readAllBytes();
        }
    }

    private static double[] scores(final List<String> names)
    {
        final double[] scores = new double[names.size()];
        for (int i = 0; i < scores.length; i++)
        {
            scores[i] = score(names.get(i));
        }
        return scores;
    }

    private static double score(final String name)
    {
        return DgaTrainer.score(MODEL, name);
    }

    private static void assertInRange(final double score)
    {
        assertTrue(score >= 0 && score <= 1, "score " + score);
    }
}
