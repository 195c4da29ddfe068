package org.stasensor.pipeline.stage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SleepingWaitStrategy;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordSink;

/**
 * One capture worker's Disruptor ring: the worker is its single producer ({@link #sink()}), and the stages given at
 * construction consume it one after the other (stage n sees a record only after stage n-1 is done with it), each on
 * a thread of its own ({@link BatchEventProcessor}) off the capture cores. The last stage may instead be driven by a
 * caller's thread through an {@link EventPoller} ({@link #pollFinalStage}): that is how one journal thread takes the
 * records of every worker's ring and stays the journal's single writer.
 * <p>
 * Slots are fixed views over one off-heap slab of {@code slots × slotBytes}, allocated at start and freed by
 * {@link #close()}. Stages wait with a {@link SleepingWaitStrategy}: it costs the producer nothing to publish (no
 * lock, no signal), and a stage that finds nothing sleeps, which also makes it take what piled up meanwhile as one
 * batch.
 * <p>
 * When the ring is full the worker waits up to {@code claimWaitNanos} for a slot and then drops the record, counting
 * it ({@link #droppedFull()}; the inspector counts it too as a dropped record): a capture core must never wait on a
 * slow stage for longer than its NIC queue can hold packets.
 * <p>
 * A stage that throws does not stop its thread: the record is counted in {@link #stageFailures()} and the stage goes
 * on with the next.
 */
public final class RecordRing implements AutoCloseable
{
    private static final long DRAIN_POLL_NANOS = 1_000_000L;

    private final String name;
    private final int slotBytes;
    private final Arena arena = Arena.ofShared();
    private final RingBuffer<RecordSlot> ring;
    private final Producer producer;
    private final AtomicLong stageFailures = new AtomicLong();
    private final List<BatchEventProcessor<RecordSlot>> processors = new ArrayList<>();
    private final List<Thread> stageThreads = new ArrayList<>();
    private final ThreadFactory threads;
    private final EventPoller<RecordSlot> finalPoller;
    private final Sequence lastConsumer;
    private final FinalStageHandler finalHandler = new FinalStageHandler();
    private volatile Throwable lastStageFailure;
    private boolean started;
    private boolean closed;

    /**
     * A ring, not yet started.
     *
     * @param name           for thread names and metrics, e.g. {@code worker-0}.
     * @param slots          slots in the ring, a power of two.
     * @param slotBytes      bytes per slot: the largest record the ring carries, at most
     *                       {@link RecordDescriptor#MAX_RECORD_LENGTH}; a record that does not fit loses fields
     *                       and is flagged truncated.
     * @param claimWaitNanos how long the producer waits for a free slot before dropping a record.
     * @param stages           the stages that run on threads of their own, in order.
     * @param polledFinalStage true when a last stage after those is driven by a caller's thread through
     *                         {@link #pollFinalStage} (one thread serving several rings, such as the journal's).
     * @param threads          makes one thread per threaded stage.
     */
    public RecordRing(final String name, final int slots, final int slotBytes, final long claimWaitNanos,
        final List<RecordStage> stages, final boolean polledFinalStage, final ThreadFactory threads)
    {
        if (slots < 2 || Integer.bitCount(slots) != 1)
        {
            throw new IllegalArgumentException("ring slots must be a power of two, at least 2: " + slots);
        }
        if (slotBytes < RecordDescriptor.HEADER_LENGTH || slotBytes > RecordDescriptor.MAX_RECORD_LENGTH)
        {
            throw new IllegalArgumentException("slot bytes must be " + RecordDescriptor.HEADER_LENGTH + ".."
                + RecordDescriptor.MAX_RECORD_LENGTH + ": " + slotBytes);
        }
        if (stages.isEmpty() && !polledFinalStage)
        {
            throw new IllegalArgumentException("a ring needs at least one stage");
        }
        this.name = name;
        this.slotBytes = slotBytes;
        final MemorySegment slab = arena.allocate((long)slots * slotBytes, 64);
        this.threads = threads;
        ring = RingBuffer.createSingleProducer(new SlotFactory(slab, slotBytes), slots, new SleepingWaitStrategy());
        Sequence[] previous = new Sequence[0];
        for (final RecordStage stage : stages)
        {
            final EventHandler<RecordSlot> handler = (slot, sequence, endOfBatch) ->
            {
                stage.onRecord(slot.buffer(), 0, slot.length(), endOfBatch);
                slot.length(stage.lengthAfter(slot.buffer(), 0, slot.length()));
            };
            final BatchEventProcessor<RecordSlot> processor = new BatchEventProcessorBuilder()
                .build(ring, ring.newBarrier(previous), handler);
            processor.setExceptionHandler(new CountingExceptionHandler());
            processors.add(processor);
            previous = new Sequence[] {processor.getSequence()};
        }
        if (polledFinalStage)
        {
            finalPoller = ring.newPoller(previous);
            lastConsumer = finalPoller.getSequence();
        }
        else
        {
            finalPoller = null;
            lastConsumer = previous[0];
        }
        ring.addGatingSequences(lastConsumer);
        producer = new Producer(ring, slotBytes, claimWaitNanos);
    }

    /** Starts the stage threads; records published before this wait in the ring. */
    public void start()
    {
        if (!started)
        {
            started = true;
            for (final BatchEventProcessor<RecordSlot> processor : processors)
            {
                final Thread thread = threads.newThread(processor);
                stageThreads.add(thread);
                thread.start();
            }
        }
    }

    /**
     * The producer side, for the one worker thread that owns the ring.
     *
     * @return the sink the worker's inspector writes to.
     */
    public RecordSink sink()
    {
        return producer;
    }

    /**
     * Waits until every stage has taken every published record, then stops the stage threads. Call after the
     * producer has stopped publishing.
     *
     * @param timeoutNanos how long the stages may take to drain.
     * @return true when everything was drained; false when the time ran out (the stages were halted anyway).
     */
    public boolean drainAndStop(final long timeoutNanos)
    {
        if (!started)
        {
            return true;
        }
        // Waiting on the last consumer's own sequence: it has taken every record once it reaches the cursor. (A
        // polled final stage must go on being polled meanwhile.)
        final long deadline = System.nanoTime() + timeoutNanos;
        boolean drained;
        while (!(drained = isDrained()) && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
        halt();
        joinStageThreads();
        return drained;
    }

    /**
     * Whether the last consumer has taken every published record.
     *
     * @return true when nothing is waiting.
     */
    public boolean isDrained()
    {
        return lastConsumer.get() >= ring.getCursor();
    }

    /**
     * Hands the final stage every record the threaded stages are done with, on the calling thread (one thread only).
     * A stage that throws has the record counted in {@link #stageFailures()} and goes on with the next.
     *
     * @param stage the final stage.
     * @return records handed over.
     */
    public int pollFinalStage(final RecordStage stage)
    {
        if (finalPoller == null)
        {
            throw new IllegalStateException("ring " + name + " has no polled final stage");
        }
        finalHandler.stage = stage;
        finalHandler.count = 0;
        try
        {
            finalPoller.poll(finalHandler);
        }
        catch (final Exception ex)
        {
            // The handler catches what a stage throws; only an Error could get here, and it is not caught.
            throw new IllegalStateException(ex);
        }
        return finalHandler.count;
    }

    private void halt()
    {
        for (final BatchEventProcessor<RecordSlot> processor : processors)
        {
            processor.halt();
        }
    }

    private void joinStageThreads()
    {
        for (final Thread thread : stageThreads)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Frees the slab. The stages must have stopped ({@link #drainAndStop}).
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (started)
            {
                halt();
                // The slab may be freed only when no stage thread can touch a slot any more.
                joinStageThreads();
            }
            arena.close();
        }
    }

    /**
     * The ring's name.
     *
     * @return e.g. {@code worker-0}.
     */
    public String name()
    {
        return name;
    }

    /**
     * Slots in the ring.
     *
     * @return the size.
     */
    public int capacity()
    {
        return ring.getBufferSize();
    }

    /**
     * Bytes per slot.
     *
     * @return the slot size.
     */
    public int slotBytes()
    {
        return slotBytes;
    }

    /**
     * Slots published and not yet released by the last stage; any thread.
     *
     * @return 0..capacity.
     */
    public long occupancy()
    {
        return ring.getBufferSize() - ring.remainingCapacity();
    }

    /**
     * Records the worker published; racy read from other threads, exact once the worker stopped.
     *
     * @return the count.
     */
    public long published()
    {
        return producer.published;
    }

    /**
     * Records the worker dropped because the ring stayed full; racy read from other threads.
     *
     * @return the count.
     */
    public long droppedFull()
    {
        return producer.droppedFull;
    }

    /**
     * Records on which a stage threw.
     *
     * @return the count.
     */
    public long stageFailures()
    {
        return stageFailures.get();
    }

    /**
     * The last failure of a stage, for the operator's report.
     *
     * @return the failure or null.
     */
    public Throwable lastStageFailure()
    {
        return lastStageFailure;
    }

    /** Makes each slot a view over its part of the slab, in ring order. */
    private static final class SlotFactory implements EventFactory<RecordSlot>
    {
        private final MemorySegment slab;
        private final int slotBytes;
        private final List<RecordSlot> made = new ArrayList<>();

        SlotFactory(final MemorySegment slab, final int slotBytes)
        {
            this.slab = slab;
            this.slotBytes = slotBytes;
        }

        @Override
        public RecordSlot newInstance()
        {
            final long offset = (long)made.size() * slotBytes;
            final RecordSlot slot = new RecordSlot(new UnsafeBuffer(slab.address() + offset, slotBytes));
            made.add(slot);
            return slot;
        }
    }

    /** The worker's claim / write / commit, with the wait-then-drop policy when full. */
    private static final class Producer implements RecordSink
    {
        private final RingBuffer<RecordSlot> ring;
        private final int slotBytes;
        private final long claimWaitNanos;
        private long sequence = -1;
        private RecordSlot slot;
        private boolean claimOpen;
        private long published;
        private long droppedFull;

        Producer(final RingBuffer<RecordSlot> ring, final int slotBytes, final long claimWaitNanos)
        {
            this.ring = ring;
            this.slotBytes = slotBytes;
            this.claimWaitNanos = claimWaitNanos;
        }

        @Override
        public boolean tryClaim()
        {
            if (claimOpen)
            {
                // The last claim was never committed (its writer failed): reuse the slot, because a claimed
                // sequence left unpublished would let the stages read a stale slot once a later one is published.
                return true;
            }
            if (!ring.hasAvailableCapacity(1) && !awaitCapacity())
            {
                droppedFull++;
                return false;
            }
            // Single producer with capacity known to be there: next() returns at once.
            sequence = ring.next();
            slot = ring.get(sequence);
            claimOpen = true;
            return true;
        }

        private boolean awaitCapacity()
        {
            final long deadline = System.nanoTime() + claimWaitNanos;
            do
            {
                Thread.onSpinWait();
                if (ring.hasAvailableCapacity(1))
                {
                    return true;
                }
            }
            while (System.nanoTime() - deadline < 0);
            return false;
        }

        @Override
        public MutableDirectBuffer slotBuffer()
        {
            return slot.buffer();
        }

        @Override
        public int slotOffset()
        {
            return 0;
        }

        @Override
        public int slotCapacity()
        {
            return slotBytes;
        }

        @Override
        public void commit(final int length)
        {
            slot.length(length);
            claimOpen = false;
            ring.publish(sequence);
            published++;
        }
    }

    private final class FinalStageHandler implements EventPoller.Handler<RecordSlot>
    {
        private RecordStage stage;
        private int count;

        @Override
        public boolean onEvent(final RecordSlot slot, final long sequence, final boolean endOfBatch)
        {
            count++;
            try
            {
                stage.onRecord(slot.buffer(), 0, slot.length(), endOfBatch);
            }
            catch (final RuntimeException ex)
            {
                stageFailures.incrementAndGet();
                lastStageFailure = ex;
            }
            return true;
        }
    }

    private final class CountingExceptionHandler implements ExceptionHandler<RecordSlot>
    {
        @Override
        public void handleEventException(final Throwable failure, final long sequence, final RecordSlot event)
        {
            stageFailures.incrementAndGet();
            lastStageFailure = failure;
        }

        @Override
        public void handleOnStartException(final Throwable failure)
        {
            stageFailures.incrementAndGet();
            lastStageFailure = failure;
        }

        @Override
        public void handleOnShutdownException(final Throwable failure)
        {
            stageFailures.incrementAndGet();
            lastStageFailure = failure;
        }
    }
}
