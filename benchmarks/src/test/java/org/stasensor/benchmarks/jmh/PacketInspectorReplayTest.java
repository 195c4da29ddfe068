package org.stasensor.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.record.SingleSlotRecordSink;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The premise of {@link PacketInspectorBenchmark}: replaying the packets later in time into one inspector after
 * {@code finish()} does the same work as a fresh inspector would, so each operation measures a full, equal pass.
 */
class PacketInspectorReplayTest
{
    private static final InspectorConfig CONFIG = new InspectorConfig(0, 1 << 14, 120_000_000_000L,
        1_800_000_000_000L, 512, 32 * 1024);

    @Test
    void replayAfterFinishDoesWhatAFreshInspectorDoes() throws IOException
    {
        final List<Path> seeds = List.of(
            TestFiles.projectRoot().resolve("appliance/samples/sample.pcap"),
            TestFiles.corpusFile("nDPI/pcap/443-firefox.pcap"),
            TestFiles.corpusFile("ja4/pcap/ssh2.pcapng"));
        try (PacketStore store = PacketStore.fromSeeds(seeds, 20_000, 4))
        {
            final RecordTally freshRecords = new RecordTally();
            final PacketInspector fresh = new PacketInspector(CONFIG, new SingleSlotRecordSink(freshRecords));
            replay(store, fresh, 0);
            final InspectorCounters expected = fresh.counters();
            assertTrue(freshRecords.records() > 0);

            final RecordTally reusedRecords = new RecordTally();
            final PacketInspector reused = new PacketInspector(CONFIG, new SingleSlotRecordSink(reusedRecords));
            long shift = 0;
            for (int pass = 1; pass <= 3; pass++)
            {
                replay(store, reused, shift);
                shift += store.spanNanos() + 1_000_000_000L;
                final InspectorCounters c = reused.counters();
                assertEquals(pass * expected.packets(), c.packets());
                assertEquals(pass * expected.flowsCreated(), c.flowsCreated());
                assertEquals(pass * expected.flowsEnded(), c.flowsEnded());
                assertEquals(pass * freshRecords.records(), reusedRecords.records());
                assertEquals(pass * freshRecords.bytes(), reusedRecords.bytes());
            }
        }
    }

    private static void replay(final PacketStore store, final PacketInspector inspector, final long shift)
    {
        for (int i = 0; i < store.count(); i++)
        {
            inspector.onPacket(store.linkType(i), store.memory(), store.offset(i), store.capturedLength(i),
                store.wireLength(i), store.timestampNanos(i) + shift);
        }
        inspector.finish();
    }
}
