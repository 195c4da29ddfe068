package org.stasensor.rules.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.stasensor.pipeline.testing.TestFiles;

/**
 * Records made by the project's pipeline from real captures, after rewriting the captures with real tools: addresses
 * and ports with {@code tcprewrite} (LAN and public addresses only ever appear in files, never as traffic targets),
 * times with {@code editcap -t}. Each step writes a new temporary file; the originals in the corpus are only read.
 */
final class Captures
{
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
}
