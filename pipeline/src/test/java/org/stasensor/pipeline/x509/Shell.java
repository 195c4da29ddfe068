package org.stasensor.pipeline.x509;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the oracle programs (openssl, tshark) for the tests, several at once where they do not depend on each other.
 */
final class Shell
{
    private static final long TIMEOUT_SECONDS = 60;

    private Shell()
    {
    }

    /**
     * Runs one command and returns its standard output.
     *
     * @param directory working directory.
     * @param command   program and arguments.
     * @return stdout as bytes.
     */
    static byte[] run(final Path directory, final List<String> command)
    {
        return runAll(directory, List.of(command)).get(0);
    }

    /**
     * Runs one command and returns its standard output as UTF-8 text.
     *
     * @param directory working directory.
     * @param command   program and arguments.
     * @return stdout.
     */
    static String text(final Path directory, final String... command)
    {
        return new String(run(directory, List.of(command)), StandardCharsets.UTF_8);
    }

    /**
     * Runs commands concurrently and waits for all.
     *
     * @param directory working directory.
     * @param commands  the commands.
     * @return stdout of each, in order.
     * @throws AssertionError when one fails or times out, with its stderr.
     */
    static List<byte[]> runAll(final Path directory, final List<List<String>> commands)
    {
        final List<Process> processes = new ArrayList<>();
        final List<CompletableFuture<byte[]>> outputs = new ArrayList<>();
        final List<CompletableFuture<byte[]>> errors = new ArrayList<>();
        try
        {
            for (final List<String> command : commands)
            {
                final Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
                process.getOutputStream().close();
                processes.add(process);
                outputs.add(CompletableFuture.supplyAsync(() -> readAll(process.getInputStream())));
                errors.add(CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream())));
            }
            final List<byte[]> results = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++)
            {
                final Process process = processes.get(i);
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                {
                    throw new AssertionError("timed out: " + commands.get(i));
                }
                final byte[] output = outputs.get(i).join();
                if (process.exitValue() != 0)
                {
                    throw new AssertionError("exit " + process.exitValue() + ": " + commands.get(i) + "\n" +
                        new String(errors.get(i).join(), StandardCharsets.UTF_8));
                }
                results.add(output);
            }
            return results;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
        finally
        {
            for (final Process process : processes)
            {
                process.destroyForcibly();
            }
        }
    }

    private static byte[] readAll(final InputStream in)
    {
        try (in)
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
