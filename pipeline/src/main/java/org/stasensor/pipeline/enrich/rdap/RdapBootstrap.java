package org.stasensor.pipeline.enrich.rdap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which RDAP servers answer for which top-level domains: IANA's bootstrap registry for the DNS space, {@code dns.json}
 * (RFC 7484, now RFC 9224). A domain is matched by its longest label sequence that the file lists (RFC 9224 section
 * 4: "example.co.uk" tries "co.uk", then "uk"); a service's HTTPS base URLs come before its HTTP ones (RFC 7481
 * section 3 wants HTTPS; a registry that lists only HTTP is still used).
 *
 * <p>Immutable once loaded; matching is only done on a cache miss, so it may allocate.
 */
public final class RdapBootstrap
{
    /** The bundled copy's name, next to this class; refreshed by {@code bin/update-rdap-bootstrap}. */
    public static final String BUNDLED_RESOURCE = "dns.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<URI>> servicesByEntry;
    private final String publication;
    private final String source;
    private final int maxEntryLabels;

    private RdapBootstrap(final Map<String, List<URI>> servicesByEntry, final String publication,
        final String source)
    {
        this.servicesByEntry = servicesByEntry;
        this.publication = publication;
        this.source = source;
        int labels = 0;
        for (final String entry : servicesByEntry.keySet())
        {
            labels = Math.max(labels, labelCount(entry));
        }
        this.maxEntryLabels = labels;
    }

    /**
     * Reads a bootstrap file.
     *
     * @param file an IANA {@code dns.json} or one of the same form.
     * @return the mapping.
     * @throws IOException naming the file and what is wrong with it.
     */
    public static RdapBootstrap load(final Path file) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return parse(in, file.toString());
        }
    }

    /**
     * The copy bundled with the sensor, or an empty mapping (every domain {@link DomainAgeStatus#NO_RDAP_SERVER})
     * when the build carries none.
     *
     * @return the mapping.
     * @throws IOException when the bundled copy is there but unreadable (a broken build).
     */
    public static RdapBootstrap bundled() throws IOException
    {
        try (InputStream in = RdapBootstrap.class.getResourceAsStream(BUNDLED_RESOURCE))
        {
            if (in == null)
            {
                return new RdapBootstrap(Map.of(), null, "none bundled (run bin/update-rdap-bootstrap)");
            }
            return parse(in, "bundled " + BUNDLED_RESOURCE);
        }
    }

    /**
     * Reads a bootstrap document.
     *
     * @param in     the JSON.
     * @param source named in messages.
     * @return the mapping.
     * @throws IOException saying what is wrong and where.
     */
    public static RdapBootstrap parse(final InputStream in, final String source) throws IOException
    {
        final JsonNode root;
        try
        {
            root = JSON.readTree(in);
        }
        catch (final IOException ex)
        {
            throw new IOException("RDAP bootstrap " + source + " is not JSON: " + ex.getMessage(), ex);
        }
        final JsonNode services = root == null ? null : root.get("services");
        if (services == null || !services.isArray())
        {
            throw new IOException("RDAP bootstrap " + source + " has no \"services\" array (RFC 9224 section 3); "
                + "is it IANA's dns.json?");
        }
        final Map<String, List<URI>> byEntry = new HashMap<>();
        for (int i = 0; i < services.size(); i++)
        {
            final JsonNode service = services.get(i);
            if (!service.isArray() || service.size() < 2 || !service.get(0).isArray() || !service.get(1).isArray())
            {
                throw new IOException("RDAP bootstrap " + source + ": service " + i
                    + " is not [[entries], [base URLs]]");
            }
            final List<URI> urls = baseUrls(service.get(1), source, i);
            if (urls.isEmpty())
            {
                continue;
            }
            for (final JsonNode entry : service.get(0))
            {
                final String name = normalise(entry.asText(""));
                if (!name.isEmpty())
                {
                    byEntry.putIfAbsent(name, urls);
                }
            }
        }
        final JsonNode publication = root.get("publication");
        return new RdapBootstrap(Map.copyOf(byEntry), publication != null ? publication.asText() : null, source);
    }

    private static List<URI> baseUrls(final JsonNode urls, final String source, final int service)
        throws IOException
    {
        final List<URI> https = new ArrayList<>();
        final List<URI> http = new ArrayList<>();
        for (final JsonNode url : urls)
        {
            String text = url.asText("");
            if (!text.endsWith("/"))
            {
                text = text + "/"; // RFC 9224 section 3: base URLs end with "/"; relative paths are appended
            }
            final URI uri;
            try
            {
                uri = new URI(text);
            }
            catch (final URISyntaxException ex)
            {
                throw new IOException("RDAP bootstrap " + source + ": service " + service + " has a bad URL: "
                    + text, ex);
            }
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null)
            {
                https.add(uri);
            }
            else if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null)
            {
                http.add(uri);
            }
        }
        https.addAll(http);
        return List.copyOf(https);
    }

    /**
     * The base URLs of the RDAP service for a domain, HTTPS first.
     *
     * @param domain a domain name, any case, with or without a trailing dot.
     * @return the base URLs (each ending in "/"), empty when no entry matches.
     */
    public List<URI> baseUrls(final CharSequence domain)
    {
        final String name = normalise(domain);
        int labels = labelCount(name);
        int from = 0;
        while (from >= 0 && from < name.length())
        {
            if (labels <= maxEntryLabels)
            {
                final List<URI> urls = servicesByEntry.get(name.substring(from));
                if (urls != null)
                {
                    return urls;
                }
            }
            final int dot = name.indexOf('.', from);
            from = dot < 0 ? -1 : dot + 1;
            labels--;
        }
        return List.of();
    }

    /**
     * The file's {@code publication} field (RFC 9224 section 3), the date of the data.
     *
     * @return e.g. "2026-11-20T18:00:01Z", or null when absent.
     */
    public String publication()
    {
        return publication;
    }

    /**
     * Where the mapping came from, for logs.
     *
     * @return a file name or "bundled dns.json".
     */
    public String source()
    {
        return source;
    }

    /**
     * How many entries (top-level domains and longer label sequences) the file lists.
     *
     * @return the count.
     */
    public int entryCount()
    {
        return servicesByEntry.size();
    }

    /** ASCII lower case without one trailing dot: the form of cache keys and bootstrap entries. */
    static String normalise(final CharSequence name)
    {
        final int length = DomainAgeCache.nameLength(name);
        final StringBuilder lower = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            final char c = name.charAt(i);
            lower.append(c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c);
        }
        return lower.toString();
    }

    private static int labelCount(final String name)
    {
        int count = name.isEmpty() ? 0 : 1;
        for (int i = 0; i < name.length(); i++)
        {
            if (name.charAt(i) == '.')
            {
                count++;
            }
        }
        return count;
    }
}
