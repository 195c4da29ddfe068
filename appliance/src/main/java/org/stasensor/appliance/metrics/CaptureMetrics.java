package org.stasensor.appliance.metrics;

import java.util.List;
import java.util.function.ToLongBiFunction;
import java.util.function.ToLongFunction;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.stasensor.appliance.capture.CaptureWorker;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.record.Dataset;

/**
 * Per-queue capture, flow and record metrics, read from each worker's own counters when scraped.
 * <p>
 * The counters ({@link InspectorCounters}, the flow table's size and evictions, the worker's poll failures) are plain
 * fields written only by the worker's thread. The scrape thread reads them without synchronisation: it may see a
 * value a few packets old, never a torn one, because HotSpot on 64-bit platforms reads and writes {@code long}
 * fields atomically (JLS 17.7 allows tearing only where a JVM does not), and a monotonic counter read late is still
 * a correct earlier value of that counter. So the packet path pays nothing for metrics.
 */
final class CaptureMetrics
{
    private static final String[] QUEUE_LABELS = {"worker", "queue"};
    /** What a capture worker writes; alerts come from the detection stage, not from workers. */
    private static final Dataset[] WORKER_DATASETS = {Dataset.TLS, Dataset.SSH, Dataset.DNS, Dataset.QUIC,
        Dataset.FLOW};

    private CaptureMetrics()
    {
    }

    static void register(final PrometheusRegistry registry, final List<CaptureWorker> workers)
    {
        final List<Labelled> labelled = workers.stream()
            .map(worker -> new Labelled(worker, Integer.toString(worker.id()), worker.source().name()))
            .toList();

        counter(registry, labelled, "sta_capture_packets",
            "Packets the worker took from its queue (after any NIC or kernel drop).",
            worker -> worker.inspector().counters().packets());
        counter(registry, labelled, "sta_capture_bytes",
            "Bytes of the packets the worker took from its queue (captured length).",
            worker -> worker.inspector().counters().bytes());
        counter(registry, labelled, "sta_capture_malformed_packets",
            "Packets whose headers lied about their lengths or were cut short.",
            worker -> worker.inspector().counters().malformed());
        drops(registry, labelled);
        counter(registry, labelled, "sta_capture_poll_failures",
            "Polls that threw (each is a bug to report; capture went on).",
            CaptureWorker::pollFailures);
        gauge(registry, labelled, "sta_capture_worker_running",
            "1 while the worker's thread is in its capture loop, 0 once it has ended.",
            worker -> worker.hasEnded() ? 0 : 1);

        gauge(registry, labelled, "sta_flows_active",
            "Flows in the worker's flow table now.",
            worker -> worker.inspector().flows().size());
        gauge(registry, labelled, "sta_flows_capacity",
            "Most flows the worker's flow table holds.",
            worker -> worker.inspector().flows().capacity());
        counter(registry, labelled, "sta_flows_created",
            "Flows created.",
            worker -> worker.inspector().counters().flowsCreated());
        counter(registry, labelled, "sta_flows_ended",
            "Flows ended for any reason (FIN, RST, timeouts, eviction, end of capture).",
            worker -> worker.inspector().counters().flowsEnded());
        counter(registry, labelled, "sta_flows_evicted",
            "Flows pushed out of a full flow table (least recently active first).",
            worker -> worker.inspector().flows().evictions());

        perDataset(registry, labelled, "sta_records_written",
            "Records the worker wrote into its sink, by dataset.", InspectorCounters::records);
        perDataset(registry, labelled, "sta_records_dropped",
            "Records lost because the worker's sink (its ring) had no free slot, by dataset.",
            InspectorCounters::recordsDropped);

        counter(registry, labelled, "sta_inspect_parser_errors",
            "Exceptions caught around a protocol parser (each is a bug to report; the flow was skipped).",
            worker -> worker.inspector().counters().parserErrors());
        counter(registry, labelled, "sta_inspect_handshake_gaps",
            "Handshake directions given up because bytes were missing.",
            worker -> worker.inspector().counters().handshakeGaps());
        counter(registry, labelled, "sta_inspect_handshake_buffer_full",
            "Handshake directions that ran past the per-flow handshake buffer.",
            worker -> worker.inspector().counters().handshakeBufferFull());
    }

    private static void perDataset(final PrometheusRegistry registry, final List<Labelled> labelled,
        final String name, final String help, final ToLongBiFunction<InspectorCounters, Dataset> value)
    {
        CounterWithCallback.builder()
            .name(name)
            .help(help)
            .labelNames("worker", "queue", "dataset")
            .callback(callback ->
            {
                for (final Labelled entry : labelled)
                {
                    final InspectorCounters counters = entry.worker.inspector().counters();
                    for (final Dataset dataset : WORKER_DATASETS)
                    {
                        callback.call(value.applyAsLong(counters, dataset), entry.id, entry.queue, dataset.id());
                    }
                }
            })
            .register(registry);
    }

    private static void drops(final PrometheusRegistry registry, final List<Labelled> labelled)
    {
        CounterWithCallback.builder()
            .name("sta_capture_drops")
            .help("Packets lost before the worker saw them, by cause: nic (NIC or kernel: DPDK imissed+ierrors, "
                + "AF_PACKET tp_drops) or software (no receive buffer: DPDK rx_nombuf).")
            .labelNames("worker", "queue", "cause")
            .callback(callback ->
            {
                // One holder per scrape: scrapes are rare and the holder is tiny, and no state is shared between
                // concurrent scrapes.
                final QueueStatistics statistics = new QueueStatistics();
                for (final Labelled entry : labelled)
                {
                    statistics.clear();
                    entry.worker.source().statistics(statistics);
                    callback.call(statistics.nicDrops(), entry.id, entry.queue, "nic");
                    callback.call(statistics.softwareDrops(), entry.id, entry.queue, "software");
                }
            })
            .register(registry);
    }

    private static void counter(final PrometheusRegistry registry, final List<Labelled> labelled, final String name,
        final String help, final ToLongFunction<CaptureWorker> value)
    {
        CounterWithCallback.builder()
            .name(name)
            .help(help)
            .labelNames(QUEUE_LABELS)
            .callback(callback ->
            {
                for (final Labelled entry : labelled)
                {
                    callback.call(value.applyAsLong(entry.worker), entry.id, entry.queue);
                }
            })
            .register(registry);
    }

    private static void gauge(final PrometheusRegistry registry, final List<Labelled> labelled, final String name,
        final String help, final ToLongFunction<CaptureWorker> value)
    {
        GaugeWithCallback.builder()
            .name(name)
            .help(help)
            .labelNames(QUEUE_LABELS)
            .callback(callback ->
            {
                for (final Labelled entry : labelled)
                {
                    callback.call(value.applyAsLong(entry.worker), entry.id, entry.queue);
                }
            })
            .register(registry);
    }

    /** A worker with its label values, made once. */
    private record Labelled(CaptureWorker worker, String id, String queue)
    {
    }
}
