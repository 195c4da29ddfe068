package org.stasensor.pipeline.enrich.rdap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/update-rdap-bootstrap} fed from a file:// URL (never the network): a good file replaces the target and
 * loads; a bad one leaves the target as it was.
 */
class UpdateRdapBootstrapScriptTest
{
    private static final Path SCRIPT = Path.of("..", "bin", "update-rdap-bootstrap").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    private record Run(int exit, String output)
    {
    }

    private Run run(final Path source, final Path target) throws IOException, InterruptedException
    {
        final ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), target.toString())
            .redirectErrorStream(true);
        builder.environment().put("STA_RDAP_BOOTSTRAP_URL", source.toUri().toString());
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }

    @Test
    void goodFileReplacesTheTargetAndLoads() throws Exception
    {
        final Path source = directory.resolve("source.json");
        Files.writeString(source, """
            {"description": "RDAP bootstrap file for Domain Name System registrations",
             "publication": "2026-11-20T18:00:01Z",
             "services": [[["com", "net"], ["https://rdap.verisign.com/com/v1/"]],
                          [["org"], ["https://rdap.org.example/"]]],
             "version": "1.0"}
            """);
        final Path target = directory.resolve("deployed/dns.json");

        final Run run = run(source, target);

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("publication 2026-11-20T18:00:01Z, 3 entries"), run.output());
        final RdapBootstrap bootstrap = RdapBootstrap.load(target);
        assertEquals("2026-11-20T18:00:01Z", bootstrap.publication());
        assertEquals(List.of(URI.create("https://rdap.verisign.com/com/v1/")), bootstrap.baseUrls("example.net"));
        try (var files = Files.list(target.getParent()))
        {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void badFileLeavesTheTargetAsItWas() throws Exception
    {
        final Path target = directory.resolve("dns.json");
        Files.writeString(target, "{\"publication\": \"old\", \"services\": [[[\"com\"], [\"https://x.example/\"]]]}");
        final String before = Files.readString(target);
        final Path broken = directory.resolve("broken.json");
        Files.writeString(broken, "<html>captive portal</html>");

        final Run notJson = run(broken, target);
        final Run missing = run(directory.resolve("absent.json"), target);

        assertNotEquals(0, notJson.exit());
        assertTrue(notJson.output().contains("not an RDAP bootstrap file"), notJson.output());
        assertNotEquals(0, missing.exit());
        assertEquals(before, Files.readString(target));
        try (var files = Files.list(directory))
        {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }
}
