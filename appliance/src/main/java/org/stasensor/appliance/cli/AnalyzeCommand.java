package org.stasensor.appliance.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.locks.LockSupport;
import org.stasensor.appliance.detect.Detections;
import org.stasensor.appliance.enrich.Enrichments;
import org.stasensor.appliance.output.InlineStages;
import org.stasensor.appliance.output.JsonLinesSink;
import org.stasensor.pipeline.decode.DecodeResult;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.record.RecordDescriptor;

/**
 * {@code sta analyze FILE... [--output PATH|-] [--sensor NAME] [--config sta.yaml]}: reads capture files through the
 * full path of {@code sta run} (parsing, enrichment, detection) and prints one JSON record per line, each alert after
 * the record that triggered it. Files are read in order by one worker, so flows spanning files are joined. Without
 * {@code --config}: enrichment at its defaults (bundled GeoIP when installed, DGA, certificate validation against the
 * system bundle, software names; RDAP offline) and no rules; with it, its sensor name, pipeline bounds, enrichment,
 * rules and state directory (its capture and journal sections are not used).
 */
final class AnalyzeCommand
{
    private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;
    private static final long LATE_RECORDS_WAIT_NANOS = 15_000_000_000L;

    private AnalyzeCommand()
    {
    }

    static int demo(final String[] args, final PrintStream out, final PrintStream err)
    {
        // The sample's packets with the client on a LAN address and the server on a public one, through conf/sta.yaml's
        // enrichment and rules (bin/sta starts the demo in the project directory, which its paths are relative to).
        final String home = System.getProperty("sta.home", ".");
        final Path sample = Path.of(home, "appliance", "samples", "sample-public.pcap");
        final List<String> withSample = new ArrayList<>();
        withSample.add(sample.toString());
        withSample.add("--config");
        withSample.add(Path.of(home, "conf", "sta.yaml").toString());
        withSample.addAll(List.of(args));
        return run(withSample.toArray(String[]::new), out, err);
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final List<Path> files = new ArrayList<>();
        String output = "-";
        String sensor = null;
        Path config = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--output", "-o" -> output = value(args, ++i, "--output");
                case "--sensor" -> sensor = value(args, ++i, "--sensor");
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                default ->
                {
                    if (args[i].startsWith("--"))
                    {
                        throw new UsageException("analyze: unknown option '" + args[i] + "'");
                    }
                    files.add(Path.of(args[i]));
                }
            }
        }
        if (files.isEmpty())
        {
            throw new UsageException("analyze: no capture file given; usage: sta analyze FILE... [--output PATH|-] "
                + "[--config sta.yaml]");
        }
        final OfflineSettings settings = OfflineSettings.of(config, sensor, null);
        return analyze(files, output, settings, false, out, err);
    }

    /**
     * Reads capture files through parsing, enrichment and detection, printing records and alerts.
     *
     * @param files      the captures, in order.
     * @param output     a file, or "-" for standard output.
     * @param settings   enrichment, rules and bounds.
     * @param alertsOnly print only alerts ({@code sta rules test}).
     * @param out        standard output.
     * @param err        where progress and the summary go.
     * @return the exit status.
     */
    static int analyze(final List<Path> files, final String output, final OfflineSettings settings,
        final boolean alertsOnly, final PrintStream out, final PrintStream err)
    {
        for (final Path file : files)
        {
            if (!Files.isReadable(file) || Files.isDirectory(file))
            {
                throw new UsageException(file + ": cannot read (no such file, a directory, or no permission)");
            }
        }
        try (Enrichments enrichments = settings.openEnrichments(err);
            OutputStream sinkStream = open(output, out))
        {
            final Detections detections = settings.loadDetections(err);
            final JsonLinesSink printer = new JsonLinesSink(sinkStream, settings.sensor());
            final InlineStages stages = new InlineStages(enrichments.newStage(RecordDescriptor.MAX_RECORD_LENGTH),
                alertsOnly ? null : printer, printer, detections.detectors(), enrichments.lateRecords());
            final PacketInspector inspector = new PacketInspector(settings.inspector(), stages.sink());
            final long started = System.nanoTime();
            final CaptureFiles.Outcome outcome = CaptureFiles.readAll(files, inspector, err, PROGRESS_INTERVAL_NANOS);
            inspector.finish();
            awaitLateRecords(enrichments, stages, err);
            sinkStream.flush();
            summary(err, inspector.counters(), printer.written(), System.nanoTime() - started, outcome);
            err.printf("sta: %d alert(s)%n", stages.detection().alerts());
            if (enrichments.failureSummary() != null)
            {
                err.println("sta: " + enrichments.failureSummary());
            }
            if (stages.detection().failureSummary() != null)
            {
                err.println("sta: " + stages.detection().failureSummary());
            }
            return outcome.complete() ? Sta.EXIT_OK : Sta.EXIT_PARTIAL;
        }
        catch (final IOException ex)
        {
            throw new UsageException(ex.getMessage());
        }
    }

    /** Lookups still in flight at the end (RDAP) get a bounded wait, so that their update records are printed. */
    private static void awaitLateRecords(final Enrichments enrichments, final InlineStages stages,
        final PrintStream err)
    {
        final long deadline = System.nanoTime() + LATE_RECORDS_WAIT_NANOS;
        if (enrichments.pendingLookups() > 0)
        {
            err.printf("sta: waiting up to %d s for %d domain lookup(s)%n", LATE_RECORDS_WAIT_NANOS / 1_000_000_000L,
                enrichments.pendingLookups());
        }
        while (enrichments.pendingLookups() > 0 && System.nanoTime() - deadline < 0)
        {
            if (stages.drainLate() == 0)
            {
                LockSupport.parkNanos(10_000_000L);
            }
        }
        while (stages.drainLate() > 0)
        {
            Thread.onSpinWait();
        }
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new UsageException("analyze: " + option + " needs a value");
        }
        return args[index];
    }

    static OutputStream open(final String output, final PrintStream out) throws IOException
    {
        if ("-".equals(output))
        {
            return new BufferedOutputStream(new NonClosingOutputStream(out), 1 << 16);
        }
        return new BufferedOutputStream(new FileOutputStream(output), 1 << 16);
    }

    private static void summary(final PrintStream err, final InspectorCounters c, final long records,
        final long elapsedNanos, final CaptureFiles.Outcome outcome)
    {
        final double seconds = Math.max(elapsedNanos, 1) / 1e9;
        err.printf("sta: %d file(s), %d packets, %d bytes, %d flows, %d records in %.2f s (%.0f packets/s)%n",
            outcome.files(), c.packets(), c.bytes(), c.flowsCreated(), records, seconds, c.packets() / seconds);
        err.printf("sta: malformed %d, non-IP %d, unsupported link type %d, non-first fragments %d, "
            + "other transport %d, too deep %d, handshake gaps %d, handshake buffer full %d, parser errors %d%n",
            c.malformed(), c.decodeResult(DecodeResult.NOT_IP), c.decodeResult(DecodeResult.UNSUPPORTED_LINK_TYPE),
            c.decodeResult(DecodeResult.NON_FIRST_FRAGMENT), c.decodeResult(DecodeResult.OTHER_TRANSPORT),
            c.decodeResult(DecodeResult.TOO_DEEP), c.handshakeGaps(), c.handshakeBufferFull(), c.parserErrors());
    }

    /** Lets the buffered writer close without closing stdout. */
    private static final class NonClosingOutputStream extends OutputStream
    {
        private final PrintStream out;

        NonClosingOutputStream(final PrintStream out)
        {
            this.out = out;
        }

        @Override
        public void write(final int b)
        {
            out.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            out.write(b, off, len);
        }

        @Override
        public void flush()
        {
            out.flush();
        }
    }
}
