package org.stasensor.appliance.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A size in the configuration: a number of bytes with an optional unit, {@code 32KiB}, {@code 10GiB}, {@code 500MB},
 * {@code 4096}. Binary (KiB, MiB, GiB, TiB) and decimal (kB, MB, GB, TB) units, case-insensitive.
 *
 * @param bytes the size in bytes.
 */
public record ByteSize(long bytes)
{
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");

    /**
     * Reads a size as written in the file.
     *
     * @param text e.g. {@code 16KiB}.
     * @return the size.
     * @throws IllegalArgumentException when it is not a size.
     */
    @JsonCreator
    public static ByteSize parse(final String text)
    {
        final Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches())
        {
            throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 4096, 32KiB, 10GiB)");
        }
        final long multiplier = switch (matcher.group(2).toLowerCase(Locale.ROOT))
        {
            case "", "b" -> 1L;
            case "kib", "k" -> 1L << 10;
            case "mib", "m" -> 1L << 20;
            case "gib", "g" -> 1L << 30;
            case "tib", "t" -> 1L << 40;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "tb" -> 1_000_000_000_000L;
            default -> throw new IllegalArgumentException("unknown size unit '" + matcher.group(2) + "' in '" + text
                + "' (use B, KiB, MiB, GiB, TiB, kB, MB, GB, TB)");
        };
        try
        {
            return new ByteSize(Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier));
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
    }

    /**
     * Reads a plain number of bytes.
     *
     * @param bytes the size.
     * @return the size.
     */
    @JsonCreator
    public static ByteSize ofBytes(final long bytes)
    {
        if (bytes < 0)
        {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
        return new ByteSize(bytes);
    }
}
