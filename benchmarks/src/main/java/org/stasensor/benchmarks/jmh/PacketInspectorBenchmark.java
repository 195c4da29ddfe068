package org.stasensor.benchmarks.jmh;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.record.SingleSlotRecordSink;

/**
 * The whole per-packet path of one worker: decode, flow table, TCP reassembly of handshakes, TLS/X.509 parsing,
 * fingerprints and record writing, over {@value BenchmarkCaptures#PACKETS_PER_OPERATION} preloaded packets per
 * operation. Scores are packets/s, and with {@code -prof gc} {@code gc.alloc.rate.norm} is bytes per packet.
 * <p>
 * One inspector ({@link InspectorConfig#DEFAULT}, as {@code sta analyze} uses) lives for the whole trial, because
 * building one allocates its bounded tables (hundreds of MB) and would dwarf the packet work. Each operation replays
 * the packets later in time than the one before (all timestamps shifted past the previous operation's last one) and
 * ends with {@link PacketInspector#finish()}, which ends every flow and writes its records: so each operation sees
 * an empty flow table, as a fresh inspector would, and time only moves forward.
 */
@State(Scope.Thread)
public class PacketInspectorBenchmark extends PerPacketBenchmark
{
    private static final long GAP_BETWEEN_OPERATIONS_NANOS = 1_000_000_000L;

    /** {@value BenchmarkCaptures#SEEDS} or a capture file path. */
    @Param(BenchmarkCaptures.SEEDS)
    public String capture;

    private PacketStore packets;
    private RecordTally tally;
    private PacketInspector inspector;
    private long timeShiftNanos;
    private long operations;

    /**
     * Loads the packets and builds the inspector.
     *
     * @throws IOException when the capture cannot be read.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        packets = BenchmarkCaptures.load(capture);
        tally = new RecordTally();
        inspector = new PacketInspector(InspectorConfig.DEFAULT, new SingleSlotRecordSink(tally));
    }

    /**
     * Prints what one operation did, so that a reader can tell the work was real, and frees the packets.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        final InspectorCounters c = inspector.counters();
        final long ops = Math.max(1, operations);
        System.out.printf("%n[inspect] %s, %d captured bytes; per operation: %d packets, %d flows, %d records "
            + "(%d record bytes), %d malformed, %d parser errors%n", packets, packets.capturedBytes(),
            c.packets() / ops, c.flowsCreated() / ops, tally.records() / ops, tally.bytes() / ops, c.malformed() / ops,
            c.parserErrors() / ops);
        packets.close();
    }

    /**
     * Feeds every packet through the inspector, then ends all flows.
     *
     * @param blackhole consumes the records.
     * @return records written so far, so the work cannot be dropped.
     */
    @Benchmark
    public long inspect(final Blackhole blackhole)
    {
        tally.blackhole(blackhole);
        final PacketStore store = packets;
        final PacketInspector target = inspector;
        final MemorySegment memory = store.memory();
        final long shift = timeShiftNanos;
        final int count = store.count();
        for (int i = 0; i < count; i++)
        {
            target.onPacket(store.linkType(i), memory, store.offset(i), store.capturedLength(i), store.wireLength(i),
                store.timestampNanos(i) + shift);
        }
        target.finish();
        timeShiftNanos = shift + store.spanNanos() + GAP_BETWEEN_OPERATIONS_NANOS;
        operations++;
        return target.counters().records();
    }
}
