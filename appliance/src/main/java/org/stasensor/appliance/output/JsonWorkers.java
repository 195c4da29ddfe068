package org.stasensor.appliance.output;

import java.util.List;
import java.util.function.IntFunction;
import org.stasensor.appliance.capture.CaptureRun;
import org.stasensor.appliance.enrich.Enrichments;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.record.RecordDescriptor;

/**
 * Workers that print enriched records as JSON lines ({@code sta capture}): each worker its own inspector, enrichment
 * stage and line buffer. Detection needs one thread over every worker's records, so it is {@code sta run}'s (and
 * {@code sta analyze}'s, with one worker), not theirs.
 */
public final class JsonWorkers
{
    private JsonWorkers()
    {
    }

    /**
     * The pipeline of each worker.
     *
     * @param lines       where workers' lines interleave whole.
     * @param enrichments the shared enrichment services.
     * @param sensor      {@code observer.hostname}, or null.
     * @return a factory for {@link CaptureRun#create}.
     */
    public static IntFunction<CaptureRun.WorkerPipeline> printing(final InterleavedLines lines,
        final Enrichments enrichments, final String sensor)
    {
        return worker ->
        {
            final InterleavedLines.WorkerLines workerLines = lines.newWorker();
            final JsonLinesSink sink = new JsonLinesSink(workerLines, sensor);
            // Late records (creation dates) are printed by worker 0 only, so that each is printed once.
            final InlineStages stages = new InlineStages(enrichments.newStage(RecordDescriptor.MAX_RECORD_LENGTH),
                sink, sink, List.of(), worker == 0 ? enrichments.lateRecords() : null);
            return new CaptureRun.WorkerPipeline(
                new PacketInspector(InspectorConfig.DEFAULT.withWorkerId(worker), stages.sink()), workerLines);
        };
    }
}
