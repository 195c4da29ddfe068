package org.stasensor.appliance.capture;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

import org.agrona.concurrent.IdleStrategy;
import org.stasensor.nativebindings.libc.CpuAffinity;
import org.stasensor.pipeline.inspect.PacketInspector;

/**
 * One capture thread: polls one {@link PacketSource} into its own {@link PacketInspector} (its own flow table and
 * record sink: shared-nothing) until stopped or the source ends, then ends every open flow so that its records are
 * written, and releases the source.
 * <p>
 * The thread is pinned to one CPU before the first poll when a CPU is given. Between polls that found nothing it
 * flushes its record output (so that lines reach their reader while the link is quiet) and then idles with the
 * given Agrona strategy: busy spin for DPDK, where waking up costs packets, back-off for AF_PACKET and files.
 * <p>
 * A RuntimeException escaping a poll is a bug in the pipeline (hostile bytes must not throw); the worker counts it,
 * reports the first one and keeps capturing, because one bad packet must not blind the sensor.
 */
public final class CaptureWorker implements Runnable
{
    /** Meaning "do not pin this worker". */
    public static final int UNPINNED = -1;

    private final int id;
    private final PacketSource source;
    private final PacketInspector inspector;
    private final IdleStrategy idleStrategy;
    private final int cpu;
    private final Flushable output;
    private final WorkerFailures failures;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean sourceEnded;
    private long pollFailures;

    /**
     * A worker, not yet started.
     *
     * @param id           worker number (0..255), as in the inspector's configuration.
     * @param source       the queue it alone polls.
     * @param inspector    the pipeline it alone feeds.
     * @param idleStrategy what to do after a poll that found nothing.
     * @param cpu          the CPU to pin to, or {@link #UNPINNED}.
     * @param output       flushed when idle and at the end: the inspector's record output.
     * @param failures     told of failures that stop the worker or of the first poll failure.
     */
    public CaptureWorker(final int id, final PacketSource source, final PacketInspector inspector,
        final IdleStrategy idleStrategy, final int cpu, final Flushable output, final WorkerFailures failures)
    {
        this.id = id;
        this.source = source;
        this.inspector = inspector;
        this.idleStrategy = idleStrategy;
        this.cpu = cpu;
        this.output = output;
        this.failures = failures;
    }

    @Override
    public void run()
    {
        try
        {
            if (cpu != UNPINNED)
            {
                CpuAffinity.pinCurrentThread(cpu);
            }
            source.onWorkerStart();
            poll();
            inspector.finish();
            flush();
        }
        catch (final RuntimeException ex)
        {
            failures.onWorkerFailed(this, ex);
        }
        finally
        {
            try
            {
                source.close();
            }
            catch (final RuntimeException ex)
            {
                failures.onWorkerFailed(this, ex);
            }
            ended.countDown();
        }
    }

    private void poll()
    {
        final PacketSource source = this.source;
        final IdleStrategy idleStrategy = this.idleStrategy;
        while (running)
        {
            int delivered;
            try
            {
                delivered = source.poll(inspector);
            }
            catch (final RuntimeException ex)
            {
                if (pollFailures++ == 0)
                {
                    failures.onFirstPollFailure(this, ex);
                }
                delivered = 1;
            }
            if (delivered == PacketSource.END)
            {
                sourceEnded = true;
                return;
            }
            if (delivered == 0)
            {
                flush();
            }
            idleStrategy.idle(delivered);
        }
    }

    private void flush()
    {
        try
        {
            output.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write records: " + ex.getMessage(), ex);
        }
    }

    /** Asks the worker to stop after its current poll; it then finishes its flows and ends. */
    public void stop()
    {
        running = false;
        source.requestStop();
    }

    /**
     * Waits until the worker has ended.
     *
     * @throws InterruptedException when the waiting thread is interrupted.
     */
    public void awaitEnd() throws InterruptedException
    {
        ended.await();
    }

    /**
     * Whether the worker has ended (stopped, source ended, or failed).
     *
     * @return true once {@link #run} has returned.
     */
    public boolean hasEnded()
    {
        return ended.getCount() == 0;
    }

    /**
     * Whether the source said it has no more packets (a capture file read to its end).
     *
     * @return true when the source ended by itself.
     */
    public boolean sourceEnded()
    {
        return sourceEnded;
    }

    /**
     * Polls that threw: each is a pipeline bug, counted.
     *
     * @return the count; read after the worker ended.
     */
    public long pollFailures()
    {
        return pollFailures;
    }

    /**
     * The worker number.
     *
     * @return 0..255.
     */
    public int id()
    {
        return id;
    }

    /**
     * The CPU the worker is pinned to.
     *
     * @return a CPU number or {@link #UNPINNED}.
     */
    public int cpu()
    {
        return cpu;
    }

    /**
     * The worker's queue.
     *
     * @return the source.
     */
    public PacketSource source()
    {
        return source;
    }

    /**
     * The worker's pipeline; its counters are final once the worker has ended.
     *
     * @return the inspector.
     */
    public PacketInspector inspector()
    {
        return inspector;
    }

    /** Where a worker reports what went wrong, on its own thread. */
    public interface WorkerFailures
    {
        /**
         * The worker could not start (pinning, thread registration) or its end failed (writing records).
         *
         * @param worker the worker.
         * @param failure what went wrong.
         */
        void onWorkerFailed(CaptureWorker worker, RuntimeException failure);

        /**
         * A poll threw for the first time; later ones are only counted.
         *
         * @param worker  the worker.
         * @param failure what was thrown.
         */
        void onFirstPollFailure(CaptureWorker worker, RuntimeException failure);
    }
}
