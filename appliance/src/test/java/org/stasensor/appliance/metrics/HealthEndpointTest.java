package org.stasensor.appliance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.stasensor.appliance.capture.PacketSource;

/**
 * {@code /health} over real HTTP with real capture workers: 200 while every worker runs, 503 naming the worker once
 * a worker's thread has died, 503 when the journal falls behind its limit; the body is JSON (read back with Jackson).
 */
class HealthEndpointTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthyWhileEveryWorkerRuns() throws Exception
    {
        final TestWorkers.Workers run = TestWorkers.workers(
            worker -> new TestWorkers.QuietSource("test:quiet" + worker), 2, System.err);
        run.start();
        try (MetricsServer server = MetricsServer.start(MetricsSettings.loopback(0),
            MetricsInputs.ofWorkers("health-test", "0", run.list())))
        {
            final HttpResponse<String> response = health(server);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            final JsonNode body = JSON.readTree(response.body());
            assertEquals("ok", body.path("status").asText());
            assertEquals("health-test", body.path("sensor").asText());
            assertEquals(2, body.path("workers").size());
            for (int i = 0; i < 2; i++)
            {
                final JsonNode worker = body.path("workers").get(i);
                assertEquals(i, worker.path("id").asInt());
                assertEquals("test:quiet" + i, worker.path("queue").asText());
                assertTrue(worker.path("alive").asBoolean());
            }
            assertTrue(body.path("problems").isEmpty());
        }
        finally
        {
            run.stopAndJoin();
        }
    }

    @Test
    void unavailableOnceAWorkerThreadHasDied() throws Exception
    {
        final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        final TestWorkers.Workers run = TestWorkers.workers(HealthEndpointTest::quietThenFailing, 2,
            new PrintStream(errors, true, StandardCharsets.UTF_8));
        run.start();
        try (MetricsServer server = MetricsServer.start(MetricsSettings.loopback(0),
            MetricsInputs.ofWorkers("health-test", "0", run.list())))
        {
            run.awaitEnd(1, Duration.ofSeconds(30));
            assertTrue(errors.toString(StandardCharsets.UTF_8).contains("test source refuses to start"),
                "the worker really failed: " + errors);
            final HttpResponse<String> response = health(server);
            assertEquals(503, response.statusCode(), response.body());
            final JsonNode body = JSON.readTree(response.body());
            assertEquals("unhealthy", body.path("status").asText());
            assertTrue(body.path("workers").get(0).path("alive").asBoolean());
            assertFalse(body.path("workers").get(1).path("alive").asBoolean());
            assertFalse(body.path("workers").get(1).path("finished").asBoolean());
            assertEquals(1, body.path("problems").size(), body.toString());
            assertTrue(body.path("problems").get(0).asText().startsWith("worker 1 (test:failing) has stopped"),
                body.toString());
        }
        finally
        {
            run.stopAndJoin();
        }
    }

    @Test
    void aWorkerWhoseFileEndedIsFinishedNotDead() throws Exception
    {
        final TestWorkers.Workers run = TestWorkers.workers(worker -> new TestWorkers.DroppingSource(0, 0), 1,
            System.err);
        run.start();
        run.awaitAllEnded(Duration.ofSeconds(30));
        try (MetricsServer server = MetricsServer.start(MetricsSettings.loopback(0),
            MetricsInputs.ofWorkers("health-test", "0", run.list())))
        {
            final HttpResponse<String> response = health(server);
            assertEquals(200, response.statusCode(), response.body());
            final JsonNode worker = JSON.readTree(response.body()).path("workers").get(0);
            assertFalse(worker.path("alive").asBoolean());
            assertTrue(worker.path("finished").asBoolean());
        }
    }

    @Test
    void unavailableWhileTheJournalLagsPastItsLimit() throws Exception
    {
        final FixedGauges.Journal journal = new FixedGauges.Journal("records", 0, 0, 0, 0);
        final MetricsSettings settings = new MetricsSettings("127.0.0.1", 0, false, Duration.ofSeconds(2));
        final MetricsInputs inputs = new MetricsInputs("health-test", "0", List.of(), List.of(), List.of(journal),
            List.of(), false);
        try (MetricsServer server = MetricsServer.start(settings, inputs))
        {
            journal.lagNanos(TimeUnit.MILLISECONDS.toNanos(1_999));
            assertEquals(200, health(server).statusCode());

            journal.lagNanos(TimeUnit.MILLISECONDS.toNanos(2_500));
            final HttpResponse<String> behind = health(server);
            assertEquals(503, behind.statusCode(), behind.body());
            final JsonNode body = JSON.readTree(behind.body());
            assertEquals(2.5, body.path("journals").get(0).path("lag_seconds").asDouble());
            assertEquals(2.0, body.path("journals").get(0).path("lag_limit_seconds").asDouble());
            assertTrue(body.path("problems").get(0).asText().startsWith("journal records is 2.5 s behind"),
                body.toString());

            journal.lagNanos(0);
            assertEquals(200, health(server).statusCode());
        }
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception
    {
        try (MetricsServer server = MetricsServer.start(MetricsSettings.loopback(0),
            MetricsInputs.ofWorkers("health-test", "0", List.of())))
        {
            final String base = "http://127.0.0.1:" + server.port();
            assertEquals(404, LocalHttp.get(base + "/").statusCode());
            assertEquals(404, LocalHttp.get(base + "/healthz").statusCode());
            assertEquals(404, LocalHttp.get(base + "/metrics/x").statusCode());
            final HttpResponse<String> post = LocalHttp.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertEquals(405, post.statusCode());
            final HttpResponse<String> metrics = LocalHttp.get(base + "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                metrics.headers().toString());
        }
    }

    @Test
    void aPortInUseIsReportedWithItsAddress() throws Exception
    {
        try (MetricsServer first = MetricsServer.start(MetricsSettings.loopback(0),
            MetricsInputs.ofWorkers("health-test", "0", List.of())))
        {
            final IOException refused = assertThrows(IOException.class,
                () -> MetricsServer.start(MetricsSettings.loopback(first.port()),
                    MetricsInputs.ofWorkers("health-test", "0", List.of())));
            assertTrue(refused.getMessage().startsWith("cannot listen for metrics on 127.0.0.1:" + first.port()),
                refused.getMessage());
        }
    }

    private static PacketSource quietThenFailing(final int worker)
    {
        return worker == 0 ? new TestWorkers.QuietSource("test:quiet") : new TestWorkers.FailingSource();
    }

    private static HttpResponse<String> health(final MetricsServer server)
    {
        return LocalHttp.get("http://127.0.0.1:" + server.port() + "/health");
    }
}
