package org.stasensor.appliance.run;

import java.io.Serial;

/**
 * The sensor cannot start as configured: a capture file that cannot be read, a journal directory that cannot be
 * written, an interface that does not exist. One line for the operator.
 */
public final class SensorSetupException extends Exception
{
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A failure with its one-line explanation.
     *
     * @param message what is wrong, naming the configuration key where it helps.
     */
    public SensorSetupException(final String message)
    {
        super(message);
    }
}
