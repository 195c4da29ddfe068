package org.stasensor.appliance.metrics;

import org.stasensor.pipeline.stage.RecordRing;

/**
 * What a record ring (one Disruptor ring between a capture worker and the stages) shows to metrics. Called from the
 * scrape thread: each value is a plain or volatile read of a number its owner keeps anyway, never a computation
 * that touches the ring's slots.
 */
public interface RingGauges
{
    /**
     * The ring's name, unique among rings: the {@code ring} label.
     *
     * @return e.g. {@code worker-0}.
     */
    String name();

    /**
     * Slots in the ring.
     *
     * @return the capacity.
     */
    long capacity();

    /**
     * Slots published and not yet released by the last stage.
     *
     * @return 0..capacity.
     */
    long occupancy();

    /**
     * Records published since start.
     *
     * @return a count that only grows.
     */
    long published();

    /**
     * Records dropped because the ring stayed full past the producer's claim wait.
     *
     * @return a count that only grows.
     */
    long droppedFull();

    /**
     * Exceptions a stage threw while handling a record (each a bug; the record went on).
     *
     * @return a count that only grows.
     */
    long stageFailures();

    /**
     * A pipeline record ring seen through this interface.
     *
     * @param ring the ring.
     * @return its gauges.
     */
    static RingGauges of(final RecordRing ring)
    {
        return new RingGauges()
        {
            @Override
            public String name()
            {
                return ring.name();
            }

            @Override
            public long capacity()
            {
                return ring.capacity();
            }

            @Override
            public long occupancy()
            {
                return ring.occupancy();
            }

            @Override
            public long published()
            {
                return ring.published();
            }

            @Override
            public long droppedFull()
            {
                return ring.droppedFull();
            }

            @Override
            public long stageFailures()
            {
                return ring.stageFailures();
            }
        };
    }
}
