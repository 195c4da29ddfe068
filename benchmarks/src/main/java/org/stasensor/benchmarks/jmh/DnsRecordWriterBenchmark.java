package org.stasensor.benchmarks.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.stasensor.pipeline.dns.DnsRecordWriter;
import org.stasensor.pipeline.domain.PublicSuffixList;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.record.SingleSlotRecordSink;

/**
 * What writing one DNS record costs: a record begun in the slot of a {@link SingleSlotRecordSink}, filled by
 * {@link DnsRecordWriter#write} from the next of {@link DnsInputs}' messages (parsed at set-up), finished and
 * committed, one message per operation. {@code publicSuffixes}: {@code none} leaves out the Public Suffix List
 * fields, {@code icann} fills them from the ICANN section of the system's list
 * ({@link PublicSuffixList#DEFAULT_PATH}, Debian package publicsuffix).
 */
@State(Scope.Thread)
public class DnsRecordWriterBenchmark extends PerMessageBenchmark
{
    private static final long TIMESTAMP_NANOS = 1_764_000_000_000_000_000L;

    /** "none" or "icann". */
    @Param({"none", "icann"})
    public String publicSuffixes;

    private final RecordWriter record = new RecordWriter();
    private final RecordTally tally = new RecordTally();
    private final SingleSlotRecordSink sink = new SingleSlotRecordSink(tally);
    private DnsRecordWriter writer;

    /**
     * Makes the writer, loading the Public Suffix List when asked.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        writer = "icann".equals(publicSuffixes) ? new DnsRecordWriter(PublicSuffixList.load()) : new DnsRecordWriter();
    }

    /**
     * Prints the mean record size, so that a reader can tell the work was real.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        System.out.printf("%n[dns-record] %d records, %.1f bytes each%n", tally.records(),
            (double)tally.bytes() / Math.max(1, tally.records()));
    }

    /**
     * Writes one message's record.
     *
     * @param inputs    the messages.
     * @param blackhole consumes the record.
     * @return the record's length.
     */
    @Benchmark
    public int write(final DnsInputs inputs, final Blackhole blackhole)
    {
        tally.blackhole(blackhole);
        final SingleSlotRecordSink slot = sink;
        slot.tryClaim();
        record.begin(slot.slotBuffer(), slot.slotOffset(), slot.slotCapacity(), Dataset.DNS, TIMESTAMP_NANOS);
        writer.write(inputs.parsed(inputs.next()), record);
        final int length = record.finish();
        slot.commit(length);
        return length;
    }
}
