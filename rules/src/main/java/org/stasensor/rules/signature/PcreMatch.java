package org.stasensor.rules.signature;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.DirectBuffer;

/**
 * A {@code pcre} compiled with java.util.regex and run under a step budget ({@link GuardedText}) on at most
 * {@link #MAX_INPUT} bytes of a value. One matcher is kept and reset per value: no allocation per record.
 */
final class PcreMatch
{
    /** Longest pattern accepted at load. */
    static final int MAX_PATTERN = 2048;
    /** Bytes of a value the expression sees at most. */
    static final int MAX_INPUT = 4096;
    /** Character reads allowed per value; a normal expression on a host name needs a few hundred. */
    static final long STEP_BUDGET = 100_000;

    private final Matcher matcher;
    private final GuardedText text = new GuardedText();
    final boolean negated;
    final String source;

    PcreMatch(final Pattern pattern, final boolean negated, final String source)
    {
        this.matcher = pattern.matcher("");
        this.negated = negated;
        this.source = source;
    }

    /**
     * Runs the expression on a value.
     *
     * @param memory memory of the value.
     * @param start  where it starts.
     * @param length its length.
     * @param budget counts aborted runs.
     * @return 1 match, 0 no match, -1 aborted (treated as no match by the caller).
     */
    int matches(final DirectBuffer memory, final int start, final int length, final long[] budget)
    {
        matcher.reset(text.wrap(memory, start, Math.min(length, MAX_INPUT), STEP_BUDGET));
        try
        {
            return matcher.find() != negated ? 1 : 0;
        }
        catch (final GuardedText.BudgetExceeded ex)
        {
            budget[0]++;
            return -1;
        }
        catch (final StackOverflowError ex)
        {
            budget[0]++;
            return -1;
        }
    }

    /**
     * Parses Suricata's {@code /re/flags} form.
     *
     * @param value   the option value without quotes.
     * @param negated whether the value had a leading "!".
     * @return the match.
     * @throws IllegalArgumentException with a reason for a person.
     */
    static PcreMatch parse(final String value, final boolean negated)
    {
        if (value.length() > MAX_PATTERN)
        {
            throw new IllegalArgumentException("pcre of " + value.length() + " characters is longer than the limit " +
                MAX_PATTERN + "; shorten it or use content");
        }
        final int open = value.indexOf('/');
        final int close = value.lastIndexOf('/');
        if (open != 0 || close <= open)
        {
            throw new IllegalArgumentException("pcre must be \"/regex/flags\", got " + shorten(value));
        }
        final String regex = value.substring(1, close);
        int flags = 0;
        for (final char flag : value.substring(close + 1).toCharArray())
        {
            switch (flag)
            {
                case 'i' -> flags |= Pattern.CASE_INSENSITIVE;
                case 's' -> flags |= Pattern.DOTALL;
                case 'm' -> flags |= Pattern.MULTILINE;
                case 'x' -> flags |= Pattern.COMMENTS;
                default -> throw new IllegalArgumentException("pcre flag '" + flag + "' is not supported " +
                    "(supported: i s m x)");
            }
        }
        try
        {
            return new PcreMatch(Pattern.compile(regex, flags), negated, value);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("pcre does not compile: " + ex.getMessage().lines().findFirst()
                .orElse(""));
        }
    }

    private static String shorten(final String text)
    {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
