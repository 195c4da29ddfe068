package org.stasensor.benchmarks.stage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.stasensor.pipeline.enrich.LateRecords;
import java.util.stream.Stream;

import org.agrona.MutableDirectBuffer;
import org.stasensor.appliance.journal.JournalAppender;
import org.stasensor.appliance.journal.JournalSettings;
import org.stasensor.appliance.run.JournalWriter;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordSink;
import org.stasensor.pipeline.stage.RecordRing;

/**
 * Records per second from a worker thread through its {@link RecordRing} into the journal on disk, as {@code sta
 * run} wires them: the producer (a worker) claims, writes a 128-byte record (header only) and commits; this thread
 * is the journal's single writer ({@link JournalWriter}, the product's), polling the ring's final stage and
 * appending. The producer never drops (its claim wait is long), so the rate is what the ring and journal sustain.
 * Prints records/s, records/s over the whole run, and bytes allocated per record on each thread.
 * <pre>
 * java $STA_JVM_FLAGS -cp 'benchmarks/target/classes:benchmarks/target/lib/*' \
 *   org.stasensor.benchmarks.stage.RingToJournalThroughput [records] [directory]
 * </pre>
 */
public final class RingToJournalThroughput
{
    private static final int RECORD_BYTES = RecordDescriptor.HEADER_LENGTH;

    private RingToJournalThroughput()
    {
    }

    /**
     * Runs the measurement.
     *
     * @param args record count (default 20 M) and the parent directory of the journal (default java.io.tmpdir).
     * @throws Exception when the journal cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        final long records = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        final Path parent = Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir"));
        for (int round = 0; round < 3; round++)
        {
            final Path directory = Files.createTempDirectory(parent, "ring-journal-");
            try
            {
                run(records, directory, round == 0 ? "warm-up" : "measured");
            }
            finally
            {
                delete(directory);
            }
        }
    }

    private static void run(final long records, final Path directory, final String label) throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (RecordRing ring = new RecordRing("bench", 4096, 512, 1_000_000_000L, List.of(), true,
            Thread.ofPlatform().factory());
            JournalAppender appender = JournalAppender.open(JournalSettings.defaults(directory), line ->
            {
            }))
        {
            final JournalWriter writer = new JournalWriter(appender, List.of(ring), new LateRecords(1 << 16), List.of());
            ring.start();
            final long[] producerAllocated = new long[1];
            final Thread producer = Thread.ofPlatform().name("bench-worker").unstarted(() ->
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                final RecordSink sink = ring.sink();
                for (long i = 0; i < records; i++)
                {
                    if (sink.tryClaim())
                    {
                        write(sink.slotBuffer(), sink.slotOffset(), i);
                        sink.commit(RECORD_BYTES);
                    }
                }
                producerAllocated[0] = threads.getCurrentThreadAllocatedBytes() - before;
            });
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long start = System.nanoTime();
            producer.start();
            while (producer.isAlive() || !writer.allDrained())
            {
                if (writer.pollOnce() == 0)
                {
                    Thread.onSpinWait();
                }
            }
            final long elapsed = System.nanoTime() - start;
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            producer.join();
            System.out.printf("%s: %d records (%d appended, %d dropped) in %.2f s: %.2f M records/s; allocated "
                + "%.3f B/record on the worker, %.3f B/record on the journal thread%n", label, records,
                appender.appendedRecords(), ring.droppedFull(), elapsed / 1e9, records / (elapsed / 1e3),
                (double)producerAllocated[0] / records, (double)allocated / records);
            ring.drainAndStop(1_000_000_000L);
        }
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final long sequence)
    {
        buffer.setMemory(offset, RECORD_BYTES, (byte)0);
        buffer.putInt(offset + RecordDescriptor.LENGTH_OFFSET, RECORD_BYTES, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(offset + RecordDescriptor.DATASET_OFFSET, (byte)Dataset.FLOW.code());
        buffer.putByte(offset + RecordDescriptor.VERSION_OFFSET, (byte)RecordDescriptor.LAYOUT_VERSION);
        buffer.putLong(offset + RecordDescriptor.TIMESTAMP_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + RecordDescriptor.FLOW_UID_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
    }

    private static void delete(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }
}
