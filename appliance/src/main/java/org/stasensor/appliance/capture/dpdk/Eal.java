package org.stasensor.appliance.capture.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.nativebindings.dpdk.StaDpdkLibrary;
import org.stasensor.nativebindings.dpdk.sta_dpdk_h;

/**
 * DPDK's Environment Abstraction Layer, started once per process.
 * <p>
 * {@code rte_eal_init} pins the thread that calls it to the main lcore's CPU (and threads that thread starts later
 * inherit the pin), so it runs on a thread made for it, which ends right after; no other thread of the JVM is
 * pinned. EAL can start only once per process (a second call fails with EALREADY, also after
 * {@code rte_eal_cleanup}): the arguments of the first successful start are kept, and a later open with other
 * arguments is refused. What EAL prints while it starts is caught by the shim and turned into one line when it
 * fails, or when it started but refused a device ({@code --vdev} whose PMD rejected its parameters).
 */
final class Eal
{
    private static final String PROGRAM_NAME = "sta";
    private static final int MESSAGES_SIZE = 1 << 16;
    private static final long START_TIMEOUT_SECONDS = 120;
    /** EAL's informational start-up lines: nothing an operator must act on. */
    private static final Pattern INFORMATIONAL = Pattern.compile("^(EAL: (Detected |Selected IOVA|Physical addresses"
        + "|No available \\d+ kB hugepages|No free \\d+ kB hugepages|VFIO support|Probe PCI|Multi-process socket"
        + "|Using IOMMU|Auto-detected process type|Cannot get hugepage information)|TELEMETRY: |Running as user)");
    /** Lines saying a device was not taken (its PMD refused it); EAL itself still started. */
    private static final Pattern DEVICE_REFUSED = Pattern.compile("probe failed|failed to initialize|"
        + "Requested device .* cannot be used|Driver cannot attach the device");

    private static List<String> started;
    private static List<String> deviceProblems = List.of();

    private Eal()
    {
    }

    /**
     * Starts EAL with these arguments, or checks that it already runs with them.
     *
     * @param arguments EAL's command line without the program name.
     * @return lines in which EAL said it refused a device, empty when it took every device.
     * @throws CaptureSetupException EAL did not start; one line with DPDK's reason and the offending argument when
     *                               DPDK named it.
     */
    static synchronized List<String> start(final List<String> arguments) throws CaptureSetupException
    {
        final Optional<String> problem = StaDpdkLibrary.loadProblem();
        if (problem.isPresent())
        {
            throw new CaptureSetupException(problem.get());
        }
        if (started != null)
        {
            if (!started.equals(arguments))
            {
                throw new CaptureSetupException("DPDK's EAL already runs in this process with " + started
                    + "; it starts once per process, so every DPDK capture of a process needs the same arguments");
            }
            return deviceProblems;
        }
        final Outcome outcome = startOnOwnThread(arguments);
        final List<String> lines = meaningfulLines(outcome.messages());
        if (outcome.result() < 0)
        {
            final String reason = sta_dpdk_h.sta_dpdk_strerror(outcome.errno()).getString(0);
            throw new CaptureSetupException("DPDK's EAL did not start (" + reason + ")"
                + (lines.isEmpty() ? "" : ": " + String.join("; ", lines)) + "; EAL arguments: "
                + String.join(" ", arguments));
        }
        started = List.copyOf(arguments);
        deviceProblems = lines.stream().anyMatch(line -> DEVICE_REFUSED.matcher(line).find()) ?
            List.copyOf(lines) : List.of();
        return deviceProblems;
    }

    private static Outcome startOnOwnThread(final List<String> arguments) throws CaptureSetupException
    {
        final Outcome[] outcome = new Outcome[1];
        final Thread thread = new Thread(() -> outcome[0] = callInit(arguments), "dpdk-eal-init");
        thread.setDaemon(true);
        thread.start();
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(START_TIMEOUT_SECONDS));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new CaptureSetupException("interrupted while DPDK's EAL was starting");
        }
        if (thread.isAlive() || outcome[0] == null)
        {
            throw new CaptureSetupException("DPDK's EAL did not start within " + START_TIMEOUT_SECONDS + " s "
                + "(hugepages being zeroed, or another DPDK process holding its lock?); EAL arguments: "
                + String.join(" ", arguments));
        }
        return outcome[0];
    }

    private static Outcome callInit(final List<String> arguments)
    {
        // EAL may keep pointers into argv for the life of the process: the strings are never freed.
        final Arena forever = Arena.global();
        final List<String> argv = new ArrayList<>();
        argv.add(PROGRAM_NAME);
        argv.addAll(arguments);
        final MemorySegment pointers = forever.allocate(ValueLayout.ADDRESS, argv.size() + 1L);
        for (int i = 0; i < argv.size(); i++)
        {
            pointers.setAtIndex(ValueLayout.ADDRESS, i, forever.allocateFrom(argv.get(i), StandardCharsets.UTF_8));
        }
        pointers.setAtIndex(ValueLayout.ADDRESS, argv.size(), MemorySegment.NULL);
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment messages = call.allocate(MESSAGES_SIZE);
            final int result = sta_dpdk_h.sta_dpdk_eal_init(argv.size(), pointers, messages, MESSAGES_SIZE);
            final int errno = result < 0 ? sta_dpdk_h.sta_dpdk_errno() : 0;
            return new Outcome(result, errno, messages.getString(0, StandardCharsets.UTF_8));
        }
    }

    /**
     * The lines of EAL's start-up output worth showing: without informational lines, the usage text EAL prints
     * after a bad option, program-name prefixes, and repeats.
     *
     * @param messages what EAL printed.
     * @return the lines in order.
     */
    static List<String> meaningfulLines(final String messages)
    {
        final Set<String> lines = new LinkedHashSet<>();
        for (final String raw : messages.split("\n"))
        {
            String line = raw.strip();
            if (line.startsWith("Usage:"))
            {
                break;
            }
            if (line.startsWith(PROGRAM_NAME + ": "))
            {
                line = line.substring(PROGRAM_NAME.length() + 2);
            }
            if (!line.isEmpty() && !INFORMATIONAL.matcher(line).find())
            {
                lines.add(line);
            }
        }
        return new ArrayList<>(lines);
    }

    private record Outcome(int result, int errno, String messages)
    {
    }
}
