package org.stasensor.appliance.lab;

import java.util.List;

/**
 * What a finished command left behind.
 *
 * @param command  the command line as run (including any {@code ip netns exec} prefix).
 * @param exitCode its exit status.
 * @param stdout   standard output as UTF-8 text.
 * @param stderr   standard error as UTF-8 text.
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr)
{
    private static final int TAIL_CHARACTERS = 2000;

    /**
     * Whether the command exited with status 0.
     *
     * @return true on success.
     */
    public boolean succeeded()
    {
        return exitCode == 0;
    }

    /**
     * This result, or an {@link AssertionError} naming the command, its status and the end of its output when it
     * did not exit with 0.
     *
     * @return this.
     */
    public CommandResult orFail()
    {
        if (!succeeded())
        {
            throw new AssertionError(describe());
        }
        return this;
    }

    /**
     * A message for people: the command, its exit status and the last part of its output.
     *
     * @return the description.
     */
    public String describe()
    {
        return String.join(" ", command) + " exited with " + exitCode
            + "\n--- stdout (end) ---\n" + tail(stdout) + "\n--- stderr (end) ---\n" + tail(stderr);
    }

    static String tail(final String text)
    {
        return text.length() <= TAIL_CHARACTERS ? text : "..." + text.substring(text.length() - TAIL_CHARACTERS);
    }
}
