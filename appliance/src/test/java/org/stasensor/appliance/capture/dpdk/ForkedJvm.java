package org.stasensor.appliance.capture.dpdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.stasensor.appliance.lab.StaProcess;

/**
 * Runs a main class in a JVM of its own: the JDK and class path of this JVM and the flags it was started with
 * (Surefire's argLine, i.e. the project's {@code sta.jvm.flags}), so that a DPDK scenario gets a process of its own
 * (EAL starts once per process). The process is killed when it outlives its time, and always at the end.
 */
final class ForkedJvm
{
    private ForkedJvm()
    {
    }

    /**
     * What the JVM left.
     *
     * @param exitCode its exit code, or -1 when it was killed for taking too long.
     * @param stdout   its standard output.
     * @param stderr   its standard error.
     * @param elapsed  how long it ran.
     */
    record Result(int exitCode, String stdout, String stderr, Duration elapsed)
    {
        String describe()
        {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\nstdout:\n" + stdout + "\nstderr:\n"
                + stderr;
        }
    }

    /**
     * Runs {@code mainClass} with {@code args}.
     *
     * @param mainClass the class.
     * @param args      its arguments.
     * @param limit     the longest it may run.
     * @param directory where its output is kept while it runs.
     * @return what it left.
     * @throws IOException when it cannot be started.
     * @throws InterruptedException when the test is interrupted.
     */
    static Result run(final Class<?> mainClass, final List<String> args, final Duration limit, final Path directory)
        throws IOException, InterruptedException
    {
        final List<String> command = StaProcess.javaCommand(mainClass, args);
        final Path out = Files.createTempFile(directory, "jvm-", ".out");
        final Path err = Files.createTempFile(directory, "jvm-", ".err");
        final long start = System.nanoTime();
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .start();
        try
        {
            final boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            final Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!ended)
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return new Result(ended ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), elapsed);
        }
        finally
        {
            process.destroyForcibly();
        }
    }
}
