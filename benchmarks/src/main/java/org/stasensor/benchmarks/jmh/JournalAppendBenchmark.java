package org.stasensor.benchmarks.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.stasensor.appliance.journal.JournalAppender;
import org.stasensor.appliance.journal.JournalRollCycle;
import org.stasensor.appliance.journal.JournalSettings;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * The journal alone: records appended per second on one thread by {@link JournalAppender#append}, with the journal
 * on disk (a fresh directory under {@code -p directory=...}, by default {@code java.io.tmpdir}, for each iteration,
 * deleted after it). One operation is one record, so the score is records/s and {@code gc.alloc.rate.norm} under
 * {@code -prof gc} is bytes allocated per record.
 * <p>
 * The record is a real one: written by {@link RecordWriter} (a flow record, {@code recordBytes} long: the 128-byte
 * header plus one field to fill the rest) into off-heap memory as the Disruptor ring's slots are
 * ({@code source=direct}) or into a heap array ({@code source=heap}). The same record is appended again and again; the journal copies its
 * bytes each time. {@code pretouchMiB=0} shows what the journal costs when the appending thread takes the page faults
 * of the fresh file pages itself; with the default, the journal's maintenance thread takes them on another core.
 * <pre>
 * benchmarks/run-jmh.sh JournalAppendBenchmark -prof gc
 * </pre>
 * The fork carries the project's JVM flags in full: Chronicle Queue needs the opens and exports, and
 * {@code -Dchronicle.analytics.disable=true} keeps it from phoning home.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens", "java.base/java.io=ALL-UNNAMED",
    "--add-opens", "java.base/java.util=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true"})
public class JournalAppendBenchmark
{
    /** Bytes per record: 128 is a bare header, the reference size. */
    @Param({"128", "512"})
    public int recordBytes;

    /** Where the record lies: "direct" (off-heap, as ring slots) or "heap". */
    @Param({"direct"})
    public String source;

    /** Parent of the journal directories; empty for java.io.tmpdir. */
    @Param({""})
    public String directory;

    /** Roll cycle: minutely, hourly or daily. */
    @Param({"hourly"})
    public String rollCycle;

    /** Pretouch look-ahead in MiB (the maintenance thread takes the page faults); 0 leaves them to the appender. */
    @Param({"32", "0"})
    public int pretouchMiB;

    private UnsafeBuffer record;
    private int length;
    private Path journal;
    private JournalAppender appender;
    private long appendedInTrial;
    private long refusedInTrial;

    /**
     * Writes the record.
     */
    @Setup(Level.Trial)
    public void writeRecord()
    {
        record = "heap".equals(source) ? new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH])
            : new UnsafeBuffer(ByteBuffer.allocateDirect(RecordDescriptor.MAX_RECORD_LENGTH));
        final RecordWriter writer = new RecordWriter();
        writer.begin(record, 0, record.capacity(), Dataset.FLOW, 1_764_000_000_000_000_000L);
        final int fill = recordBytes - RecordDescriptor.HEADER_LENGTH - RecordDescriptor.FIELD_HEADER_LENGTH;
        if (fill >= 0)
        {
            writer.putAscii(Fields.NETWORK_PROTOCOL, "x".repeat(fill));
        }
        length = writer.finish();
        if (length != recordBytes && recordBytes != RecordDescriptor.HEADER_LENGTH)
        {
            throw new IllegalStateException("record of " + length + " bytes, wanted " + recordBytes);
        }
    }

    /**
     * Opens a journal in a fresh directory.
     *
     * @throws IOException when the directory cannot be made.
     */
    @Setup(Level.Iteration)
    public void openJournal() throws IOException
    {
        final Path parent = directory.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(directory);
        Files.createDirectories(parent);
        journal = Files.createTempDirectory(parent, "sta-journal-bench-");
        final JournalSettings settings = JournalSettings.defaults(journal)
            .withRollCycle(JournalRollCycle.of(rollCycle))
            .withMaintenance(Duration.ZERO, Duration.ZERO)
            .withPretouch((long)pretouchMiB << 20);
        appender = JournalAppender.open(settings, System.err::println);
    }

    /**
     * Closes the journal, prints what it holds and deletes it.
     *
     * @throws IOException when it cannot be deleted.
     */
    @TearDown(Level.Iteration)
    public void deleteJournal() throws IOException
    {
        appendedInTrial += appender.appendedRecords();
        refusedInTrial += appender.rejectedRecords();
        appender.close();
        try (Stream<Path> files = Files.walk(journal))
        {
            files.sorted(Comparator.reverseOrder()).forEach(file ->
            {
                try
                {
                    Files.delete(file);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    /**
     * Says how much was written, so that a reader can tell the work was real.
     */
    @TearDown(Level.Trial)
    public void report()
    {
        System.out.printf("%n[journal] %d records of %d bytes appended, %d refused%n", appendedInTrial, length,
            refusedInTrial);
    }

    /**
     * Appends the record once.
     *
     * @return whether it was appended.
     */
    @Benchmark
    public boolean append()
    {
        return appender.append(record, 0, length);
    }
}
