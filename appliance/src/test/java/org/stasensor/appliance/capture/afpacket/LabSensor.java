package org.stasensor.appliance.capture.afpacket;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.stasensor.appliance.capture.CaptureRun;
import org.stasensor.appliance.capture.CaptureSources;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.appliance.output.InterleavedLines;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.appliance.enrich.Enrichments;
import org.stasensor.appliance.output.JsonWorkers;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;

/**
 * The sensor as {@code sta capture --source af_packet} runs it (one {@link CaptureRun} worker per fanout member,
 * each with its own inspector, records interleaved by whole lines into one file), opened inside a lab namespace.
 * Test code: it wires the product's classes the way the CLI does until the CLI offers af_packet.
 */
final class LabSensor implements AutoCloseable
{
    private final CaptureRun run;
    private final OutputStream file;
    private final InterleavedLines lines;
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
    private final QueueStatistics drops = new QueueStatistics();
    private final Path output;
    private boolean stopped;

    private LabSensor(final CaptureRun run, final OutputStream file, final InterleavedLines lines, final Path output)
    {
        this.run = run;
        this.file = file;
        this.lines = lines;
        this.output = output;
    }

    /**
     * Opens the capture in the namespace and starts the workers, unpinned.
     *
     * @param namespace the {@code ip netns} name.
     * @param settings  what to open.
     * @param output    where the JSON lines go.
     * @return the running sensor.
     * @throws Exception when the capture cannot be opened.
     */
    static LabSensor start(final String namespace, final AfPacketSettings settings, final Path output)
        throws Exception
    {
        final List<PacketSource> sources = InNamespace.call(namespace, () -> AfPacketCapture.open(settings));
        final OutputStream file = new BufferedOutputStream(Files.newOutputStream(output));
        final InterleavedLines lines = new InterleavedLines(file);
        final CaptureSources.Opened opened = new CaptureSources.Opened(sources,
            () -> new BackoffIdleStrategy(10, 20, 1_000L, 1_000_000L), () ->
            {
            });
        final ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        // Enriched as sta capture enriches, so that the records compare with sta analyze's.
        final Enrichments enrichments = Enrichments.open(StaConfig.Enrichment.DEFAULT, null, line -> { });
        final CaptureRun run = CaptureRun.create(opened, null, JsonWorkers.printing(lines, enrichments, null),
            new PrintStream(ignored, true, StandardCharsets.UTF_8));
        final LabSensor sensor = new LabSensor(run, file, lines, output);
        run.start();
        return sensor;
    }

    /**
     * Stops the workers (each ends its open flows), writes the last records and sums the drops.
     *
     * @return the records file.
     * @throws Exception when a worker failed.
     */
    Path stop() throws Exception
    {
        if (!stopped)
        {
            stopped = true;
            run.stopAndJoin();
            for (final var worker : run.workers())
            {
                worker.source().statistics(drops);
            }
            run.printSummary(err);
            lines.flush();
            file.close();
        }
        return output;
    }

    /**
     * Drops summed over the workers; after {@link #stop()}.
     *
     * @return the drops.
     */
    QueueStatistics drops()
    {
        return drops;
    }

    /**
     * What the run printed: the per-worker summary and any worker failure.
     *
     * @return the text.
     */
    String summary()
    {
        return errors.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception
    {
        stop();
    }
}
