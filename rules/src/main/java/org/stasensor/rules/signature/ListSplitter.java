package org.stasensor.rules.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the inside of a Suricata {@code [a, b, [c, d]]} list at its top-level commas.
 */
final class ListSplitter
{
    private ListSplitter()
    {
    }

    static List<String> split(final String inside)
    {
        final List<String> items = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < inside.length(); i++)
        {
            final char c = inside.charAt(i);
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
                if (depth < 0)
                {
                    throw new IllegalArgumentException("unbalanced ']' in list [" + inside + "]");
                }
            }
            else if (c == ',' && depth == 0)
            {
                addItem(items, inside.substring(from, i), inside);
                from = i + 1;
            }
        }
        if (depth != 0)
        {
            throw new IllegalArgumentException("unbalanced '[' in list [" + inside + "]");
        }
        addItem(items, inside.substring(from), inside);
        return items;
    }

    private static void addItem(final List<String> items, final String item, final String inside)
    {
        final String trimmed = item.strip();
        if (trimmed.isEmpty())
        {
            throw new IllegalArgumentException("empty item in list [" + inside + "]");
        }
        items.add(trimmed);
    }
}
