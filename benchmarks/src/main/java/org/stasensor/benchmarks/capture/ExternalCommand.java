package org.stasensor.benchmarks.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool such as tshark or capinfos and returns what it printed: for tests that use Wireshark's tools as
 * oracles, and for benchmark set-up that takes real protocol bytes out of a capture with them.
 */
public final class ExternalCommand
{
    private static final long TIMEOUT_SECONDS = 120;

    private ExternalCommand()
    {
    }

    /**
     * Runs a command to its end; its standard error is discarded.
     *
     * @param command the program and its arguments.
     * @return its standard output, as UTF-8.
     * @throws UncheckedIOException when the program cannot be started (not installed).
     * @throws IllegalStateException when it runs longer than two minutes or the thread is interrupted.
     */
    public static String output(final String... command)
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(command[0] + " cannot be started (is it installed?): " + ex.getMessage(),
                ex);
        }
        try
        {
            final byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException("did not finish in " + TIMEOUT_SECONDS + " s: "
                    + String.join(" ", command));
            }
            return new String(out, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
            throw new UncheckedIOException("reading the output of " + command[0] + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), ex);
        }
    }
}
