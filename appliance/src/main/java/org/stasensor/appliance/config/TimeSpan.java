package org.stasensor.appliance.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A duration in the configuration: a number with a unit, {@code 50us}, {@code 120s}, {@code 30m}, {@code 7d}
 * (ns, us, ms, s, m, h, d).
 *
 * @param nanos the duration in nanoseconds.
 */
public record TimeSpan(long nanos)
{
    private static final Pattern SPAN = Pattern.compile("(\\d+)\\s*([a-zA-Z]+)");

    /**
     * Reads a duration as written in the file.
     *
     * @param text e.g. {@code 120s}.
     * @return the duration.
     * @throws IllegalArgumentException when it is not a duration with a unit.
     */
    @JsonCreator
    public static TimeSpan parse(final String text)
    {
        final Matcher matcher = SPAN.matcher(text.trim());
        if (!matcher.matches())
        {
            throw new IllegalArgumentException("not a duration: '" + text + "' (a number and a unit: ns, us, ms, s, "
                + "m, h, d; e.g. 120s)");
        }
        final long unitNanos = switch (matcher.group(2).toLowerCase(Locale.ROOT))
        {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalArgumentException("unknown duration unit '" + matcher.group(2) + "' in '"
                + text + "' (use ns, us, ms, s, m, h, d)");
        };
        try
        {
            return new TimeSpan(Math.multiplyExact(Long.parseLong(matcher.group(1)), unitNanos));
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            throw new IllegalArgumentException("duration too long: '" + text + "'");
        }
    }
}
