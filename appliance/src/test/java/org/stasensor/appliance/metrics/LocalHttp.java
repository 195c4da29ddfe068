package org.stasensor.appliance.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP GETs to loopback addresses, for the tests.
 */
final class LocalHttp
{
    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .proxy(HttpClient.Builder.NO_PROXY)
        .build();

    private LocalHttp()
    {
    }

    /**
     * GETs a URL on this machine.
     *
     * @param url an http://127.0.0.1... or http://[::1]... URL.
     * @return status and body.
     */
    static HttpResponse<String> get(final String url)
    {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /**
     * Sends a request to this machine.
     *
     * @param request the request.
     * @return status and body.
     */
    static HttpResponse<String> send(final HttpRequest request)
    {
        final String host = request.uri().getHost();
        if (!"127.0.0.1".equals(host) && !"[::1]".equals(host))
        {
            throw new IllegalArgumentException("tests talk to loopback only: " + request.uri());
        }
        try
        {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(request.uri() + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request.uri(), ex);
        }
    }
}
