package org.stasensor.appliance.journal;

import java.io.PrintStream;

/**
 * Where the journal reports what it did that an operator should know: each deleted cycle, a forced unlock after a
 * crash, a roll cycle kept from an existing journal. One line per event, no trailing newline.
 */
@FunctionalInterface
public interface JournalLog
{
    /**
     * One event.
     *
     * @param line what happened, one line.
     */
    void line(String line);

    /**
     * A log that prints each line on a stream.
     *
     * @param out e.g. {@code System.err}.
     * @return the log.
     */
    static JournalLog to(final PrintStream out)
    {
        return out::println;
    }
}
