package org.stasensor.appliance.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT and SIGTERM into "stop capturing, finish the flows, write their records, exit 0" instead of the JVM's
 * default of running shutdown hooks and exiting 130/143 while workers may still be writing. The previous handlers
 * come back on {@link #close()}.
 */
final class StopSignals implements AutoCloseable
{
    private static final String[] NAMES = {"INT", "TERM"};

    private final SignalHandler[] previous = new SignalHandler[NAMES.length];

    private StopSignals()
    {
    }

    static StopSignals install(final Runnable onStop)
    {
        final StopSignals signals = new StopSignals();
        final SignalHandler handler = signal -> onStop.run();
        for (int i = 0; i < NAMES.length; i++)
        {
            signals.previous[i] = Signal.handle(new Signal(NAMES[i]), handler);
        }
        return signals;
    }

    @Override
    public void close()
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            Signal.handle(new Signal(NAMES[i]), previous[i]);
        }
    }
}
