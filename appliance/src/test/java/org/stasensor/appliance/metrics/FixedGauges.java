package org.stasensor.appliance.metrics;

/**
 * Gauge sources with values the test chose, standing for rings, journals and caches.
 */
final class FixedGauges
{
    private FixedGauges()
    {
    }

    /** A ring with fixed numbers. */
    record Ring(String name, long capacity, long occupancy, long published, long droppedFull, long stageFailures)
        implements RingGauges
    {
    }

    /** A cache with fixed numbers. */
    record Cache(String name, long hits, long misses, long size) implements CacheGauges
    {
    }

    /** A journal whose lag the test sets. */
    static final class Journal implements JournalGauges
    {
        private final String name;
        private final long appendedRecords;
        private final long appendedBytes;
        private final long deletedCycles;
        private volatile long lagNanos;

        Journal(final String name, final long appendedRecords, final long appendedBytes, final long deletedCycles,
            final long lagNanos)
        {
            this.name = name;
            this.appendedRecords = appendedRecords;
            this.appendedBytes = appendedBytes;
            this.deletedCycles = deletedCycles;
            this.lagNanos = lagNanos;
        }

        void lagNanos(final long lagNanos)
        {
            this.lagNanos = lagNanos;
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public long appendedRecords()
        {
            return appendedRecords;
        }

        @Override
        public long appendedBytes()
        {
            return appendedBytes;
        }

        @Override
        public long lagNanos()
        {
            return lagNanos;
        }

        @Override
        public long deletedCycles()
        {
            return deletedCycles;
        }
    }
}
