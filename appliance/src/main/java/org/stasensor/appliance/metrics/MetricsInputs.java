package org.stasensor.appliance.metrics;

import java.util.List;
import java.util.Objects;

import org.stasensor.appliance.capture.CaptureWorker;

/**
 * Everything the endpoint reports on, handed over once at start. The lists are copied; the objects in them are read
 * at every scrape.
 *
 * @param sensor     the sensor's name ({@code sta_build_info{sensor=...}}).
 * @param version    the program's version ({@code sta_build_info{version=...}}).
 * @param workers    the capture workers, unique ids.
 * @param rings      record rings, unique names; empty when there are none.
 * @param journals   journals, unique names; empty when there are none.
 * @param caches     enrichment caches, unique names; empty when there are none.
 * @param jvmMetrics whether the JVM and process metrics of Prometheus' client ({@code jvm_*}, {@code process_*}) are
 *                   included.
 */
public record MetricsInputs(String sensor, String version, List<CaptureWorker> workers, List<RingGauges> rings,
    List<JournalGauges> journals, List<CacheGauges> caches, boolean jvmMetrics)
{
    /**
     * Copies the lists and checks that no two workers, rings, journals or caches share a label value.
     *
     * @throws IllegalArgumentException naming the duplicate.
     */
    public MetricsInputs
    {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(version, "version");
        workers = List.copyOf(workers);
        rings = List.copyOf(rings);
        journals = List.copyOf(journals);
        caches = List.copyOf(caches);
        unique("worker", workers.stream().map(worker -> Integer.toString(worker.id())).toList());
        unique("ring", rings.stream().map(RingGauges::name).toList());
        unique("journal", journals.stream().map(JournalGauges::name).toList());
        unique("cache", caches.stream().map(CacheGauges::name).toList());
    }

    /**
     * Inputs with capture workers only.
     *
     * @param sensor  the sensor's name.
     * @param version the program's version.
     * @param workers the capture workers.
     * @return the inputs, JVM metrics included.
     */
    public static MetricsInputs ofWorkers(final String sensor, final String version,
        final List<CaptureWorker> workers)
    {
        return new MetricsInputs(sensor, version, workers, List.of(), List.of(), List.of(), true);
    }

    /**
     * The version the running jar declares ({@code Implementation-Version} of its manifest).
     *
     * @return the version, or {@code unknown} when not run from a jar that declares one.
     */
    public static String runningVersion()
    {
        final String version = MetricsInputs.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    private static void unique(final String what, final List<String> names)
    {
        for (int i = 0; i < names.size(); i++)
        {
            if (names.indexOf(names.get(i)) != i)
            {
                throw new IllegalArgumentException("two metrics sources share the " + what + " name '"
                    + names.get(i) + "'; each " + what + " needs its own");
            }
        }
    }
}
