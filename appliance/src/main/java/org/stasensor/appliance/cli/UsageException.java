package org.stasensor.appliance.cli;

/**
 * Bad usage or configuration: printed as one line, exit code 2.
 */
public final class UsageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and what to do, one line.
     */
    public UsageException(final String message)
    {
        super(message, null, false, false);
    }
}
