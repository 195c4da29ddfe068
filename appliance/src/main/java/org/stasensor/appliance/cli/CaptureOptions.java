package org.stasensor.appliance.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.CaptureSpec;
import org.stasensor.appliance.capture.CpuPlan;
import org.stasensor.appliance.capture.file.CaptureFileSource;

/**
 * The command line of {@code sta capture}, checked: every mistake is a {@link UsageException} with one line.
 *
 * @param source        dpdk, af_packet or pcap.
 * @param files         capture files (pcap).
 * @param replaySpeed   {@link CaptureFileSource#FULL_SPEED} or capture time per wall time (pcap).
 * @param interfaceName the interface (af_packet).
 * @param workers       fanout members (af_packet).
 * @param queues        rx queues per port, 0 for all the port offers (dpdk).
 * @param ealArguments  everything after {@code --}, given to DPDK's EAL as is (dpdk).
 * @param cores         CPUs for the workers in order, or null for those the process may use.
 * @param durationNanos stop after this long; 0 for no limit.
 * @param output        a file or {@code -} for stdout.
 * @param sensor        {@code observer.hostname}, or null.
 */
record CaptureOptions(String source, List<Path> files, double replaySpeed, String interfaceName, int workers,
    int queues, List<String> ealArguments, int[] cores, long durationNanos, String output, String sensor)
{
    static CaptureOptions parse(final String[] args)
    {
        String source = null;
        final List<Path> files = new ArrayList<>();
        double replaySpeed = CaptureFileSource.FULL_SPEED;
        String interfaceName = null;
        int workers = 1;
        int queues = 0;
        List<String> ealArguments = List.of();
        int[] cores = null;
        long durationNanos = 0;
        String output = "-";
        String sensor = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--source" -> source = value(args, ++i, "--source");
                case "--replay" -> replaySpeed = positiveNumber(value(args, ++i, "--replay"), "--replay");
                case "--interface", "-i" -> interfaceName = value(args, ++i, "--interface");
                case "--workers" -> workers = (int)positiveNumber(value(args, ++i, "--workers"), "--workers");
                case "--queues" -> queues = (int)positiveNumber(value(args, ++i, "--queues"), "--queues");
                case "--cores" -> cores = cpus(value(args, ++i, "--cores"));
                case "--duration" -> durationNanos =
                    (long)(positiveNumber(value(args, ++i, "--duration"), "--duration") * 1e9);
                case "--output", "-o" -> output = value(args, ++i, "--output");
                case "--sensor" -> sensor = value(args, ++i, "--sensor");
                case "--" ->
                {
                    ealArguments = List.copyOf(Arrays.asList(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default ->
                {
                    if (args[i].startsWith("-"))
                    {
                        throw new UsageException("capture: unknown option '" + args[i] + "'");
                    }
                    files.add(Path.of(args[i]));
                }
            }
        }
        if (source == null)
        {
            throw new UsageException("capture: --source dpdk|af_packet|pcap is required");
        }
        if (!List.of("pcap", "af_packet", "dpdk").contains(source))
        {
            throw new UsageException("capture: unknown --source '" + source + "'; expected dpdk, af_packet or pcap");
        }
        if (!"pcap".equals(source) && !files.isEmpty())
        {
            throw new UsageException("capture: files are read with --source pcap, not --source " + source);
        }
        return new CaptureOptions(source, List.copyOf(files), replaySpeed, interfaceName, workers, queues,
            ealArguments, cores, durationNanos, output, sensor);
    }

    /**
     * What to capture, for {@link org.stasensor.appliance.capture.CaptureSources}.
     *
     * @return the capture spec.
     */
    CaptureSpec spec()
    {
        return new CaptureSpec(source, files, replaySpeed, interfaceName, workers, queues, ealArguments, cores);
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new UsageException("capture: " + option + " needs a value");
        }
        return args[index];
    }

    private static double positiveNumber(final String text, final String option)
    {
        try
        {
            final double value = Double.parseDouble(text);
            if (value > 0 && Double.isFinite(value))
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new UsageException("capture: " + option + " needs a positive number, got '" + text + "'");
    }

    private static int[] cpus(final String text)
    {
        try
        {
            return CpuPlan.parse(text);
        }
        catch (final CaptureSetupException ex)
        {
            throw new UsageException("capture: --cores: " + ex.getMessage());
        }
    }
}
