package org.stasensor.pipeline.enrich.rdap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) that answers RDAP domain queries under {@code /rdap/} with
 * hand-written RFC 9083 bodies, and counts what it was asked.
 */
final class RdapTestServer implements AutoCloseable
{
    /** An answer: status, headers, body, and how long to wait before answering. */
    record Answer(int status, Map<String, String> headers, String body, long delayMillis)
    {
        static Answer json(final int status, final String body)
        {
            return new Answer(status, Map.of("Content-Type", "application/rdap+json"), body, 0);
        }
    }

    /** One request seen: when (System.nanoTime), the path, the Accept header. */
    record Seen(long atNanos, String path, String accept)
    {
    }

    /** Decides the answer for a domain name, given how many times it has been asked for before. */
    @FunctionalInterface
    interface Script
    {
        Answer answer(String domain, int previousRequests);
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r ->
    {
        final Thread thread = new Thread(r, "rdap-test-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Script script;

    RdapTestServer(final Script script) throws IOException
    {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    void script(final Script script)
    {
        this.script = script;
    }

    int port()
    {
        return server.getAddress().getPort();
    }

    String baseUrl()
    {
        return "http://127.0.0.1:" + port() + "/rdap/";
    }

    int requests()
    {
        return seen.size();
    }

    int requestsFor(final String domain)
    {
        return counts.getOrDefault(domain, 0);
    }

    List<Seen> seen()
    {
        return List.copyOf(seen);
    }

    /**
     * A bootstrap file of IANA's form (RFC 9224 section 3) sending "test", "example" and "co.test" to this server,
     * "co.test" under a different path so that longest-match is visible.
     */
    Path writeBootstrap(final Path directory) throws IOException
    {
        final String json = """
            {
              "description": "test bootstrap for the loopback RDAP server",
              "publication": "2026-11-01T00:00:00Z",
              "services": [
                [["test", "example"], ["%s"]],
                [["co.test"], ["http://127.0.0.1:%d/rdap-co/"]]
              ],
              "version": "1.0"
            }
            """.formatted(baseUrl(), port());
        final Path file = directory.resolve("dns.json");
        Files.writeString(file, json);
        return file;
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String path = exchange.getRequestURI().getPath();
            seen.add(new Seen(System.nanoTime(), path, exchange.getRequestHeaders().getFirst("Accept")));
            final int slash = path.lastIndexOf('/');
            final String domain = path.substring(slash + 1);
            final int previous = counts.getOrDefault(domain, 0);
            counts.merge(domain, 1, Integer::sum);
            final Answer answer = path.startsWith("/rdap/domain/") || path.startsWith("/rdap-co/domain/")
                || path.startsWith("/moved/domain/") ? script.answer(domain, previous)
                : Answer.json(400, "{\"errorCode\":400,\"title\":\"bad path\"}");
            if (answer.delayMillis() > 0)
            {
                try
                {
                    Thread.sleep(answer.delayMillis());
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            final byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0)
            {
                try (OutputStream out = exchange.getResponseBody())
                {
                    out.write(body);
                }
            }
        }
        catch (final IOException ex)
        {
            // the client went away (timeout test); nothing to do
        }
    }

    void stop()
    {
        server.stop(0);
    }

    @Override
    public void close()
    {
        server.stop(0);
        threads.shutdownNow();
    }
}
