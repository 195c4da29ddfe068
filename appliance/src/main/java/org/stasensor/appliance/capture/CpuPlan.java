package org.stasensor.appliance.capture;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which CPU each worker is pinned to. Workers get distinct CPUs from those the operator lists, or from those this
 * process may run on; more workers than such CPUs is a configuration error, because two busy-polling workers on
 * one CPU halve each other and a DPDK worker sharing a core starves the other.
 */
public final class CpuPlan
{
    private CpuPlan()
    {
    }

    /**
     * Assigns CPUs.
     *
     * @param workers   number of workers.
     * @param requested CPUs the operator listed, or null to use the allowed ones in ascending order.
     * @param allowed   CPUs this process may run on.
     * @return the CPU of worker i at index i.
     * @throws CaptureSetupException when the request cannot be met.
     */
    public static int[] assign(final int workers, final int[] requested, final int[] allowed)
        throws CaptureSetupException
    {
        if (workers < 1)
        {
            throw new CaptureSetupException("no receive queue to capture from");
        }
        final int[] candidates = requested != null ? requested : allowed;
        if (requested != null)
        {
            for (final int cpu : requested)
            {
                if (Arrays.stream(allowed).noneMatch(a -> a == cpu))
                {
                    throw new CaptureSetupException("CPU " + cpu + " is not available to this process (allowed CPUs: "
                        + list(allowed) + ")");
                }
            }
            if (Arrays.stream(requested).distinct().count() != requested.length)
            {
                throw new CaptureSetupException("a CPU is listed twice in the worker cores: " + list(requested));
            }
        }
        if (workers > candidates.length)
        {
            throw new CaptureSetupException(workers + " workers (one per receive queue) but only "
                + candidates.length + " CPU(s) to pin them to (" + list(candidates)
                + "); use fewer queues or workers, or list more cores");
        }
        return Arrays.copyOf(candidates, workers);
    }

    /**
     * Parses a CPU list as the kernel writes it: {@code 0,2-3}.
     *
     * @param text the list.
     * @return the CPUs in the order given.
     * @throws CaptureSetupException when it is not such a list.
     */
    public static int[] parse(final String text) throws CaptureSetupException
    {
        try
        {
            return Arrays.stream(text.split(","))
                .map(String::trim)
                .flatMapToInt(part ->
                {
                    final int dash = part.indexOf('-');
                    if (dash < 0)
                    {
                        return IntStream.of(nonNegative(part));
                    }
                    final int from = nonNegative(part.substring(0, dash));
                    final int to = nonNegative(part.substring(dash + 1));
                    if (to < from || to - from > 4096)
                    {
                        throw new NumberFormatException(part);
                    }
                    return IntStream.rangeClosed(from, to);
                })
                .toArray();
        }
        catch (final NumberFormatException ex)
        {
            throw new CaptureSetupException("bad CPU list '" + text + "': expected numbers and ranges like 0,2-3");
        }
    }

    private static int nonNegative(final String number)
    {
        final int value = Integer.parseInt(number.trim());
        if (value < 0)
        {
            throw new NumberFormatException(number);
        }
        return value;
    }

    /**
     * Writes CPUs as a list.
     *
     * @param cpus CPUs.
     * @return e.g. {@code 0, 1}.
     */
    static String list(final int[] cpus)
    {
        return cpus.length == 0 ? "none" : Arrays.stream(cpus).mapToObj(Integer::toString)
            .collect(Collectors.joining(", "));
    }
}
