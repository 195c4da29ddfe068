package org.stasensor.appliance.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.stasensor.pipeline.enrich.software.FingerprintDatabase;
import org.stasensor.pipeline.enrich.software.FingerprintImport;
import org.stasensor.pipeline.enrich.software.FingerprintKind;

/**
 * {@code sta fingerprints import FILE [--kind ja3|ja4|hassh|hassh_server] [--format sta|sslbl-csv|salesforce-csv|
 * salesforce-json] [--source NAME] [--file PATH]}: checks a list of fingerprints and appends its good entries to the
 * operator's fingerprint file (default {@code /var/lib/sta/fingerprints.tsv}), which the software identification
 * enrichment reads after the built-in lists. Each refused line is printed on stderr as "FILE:LINE: reason"; the good
 * lines are imported all the same and the exit code is then 3 (input read only in part).
 */
final class FingerprintsCommand
{
    static final String USAGE = """
          fingerprints import FILE [--kind ja3|ja4|hassh|hassh_server] [--format FORMAT] [--source NAME]
                       [--file PATH]
                          check a fingerprint list and append its good entries to PATH (default
                          /var/lib/sta/fingerprints.tsv), read by software identification after the built-in lists;
                          FORMAT: sta (default, docs/fingerprints.md), sslbl-csv, salesforce-csv, salesforce-json;
                          bad lines are reported as FILE:LINE: reason and left out (exit code 3)
        """;

    private FingerprintsCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0 || !"import".equals(args[0]))
        {
            throw new UsageException("fingerprints: " + (args.length == 0 ? "no subcommand" : "unknown subcommand '"
                + args[0] + "'") + "; usage: sta fingerprints import FILE [--kind K] [--format F] [--file PATH]");
        }
        Path file = null;
        FingerprintKind kind = null;
        FingerprintImport.Format format = FingerprintImport.Format.STA;
        String source = null;
        Path target = FingerprintDatabase.DEFAULT_USER_FILE;
        for (int i = 1; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--kind" ->
                {
                    final String text = value(args, ++i, "--kind");
                    kind = FingerprintKind.ofToken(text);
                    if (kind == null)
                    {
                        throw new UsageException("fingerprints import: --kind '" + text
                            + "' is not one of ja3, ja4, hassh, hassh_server");
                    }
                }
                case "--format" ->
                {
                    final String text = value(args, ++i, "--format");
                    format = FingerprintImport.Format.ofToken(text);
                    if (format == null)
                    {
                        throw new UsageException("fingerprints import: --format '" + text
                            + "' is not one of sta, sslbl-csv, salesforce-csv, salesforce-json");
                    }
                }
                case "--source" -> source = value(args, ++i, "--source");
                case "--file" -> target = Path.of(value(args, ++i, "--file"));
                default ->
                {
                    if (args[i].startsWith("-") || file != null)
                    {
                        throw new UsageException("fingerprints import: unexpected argument '" + args[i] + "'");
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null)
        {
            throw new UsageException("fingerprints import: no FILE given");
        }
        if (!Files.isReadable(file))
        {
            throw new UsageException("fingerprints import: cannot read " + file);
        }
        final FingerprintImport.Result result;
        try
        {
            result = FingerprintImport.importFile(file, format, kind, source, target);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException("fingerprints import: " + ex.getMessage());
        }
        catch (final IOException ex)
        {
            throw new UsageException("fingerprints import: " + ex.getMessage() + "; check that " + target
                + " is writable");
        }
        for (final String problem : result.problems())
        {
            err.println(problem);
        }
        out.println("sta: imported " + result.entries().size() + " fingerprint(s) into " + target + ", refused "
            + result.problems().size() + " line(s)");
        return result.problems().isEmpty() ? Sta.EXIT_OK : Sta.EXIT_PARTIAL;
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new UsageException("fingerprints import: " + option + " needs a value");
        }
        return args[index];
    }
}
