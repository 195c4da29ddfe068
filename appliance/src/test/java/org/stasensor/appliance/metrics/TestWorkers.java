package org.stasensor.appliance.metrics;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.stasensor.appliance.capture.CaptureWorker;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.packet.PacketConsumer;
import org.stasensor.pipeline.record.SingleSlotRecordSink;

/**
 * Real capture workers for the metrics tests, built as {@code sta capture} builds them (one inspector per worker,
 * records to a sink), but unpinned, with small tables and with records thrown away; plus small sources that stand
 * for what a real queue is hard to bring about: one that never ends, one whose worker cannot start, one that reports
 * drops.
 */
final class TestWorkers
{
    /**
     * Bounds far below the defaults (whose handshake buffers alone take 256 MiB of direct memory per worker), ample
     * for the sample capture's dozen flows; timeouts and parsing as in production.
     */
    private static final InspectorConfig SMALL = new InspectorConfig(0, 1024,
        InspectorConfig.DEFAULT.idleTimeoutNanos(), InspectorConfig.DEFAULT.activeTimeoutNanos(), 64,
        InspectorConfig.DEFAULT.handshakeBufferBytes(), InspectorConfig.DEFAULT.dnsPorts(), 16);

    private TestWorkers()
    {
    }

    /**
     * One unpinned worker per source, not started; failures are reported to {@code err}.
     *
     * @param sources makes the source of worker i.
     * @param count   how many workers.
     * @param err     where worker failures are reported.
     * @return the workers.
     */
    static Workers workers(final IntFunction<PacketSource> sources, final int count, final PrintStream err)
    {
        final CaptureWorker.WorkerFailures failures = new CaptureWorker.WorkerFailures()
        {
            @Override
            public void onWorkerFailed(final CaptureWorker worker, final RuntimeException failure)
            {
                err.println("worker " + worker.id() + " (" + worker.source().name() + ") stopped: "
                    + failure.getMessage());
            }

            @Override
            public void onFirstPollFailure(final CaptureWorker worker, final RuntimeException failure)
            {
                err.println("worker " + worker.id() + " (" + worker.source().name() + ") poll failed: " + failure);
            }
        };
        final List<CaptureWorker> workers = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final PacketInspector inspector = new PacketInspector(SMALL.withWorkerId(i),
                new SingleSlotRecordSink((buffer, offset, length) ->
                {
                }));
            workers.add(new CaptureWorker(i, sources.apply(i), inspector,
                new BackoffIdleStrategy(10, 20, 1_000L, 1_000_000L), CaptureWorker.UNPINNED, () ->
                {
                }, failures));
        }
        return new Workers(workers);
    }

    /** Workers on their own threads, started and stopped as {@code CaptureRun} does, without pinning. */
    static final class Workers
    {
        private final List<CaptureWorker> workers;
        private final List<Thread> threads = new ArrayList<>();

        Workers(final List<CaptureWorker> workers)
        {
            this.workers = List.copyOf(workers);
        }

        List<CaptureWorker> list()
        {
            return workers;
        }

        void start()
        {
            for (final CaptureWorker worker : workers)
            {
                final Thread thread = new Thread(worker, "test-worker-" + worker.id());
                threads.add(thread);
                thread.start();
            }
        }

        /**
         * Waits until one worker has ended.
         *
         * @param worker  its number.
         * @param timeout how long at most.
         * @throws InterruptedException when interrupted.
         */
        void awaitEnd(final int worker, final Duration timeout) throws InterruptedException
        {
            final Thread thread = threads.get(worker);
            thread.join(timeout);
            if (thread.isAlive())
            {
                throw new AssertionError("worker " + worker + " did not end within " + timeout);
            }
        }

        /**
         * Waits until every worker has ended by itself.
         *
         * @param timeout how long at most for each.
         * @throws InterruptedException when interrupted.
         */
        void awaitAllEnded(final Duration timeout) throws InterruptedException
        {
            for (int i = 0; i < workers.size(); i++)
            {
                awaitEnd(i, timeout);
            }
        }

        /**
         * Stops every worker and waits for its thread.
         *
         * @throws InterruptedException when interrupted.
         */
        void stopAndJoin() throws InterruptedException
        {
            workers.forEach(CaptureWorker::stop);
            for (final Thread thread : threads)
            {
                thread.join();
            }
        }
    }

    /** A queue where no packet ever arrives: its worker runs until stopped. */
    static final class QuietSource implements PacketSource
    {
        private final String name;

        QuietSource(final String name)
        {
            this.name = name;
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public int poll(final PacketConsumer consumer)
        {
            return 0;
        }

        @Override
        public void statistics(final QueueStatistics into)
        {
        }

        @Override
        public void close()
        {
        }
    }

    /** A queue whose worker cannot start (as when DPDK refuses to register the thread): the thread dies. */
    static final class FailingSource implements PacketSource
    {
        @Override
        public String name()
        {
            return "test:failing";
        }

        @Override
        public void onWorkerStart()
        {
            throw new IllegalStateException("test source refuses to start");
        }

        @Override
        public int poll(final PacketConsumer consumer)
        {
            return END;
        }

        @Override
        public void statistics(final QueueStatistics into)
        {
        }

        @Override
        public void close()
        {
        }
    }

    /** A queue that delivers nothing and reports a fixed number of NIC and software drops. */
    static final class DroppingSource implements PacketSource
    {
        private final long nicDrops;
        private final long softwareDrops;

        DroppingSource(final long nicDrops, final long softwareDrops)
        {
            this.nicDrops = nicDrops;
            this.softwareDrops = softwareDrops;
        }

        @Override
        public String name()
        {
            return "test:dropping";
        }

        @Override
        public int poll(final PacketConsumer consumer)
        {
            return END;
        }

        @Override
        public void statistics(final QueueStatistics into)
        {
            into.addNicDrops(nicDrops);
            into.addSoftwareDrops(softwareDrops);
        }

        @Override
        public void close()
        {
        }
    }
}
