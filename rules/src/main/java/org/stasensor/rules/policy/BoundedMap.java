package org.stasensor.rules.policy;

import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map with a hard cap that evicts the least recently used entry when full, so that detector state stays bounded
 * whatever the traffic (a scan of the whole Internet makes evictions, not an out-of-memory error). Evictions are
 * counted for metrics.
 *
 * @param <K> key type.
 * @param <V> value type.
 */
final class BoundedMap<K, V> extends LinkedHashMap<K, V>
{
    @Serial
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private long evictions;

    /**
     * An empty map.
     *
     * @param capacity most entries kept.
     */
    BoundedMap(final int capacity)
    {
        super(16, 0.75f, true);
        this.capacity = capacity;
    }

    int capacity()
    {
        return capacity;
    }

    long evictions()
    {
        return evictions;
    }

    @Override
    protected boolean removeEldestEntry(final Map.Entry<K, V> eldest)
    {
        if (size() > capacity)
        {
            evictions++;
            return true;
        }
        return false;
    }
}
