package org.stasensor.appliance.enrich;

import java.util.function.LongSupplier;
import org.stasensor.appliance.metrics.CacheGauges;

/** A cache's gauges read through suppliers, for caches kept per thread and summed. */
record CacheTotals(String name, LongSupplier hitCount, LongSupplier missCount, LongSupplier sizeNow)
    implements CacheGauges
{
    @Override
    public long hits()
    {
        return hitCount.getAsLong();
    }

    @Override
    public long misses()
    {
        return missCount.getAsLong();
    }

    @Override
    public long size()
    {
        return sizeNow.getAsLong();
    }
}
