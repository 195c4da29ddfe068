package org.stasensor.pipeline.enrich.software;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fingerprint file format (docs/fingerprints.md): UTF-8 text, one entry a line, six tab-separated columns
 * <pre>
 * kind	fingerprint	software	version	category	source
 * </pre>
 * {@code kind} is ja3, ja4, hassh or hassh_server; {@code fingerprint} its text (lower-cased on reading);
 * {@code software} is required; {@code version}, {@code category} and {@code source} may be empty (source then
 * defaults to the list's name). Lines starting with {@code #} and blank lines are comments; the header line above
 * is optional and skipped wherever it appears.
 */
public final class FingerprintFile
{
    /** The header line. */
    public static final String HEADER = "kind\tfingerprint\tsoftware\tversion\tcategory\tsource";

    private static final int COLUMNS = 6;
    private static final int LONGEST_VALUE = 200;

    /**
     * The good entries of a file and the reasons its other lines were refused.
     *
     * @param entries  entries in file order.
     * @param lines    per entry, its line number.
     * @param problems "NAME:LINE: reason", one per refused line.
     */
    public record Parsed(List<FingerprintEntry> entries, List<Integer> lines, List<String> problems)
    {
    }

    private FingerprintFile()
    {
    }

    /**
     * Reads a fingerprint file.
     *
     * @param reader        the text.
     * @param name          name for messages (a path).
     * @param defaultSource list name for entries whose source column is empty.
     * @return entries and problems.
     * @throws IOException when reading fails.
     */
    public static Parsed parse(final Reader reader, final String name, final String defaultSource) throws IOException
    {
        final List<FingerprintEntry> entries = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final BufferedReader in = new BufferedReader(reader);
        int number = 0;
        String line;
        while ((line = in.readLine()) != null)
        {
            number++;
            final String problem = parseLine(line, defaultSource, entries);
            if (problem != null)
            {
                problems.add(name + ":" + number + ": " + problem);
            }
            else if (entries.size() > lines.size())
            {
                lines.add(number);
            }
        }
        return new Parsed(entries, lines, problems);
    }

    /**
     * Checks the values of one entry.
     *
     * @param kind        kind word.
     * @param fingerprint fingerprint text.
     * @param software    software name.
     * @param version     version.
     * @param category    category.
     * @param source      list name.
     * @return the entry, never null.
     * @throws IllegalArgumentException with the reason when a value is not acceptable.
     */
    public static FingerprintEntry entry(final String kind, final String fingerprint, final String software,
        final String version, final String category, final String source)
    {
        final FingerprintKind parsedKind = FingerprintKind.ofToken(kind.trim());
        if (parsedKind == null)
        {
            throw new IllegalArgumentException("unknown kind '" + kind + "' (ja3, ja4, hassh or hassh_server)");
        }
        final String normalised = fingerprint.trim().toLowerCase(Locale.ROOT);
        final String problem = parsedKind.problem(normalised);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        if (software.isBlank())
        {
            throw new IllegalArgumentException("software name is empty");
        }
        checkText("software", software);
        checkText("version", version);
        checkText("category", category);
        checkText("source", source);
        if (source.isBlank() || source.contains(":"))
        {
            throw new IllegalArgumentException("source '" + source + "' must be a non-empty name without ':'");
        }
        return new FingerprintEntry(parsedKind, normalised, software.trim(), version.trim(),
            category.trim().toLowerCase(Locale.ROOT), source.trim());
    }

    private static String parseLine(final String line, final String defaultSource,
        final List<FingerprintEntry> entries)
    {
        final String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || line.equals(HEADER))
        {
            return null;
        }
        final String[] columns = line.split("\t", -1);
        if (columns.length != COLUMNS)
        {
            return "expected 6 tab-separated columns (" + HEADER.replace('\t', ' ') + "), found " + columns.length;
        }
        try
        {
            entries.add(entry(columns[0], columns[1], columns[2], columns[3], columns[4],
                columns[5].isBlank() ? defaultSource : columns[5]));
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
    }

    private static void checkText(final String what, final String value)
    {
        if (value.length() > LONGEST_VALUE)
        {
            throw new IllegalArgumentException(what + " is longer than " + LONGEST_VALUE + " characters");
        }
        for (int i = 0; i < value.length(); i++)
        {
            if (Character.isISOControl(value.charAt(i)))
            {
                throw new IllegalArgumentException(what + " holds a control character at " + (i + 1));
            }
        }
    }
}
