package org.stasensor.appliance.journal;

import java.io.Serial;

/**
 * The journal cannot be opened or written: the message is one line naming the path and what to do, e.g.
 * {@code /var/lib/sta/journal: not a journal (no metadata.cq4t); is it the journal path sta run writes to?}.
 */
public final class JournalException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message path and problem, one line.
     */
    public JournalException(final String message)
    {
        super(message, null, false, false);
    }

    /**
     * @param message path and problem, one line.
     * @param cause   what Chronicle or the file system reported.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause, false, false);
    }
}
