package org.stasensor.pipeline.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A network namespace of the test's own with only a loopback interface, where a real DNS server (dnsmasq) answers a
 * real client (dig) while tcpdump captures: nothing leaves the namespace.
 * <p>
 * Nothing here can hang: every command's output goes to a file (no pipe, no reader thread), every wait has a
 * deadline, a command that overruns it is killed. Background processes are stopped by their own PID (SIGTERM, then
 * SIGKILL), with anything they started, in {@link #close()}, which also deletes the namespace; a JVM shutdown hook
 * does the same if the test run is cut short, and a new lab first deletes the namespaces of earlier runs whose JVM
 * is gone (a killed run leaves its namespace, "stadns" and the JVM's PID).
 */
final class DnsLab implements AutoCloseable
{
    /** Longest wait for one command. */
    static final long COMMAND_TIMEOUT_SECONDS = 20;
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final long READY_TIMEOUT_MILLIS = 10_000;
    private static final String PREFIX = "stadns";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path directory;
    private final String namespace;
    private final List<Process> background = new ArrayList<>();
    private final Thread shutdownHook;
    private int outputs;
    private boolean created;

    /**
     * Creates the namespace with its loopback up; aborts the test (not fails it) where namespaces or the programs
     * are not available.
     */
    DnsLab()
    {
        for (final String program : new String[]{"ip", "dnsmasq", "dig", "tcpdump", "tshark"})
        {
            assumeTrue(onPath(program), program + " not installed");
        }
        try
        {
            this.directory = Files.createTempDirectory("dns-lab");
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        this.namespace = PREFIX + ProcessHandle.current().pid() + "x" + SEQUENCE.incrementAndGet();
        this.shutdownHook = new Thread(this::close, "dns-lab-cleanup");
        deleteAbandonedNamespaces();
        final Result added = run(List.of("ip", "netns", "add", namespace));
        if (added.exitCode() != 0)
        {
            deleteOutputs();
            assumeTrue(false, "cannot create a network namespace: " + added.stderr());
        }
        created = true;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try
        {
            check(inside("ip", "link", "set", "lo", "up"));
        }
        catch (final RuntimeException | AssertionError ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Output of a finished command.
     *
     * @param exitCode its exit code.
     * @param stdout   standard output.
     * @param stderr   standard error.
     */
    record Result(int exitCode, String stdout, String stderr)
    {
    }

    /**
     * The namespace's name.
     *
     * @return e.g. "stadns1234x1".
     */
    String namespace()
    {
        return namespace;
    }

    /**
     * Runs a command inside the namespace and waits for it, at most {@link #COMMAND_TIMEOUT_SECONDS}.
     *
     * @param command program and arguments.
     * @return what it printed.
     */
    Result inside(final String... command)
    {
        return run(inNamespace(command));
    }

    /**
     * Starts a long-running command inside the namespace ({@code ip netns exec} execs it, so the process is the
     * program itself) and waits until its standard error shows {@code readyText}.
     *
     * @param readyText text the program prints on stderr once ready.
     * @param command   program and arguments.
     * @return the process.
     */
    Process start(final String readyText, final String... command)
    {
        final List<String> full = inNamespace(command);
        final Path stdout = output("out");
        final Path stderr = output("err");
        final Process process;
        try
        {
            process = new ProcessBuilder(full).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        }
        catch (final IOException ex)
        {
            throw new AssertionError("could not start " + full, ex);
        }
        background.add(process);
        final long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (!read(stderr).contains(readyText))
        {
            if (!process.isAlive() || System.currentTimeMillis() > deadline)
            {
                throw new AssertionError(full + " never printed '" + readyText + "' (alive " + process.isAlive()
                    + "): " + read(stderr) + read(stdout));
            }
            pause(20);
        }
        return process;
    }

    /**
     * Stops the background processes in reverse order of starting, each by its own PID, and waits for them.
     */
    void stopAll()
    {
        for (int i = background.size() - 1; i >= 0; i--)
        {
            stop(background.get(i).toHandle());
        }
        background.clear();
    }

    @Override
    public synchronized void close()
    {
        stopAll();
        if (created)
        {
            // Whatever still runs in the namespace (it should be nothing) is stopped by PID before deleting it.
            final Result pids = run(List.of("ip", "netns", "pids", namespace));
            for (final String pid : pids.stdout().split("\\s+"))
            {
                if (!pid.isBlank())
                {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(DnsLab::stop);
                }
            }
            run(List.of("ip", "netns", "del", namespace));
            created = false;
            deleteOutputs();
            if (Thread.currentThread() != shutdownHook)
            {
                try
                {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                }
                catch (final IllegalStateException ignored)
                {
                    // the JVM is shutting down: the hook runs this anyway
                }
            }
        }
    }

    /**
     * Fails with the command's output when it did not exit 0.
     *
     * @param result a result.
     * @return the result.
     */
    static Result check(final Result result)
    {
        if (result.exitCode != 0)
        {
            throw new AssertionError("command failed (" + result.exitCode + "): " + result.stderr + result.stdout);
        }
        return result;
    }

    private static void stop(final ProcessHandle process)
    {
        final List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try
        {
            process.onExit().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            process.destroyForcibly();
        }
        for (final ProcessHandle child : children)
        {
            child.destroyForcibly();
        }
    }

    private void deleteOutputs()
    {
        try (java.util.stream.Stream<Path> files = Files.list(directory))
        {
            for (final Path file : files.toList())
            {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        }
        catch (final IOException ignored)
        {
            // best effort: a temporary directory
        }
    }

    /**
     * Deletes namespaces named by this class for a JVM that no longer runs.
     */
    private void deleteAbandonedNamespaces()
    {
        for (final String line : run(List.of("ip", "netns", "list")).stdout().split("\n"))
        {
            final String name = line.split(" ")[0].trim();
            if (!name.startsWith(PREFIX))
            {
                continue;
            }
            final String digits = name.substring(PREFIX.length()).split("x")[0];
            if (!digits.matches("\\d{1,10}") || ProcessHandle.of(Long.parseLong(digits)).isPresent())
            {
                continue;
            }
            final Result pids = run(List.of("ip", "netns", "pids", name));
            if (pids.exitCode() == 0 && pids.stdout().isBlank())
            {
                run(List.of("ip", "netns", "del", name));
            }
        }
    }

    private List<String> inNamespace(final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full;
    }

    private Result run(final List<String> command)
    {
        final Path stdout = output("out");
        final Path stderr = output("err");
        try
        {
            final Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                stop(process.toHandle());
                throw new AssertionError("timed out after " + COMMAND_TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), read(stdout), read(stderr));
        }
        catch (final IOException ex)
        {
            return new Result(-1, "", ex.toString());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, ex);
        }
    }

    private synchronized Path output(final String kind)
    {
        return directory.resolve("lab-" + (++outputs) + "." + kind);
    }

    private static java.io.File nullFile()
    {
        return new java.io.File("/dev/null");
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static void pause(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    private static boolean onPath(final String program)
    {
        for (final String dir : (System.getenv().getOrDefault("PATH", "/usr/bin") + ":/usr/sbin:/sbin").split(":"))
        {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program)))
            {
                return true;
            }
        }
        return false;
    }
}
