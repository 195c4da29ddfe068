package org.stasensor.appliance.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT and SIGTERM into "stop capturing, finish the flows, write their records, exit 0" instead of the JVM's
 * default of running shutdown hooks and exiting 130/143 while workers may still be writing; and, for {@code sta run},
 * SIGHUP into "load the rule files again". The previous handlers come back on {@link #close()}.
 */
final class StopSignals implements AutoCloseable
{
    private static final String[] NAMES = {"INT", "TERM", "HUP"};
    private static final int HUP = 2;

    private final SignalHandler[] previous = new SignalHandler[NAMES.length];

    private StopSignals()
    {
    }

    static StopSignals install(final Runnable onStop)
    {
        return install(onStop, null);
    }

    static StopSignals install(final Runnable onStop, final Runnable onReload)
    {
        final StopSignals signals = new StopSignals();
        final SignalHandler handler = signal -> onStop.run();
        for (int i = 0; i < HUP; i++)
        {
            signals.previous[i] = Signal.handle(new Signal(NAMES[i]), handler);
        }
        if (onReload != null)
        {
            signals.previous[HUP] = Signal.handle(new Signal(NAMES[HUP]), signal -> onReload.run());
        }
        return signals;
    }

    @Override
    public void close()
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            if (previous[i] != null)
            {
                Signal.handle(new Signal(NAMES[i]), previous[i]);
            }
        }
    }
}
