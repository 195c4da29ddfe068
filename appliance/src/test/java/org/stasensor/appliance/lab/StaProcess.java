package org.stasensor.appliance.lab;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.appliance.cli.Sta;

/**
 * Runs {@code sta} in a JVM of its own, as {@code bin/sta} would: the same JDK, JVM flags and class path as the
 * test's JVM. For what cannot run twice in one process (DPDK's EAL initialises once per process) or must be
 * stopped by a real signal.
 */
public final class StaProcess
{
    private StaProcess()
    {
    }

    /**
     * The command line that runs {@code sta ARGS...} in a new JVM.
     *
     * @param args sta's arguments.
     * @return java, flags, class path, main class, arguments.
     */
    public static List<String> command(final List<String> args)
    {
        return javaCommand(Sta.class, args);
    }

    /**
     * The command line that runs any main class in a new JVM with this JVM's JDK, flags and class path.
     *
     * @param main the class whose main method runs.
     * @param args its arguments.
     * @return java, flags, class path, main class, arguments.
     */
    public static List<String> javaCommand(final Class<?> main, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            // Surefire's own agent and debug options belong to the test JVM, not to the program.
            if (!flag.startsWith("-javaagent") && !flag.startsWith("-agentlib") && !flag.startsWith("-Xrunjdwp"))
            {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Starts {@code sta ARGS...} in the background; the caller stops it (by PID) in a finally block.
     *
     * @param logDirectory where its stdout and stderr files go.
     * @param args         sta's arguments.
     * @return the running process.
     */
    public static BackgroundProcess start(final Path logDirectory, final List<String> args)
    {
        return HostCommands.start(logDirectory, command(args));
    }
}
