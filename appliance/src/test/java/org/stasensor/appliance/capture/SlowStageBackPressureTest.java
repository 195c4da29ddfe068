package org.stasensor.appliance.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.capture.file.CaptureFileSource;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.stage.RecordRing;
import org.stasensor.pipeline.stage.RecordStage;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * A stage that does not keep up must not stop capture: the worker reads every packet, drops the records that find
 * the ring full (counted), and every record it did publish reaches the stage.
 */
class SlowStageBackPressureTest
{
    private static final Path SAMPLE = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");

    @TempDir
    Path temp;

    @Test
    void aStuckStageCostsRecordsNotPackets() throws Exception
    {
        final int expectedRecords = StaAnalyze.run(SAMPLE, temp.resolve("analyze.json")).records().size();
        final CountDownLatch unblock = new CountDownLatch(1);
        final List<Integer> lengthsSeen = new ArrayList<>();
        final RecordStage stuck = (buffer, offset, length, endOfBatch) ->
        {
            await(unblock);
            lengthsSeen.add(length);
        };
        final int slots = 4;
        try (RecordRing ring = new RecordRing("worker-0", slots, 16 * 1024, 100_000L, List.of(stuck), false,
            Thread.ofPlatform().daemon().factory()))
        {
            ring.start();
            final PacketInspector inspector = new PacketInspector(InspectorConfig.DEFAULT, ring.sink());
            final CaptureSources.Opened opened = new CaptureSources.Opened(
                List.of(new CaptureFileSource(List.of(SAMPLE), CaptureFileSource.FULL_SPEED)),
                org.agrona.concurrent.BusySpinIdleStrategy::new, () ->
                {
                });
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final CaptureRun run = CaptureRun.create(opened, null,
                worker -> new CaptureRun.WorkerPipeline(inspector, () ->
                {
                }), new PrintStream(err, true, StandardCharsets.UTF_8));
            run.start();
            run.await(TimeUnit.SECONDS.toNanos(60));
            assertTrue(run.workers().get(0).sourceEnded(), "the worker read the whole file while the stage was stuck");
            run.stopAndJoin();

            final InspectorCounters counters = inspector.counters();
            assertEquals(184, counters.packets(), "every packet (capinfos: 184) was read");
            assertEquals(expectedRecords, counters.records() + counters.recordsDropped(),
                "records made = what analyze prints, whether kept or dropped");
            // The stage holds one record and the ring the next ones; all others were dropped and counted.
            assertTrue(counters.recordsDropped() >= expectedRecords - slots - 1, counters.recordsDropped() + "");
            assertEquals(counters.recordsDropped(), ring.droppedFull());

            unblock.countDown();
            assertTrue(ring.drainAndStop(TimeUnit.SECONDS.toNanos(10)));
            assertEquals(ring.published(), lengthsSeen.size(), "every published record reached the stage");
            assertEquals(counters.records(), ring.published());
        }
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await(60, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
