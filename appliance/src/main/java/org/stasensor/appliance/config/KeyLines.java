package org.stasensor.appliance.config;

import java.util.List;

/**
 * Finds the line of a dotted key in block-style YAML text, for error messages. Jackson's YAML locations point past
 * the offending token (often at the next key), so the line is looked up from the key path instead: each key is
 * searched below its parent at a deeper indentation, before the parent's block ends.
 */
final class KeyLines
{
    private KeyLines()
    {
    }

    /**
     * The 1-based line of a key.
     *
     * @param lines the file's lines.
     * @param path  keys from the top, e.g. [rings, slots]; list indexes are left out.
     * @return the line, or 0 when the key is not found in block style.
     */
    static int find(final List<String> lines, final List<String> path)
    {
        int from = 0;
        int parentIndent = -1;
        int found = 0;
        for (final String key : path)
        {
            found = 0;
            for (int i = from; i < lines.size(); i++)
            {
                final String line = lines.get(i);
                final String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#"))
                {
                    continue;
                }
                final int indent = indent(line);
                if (indent <= parentIndent)
                {
                    break;
                }
                if (trimmed.startsWith(key + ":") || trimmed.startsWith("- " + key + ":"))
                {
                    found = i + 1;
                    from = i + 1;
                    parentIndent = indent;
                    break;
                }
            }
            if (found == 0)
            {
                return 0;
            }
        }
        return found;
    }

    /**
     * The value written after a key on its line, without a trailing comment.
     *
     * @param lines the file's lines.
     * @param line  the key's 1-based line.
     * @return the value text, or null when the value is not on that line.
     */
    static String inlineValue(final List<String> lines, final int line)
    {
        if (line < 1 || line > lines.size())
        {
            return null;
        }
        final String text = lines.get(line - 1);
        final int colon = text.indexOf(':');
        if (colon < 0)
        {
            return null;
        }
        String value = text.substring(colon + 1);
        final int comment = value.indexOf(" #");
        if (comment >= 0)
        {
            value = value.substring(0, comment);
        }
        value = value.strip();
        return value.isEmpty() ? null : value;
    }

    private static int indent(final String line)
    {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ')
        {
            indent++;
        }
        return indent;
    }
}
