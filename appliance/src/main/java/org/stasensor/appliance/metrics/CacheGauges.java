package org.stasensor.appliance.metrics;

/**
 * What an enrichment cache (GeoIP, domain age, certificate validation...) shows to metrics. Called from the scrape
 * thread: plain or volatile reads of counters the cache keeps anyway.
 */
public interface CacheGauges
{
    /**
     * The cache's name, unique among caches: the {@code cache} label.
     *
     * @return e.g. {@code geoip}.
     */
    String name();

    /**
     * Look-ups answered from the cache since start.
     *
     * @return a count that only grows.
     */
    long hits();

    /**
     * Look-ups that had to go to the source since start.
     *
     * @return a count that only grows.
     */
    long misses();

    /**
     * Entries held now.
     *
     * @return the count.
     */
    long size();
}
