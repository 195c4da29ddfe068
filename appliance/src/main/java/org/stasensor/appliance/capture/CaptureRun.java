package org.stasensor.appliance.capture;

import java.io.Flushable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.stasensor.nativebindings.libc.CpuAffinity;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.inspect.PacketInspector;

/**
 * The worker threads of one capture: starts them, waits until every source has ended, a time limit has passed or a
 * stop is requested (a signal), then stops them and waits until each has finished its flows.
 */
public final class CaptureRun implements CaptureWorker.WorkerFailures
{
    /** Worker ids are one byte of the flow uid. */
    private static final int MAX_WORKERS = 256;

    private final List<CaptureWorker> workers;
    private final PrintStream err;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile RuntimeException firstFailure;

    private CaptureRun(final PrintStream err)
    {
        this.workers = new ArrayList<>();
        this.err = err;
    }

    /**
     * What one worker feeds: its own inspector (its own flow table, worker id and record sink) and the output to
     * flush when it is idle and at its end.
     *
     * @param inspector the worker's pipeline.
     * @param output    flushed when idle; may do nothing.
     */
    public record WorkerPipeline(PacketInspector inspector, Flushable output)
    {
    }

    /**
     * Builds one worker per opened queue, each pinned to its own CPU; not started yet.
     *
     * @param opened      the queues.
     * @param cores       CPUs the operator listed, or null for those this process may use.
     * @param pipelineFor makes worker i's pipeline (its inspector must use worker id i).
     * @param err         where worker failures are reported, one line each.
     * @return the run.
     * @throws CaptureSetupException when there are more queues than CPUs or than worker ids.
     */
    public static CaptureRun create(final CaptureSources.Opened opened, final int[] cores,
        final IntFunction<WorkerPipeline> pipelineFor, final PrintStream err) throws CaptureSetupException
    {
        final List<PacketSource> sources = opened.sources();
        if (sources.size() > MAX_WORKERS)
        {
            throw new CaptureSetupException(sources.size() + " receive queues; at most " + MAX_WORKERS
                + " workers are supported");
        }
        final int[] cpus = CpuPlan.assign(sources.size(), cores, CpuAffinity.allowedCpus());
        final CaptureRun run = new CaptureRun(err);
        for (int i = 0; i < sources.size(); i++)
        {
            final WorkerPipeline pipeline = pipelineFor.apply(i);
            run.workers.add(new CaptureWorker(i, sources.get(i), pipeline.inspector(), opened.idleStrategy().get(),
                cpus[i], pipeline.output(), run));
        }
        return run;
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

    /**
     * Asks every worker to stop without waiting: for an owner that must keep serving the workers' output (the
     * journal thread draining their rings) until they have ended.
     */
    public void stopWorkers()
    {
        for (final CaptureWorker worker : workers)
        {
            worker.stop();
        }
    }

    /**
     * Whether {@link #requestStop()} was called.
     *
     * @return true after a stop request.
     */
    public boolean stopRequested()
    {
        return stopRequested.getCount() == 0;
    }

    /**
     * Whether every worker has ended (stopped, its source ended, or failed).
     *
     * @return true when none runs.
     */
    public boolean allEnded()
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
        return Collections.unmodifiableList(workers);
    }

    /**
     * Prints one line per worker (queue, CPU, packets, bytes, malformed, drops by cause, flows, records) and a
     * total; call after {@link #stopAndJoin()}.
     *
     * @param out where the lines go.
     * @return packets captured by all workers.
     */
    public long printSummary(final PrintStream out)
    {
        final QueueStatistics statistics = new QueueStatistics();
        long packets = 0;
        long records = 0;
        for (final CaptureWorker worker : workers)
        {
            final InspectorCounters counters = worker.inspector().counters();
            statistics.clear();
            worker.source().statistics(statistics);
            out.printf("sta: worker %d (%s, cpu %d): %d packets, %d bytes, %d malformed, %d NIC drops, "
                + "%d software drops, %d flows, %d records, %d records dropped%n", worker.id(),
                worker.source().name(), worker.cpu(), counters.packets(), counters.bytes(), counters.malformed(),
                statistics.nicDrops(), statistics.softwareDrops(), counters.flowsCreated(), counters.records(),
                counters.recordsDropped());
            packets += counters.packets();
            records += counters.records();
        }
        out.printf("sta: %d worker(s), %d packets, %d records%n", workers.size(), packets, records);
        return packets;
    }

    /**
     * Whether any worker failed or hit a pipeline bug.
     *
     * @return true when something went wrong that an operator must report.
     */
    public boolean failed()
    {
        if (firstFailure != null)
        {
            return true;
        }
        for (final CaptureWorker worker : workers)
        {
            if (worker.pollFailures() > 0)
            {
                return true;
            }
        }
        return false;
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
