package org.stasensor.appliance.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Collects every difference between an oracle and the sensor over a whole capture, so that one test run reports all
 * of them (field, what the oracle says, what the sensor says) instead of stopping at the first.
 */
public final class Mismatches
{
    private static final int MOST_LINES_SHOWN = 200;

    private final String oracle;
    private final String subject;
    private final List<String> lines = new ArrayList<>();
    private int checks;

    /**
     * An empty collection.
     *
     * @param oracle what the expected values come from, e.g. "tshark"; it names them in the report.
     */
    public Mismatches(final String oracle)
    {
        this(oracle, "sensor");
    }

    /**
     * An empty collection comparing something other than the sensor, e.g. the scenario's intent with tshark.
     *
     * @param oracle  what the expected values come from.
     * @param subject what the actual values come from.
     */
    public Mismatches(final String oracle, final String subject)
    {
        this.oracle = oracle;
        this.subject = subject;
    }

    /**
     * Notes a difference unless the two values are equal.
     *
     * @param where    which connection or record, for people.
     * @param field    the sensor's field name.
     * @param expected the oracle's value (null: the field must be absent).
     * @param actual   the sensor's value (null: absent).
     */
    public void expectEqual(final String where, final String field, final Object expected, final Object actual)
    {
        checks++;
        if (!Objects.equals(expected, actual))
        {
            lines.add(where + ": " + field + ": " + oracle + "=" + show(expected) + " " + subject + "="
                + show(actual));
        }
    }

    /**
     * Notes a difference described in words.
     *
     * @param where   which connection or record.
     * @param problem what is wrong.
     */
    public void add(final String where, final String problem)
    {
        checks++;
        lines.add(where + ": " + problem);
    }

    /**
     * How many comparisons were made; a test asserts it is not zero so that it cannot pass by comparing nothing.
     *
     * @return the count.
     */
    public int checks()
    {
        return checks;
    }

    /**
     * The differences so far.
     *
     * @return one line per difference.
     */
    public List<String> lines()
    {
        return List.copyOf(lines);
    }

    /**
     * Fails with every difference when there is any, or when nothing was compared at all.
     *
     * @param what what was compared, e.g. "ClientHello fields".
     */
    public void assertNone(final String what)
    {
        if (checks == 0)
        {
            fail(what + ": nothing was compared");
        }
        if (!lines.isEmpty())
        {
            final List<String> shown = lines.size() > MOST_LINES_SHOWN ? lines.subList(0, MOST_LINES_SHOWN) : lines;
            fail(what + ": " + lines.size() + " of " + checks + " comparisons of " + subject + " differ from "
                + oracle + ":\n  "
                + String.join("\n  ", shown) + (shown.size() < lines.size() ? "\n  ..." : ""));
        }
    }

    private static String show(final Object value)
    {
        return value == null ? "(absent)" : value instanceof String ? "\"" + value + "\"" : value.toString();
    }
}
