package org.stasensor.pipeline.enrich.software;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in lists are what the converter makes of the salesforce lists, and every entry of those lists comes
 * back out of the database as the list wrote it.
 */
class ShippedListsTest
{
    private static final FingerprintDatabase DATABASE = FingerprintDatabase.builtIn();

    @Test
    void shippedListsAreTheConverterOutputOfTheCorpusLists() throws IOException
    {
        assertEquals(SeedListConverter.salesforceJa3(), resource("salesforce-ja3.tsv"),
            "regenerate with SeedListConverter.main");
        assertEquals(SeedListConverter.salesforceHassh(), resource("salesforce-hassh.tsv"),
            "regenerate with SeedListConverter.main");
    }

    @Test
    void builtInListsLoadWithoutProblems()
    {
        assertEquals(List.of(), DATABASE.notes());
        assertTrue(DATABASE.size() > 150, "entries: " + DATABASE.size());
    }

    /** salesforce/ja3 lists/osx-nix-ja3.csv: {@code md5,"name[,name]"}; the database says the same names. */
    @Test
    void everySalesforceJa3EntryRoundTrips() throws IOException
    {
        int checked = 0;
        for (final String line : Files.readAllLines(TestFiles.corpusFile("ja3/osx-nix-ja3.csv")))
        {
            if (line.matches("^[0-9a-f]{32},\".*\"$"))
            {
                final String ja3 = line.substring(0, 32);
                final String names = line.substring(34, line.length() - 1);
                final FingerprintEntry entry = DATABASE.lookup(FingerprintKind.JA3, ja3);
                assertNotNull(entry, ja3);
                assertEquals(Arrays.stream(names.split(",")).map(String::strip).toList(),
                    List.of(entry.software().split(" \\| ")), line);
                assertEquals("ja3:salesforce-ja3", entry.sourceTag());
                checked++;
            }
        }
        assertTrue(checked >= 150, "checked " + checked);
    }

    /**
     * salesforce/hassh hassh_fingerprints.json: each entry's identification string "SSH-2.0-NAME_VERSION comments"
     * names a software and a version that the database gives for its hassh (among others where the list holds several
     * entries for one hassh).
     */
    @Test
    void everySalesforceHasshEntryRoundTrips() throws IOException
    {
        final ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (final String line : Files.readAllLines(TestFiles.corpusFile("hassh/hassh_fingerprints.json")))
        {
            if (line.isBlank())
            {
                continue;
            }
            final JsonNode row = json.readTree(line);
            final String identification = row.get("clientIdentificationString").asText();
            final String softwareVersion = identification.split("-", 3)[2].split(" ")[0];
            final FingerprintEntry entry = DATABASE.lookup(FingerprintKind.HASSH, row.get("hassh").asText());
            assertNotNull(entry, line);
            final List<String> names = List.of(entry.software().split(" \\| "));
            final List<String> versions = List.of(entry.version().split(" \\| "));
            final String name = softwareVersion.substring(0, softwareVersion.indexOf('_'));
            final String version = softwareVersion.substring(softwareVersion.indexOf('_') + 1);
            assertTrue(names.contains(name), identification + " -> " + entry);
            assertTrue(versions.contains(version), identification + " -> " + entry);
            checked++;
        }
        assertEquals(49, checked);
    }

    private static String resource(final String name) throws IOException
    {
        try (InputStream in = FingerprintDatabase.class.getResourceAsStream(name))
        {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
