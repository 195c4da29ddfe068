/**
 * Metrics and health over HTTP: {@code /metrics} in Prometheus' exposition formats (written by Prometheus' own Java
 * client, never by hand) and {@code /health} as a small JSON document, on a loopback address unless the operator
 * explicitly allows another.
 * <p>
 * Every number is read at scrape time, through callbacks, from the object that owns it: a capture worker's
 * {@link org.stasensor.pipeline.inspect.InspectorCounters}, its source's drop statistics, and the small gauge
 * interfaces here ({@link org.stasensor.appliance.metrics.RingGauges},
 * {@link org.stasensor.appliance.metrics.JournalGauges}, {@link org.stasensor.appliance.metrics.CacheGauges}) that
 * rings, the journal and enrichment caches implement. Nothing here runs per packet.
 * <p>
 * {@link org.stasensor.appliance.metrics.MetricsServer#start(MetricsSettings, MetricsInputs)} is the entry point;
 * {@code docs/metrics.md} lists every metric.
 */
package org.stasensor.appliance.metrics;
