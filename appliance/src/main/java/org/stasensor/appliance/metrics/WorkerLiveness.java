package org.stasensor.appliance.metrics;

import org.stasensor.appliance.capture.CaptureWorker;

/**
 * Whether a capture worker is still capturing, as {@code /health} sees it. Called from the health thread.
 */
public interface WorkerLiveness
{
    /**
     * The worker number.
     *
     * @return 0..255.
     */
    int id();

    /**
     * The worker's queue name.
     *
     * @return e.g. {@code dpdk:0/1}.
     */
    String queue();

    /**
     * Whether the worker's thread is still in its capture loop (or has not reached it yet).
     *
     * @return true until the worker's run has returned.
     */
    boolean alive();

    /**
     * Whether a worker that is no longer alive ended because its source said there is nothing more (a capture file
     * read to its end), which is not a failure.
     *
     * @return true only after such an end.
     */
    boolean finished();

    /**
     * A capture worker seen through this interface.
     *
     * @param worker the worker.
     * @return its liveness.
     */
    static WorkerLiveness of(final CaptureWorker worker)
    {
        final String queue = worker.source().name();
        return new WorkerLiveness()
        {
            @Override
            public int id()
            {
                return worker.id();
            }

            @Override
            public String queue()
            {
                return queue;
            }

            @Override
            public boolean alive()
            {
                return !worker.hasEnded();
            }

            @Override
            public boolean finished()
            {
                return worker.hasEnded() && worker.sourceEnded();
            }
        };
    }
}
