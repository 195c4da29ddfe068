package org.stasensor.appliance.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

import org.stasensor.appliance.capture.CaptureRun;
import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.CaptureSources;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.file.CaptureFileSource;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.appliance.enrich.Enrichments;
import org.stasensor.appliance.output.JsonWorkers;
import org.stasensor.appliance.output.InterleavedLines;

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

    private CaptureCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CaptureOptions options = CaptureOptions.parse(args);
        try (OutputStream stream = AnalyzeCommand.open(options.output(), out);
            Enrichments enrichments = openEnrichments(err))
        {
            final InterleavedLines lines = new InterleavedLines(stream);
            final CaptureSources.Opened opened = openSources(options);
            final CaptureRun run;
            try
            {
                run = workers(options, opened, lines, enrichments, err);
            }
            catch (final CaptureSetupException ex)
            {
                opened.abandon();
                throw new UsageException(ex.getMessage());
            }
            try (StopSignals ignored = StopSignals.install(run::requestStop))
            {
                enrichments.describe().forEach(line -> err.println("sta: " + line));
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

    private static Enrichments openEnrichments(final PrintStream err)
    {
        try
        {
            final Enrichments enrichments = Enrichments.open(StaConfig.Enrichment.DEFAULT, null,
                line -> err.println("sta: " + line));
            return enrichments;
        }
        catch (final IOException ex)
        {
            throw new UsageException(ex.getMessage());
        }
    }

    private static CaptureSources.Opened openSources(final CaptureOptions options)
    {
        try
        {
            return CaptureSources.open(options.spec());
        }
        catch (final CaptureSetupException ex)
        {
            throw new UsageException(ex.getMessage());
        }
    }

    private static CaptureRun workers(final CaptureOptions options, final CaptureSources.Opened opened,
        final InterleavedLines lines, final Enrichments enrichments, final PrintStream err)
        throws CaptureSetupException
    {
        return CaptureRun.create(opened, options.cores(), JsonWorkers.printing(lines, enrichments, options.sensor()),
            err);
    }

    private static int summary(final CaptureRun run, final CaptureSources.Opened opened, final PrintStream err)
    {
        run.printSummary(err);
        opened.release().run();
        boolean complete = true;
        for (final PacketSource source : opened.sources())
        {
            if (source instanceof CaptureFileSource files && !files.complete())
            {
                complete = false;
                files.problems().forEach(problem -> err.println("sta: warning: " + problem));
            }
        }
        if (run.failed())
        {
            return Sta.EXIT_INTERNAL;
        }
        return complete ? Sta.EXIT_OK : Sta.EXIT_PARTIAL;
    }
}
