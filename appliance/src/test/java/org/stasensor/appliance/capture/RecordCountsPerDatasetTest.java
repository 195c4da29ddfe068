package org.stasensor.appliance.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stasensor.appliance.capture.file.CaptureFileReader;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.output.JsonLinesSink;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.testing.TestFiles;

/** The per-dataset record counters (what metrics export) count exactly the records of each dataset printed. */
class RecordCountsPerDatasetTest
{
    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"appliance/samples/sample.pcap"})
    void countersPerDatasetEqualThePrintedRecords(final String capture) throws Exception
    {
        final Path file = TestFiles.projectRoot().resolve(capture);
        final StaAnalyze.Result printed = StaAnalyze.run(file, temp.resolve("analyze.json"));
        final PacketInspector inspector = new PacketInspector(InspectorConfig.DEFAULT,
            new JsonLinesSink(java.io.OutputStream.nullOutputStream(), null).sink());
        new CaptureFileReader().read(file, inspector);
        inspector.finish();
        final InspectorCounters counters = inspector.counters();
        long sum = 0;
        for (final Dataset dataset : Dataset.values())
        {
            assertEquals(printed.dataset(dataset.id()).size(), counters.records(dataset), dataset.id());
            assertEquals(0, counters.recordsDropped(dataset), dataset.id());
            sum += counters.records(dataset);
        }
        assertEquals(counters.records(), sum);
    }
}
