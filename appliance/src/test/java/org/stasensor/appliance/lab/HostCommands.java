package org.stasensor.appliance.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs programs on the host for the lab: output goes to files (no pipe can fill up and block a child), standard
 * input is /dev/null (so clients such as {@code openssl s_client} see end of input at once), and the search path
 * includes the sbin folders where ip, tcpdump and sysctl live.
 */
public final class HostCommands
{
    private static final File DEV_NULL = new File("/dev/null");
    private static final String SBIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private HostCommands()
    {
    }

    /**
     * Runs a command to its end.
     *
     * @param logDirectory where its stdout and stderr files go.
     * @param timeout      how long it may take; past that it is killed and an {@link AssertionError} thrown.
     * @param command      program and arguments.
     * @return what it printed and its exit status.
     */
    public static CommandResult run(final Path logDirectory, final Duration timeout, final List<String> command)
    {
        final BackgroundProcess process = start(logDirectory, command);
        if (!process.awaitExit(timeout))
        {
            process.stop();
            throw new AssertionError("did not finish within " + timeout + ": " + String.join(" ", command)
                + "\n--- stderr (end) ---\n" + CommandResult.tail(process.stderr()));
        }
        return new CommandResult(command, process.exitCode(), process.stdout(), process.stderr());
    }

    /**
     * Starts a command without waiting for it. Its output goes to numbered files under the log directory.
     *
     * @param logDirectory where its output files go.
     * @param command      program and arguments.
     * @return the running process.
     */
    public static BackgroundProcess start(final Path logDirectory, final List<String> command)
    {
        try
        {
            Files.createDirectories(logDirectory);
            final String stem = "cmd-" + SEQUENCE.incrementAndGet() + "-" + Path.of(command.get(0)).getFileName();
            final Path out = logDirectory.resolve(stem + ".out");
            final Path err = logDirectory.resolve(stem + ".err");
            final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
            final Map<String, String> environment = builder.environment();
            environment.put("PATH", environment.getOrDefault("PATH", "") + ":" + SBIN_PATH);
            return new BackgroundProcess(command, builder.start(), out, err);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + String.join(" ", command) + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Whether a program is on the search path (including the sbin folders).
     *
     * @param program its name, e.g. "tcpdump".
     * @return true when an executable file of that name is found.
     */
    public static boolean installed(final String program)
    {
        final String path = System.getenv().getOrDefault("PATH", "") + ":" + SBIN_PATH;
        for (final String directory : path.split(":"))
        {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Aborts (skips) the calling test unless every program is installed.
     *
     * @param programs program names.
     */
    public static void assumeInstalled(final String... programs)
    {
        for (final String program : programs)
        {
            assumeTrue(installed(program), program + " is not installed; this test needs it");
        }
    }

    /**
     * Aborts (skips) the calling test unless it runs as root (uid 0), which network namespaces need.
     */
    public static void assumeRoot()
    {
        assumeTrue(effectiveUid() == 0, "not root; network namespace tests need root (run as root or skip)");
    }

    /**
     * The effective user id of this JVM, from /proc/self/status (Linux), or -1 where that cannot be read.
     *
     * @return the uid.
     */
    public static long effectiveUid()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8))
            {
                if (line.startsWith("Uid:"))
                {
                    // Uid: real effective saved filesystem
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
            return -1;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
