package org.stasensor.appliance.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The HTTP endpoint: {@code GET /metrics} (Prometheus text format 0.0.4, or OpenMetrics when the scraper asks for
 * it, written by Prometheus' client) and {@code GET /health} (a {@link HealthCheck} document, 200 or 503). Any other
 * path is 404.
 * <p>
 * Requests are served one at a time by a single daemon thread, {@code sta-metrics}, never by a capture core: a scrape
 * costs one pass over the callbacks and nothing on the packet path.
 */
public final class MetricsServer implements AutoCloseable
{
    private static final int BACKLOG = 8;
    private static final int NO_BODY = -1;

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(final HttpServer server, final ExecutorService executor)
    {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the endpoint for the sensor's inputs, with every metric of {@link SensorMetrics}.
     *
     * @param settings where to listen.
     * @param inputs   what to report on.
     * @return the running endpoint.
     * @throws IOException when the address cannot be bound (the message names it).
     */
    public static MetricsServer start(final MetricsSettings settings, final MetricsInputs inputs) throws IOException
    {
        return start(settings, SensorMetrics.registry(inputs), HealthCheck.of(inputs, settings));
    }

    /**
     * Starts the endpoint over a registry and a health check of the caller's making.
     *
     * @param settings where to listen.
     * @param registry what {@code /metrics} exposes.
     * @param health   what {@code /health} answers.
     * @return the running endpoint.
     * @throws IOException when the address cannot be bound (the message names it).
     */
    public static MetricsServer start(final MetricsSettings settings, final PrometheusRegistry registry,
        final HealthCheck health) throws IOException
    {
        final InetSocketAddress address = settings.socketAddress();
        final HttpServer server;
        try
        {
            server = HttpServer.create(address, BACKLOG);
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot listen for metrics on " + describe(address) + ": " + ex.getMessage()
                + " (is another sta or exporter using that port?)", ex);
        }
        final ExecutorService executor = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "sta-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exactly("/metrics", new MetricsHandler(registry)));
        server.createContext("/health", exactly("/health", exchange -> health(exchange, health)));
        server.createContext("/", MetricsServer::notFound);
        server.start();
        return new MetricsServer(server, executor);
    }

    /**
     * The address the endpoint listens on, with the port chosen when the settings said 0.
     *
     * @return the bound address.
     */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    /**
     * The port the endpoint listens on.
     *
     * @return the bound port.
     */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /** Stops listening at once and ends the serving thread. */
    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }

    private static HttpHandler exactly(final String path, final HttpHandler handler)
    {
        // A context matches every path it prefixes (/metricsX too); only the path itself is served.
        return exchange ->
        {
            if (path.equals(exchange.getRequestURI().getPath()))
            {
                handler.handle(exchange);
            }
            else
            {
                notFound(exchange);
            }
        };
    }

    private static void health(final HttpExchange exchange, final HealthCheck health) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, NO_BODY);
                return;
            }
            final HealthReport report = health.check();
            final byte[] body = report.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if ("HEAD".equals(method))
            {
                exchange.sendResponseHeaders(report.httpStatus(), NO_BODY);
                return;
            }
            exchange.sendResponseHeaders(report.httpStatus(), body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    private static void notFound(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final byte[] body = "not found: try /metrics or /health\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    private static String describe(final InetSocketAddress address)
    {
        final String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
