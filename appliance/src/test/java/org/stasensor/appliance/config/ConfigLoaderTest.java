package org.stasensor.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.TestFiles;

class ConfigLoaderTest
{
    private static final String VALID = """
        capture:
          source: pcap
          files: [a.pcap]
        journal:
          path: /tmp/j
        """;

    @TempDir
    Path temp;

    @Test
    void theBundledExampleLoadsWithTheValuesItStates() throws ConfigException
    {
        final StaConfig config = ConfigLoader.load(TestFiles.projectRoot().resolve("conf/sta.yaml"));
        assertEquals("sta-demo", config.sensor().name());
        assertEquals("pcap", config.capture().source());
        assertEquals(List.of(Path.of("appliance/samples/sample.pcap")), config.capture().files());
        assertEquals(32 * 1024, config.pipeline().handshakeBuffer().bytes());
        assertEquals(120_000_000_000L, config.pipeline().idleTimeout().nanos());
        assertEquals(30 * 60_000_000_000L, config.pipeline().activeTimeout().nanos());
        assertEquals(50_000L, config.rings().claimWait().nanos());
        assertEquals(10L << 30, config.journal().retainSize().bytes());
        assertEquals(7 * 86_400_000_000_000L, config.journal().retainAge().nanos());
        assertEquals("127.0.0.1", config.metrics().address());
        assertEquals(9477, config.metrics().port());
    }

    @Test
    void leftOutSectionsTakeTheDefaults() throws Exception
    {
        final StaConfig config = ConfigLoader.load(write(VALID));
        assertEquals(4096, config.rings().slots());
        assertEquals(16 * 1024, config.rings().slotSize().bytes());
        assertEquals(List.of(53, 5353), config.pipeline().dnsPorts());
        assertEquals("hourly", config.journal().rollCycle());
    }

    @Test
    void anUnknownKeyIsNamedWithItsLineAndTheKnownKeys() throws IOException
    {
        final Path file = write(VALID + """
            rings:
              slots: 1024
              slot_sise: 4KiB
            """);
        assertEquals(file + ":8: rings.slot_sise: unknown key (known here: claim_wait, slot_size, slots)",
            message(file));
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithItsLine() throws IOException
    {
        final Path file = write(VALID + """
            rings:
              slots: many
            """);
        assertEquals(file + ":7: rings.slots: 'many' is not a whole number", message(file));
    }

    @Test
    void aListWhereTextIsExpectedIsNamed() throws IOException
    {
        final Path file = write("""
            capture:
              source: [pcap]
            journal:
              path: /tmp/j
            """);
        assertEquals(file + ":2: capture.source: '[pcap]' is not a text value", message(file));
    }

    @Test
    void aBadSizeOrDurationSaysWhatItShouldBe() throws IOException
    {
        final Path size = write(VALID + """
            rings:
              slot_size: 16 parsecs
            """);
        assertEquals(size + ":7: rings.slot_size: unknown size unit 'parsecs' in '16 parsecs' (use B, KiB, MiB, GiB, "
            + "TiB, kB, MB, GB, TB)", message(size));
        final Path span = write(VALID + """
            pipeline:
              idle_timeout: 120
            """);
        assertEquals(span + ":7: pipeline.idle_timeout: '120' is not a duration (e.g. 120s)", message(span));
    }

    @Test
    void aValueASectionRefusesIsNamedAtTheSectionsLine() throws IOException
    {
        final Path file = write(VALID + """
            rings:
              slots: 1000
            """);
        assertEquals(file + ":6: rings: 'slots' must be a power of two, at least 2: 1000", message(file));
        final Path noFiles = write("""
            capture:
              source: pcap
            journal:
              path: /tmp/j
            """);
        assertEquals(noFiles + ":1: capture: source pcap needs 'files' (a list of capture files)", message(noFiles));
    }

    @Test
    void aMetricsEndpointOnTheNetworkNeedsToBeAllowed() throws IOException
    {
        final Path file = write(VALID + """
            metrics:
              address: 10.1.2.3
            """);
        final String message = message(file);
        assertEquals(file + ":6: metrics: ", message.substring(0, (file + ":6: metrics: ").length()), message);
    }

    @Test
    void aMissingRequiredSectionIsNamed() throws IOException
    {
        final Path file = write("""
            capture:
              source: pcap
              files: [a.pcap]
            """);
        assertEquals(file + ": the 'journal' section is required (path: where records are kept)", message(file));
    }

    @Test
    void brokenYamlMissingAndEmptyFilesAreOneLineEach() throws IOException
    {
        final Path broken = write("capture:\n  source: pcap\n   files: [a\n");
        final String brokenMessage = message(broken);
        assertEquals(broken + ":3:", brokenMessage.substring(0, (broken + ":3:").length()), brokenMessage);
        assertEquals(1, brokenMessage.lines().count());
        final Path missing = temp.resolve("none.yaml");
        assertEquals(missing + ": no such configuration file", message(missing));
        assertEquals(write("   \n") + ": the configuration file is empty", message(temp.resolve("sta-" + count
            + ".yaml")));
    }

    private int count;

    private Path write(final String yaml) throws IOException
    {
        final Path file = temp.resolve("sta-" + ++count + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String message(final Path file)
    {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(file)).getMessage();
    }
}
