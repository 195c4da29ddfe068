package org.stasensor.appliance.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.stasensor.appliance.capture.CaptureRun;
import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.CaptureWorker;
import org.stasensor.appliance.capture.CpuPlan;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.appliance.capture.file.CaptureFileSource;
import org.stasensor.appliance.output.InterleavedLines;
import org.stasensor.appliance.output.JsonLinesSink;
import org.stasensor.nativebindings.libc.CpuAffinity;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.inspect.PacketInspector;

/**
 * {@code sta capture --source dpdk|af_packet|pcap ...}: captures with one pinned worker per receive queue and prints
 * one JSON record per line, as {@code sta analyze} does, until the time is up, a signal arrives, or (files) the
 * input ends. Open flows are ended and written before exit. A per-queue summary goes to stderr.
 */
final class CaptureCommand
{
    static final String USAGE = """
          capture --source pcap FILE... [--replay SPEED]
          capture --source af_packet --interface IF [--workers N]
          capture --source dpdk [--queues N] -- EAL-ARGUMENTS...
                  [--cores LIST] [--duration SECONDS] [--output PATH|-] [--sensor NAME]
                          capture with one pinned worker per receive queue and print one JSON record per line
                          until SECONDS have passed, SIGINT/SIGTERM, or the files end
        """;

    private static final long SPIN_NANOS = 1_000L;
    private static final long MAX_BACKOFF_NANOS = 1_000_000L;

    private CaptureCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CaptureOptions options = CaptureOptions.parse(args);
        try (OutputStream stream = open(options.output(), out))
        {
            final InterleavedLines lines = new InterleavedLines(stream);
            final OpenedSources opened = openSources(options);
            final CaptureRun run;
            try
            {
                run = workers(options, opened, lines, err);
            }
            catch (final CaptureSetupException ex)
            {
                opened.closeAll();
                throw new UsageException(ex.getMessage());
            }
            try (StopSignals ignored = StopSignals.install(run::requestStop))
            {
                run.start();
                run.await(options.durationNanos());
                run.stopAndJoin();
            }
            lines.flush();
            stream.flush();
            return summary(run, opened, err);
        }
        catch (final IOException ex)
        {
            throw new UsageException("cannot write " + options.output() + ": " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new UsageException("capture interrupted");
        }
    }

    private static OpenedSources openSources(final CaptureOptions options)
    {
        try
        {
            return switch (options.source())
            {
                case "pcap" -> pcap(options);
                default -> throw new UsageException("capture: unknown --source '" + options.source()
                    + "'; expected dpdk, af_packet or pcap");
            };
        }
        catch (final CaptureSetupException ex)
        {
            throw new UsageException(ex.getMessage());
        }
    }

    private static OpenedSources pcap(final CaptureOptions options) throws CaptureSetupException
    {
        if (options.files().isEmpty())
        {
            throw new CaptureSetupException("capture: --source pcap needs at least one capture file");
        }
        for (final Path file : options.files())
        {
            if (!Files.isReadable(file) || Files.isDirectory(file))
            {
                throw new CaptureSetupException(file + ": cannot read (no such file, a directory, or no permission)");
            }
        }
        final CaptureFileSource source = new CaptureFileSource(options.files(), options.replaySpeed());
        return new OpenedSources(List.of(source), CaptureCommand::backoff, () ->
        {
        });
    }

    private static CaptureRun workers(final CaptureOptions options, final OpenedSources opened,
        final InterleavedLines lines, final PrintStream err) throws CaptureSetupException
    {
        final List<PacketSource> sources = opened.sources();
        if (sources.size() > 256)
        {
            throw new CaptureSetupException(sources.size() + " receive queues; at most 256 workers are supported");
        }
        final int[] cpus = CpuPlan.assign(sources.size(), options.cores(), CpuAffinity.allowedCpus());
        final List<CaptureWorker> workers = new ArrayList<>();
        final CaptureRun[] run = new CaptureRun[1];
        final CaptureWorker.WorkerFailures failures = new CaptureWorker.WorkerFailures()
        {
            @Override
            public void onWorkerFailed(final CaptureWorker worker, final RuntimeException failure)
            {
                run[0].onWorkerFailed(worker, failure);
            }

            @Override
            public void onFirstPollFailure(final CaptureWorker worker, final RuntimeException failure)
            {
                run[0].onFirstPollFailure(worker, failure);
            }
        };
        for (int i = 0; i < sources.size(); i++)
        {
            final InterleavedLines.WorkerLines workerLines = lines.newWorker();
            final JsonLinesSink sink = new JsonLinesSink(workerLines, options.sensor());
            final PacketInspector inspector = new PacketInspector(InspectorConfig.DEFAULT.withWorkerId(i),
                sink.sink());
            workers.add(new CaptureWorker(i, sources.get(i), inspector, opened.idleStrategy().get(), cpus[i],
                workerLines, failures));
        }
        run[0] = new CaptureRun(workers, err);
        return run[0];
    }

    private static int summary(final CaptureRun run, final OpenedSources opened, final PrintStream err)
    {
        final QueueStatistics statistics = new QueueStatistics();
        long packets = 0;
        long records = 0;
        long pollFailures = 0;
        for (final CaptureWorker worker : run.workers())
        {
            final InspectorCounters counters = worker.inspector().counters();
            statistics.clear();
            worker.source().statistics(statistics);
            err.printf("sta: worker %d (%s, cpu %d): %d packets, %d bytes, %d malformed, %d NIC drops, "
                + "%d software drops, %d flows, %d records%n", worker.id(), worker.source().name(), worker.cpu(),
                counters.packets(), counters.bytes(), counters.malformed(), statistics.nicDrops(),
                statistics.softwareDrops(), counters.flowsCreated(), counters.records());
            packets += counters.packets();
            records += counters.records();
            pollFailures += worker.pollFailures();
        }
        err.printf("sta: %d worker(s), %d packets, %d records%n", run.workers().size(), packets, records);
        opened.closeAll();
        boolean complete = true;
        for (final PacketSource source : opened.sources())
        {
            if (source instanceof CaptureFileSource files && !files.complete())
            {
                complete = false;
                files.problems().forEach(problem -> err.println("sta: warning: " + problem));
            }
        }
        if (run.firstFailure() != null || pollFailures > 0)
        {
            return Sta.EXIT_INTERNAL;
        }
        return complete ? Sta.EXIT_OK : Sta.EXIT_PARTIAL;
    }

    private static IdleStrategy backoff()
    {
        return new BackoffIdleStrategy(10, 20, SPIN_NANOS, MAX_BACKOFF_NANOS);
    }

    private static IdleStrategy busySpin()
    {
        return new BusySpinIdleStrategy();
    }

    private static OutputStream open(final String output, final PrintStream out) throws IOException
    {
        return AnalyzeCommand.open(output, out);
    }

    /**
     * The queues of a capture and how their workers wait.
     *
     * @param sources      one per worker.
     * @param idleStrategy makes one idle strategy per worker.
     * @param release      releases what the sources share (a DPDK port), after every worker ended.
     */
    private record OpenedSources(List<PacketSource> sources, Supplier<IdleStrategy> idleStrategy,
        Runnable release)
    {
        void closeAll()
        {
            release.run();
        }
    }
}
