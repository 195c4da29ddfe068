package org.stasensor.appliance.metrics;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Builds the registry of every metric the sensor exposes ({@code docs/metrics.md} lists them). Each registry is the
 * sensor's own, not Prometheus' process-wide default, so that tests and several endpoints never see each other's
 * metrics.
 */
public final class SensorMetrics
{
    private SensorMetrics()
    {
    }

    /**
     * A registry whose metrics are read from the inputs at each scrape.
     *
     * @param inputs what to report on.
     * @return the registry.
     */
    public static PrometheusRegistry registry(final MetricsInputs inputs)
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        final Info buildInfo = Info.builder()
            .name("sta_build_info")
            .help("The program's version and the sensor's name; the value is always 1.")
            .labelNames("version", "sensor")
            .register(registry);
        buildInfo.setLabelValues(inputs.version(), inputs.sensor());
        CaptureMetrics.register(registry, inputs.workers());
        StageMetrics.registerRings(registry, inputs.rings());
        StageMetrics.registerJournals(registry, inputs.journals());
        StageMetrics.registerCaches(registry, inputs.caches());
        if (inputs.jvmMetrics())
        {
            JvmMetrics.builder().register(registry);
        }
        return registry;
    }
}
