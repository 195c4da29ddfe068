package org.stasensor.rules.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code keyword[:value];} of a rule's option list, with the value as written (quotes and escapes kept).
 *
 * @param keyword the keyword, e.g. "content".
 * @param value   the raw value, trimmed, or null for a keyword without one.
 */
record RuleOption(String keyword, String value)
{
    /**
     * Splits the text between a rule's parentheses into options. A {@code ;} ends an option unless escaped with a
     * backslash or inside double quotes.
     *
     * @param body the option list.
     * @return the options.
     * @throws IllegalArgumentException with a reason for an unterminated quote or option.
     */
    static List<RuleOption> split(final String body)
    {
        final List<RuleOption> options = new ArrayList<>();
        final int n = body.length();
        int i = 0;
        while (i < n)
        {
            while (i < n && Character.isWhitespace(body.charAt(i)))
            {
                i++;
            }
            if (i >= n)
            {
                break;
            }
            final int keyStart = i;
            while (i < n && body.charAt(i) != ':' && body.charAt(i) != ';')
            {
                i++;
            }
            final String keyword = body.substring(keyStart, i).strip();
            if (keyword.isEmpty() || keyword.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"'))
            {
                throw new IllegalArgumentException("expected a keyword at \"" + shorten(body.substring(keyStart)) +
                    "\" (missing ';' before it?)");
            }
            if (i >= n)
            {
                throw new IllegalArgumentException("option \"" + keyword + "\" is not terminated with ';'");
            }
            if (body.charAt(i) == ';')
            {
                options.add(new RuleOption(keyword, null));
                i++;
                continue;
            }
            i++;
            final int valueStart = i;
            boolean quoted = false;
            while (i < n)
            {
                final char c = body.charAt(i);
                if (c == '\\' && i + 1 < n)
                {
                    i += 2;
                    continue;
                }
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (c == ';' && !quoted)
                {
                    break;
                }
                i++;
            }
            if (quoted)
            {
                throw new IllegalArgumentException("unbalanced quotes in the value of \"" + keyword + "\"");
            }
            if (i >= n)
            {
                throw new IllegalArgumentException("option \"" + keyword + "\" is not terminated with ';'");
            }
            options.add(new RuleOption(keyword, body.substring(valueStart, i).strip()));
            i++;
        }
        return options;
    }

    /**
     * A quoted value without its quotes and with {@code \x} escapes resolved (msg, classtype...).
     *
     * @param raw the raw value.
     * @return the text.
     */
    static String unquote(final String raw)
    {
        String text = raw.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\""))
        {
            text = text.substring(1, text.length() - 1);
        }
        final StringBuilder result = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length())
            {
                result.append(text.charAt(++i));
            }
            else
            {
                result.append(c);
            }
        }
        return result.toString();
    }

    /**
     * A quoted value without its quotes, escapes kept (pcre).
     *
     * @param raw the raw value.
     * @return the text.
     */
    static String stripQuotes(final String raw)
    {
        final String text = raw.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\""))
        {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    /**
     * A content value as bytes: quotes removed, {@code \"} {@code \;} {@code \\} escapes and {@code |hex|} runs
     * resolved.
     *
     * @param raw the quoted value without a leading "!".
     * @return the bytes.
     * @throws IllegalArgumentException for a bad hex run or an empty content.
     */
    static byte[] contentBytes(final String raw)
    {
        String text = raw.strip();
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\""))
        {
            throw new IllegalArgumentException("content must be in double quotes, got " + shorten(text));
        }
        text = text.substring(1, text.length() - 1);
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
        boolean hex = false;
        int nibble = -1;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (hex)
            {
                if (c == '|')
                {
                    if (nibble >= 0)
                    {
                        throw new IllegalArgumentException("odd number of hex digits in content |...|");
                    }
                    hex = false;
                }
                else if (Character.digit(c, 16) >= 0)
                {
                    if (nibble < 0)
                    {
                        nibble = Character.digit(c, 16);
                    }
                    else
                    {
                        bytes.write(nibble << 4 | Character.digit(c, 16));
                        nibble = -1;
                    }
                }
                else if (c != ' ')
                {
                    throw new IllegalArgumentException("'" + c + "' is not a hex digit in content |...|");
                }
                continue;
            }
            if (c == '|')
            {
                hex = true;
            }
            else if (c == '\\' && i + 1 < text.length())
            {
                final byte[] escaped = String.valueOf(text.charAt(++i)).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(escaped, 0, escaped.length);
            }
            else
            {
                final byte[] plain = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
            }
        }
        if (hex)
        {
            throw new IllegalArgumentException("content has a '|' hex run that is not closed");
        }
        if (bytes.size() == 0)
        {
            throw new IllegalArgumentException("content is empty");
        }
        return bytes.toByteArray();
    }

    static String shorten(final String text)
    {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
