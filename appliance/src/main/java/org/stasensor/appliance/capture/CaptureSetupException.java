package org.stasensor.appliance.capture;

import java.io.Serial;

/**
 * A capture source could not be opened: unknown interface, no permission, DPDK refused its arguments. The message
 * is one line that tells the operator what is wrong and, where it helps, what to do; it is printed as is.
 */
public final class CaptureSetupException extends Exception
{
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A failure with its one-line explanation.
     *
     * @param message what is wrong, for the operator.
     */
    public CaptureSetupException(final String message)
    {
        super(message);
    }
}
