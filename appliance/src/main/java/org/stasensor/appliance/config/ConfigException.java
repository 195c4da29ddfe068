package org.stasensor.appliance.config;

import java.io.Serial;

/**
 * The configuration cannot be used. The message is one line naming the file, the line and the key, e.g.
 * {@code sta.yaml:7: capture.sorce: unknown key (known here: source, files, ...)}.
 */
public final class ConfigException extends Exception
{
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A problem with its one-line explanation.
     *
     * @param message file, line, key and what is wrong.
     */
    public ConfigException(final String message)
    {
        super(message);
    }
}
