package org.stasensor.appliance.capture;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The worker threads of one capture: starts them, waits until every source has ended, a time limit has passed or a
 * stop is requested (a signal), then stops them and waits until each has finished its flows.
 */
public final class CaptureRun implements CaptureWorker.WorkerFailures
{
    private final List<CaptureWorker> workers;
    private final PrintStream err;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile RuntimeException firstFailure;

    /**
     * A run over workers that are not started yet.
     *
     * @param workers the workers; each is given this run as its failure listener by the caller.
     * @param err     where worker failures are reported, one line each.
     */
    public CaptureRun(final List<CaptureWorker> workers, final PrintStream err)
    {
        this.workers = List.copyOf(workers);
        this.err = err;
    }

    /** Starts one platform thread per worker, named after it. */
    public void start()
    {
        for (final CaptureWorker worker : workers)
        {
            final Thread thread = new Thread(worker, "sta-worker-" + worker.id());
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Waits until every worker has ended by itself, the time is up, or {@link #requestStop()} was called.
     *
     * @param limitNanos how long to wait at most; 0 or less for no limit.
     * @throws InterruptedException when the waiting thread is interrupted.
     */
    public void await(final long limitNanos) throws InterruptedException
    {
        final long deadline = System.nanoTime() + limitNanos;
        while (!allEnded())
        {
            final long wait = limitNanos > 0 ? Math.min(deadline - System.nanoTime(), 50_000_000L) : 50_000_000L;
            if (wait <= 0 || stopRequested.await(wait, TimeUnit.NANOSECONDS))
            {
                return;
            }
        }
    }

    /** Makes {@link #await} return: called from a signal handler's thread. */
    public void requestStop()
    {
        stopRequested.countDown();
    }

    /**
     * Stops every worker and waits until each has ended its flows and released its queue.
     *
     * @throws InterruptedException when the waiting thread is interrupted.
     */
    public void stopAndJoin() throws InterruptedException
    {
        for (final CaptureWorker worker : workers)
        {
            worker.stop();
        }
        for (final CaptureWorker worker : workers)
        {
            worker.awaitEnd();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
    }

    private boolean allEnded()
    {
        for (final CaptureWorker worker : workers)
        {
            if (!worker.hasEnded())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The workers, in worker-number order.
     *
     * @return the workers.
     */
    public List<CaptureWorker> workers()
    {
        return workers;
    }

    /**
     * The first failure that stopped a worker, if any.
     *
     * @return the failure or null.
     */
    public RuntimeException firstFailure()
    {
        return firstFailure;
    }

    @Override
    public void onWorkerFailed(final CaptureWorker worker, final RuntimeException failure)
    {
        if (firstFailure == null)
        {
            firstFailure = failure;
        }
        err.println("sta: worker " + worker.id() + " (" + worker.source().name() + ") stopped: "
            + failure.getMessage());
    }

    @Override
    public void onFirstPollFailure(final CaptureWorker worker, final RuntimeException failure)
    {
        err.println("sta: worker " + worker.id() + " (" + worker.source().name() + "): internal error while "
            + "processing a packet, please report (counted; capture continues): " + failure);
    }
}
