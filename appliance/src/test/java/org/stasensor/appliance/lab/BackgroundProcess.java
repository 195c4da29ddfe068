package org.stasensor.appliance.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program the lab started (a server, a capture): stopped by its own PID, first politely (SIGTERM), then by force
 * (SIGKILL). {@code ip netns exec} replaces itself with the program, so the PID is the program's own.
 */
public final class BackgroundProcess implements AutoCloseable
{
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final List<String> command;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;

    BackgroundProcess(final List<String> command, final Process process, final Path stdoutFile,
        final Path stderrFile)
    {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /**
     * The process id.
     *
     * @return the PID.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * The command line it was started with.
     *
     * @return the command.
     */
    public List<String> command()
    {
        return command;
    }

    /**
     * Whether it is still running.
     *
     * @return true while alive.
     */
    public boolean alive()
    {
        return process.isAlive();
    }

    /**
     * What it has written to standard output so far.
     *
     * @return the text.
     */
    public String stdout()
    {
        return HostCommands.read(stdoutFile);
    }

    /**
     * What it has written to standard error so far.
     *
     * @return the text.
     */
    public String stderr()
    {
        return HostCommands.read(stderrFile);
    }

    /**
     * Waits for it to exit by itself.
     *
     * @param timeout how long to wait.
     * @return true when it exited within the time.
     */
    public boolean awaitExit(final Duration timeout)
    {
        try
        {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The exit status of a process that has ended.
     *
     * @return the status.
     * @throws IllegalStateException while it still runs.
     */
    public int exitCode()
    {
        return process.exitValue();
    }

    /**
     * Sends it a signal by PID, e.g. "INT" so that tcpdump finishes its file.
     *
     * @param signal signal name without "SIG".
     */
    public void signal(final String signal)
    {
        if (process.isAlive())
        {
            HostCommands.run(stdoutFile.getParent(), Duration.ofSeconds(10),
                List.of("kill", "-" + signal, Long.toString(process.pid())));
        }
    }

    /**
     * Stops it: SIGTERM, a grace period, then SIGKILL; returns once it has exited.
     */
    public void stop()
    {
        if (!process.isAlive())
        {
            return;
        }
        process.destroy();
        if (!awaitExit(STOP_GRACE))
        {
            process.destroyForcibly();
            awaitExit(STOP_GRACE);
        }
    }

    /**
     * The command and the end of what it printed, for failure messages.
     *
     * @return the description.
     */
    public String describe()
    {
        return String.join(" ", command) + " (pid " + pid() + (alive() ? ", running" : ", exited " + exitCode())
            + ")\n--- stdout (end) ---\n" + CommandResult.tail(stdout())
            + "\n--- stderr (end) ---\n" + CommandResult.tail(stderr());
    }

    @Override
    public void close()
    {
        stop();
    }
}
