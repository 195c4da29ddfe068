package org.stasensor.rules.policy;

import java.io.Serial;
import java.util.List;

/**
 * A policy file cannot be used. Each problem is one line naming the file, the line and the dotted key, e.g.
 * {@code policy.yaml:12: rules.3.threshold: '-1' is not a number above 0}; the message holds them all, one a line.
 */
public final class PolicyException extends Exception
{
    @Serial
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * Problems with their one-line explanations.
     *
     * @param problems file, line, key and what is wrong; at least one.
     */
    public PolicyException(final List<String> problems)
    {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * The problems, one line each, in file order.
     *
     * @return the lines.
     */
    public List<String> problems()
    {
        return problems;
    }
}
