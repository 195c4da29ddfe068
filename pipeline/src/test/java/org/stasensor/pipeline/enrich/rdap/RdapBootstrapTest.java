package org.stasensor.pipeline.enrich.rdap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RdapBootstrap} on files of IANA's form (RFC 9224 section 3).
 */
class RdapBootstrapTest
{
    @TempDir
    Path directory;

    private static final String FILE = """
        {
          "description": "RDAP bootstrap file for Domain Name System registrations",
          "publication": "2026-10-01T18:00:01Z",
          "services": [
            [["uk"], ["https://rdap.nominet.uk/uk/"]],
            [["co.uk"], ["https://rdap.example.net/co.uk"]],
            [["com", "NET."], ["http://rdap.verisign.com/com/v1/", "https://rdap.verisign.com/com/v1/"]],
            [["tv"], ["http://rdap.nic.tv/"]],
            [["empty"], []]
          ],
          "version": "1.0"
        }
        """;

    private RdapBootstrap load(final String json) throws IOException
    {
        final Path file = directory.resolve("dns.json");
        Files.writeString(file, json);
        return RdapBootstrap.load(file);
    }

    @Test
    void longestLabelSequenceWins() throws IOException
    {
        final RdapBootstrap bootstrap = load(FILE);

        assertEquals(List.of(URI.create("https://rdap.example.net/co.uk/")), bootstrap.baseUrls("example.co.uk"));
        assertEquals(List.of(URI.create("https://rdap.nominet.uk/uk/")), bootstrap.baseUrls("example.org.uk"));
        assertEquals(List.of(URI.create("https://rdap.nominet.uk/uk/")), bootstrap.baseUrls("www.example.uk"));
    }

    @Test
    void httpsComesFirstAndHttpOnlyServicesStillCount() throws IOException
    {
        final RdapBootstrap bootstrap = load(FILE);

        assertEquals(List.of(URI.create("https://rdap.verisign.com/com/v1/"),
            URI.create("http://rdap.verisign.com/com/v1/")), bootstrap.baseUrls("EXAMPLE.NET."));
        assertEquals(List.of(URI.create("http://rdap.nic.tv/")), bootstrap.baseUrls("example.tv"));
    }

    @Test
    void unlistedTopLevelDomainHasNoServer() throws IOException
    {
        final RdapBootstrap bootstrap = load(FILE);

        assertEquals(List.of(), bootstrap.baseUrls("example.org"));
        assertEquals(List.of(), bootstrap.baseUrls("example.empty"));
        assertEquals(List.of(), bootstrap.baseUrls(""));
        assertEquals("2026-10-01T18:00:01Z", bootstrap.publication());
    }

    @Test
    void fileThatIsNotABootstrapIsRefusedWithItsName() throws IOException
    {
        final IOException notJson = assertThrows(IOException.class, () -> load("{\"services\": [[[\"com\"]"));
        assertTrue(notJson.getMessage().contains("dns.json"), notJson.getMessage());
        final IOException noServices = assertThrows(IOException.class, () -> load("{\"publication\": \"x\"}"));
        assertTrue(noServices.getMessage().contains("services"), noServices.getMessage());
        assertThrows(IOException.class, () -> load("{\"services\": [[\"com\", \"https://x/\"]]}"));
    }

    /**
     * The bundled copy, read here independently with Jackson: every entry of every service must map to that
     * service's first HTTPS URL (its first URL when it has no HTTPS one). Skipped when the build bundles none
     * (bin/update-rdap-bootstrap fetches it).
     */
    @Test
    void bundledCopyMapsEveryEntryAsTheFileSays() throws IOException
    {
        final JsonNode root;
        try (InputStream in = RdapBootstrap.class.getResourceAsStream(RdapBootstrap.BUNDLED_RESOURCE))
        {
            Assumptions.assumeTrue(in != null, "no bundled dns.json in this build");
            root = new ObjectMapper().readTree(in);
        }
        final RdapBootstrap bootstrap = RdapBootstrap.bundled();
        assertEquals(root.get("publication").asText(), bootstrap.publication());
        int checked = 0;
        for (final JsonNode service : root.get("services"))
        {
            String expected = null;
            for (final JsonNode url : service.get(1))
            {
                if (url.asText().startsWith("https://"))
                {
                    expected = url.asText();
                    break;
                }
            }
            if (expected == null && service.get(1).size() > 0)
            {
                expected = service.get(1).get(0).asText();
            }
            for (final JsonNode entry : service.get(0))
            {
                final List<URI> urls = bootstrap.baseUrls("some-name." + entry.asText());
                assertEquals(expected.endsWith("/") ? expected : expected + "/", urls.get(0).toString(),
                    entry.asText());
                checked++;
            }
        }
        assertTrue(checked > 1000, "IANA lists well over a thousand TLDs with RDAP; this copy lists " + checked);
    }
}
