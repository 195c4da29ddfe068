package org.stasensor.appliance.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.enrich.software.FingerprintDatabase;
import org.stasensor.pipeline.enrich.software.FingerprintKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sta fingerprints import}: exit codes, "FILE:LINE: reason" on stderr, entries the database then knows.
 */
class FingerprintsCommandTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void importsGoodLinesAndReportsBadOnesWithLineNumbers() throws IOException
    {
        final Path list = dir.resolve("list.tsv");
        Files.writeString(list, "ja3\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\tOurTool\t1\ttool\t\nja3\tshort\tX\t\t\t\n");
        final Path target = dir.resolve("fingerprints.tsv");
        final int code = run("fingerprints", "import", list.toString(), "--file", target.toString());
        assertEquals(Sta.EXIT_PARTIAL, code);
        assertEquals(list + ":2: ja3 fingerprint must have 32 characters, 'short' has 5\n", text(err));
        assertTrue(text(out).contains("imported 1 fingerprint(s)"), text(out));
        assertEquals("OurTool", FingerprintDatabase.load(List.of(target))
            .lookup(FingerprintKind.JA3, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").software());
    }

    @Test
    void cleanImportExitsZero() throws IOException
    {
        final Path list = dir.resolve("sslbl.csv");
        Files.writeString(list, "# ja3_md5,Firstseen,Lastseen,Listingreason\n"
            + "b386946a5a44d1ddcc843bc75336dfce,2017-07-14 18:08:15,2019-07-27 20:42:54,Dridex\n");
        final Path target = dir.resolve("fingerprints.tsv");
        assertEquals(Sta.EXIT_OK, run("fingerprints", "import", list.toString(), "--format", "sslbl-csv", "--file",
            target.toString()));
        assertEquals("ja3:sslbl", FingerprintDatabase.load(List.of(target))
            .lookup(FingerprintKind.JA3, "b386946a5a44d1ddcc843bc75336dfce").sourceTag());
    }

    @Test
    void badUsageIsRefused()
    {
        final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThrows(UsageException.class, () -> FingerprintsCommand.run(new String[]{"export"}, o, e));
        assertThrows(UsageException.class, () -> FingerprintsCommand.run(new String[]{"import"}, o, e));
        assertThrows(UsageException.class, () -> FingerprintsCommand.run(new String[]{"import", "x", "--kind",
            "ja5"}, o, e));
        assertThrows(UsageException.class, () -> FingerprintsCommand.run(new String[]{"import", "x", "--format",
            "xml"}, o, e));
        assertThrows(UsageException.class, () -> FingerprintsCommand.run(new String[]{"import",
            dir.resolve("missing").toString()}, o, e));
    }

    private int run(final String... args)
    {
        final String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        return FingerprintsCommand.run(rest, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
