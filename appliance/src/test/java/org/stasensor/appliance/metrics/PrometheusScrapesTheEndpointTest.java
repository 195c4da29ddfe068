package org.stasensor.appliance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.capture.CaptureWorker;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.file.CaptureFileSource;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.stage.RecordRing;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * A real Prometheus (Debian's package) scrapes the endpoint on loopback every second, and the tests read the numbers
 * back through Prometheus' HTTP API: the capture counters against what Wireshark's capinfos counts in the same file,
 * the drop, ring, journal and cache numbers against the values the test sources report (one ring is a real
 * {@link RecordRing} holding the records the test published). Prometheus parsing every
 * sample (target "up", no scrape error) checks the exposition; {@code promtool check metrics} lints its names.
 */
class PrometheusScrapesTheEndpointTest
{
    private static final Path SAMPLE = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
    private static final Duration PROMETHEUS_WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NIC_DROPS = 7;
    private static final long SOFTWARE_DROPS = 3;

    @TempDir
    static Path temp;

    private static final int REAL_RING_SLOTS = 64;
    private static final int REAL_RING_RECORDS = 9;

    private static MetricsServer server;
    private static RecordRing realRing;
    private static BackgroundProcess prometheus;
    private static String prometheusUrl;

    @BeforeAll
    static void captureAndStartPrometheus() throws Exception
    {
        HostCommands.assumeInstalled("prometheus", "capinfos");
        final TestWorkers.Workers workers = TestWorkers.workers(PrometheusScrapesTheEndpointTest::source, 3,
            System.err);
        workers.start();
        workers.awaitAllEnded(Duration.ofSeconds(60));
        for (final CaptureWorker worker : workers.list())
        {
            assertTrue(worker.sourceEnded(), "worker " + worker.id() + " read its source to the end");
        }

        // A real ring, not started: what the test publishes stays in it.
        realRing = new RecordRing("real", REAL_RING_SLOTS, RecordDescriptor.MAX_RECORD_LENGTH, 0,
            List.of((buffer, offset, length, endOfBatch) ->
            {
            }), false, Thread::new);
        for (int i = 0; i < REAL_RING_RECORDS; i++)
        {
            assertTrue(realRing.sink().tryClaim());
            realRing.sink().commit(RecordDescriptor.HEADER_LENGTH);
        }

        final MetricsInputs inputs = new MetricsInputs("metrics-test", "1.2.3-test", workers.list(),
            List.of(new FixedGauges.Ring("worker-0", 4096, 17, 123_456, 42, 1), RingGauges.of(realRing)),
            List.of(new FixedGauges.Journal("records", 98_765, 12_345_678, 3, 2_500_000_000L)),
            List.of(new FixedGauges.Cache("geoip", 900, 100, 57)), true);
        server = MetricsServer.start(MetricsSettings.loopback(0), inputs);

        final int port = freeLoopbackPort();
        final Path config = temp.resolve("prometheus.yml");
        Files.writeString(config, """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: sta
                static_configs:
                  - targets: ['127.0.0.1:%d']
            """.formatted(server.port()));
        prometheus = HostCommands.start(temp.resolve("logs"), List.of("prometheus",
            "--config.file=" + config, "--web.listen-address=127.0.0.1:" + port,
            "--storage.tsdb.path=" + temp.resolve("tsdb")));
        prometheusUrl = "http://127.0.0.1:" + port;
        awaitFirstScrape();
    }

    @AfterAll
    static void stopPrometheus()
    {
        try
        {
            if (prometheus != null)
            {
                // SIGTERM to its own PID, then SIGKILL after a grace period; the temp dir goes with JUnit's @TempDir.
                prometheus.stop();
            }
        }
        finally
        {
            if (server != null)
            {
                server.close();
            }
            if (realRing != null)
            {
                realRing.close();
            }
        }
    }

    @Test
    void packetCounterReadBackThroughPrometheusIsWhatCapinfosCounts()
    {
        final long capinfosPackets = capinfos().packets;
        assertEquals(184, capinfosPackets, "the bundled sample has 184 packets");
        assertEquals(capinfosPackets, value("sta_capture_packets_total{worker=\"0\",queue=\"pcap\"}"));
        assertEquals(capinfosPackets, value("sta_capture_packets_total{worker=\"1\",queue=\"pcap\"}"));
        assertEquals(2 * capinfosPackets, value("sum(sta_capture_packets_total)"));
    }

    @Test
    void byteCounterIsCapinfosDataSize()
    {
        assertEquals(capinfos().bytes, value("sta_capture_bytes_total{worker=\"0\"}"));
    }

    @Test
    void dropsAreCountedPerQueueAndCause()
    {
        assertEquals(NIC_DROPS, value("sta_capture_drops_total{worker=\"2\",queue=\"test:dropping\",cause=\"nic\"}"));
        assertEquals(SOFTWARE_DROPS,
            value("sta_capture_drops_total{worker=\"2\",queue=\"test:dropping\",cause=\"software\"}"));
        assertEquals(0, value("sum(sta_capture_drops_total{queue=\"pcap\"})"));
    }

    @Test
    void ringJournalAndCacheNumbersArriveAsTheirOwnersReportThem()
    {
        assertEquals(4096, value("sta_ring_capacity_slots{ring=\"worker-0\"}"));
        assertEquals(17, value("sta_ring_occupied_slots{ring=\"worker-0\"}"));
        assertEquals(123_456, value("sta_ring_published_records_total{ring=\"worker-0\"}"));
        assertEquals(42, value("sta_ring_dropped_records_total{ring=\"worker-0\"}"));
        assertEquals(1, value("sta_ring_stage_failures_total{ring=\"worker-0\"}"));
        assertEquals(REAL_RING_SLOTS, value("sta_ring_capacity_slots{ring=\"real\"}"));
        assertEquals(REAL_RING_RECORDS, value("sta_ring_occupied_slots{ring=\"real\"}"));
        assertEquals(REAL_RING_RECORDS, value("sta_ring_published_records_total{ring=\"real\"}"));
        assertEquals(0, value("sta_ring_dropped_records_total{ring=\"real\"}"));
        assertEquals(98_765, value("sta_journal_appended_records_total{journal=\"records\"}"));
        assertEquals(12_345_678, value("sta_journal_appended_bytes_total{journal=\"records\"}"));
        assertEquals(2.5, number("sta_journal_lag_seconds{journal=\"records\"}"));
        assertEquals(3, value("sta_journal_deleted_cycles_total{journal=\"records\"}"));
        assertEquals(0.9, number("sta_enrichment_cache_hits_total{cache=\"geoip\"} / (sta_enrichment_cache_hits_total"
            + "{cache=\"geoip\"} + sta_enrichment_cache_misses_total{cache=\"geoip\"})"), 1e-9);
        assertEquals(57, value("sta_enrichment_cache_entries{cache=\"geoip\"}"));
    }

    @Test
    void buildInfoAndJvmMetricsAreThere()
    {
        assertEquals(1, value("sta_build_info{version=\"1.2.3-test\",sensor=\"metrics-test\"}"));
        assertTrue(value("count({__name__=~\"jvm_.*\"})") > 0, "JVM metrics");
    }

    @Test
    void prometheusParsesEveryScrapeWithoutError()
    {
        final JsonNode targets = api("/api/v1/targets").path("data").path("activeTargets");
        assertEquals(1, targets.size(), targets.toString());
        assertEquals("up", targets.get(0).path("health").asText(), targets.toString());
        assertEquals("", targets.get(0).path("lastError").asText(), targets.toString());
    }

    @Test
    void promtoolFindsNothingToCriticiseInTheNames() throws Exception
    {
        HostCommands.assumeInstalled("promtool");
        final HttpResponse<String> scrape = LocalHttp.get("http://127.0.0.1:" + server.port() + "/metrics");
        assertEquals(200, scrape.statusCode());
        final Path exposition = temp.resolve("metrics.txt");
        Files.writeString(exposition, scrape.body());
        final Process promtool = new ProcessBuilder("promtool", "check", "metrics")
            .redirectInput(exposition.toFile())
            .redirectErrorStream(true)
            .start();
        final String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        assertEquals(0, promtool.exitValue(), output);
        assertEquals("", output.strip());
    }

    private static PacketSource source(final int worker)
    {
        if (worker < 2)
        {
            return new CaptureFileSource(List.of(SAMPLE), CaptureFileSource.FULL_SPEED);
        }
        return new TestWorkers.DroppingSource(NIC_DROPS, SOFTWARE_DROPS);
    }

    private static void awaitFirstScrape() throws InterruptedException
    {
        final long deadline = System.nanoTime() + PROMETHEUS_WAIT.toNanos();
        while (System.nanoTime() < deadline)
        {
            if (!prometheus.alive())
            {
                throw new AssertionError("prometheus exited: " + prometheus.describe());
            }
            try
            {
                // Prometheus opens its port after loading its configuration and storage, and answers 503 until
                // it is ready to serve queries.
                final HttpResponse<String> ready = LocalHttp.get(prometheusUrl + "/-/ready");
                if (ready.statusCode() == 200)
                {
                    final JsonNode result = api("/api/v1/query?query=" + encode("sta_build_info"))
                        .path("data").path("result");
                    if (!result.isEmpty())
                    {
                        return;
                    }
                }
            }
            catch (final UncheckedIOException notListeningYet)
            {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no scrape within " + PROMETHEUS_WAIT + ": " + prometheus.describe());
    }

    private static long value(final String query)
    {
        final double value = number(query);
        assertEquals(Math.rint(value), value, query + " is a whole number");
        return (long)value;
    }

    private static double number(final String query)
    {
        final JsonNode result = api("/api/v1/query?query=" + encode(query)).path("data").path("result");
        assertEquals(1, result.size(), query + " -> " + result);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static JsonNode api(final String path)
    {
        final HttpResponse<String> response = LocalHttp.get(prometheusUrl + path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        try
        {
            return JSON.readTree(response.body());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String encode(final String query)
    {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static int freeLoopbackPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static Capinfos capinfos()
    {
        final CommandResult result = HostCommands.run(temp.resolve("logs"), Duration.ofSeconds(30),
            List.of("capinfos", "-T", "-m", "-r", "-c", "-d", SAMPLE.toString())).orFail();
        final String[] row = result.stdout().strip().split(",");
        return new Capinfos(Long.parseLong(row[1]), Long.parseLong(row[2]));
    }

    /** What capinfos counts in the sample. */
    private record Capinfos(long packets, long bytes)
    {
    }
}
