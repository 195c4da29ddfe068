package org.stasensor.rules.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One logical rule of a rules file: lines joined at a trailing backslash, comments and blank lines left out.
 *
 * @param line first physical line of the rule, 1-based.
 * @param text the joined text, trimmed.
 */
record RuleLine(int line, String text)
{
    /** Longest logical rule accepted; a longer one is reported, not parsed. */
    static final int MAX_RULE_LENGTH = 64 * 1024;

    /**
     * Splits a rules file into logical rules.
     *
     * @param file the file.
     * @return the rules in file order.
     * @throws IOException when the file cannot be read.
     */
    static List<RuleLine> read(final Path file) throws IOException
    {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return split(lines);
    }

    /**
     * Splits lines into logical rules.
     *
     * @param lines physical lines.
     * @return the rules.
     */
    static List<RuleLine> split(final List<String> lines)
    {
        final List<RuleLine> rules = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        int first = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            final String raw = stripCarriageReturn(lines.get(i));
            final String trimmed = raw.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#")))
            {
                continue;
            }
            if (current.isEmpty())
            {
                first = i + 1;
            }
            if (trimmed.endsWith("\\") && !trimmed.endsWith("\\\\"))
            {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            rules.add(new RuleLine(first, current.toString().strip()));
            current.setLength(0);
        }
        if (!current.isEmpty())
        {
            rules.add(new RuleLine(first, current.toString().strip()));
        }
        return rules;
    }

    private static String stripCarriageReturn(final String line)
    {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
