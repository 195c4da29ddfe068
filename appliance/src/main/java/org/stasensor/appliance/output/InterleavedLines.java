package org.stasensor.appliance.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Lets several workers print lines to one stream without ever mixing two lines: each worker writes into its own
 * {@link WorkerLines} buffer, which passes whole lines to the shared stream under one lock, in batches, so that the
 * lock is taken once per batch rather than once per record.
 */
public final class InterleavedLines
{
    /** A worker's buffer is handed over once it holds this much and a line has ended. */
    private static final int BATCH_BYTES = 1 << 15;

    private final OutputStream shared;
    private final Object lock = new Object();

    /**
     * Lines from several workers to one stream.
     *
     * @param shared where all lines go; buffering it is the caller's choice.
     */
    public InterleavedLines(final OutputStream shared)
    {
        this.shared = shared;
    }

    /**
     * A new buffer for one worker thread.
     *
     * @return a stream for that thread alone.
     */
    public WorkerLines newWorker()
    {
        return new WorkerLines();
    }

    /**
     * Flushes the shared stream (after the workers have flushed theirs).
     *
     * @throws IOException when the stream cannot be written.
     */
    public void flush() throws IOException
    {
        synchronized (lock)
        {
            shared.flush();
        }
    }

    /** One worker's line buffer: a line is never split between two hand-overs. */
    public final class WorkerLines extends OutputStream
    {
        private byte[] buffer = new byte[BATCH_BYTES * 2];
        private int length;
        private int completeLength;

        private WorkerLines()
        {
        }

        @Override
        public void write(final int b) throws IOException
        {
            ensure(1);
            buffer[length++] = (byte)b;
            if (b == '\n')
            {
                completeLength = length;
                if (completeLength >= BATCH_BYTES)
                {
                    handOver();
                }
            }
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int count) throws IOException
        {
            ensure(count);
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
            final int lineEnd = lastLineEnd(count);
            if (lineEnd > 0)
            {
                completeLength = lineEnd;
                if (completeLength >= BATCH_BYTES)
                {
                    handOver();
                }
            }
        }

        /**
         * Hands over every complete line now and flushes the shared stream; a line still being written stays here.
         * Nothing happens when no complete line is waiting, so a quiet worker may call this on every idle poll.
         *
         * @throws IOException when the shared stream cannot be written.
         */
        @Override
        public void flush() throws IOException
        {
            if (completeLength > 0)
            {
                handOver();
                InterleavedLines.this.flush();
            }
        }

        /** Length up to and including the last newline among the newest {@code count} bytes, or 0. */
        private int lastLineEnd(final int count)
        {
            final byte[] written = buffer;
            for (int i = length - 1; i >= length - count; i--)
            {
                if (written[i] == '\n')
                {
                    return i + 1;
                }
            }
            return 0;
        }

        private void handOver() throws IOException
        {
            synchronized (lock)
            {
                shared.write(buffer, 0, completeLength);
            }
            final int partial = length - completeLength;
            System.arraycopy(buffer, completeLength, buffer, 0, partial);
            length = partial;
            completeLength = 0;
        }

        private void ensure(final int more)
        {
            if (length + more > buffer.length)
            {
                // Only a single record longer than the batch grows the buffer; records are bounded in size.
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }
}
