package org.stasensor.pipeline.enrich.software;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.enrich.software.FingerprintImport.Format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sta fingerprints import}: checked lines, "FILE:LINE: reason" for bad ones, good ones appended and loaded.
 */
class FingerprintImportTest
{
    @TempDir
    Path dir;

    @Test
    void badStaFileReportsLineNumbersAndImportsTheGoodLines() throws IOException
    {
        final Path file = dir.resolve("mine.tsv");
        Files.writeString(file, """
            kind\tfingerprint\tsoftware\tversion\tcategory\tsource
            # our scanner
            ja3\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\tOurScanner\t1.2\tscanner\t
            ja3\tzzzz\tBroken\t\t\t
            hassh\tbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\tOurSsh\t\ttool\tlab
            this line has no tabs
            """, StandardCharsets.UTF_8);
        final Path target = dir.resolve("var/fingerprints.tsv");
        final FingerprintImport.Result result = FingerprintImport.importFile(file, Format.STA, null, null, target);
        assertEquals(List.of(file + ":4: ja3 fingerprint must have 32 characters, 'zzzz' has 4",
            file + ":6: expected 6 tab-separated columns (kind fingerprint software version category source), "
                + "found 1"), result.problems());
        assertEquals(2, result.entries().size());
        final FingerprintDatabase database = FingerprintDatabase.load(List.of(target));
        assertEquals(List.of(), database.notes());
        final FingerprintEntry scanner = database.lookup(FingerprintKind.JA3, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        assertEquals("OurScanner", scanner.software());
        assertEquals("scanner", scanner.category());
        assertEquals("ja3:mine", scanner.sourceTag());
        assertEquals("hassh:lab", database.lookup(FingerprintKind.HASSH, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
            .sourceTag());
    }

    @Test
    void secondImportAppends() throws IOException
    {
        final Path first = dir.resolve("a.tsv");
        final Path second = dir.resolve("b.tsv");
        Files.writeString(first, "ja3\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\tOne\t\t\t\n");
        Files.writeString(second, "ja3\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\tTwo\t\t\t\n");
        final Path target = dir.resolve("fingerprints.tsv");
        FingerprintImport.importFile(first, Format.STA, null, null, target);
        FingerprintImport.importFile(second, Format.STA, null, null, target);
        assertEquals(1, Files.readAllLines(target).stream().filter(line -> line.startsWith("kind\t")).count());
        final FingerprintEntry entry = FingerprintDatabase.load(List.of(target))
            .lookup(FingerprintKind.JA3, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        assertEquals("One | Two", entry.software(), "both lines are in one file, so both names are kept");
        assertEquals("a+b", entry.source());
    }

    @Test
    void kindOptionRefusesLinesOfAnotherKind() throws IOException
    {
        final Path file = dir.resolve("k.tsv");
        Files.writeString(file, "ja3\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\tOne\t\t\t\n"
            + "hassh\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\tTwo\t\t\t\n");
        final FingerprintImport.Result result = FingerprintImport.convert(file, Format.STA, FingerprintKind.HASSH,
            null);
        assertEquals(List.of(file + ":1: ja3 entry in a file imported as hassh"), result.problems());
        assertEquals(1, result.entries().size());
    }

    /** The abuse.ch SSLBL JA3 CSV layout: '#' header comments, ja3_md5,Firstseen,Lastseen,Listingreason. */
    @Test
    void sslblCsvBecomesMalwareEntries() throws IOException
    {
        final Path file = dir.resolve("sslbl.csv");
        Files.writeString(file, """
            ################################################################
            # abuse.ch SSLBL JA3 Fingerprint Blacklist (CSV)               #
            ################################################################
            #
            # ja3_md5,Firstseen,Lastseen,Listingreason
            b386946a5a44d1ddcc843bc75336dfce,2017-07-14 18:08:15,2019-07-27 20:42:54,Dridex
            8991a387e4cc841740f25d6f5139f92d,2017-07-14,2019-07-27
            """);
        final Path target = dir.resolve("fingerprints.tsv");
        final FingerprintImport.Result result = FingerprintImport.importFile(file, Format.SSLBL_CSV, null, "sslbl",
            target);
        assertEquals(List.of(file + ":7: expected 4 comma-separated columns (ja3_md5,Firstseen,Lastseen,"
            + "Listingreason), found 3"), result.problems());
        final FingerprintEntry entry = FingerprintDatabase.load(List.of(target))
            .lookup(FingerprintKind.JA3, "b386946a5a44d1ddcc843bc75336dfce");
        assertEquals("Dridex", entry.software());
        assertEquals("malware", entry.category());
        assertEquals("ja3:sslbl", entry.sourceTag());
    }

    @Test
    void salesforceJsonRefusesLinesWithoutTheFingerprint() throws IOException
    {
        final Path file = dir.resolve("h.json");
        Files.writeString(file, """
            {"sshClient": "x", "clientIdentificationString": "SSH-2.0-Foo_1.0"}
            {"hassh": "e22efe3cde8b396b874c3f13fdb6c61a", "clientIdentificationString": "SSH-2.0-Foo_1.0 extra"}
            not json
            """);
        final FingerprintImport.Result result = FingerprintImport.convert(file, Format.SALESFORCE_JSON, null, null);
        assertEquals(List.of(file + ":1: no \"hassh\" member", file + ":3: expected one JSON object on the line"),
            result.problems());
        assertEquals("hassh\te22efe3cde8b396b874c3f13fdb6c61a\tFoo\t1.0\ttool\th", result.entries().get(0).toLine());
    }

    @Test
    void unterminatedQuoteIsReportedWhereItStarts() throws IOException
    {
        final Path file = dir.resolve("q.csv");
        Files.writeString(file, "61d50e7771aee7f2f4b89a7200b4d45e,\"AcroCEF\"\n"
            + "49a6cf42956937669a01438f26e7c609,\"AIM\n");
        final FingerprintImport.Result result = FingerprintImport.convert(file, Format.SALESFORCE_CSV, null, null);
        assertEquals(List.of(file + ":2: quoted value not closed before the end of the file"), result.problems());
        assertEquals(1, result.entries().size());
    }

    @Test
    void wrongKindForFormatIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> FingerprintImport.convert("", "x", Format.SSLBL_CSV,
            FingerprintKind.HASSH, "x"));
    }

    @Test
    void nothingIsWrittenWhenNothingIsGood() throws IOException
    {
        final Path file = dir.resolve("bad.tsv");
        Files.writeString(file, "garbage\n");
        final Path target = dir.resolve("none.tsv");
        final FingerprintImport.Result result = FingerprintImport.importFile(file, Format.STA, null, null, target);
        assertEquals(1, result.problems().size());
        assertTrue(Files.notExists(target));
        assertNull(FingerprintDatabase.load(List.of(target)).lookup(FingerprintKind.JA3,
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    }
}
