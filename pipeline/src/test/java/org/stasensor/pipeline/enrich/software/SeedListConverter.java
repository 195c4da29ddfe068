package org.stasensor.pipeline.enrich.software;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.stasensor.pipeline.enrich.software.FingerprintImport.Format;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * Converts the salesforce lists of the shared corpus into the built-in fingerprint files, with their licence notice
 * on top. Run it (main) to regenerate them after the corpus changes; {@link ShippedListsTest} fails while the shipped
 * files differ from what this makes, so nobody edits them by hand.
 */
public final class SeedListConverter
{
    private static final String RESOURCES = "pipeline/src/main/resources/org/stasensor/pipeline/enrich/software/";

    private SeedListConverter()
    {
    }

    /**
     * Regenerates the converted lists in the project tree.
     *
     * @param args ignored.
     * @throws IOException when a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path root = TestFiles.projectRoot();
        Files.writeString(root.resolve(RESOURCES + "salesforce-ja3.tsv"), salesforceJa3(), StandardCharsets.UTF_8);
        Files.writeString(root.resolve(RESOURCES + "salesforce-hassh.tsv"), salesforceHassh(), StandardCharsets.UTF_8);
    }

    /**
     * The built-in JA3 list made from salesforce/ja3 lists/osx-nix-ja3.csv.
     *
     * @return the file's text.
     * @throws IOException when the corpus cannot be read.
     */
    static String salesforceJa3() throws IOException
    {
        return render(TestFiles.corpusFile("ja3/osx-nix-ja3.csv"), Format.SALESFORCE_CSV, FingerprintKind.JA3,
            "salesforce-ja3", """
            # Converted from salesforce/ja3 lists/osx-nix-ja3.csv (https://github.com/salesforce/ja3, HEAD 421dd4f)
            # by SeedListConverter (format salesforce-csv). Do not edit: regenerate.
            # Copyright (c) 2017, Salesforce.com, Inc. All rights reserved. BSD-3-Clause:
            """);
    }

    /**
     * The built-in HASSH list made from salesforce/hassh python/hasshGen/hassh_fingerprints.json.
     *
     * @return the file's text.
     * @throws IOException when the corpus cannot be read.
     */
    static String salesforceHassh() throws IOException
    {
        return render(TestFiles.corpusFile("hassh/hassh_fingerprints.json"), Format.SALESFORCE_JSON,
            FingerprintKind.HASSH, "salesforce-hassh", """
            # Converted from salesforce/hassh python/hasshGen/hassh_fingerprints.json
            # (https://github.com/salesforce/hassh, HEAD cf68ec4) by SeedListConverter (format salesforce-json).
            # Do not edit: regenerate. Name and version come from each entry's clientIdentificationString.
            # Copyright (c) 2018, Salesforce.com, Inc. All rights reserved. BSD-3-Clause:
            """);
    }

    private static String render(final Path list, final Format format, final FingerprintKind kind,
        final String source, final String notice) throws IOException
    {
        final FingerprintImport.Result result = FingerprintImport.convert(list, format, kind, source);
        if (!result.problems().isEmpty())
        {
            throw new IllegalStateException("the corpus list has lines the converter refuses: " + result.problems());
        }
        final StringBuilder text = new StringBuilder(notice);
        for (final String line : Files.readAllLines(list.resolveSibling("LICENSE.txt"), StandardCharsets.UTF_8))
        {
            text.append(line.isBlank() ? "#" : "# " + line.strip()).append('\n');
        }
        text.append(FingerprintFile.HEADER).append('\n');
        for (final FingerprintEntry entry : result.entries())
        {
            text.append(entry.toLine()).append('\n');
        }
        return text.toString();
    }
}
