package org.stasensor.appliance.metrics;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Metrics of what runs after the capture workers: record rings, journals and enrichment caches, each read through
 * its gauge interface when scraped.
 */
final class StageMetrics
{
    private static final double NANOS_PER_SECOND = 1e9;

    private StageMetrics()
    {
    }

    static void registerRings(final PrometheusRegistry registry, final List<RingGauges> rings)
    {
        gauge(registry, "sta_ring_capacity_slots", "Slots in the record ring.",
            "ring", rings, RingGauges::name, ring -> ring.capacity());
        gauge(registry, "sta_ring_occupied_slots", "Slots published and not yet released by the ring's last stage.",
            "ring", rings, RingGauges::name, ring -> ring.occupancy());
        counter(registry, "sta_ring_published_records", "Records published into the ring.",
            "ring", rings, RingGauges::name, ring -> ring.published());
        counter(registry, "sta_ring_dropped_records",
            "Records dropped because the ring stayed full past the producer's claim wait.",
            "ring", rings, RingGauges::name, ring -> ring.droppedFull());
        counter(registry, "sta_ring_stage_failures",
            "Exceptions a stage threw while handling a record of the ring (each is a bug to report).",
            "ring", rings, RingGauges::name, ring -> ring.stageFailures());
    }

    static void registerJournals(final PrometheusRegistry registry, final List<JournalGauges> journals)
    {
        counter(registry, "sta_journal_appended_records", "Records appended to the journal.",
            "journal", journals, JournalGauges::name, journal -> journal.appendedRecords());
        counter(registry, "sta_journal_appended_bytes", "Bytes of records appended to the journal.",
            "journal", journals, JournalGauges::name, journal -> journal.appendedBytes());
        gauge(registry, "sta_journal_lag_seconds",
            "Age of the oldest record published to a ring and not yet appended to the journal (0 when none waits).",
            "journal", journals, JournalGauges::name, journal -> journal.lagNanos() / NANOS_PER_SECOND);
        counter(registry, "sta_journal_deleted_cycles", "Whole roll cycles deleted by retention (age or disk size).",
            "journal", journals, JournalGauges::name, journal -> journal.deletedCycles());
    }

    static void registerCaches(final PrometheusRegistry registry, final List<CacheGauges> caches)
    {
        counter(registry, "sta_enrichment_cache_hits", "Enrichment look-ups answered from the cache.",
            "cache", caches, CacheGauges::name, cache -> cache.hits());
        counter(registry, "sta_enrichment_cache_misses", "Enrichment look-ups that went to the source.",
            "cache", caches, CacheGauges::name, cache -> cache.misses());
        gauge(registry, "sta_enrichment_cache_entries", "Entries held in the enrichment cache.",
            "cache", caches, CacheGauges::name, cache -> cache.size());
    }

    private static <T> void counter(final PrometheusRegistry registry, final String name, final String help,
        final String labelName, final List<T> sources, final Function<T, String> label,
        final ToDoubleFunction<T> value)
    {
        final List<String> labels = sources.stream().map(label).toList();
        CounterWithCallback.builder()
            .name(name)
            .help(help)
            .labelNames(labelName)
            .callback(callback ->
            {
                for (int i = 0; i < sources.size(); i++)
                {
                    callback.call(value.applyAsDouble(sources.get(i)), labels.get(i));
                }
            })
            .register(registry);
    }

    private static <T> void gauge(final PrometheusRegistry registry, final String name, final String help,
        final String labelName, final List<T> sources, final Function<T, String> label,
        final ToDoubleFunction<T> value)
    {
        final List<String> labels = sources.stream().map(label).toList();
        GaugeWithCallback.builder()
            .name(name)
            .help(help)
            .labelNames(labelName)
            .callback(callback ->
            {
                for (int i = 0; i < sources.size(); i++)
                {
                    callback.call(value.applyAsDouble(sources.get(i)), labels.get(i));
                }
            })
            .register(registry);
    }
}
