package org.stasensor.appliance.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.RecordDescriptor;

/**
 * A program that appends numbered records to a journal as fast as it can until it is killed, printing
 * {@code acked N} after every 1024 appends: the first N records ({@code FIRST} .. {@code FIRST + N - 1}) were
 * appended ({@link JournalAppender#append} had returned true) before the line was printed.
 * <p>
 * Usage: {@code CrashingAppender JOURNAL FIRST}.
 */
public final class CrashingAppender
{
    private CrashingAppender()
    {
    }

    /**
     * Appends until killed.
     *
     * @param args the journal directory and the first record number.
     */
    public static void main(final String[] args)
    {
        final Path journal = Path.of(args[0]);
        final long first = Long.parseLong(args[1]);
        final NumberedRecords records = new NumberedRecords();
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(RecordDescriptor.MAX_RECORD_LENGTH));
        final JournalSettings settings = JournalSettings.defaults(journal).withMaintenance(Duration.ZERO,
            Duration.ZERO);
        try (JournalAppender appender = JournalAppender.open(settings, JournalLog.to(System.out)))
        {
            System.out.println("open");
            System.out.flush();
            long acked = 0;
            while (true)
            {
                final int length = records.write(buffer, first + acked, System.currentTimeMillis() * 1_000_000L);
                if (!appender.append(buffer, 0, length))
                {
                    throw new IllegalStateException("record " + (first + acked) + " refused");
                }
                acked++;
                if ((acked & 1023) == 0)
                {
                    System.out.println("acked " + acked);
                    System.out.flush();
                }
            }
        }
    }
}
