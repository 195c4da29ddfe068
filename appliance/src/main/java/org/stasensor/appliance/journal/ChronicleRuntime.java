package org.stasensor.appliance.journal;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.core.onoes.ThreadLocalisedExceptionHandler;
import org.slf4j.Logger;

/**
 * Prepares the JVM for Chronicle once, before the first Chronicle class is touched:
 * <ul>
 *   <li>{@code chronicle.analytics.disable=true}: bin/sta and the tests start every JVM with it; a JVM started some
 *       other way gets it here, so the journal never phones home;</li>
 *   <li>{@code slf4j.internal.verbosity=ERROR}: the product ships no SLF4J provider (Chronicle logs through SLF4J's
 *       API only), and without this SLF4J prints three lines about that on stderr in every command;</li>
 *   <li>Chronicle's warnings and errors, which would otherwise vanish into SLF4J's no-op logger, become one line
 *       each on stderr ({@code sta: journal: chronicle: ...}); its debug and performance notes are dropped.</li>
 * </ul>
 */
final class ChronicleRuntime
{
    private static final Object LOCK = new Object();
    private static boolean prepared;

    private ChronicleRuntime()
    {
    }

    static void prepare()
    {
        synchronized (LOCK)
        {
            if (prepared)
            {
                return;
            }
            if (System.getProperty("chronicle.analytics.disable") == null)
            {
                System.setProperty("chronicle.analytics.disable", "true");
            }
            if (System.getProperty("slf4j.internal.verbosity") == null)
            {
                System.setProperty("slf4j.internal.verbosity", "ERROR");
            }
            final OneLine handler = new OneLine(line -> System.err.println("sta: journal: chronicle: " + line));
            Jvm.setWarnExceptionHandler(handler);
            Jvm.setErrorExceptionHandler(handler);
            prepared = true;
        }
    }

    /**
     * Runs an action with Chronicle's warnings on this thread collected instead of printed, so that the caller can
     * drop the expected ones (a reader learning the journal's roll cycle from its metadata) and report the others
     * in its own words. Errors still print.
     *
     * @param action   what to run.
     * @param warnings receives each warning as one line: {@code Class: message (exception)}.
     * @param <T>      what the action returns.
     * @return what it returned.
     */
    static <T> T collectingWarnings(final Supplier<T> action, final List<String> warnings)
    {
        prepare();
        if (!(Jvm.warn() instanceof ThreadLocalisedExceptionHandler warn))
        {
            return action.get();
        }
        warn.threadLocalHandler(new OneLine(warnings::add));
        try
        {
            return action.get();
        }
        finally
        {
            warn.resetThreadLocalHandler();
        }
    }

    /**
     * Whether a Chronicle warning only says that an existing queue's roll cycle was kept.
     *
     * @param warning a line from {@link #collectingWarnings}.
     * @return true for "Overriding roll ..." warnings.
     */
    static boolean isRollCycleOverride(final String warning)
    {
        return warning.contains("Overriding roll");
    }

    /** Turns a Chronicle warning or error into one line: the class, the message, the exception's own line. */
    private static final class OneLine implements ExceptionHandler
    {
        private final Consumer<String> out;

        OneLine(final Consumer<String> out)
        {
            this.out = out;
        }

        @Override
        public void on(final Class<?> clazz, final String message, final Throwable thrown)
        {
            print(clazz.getSimpleName(), message, thrown);
        }

        @Override
        public void on(final Logger logger, final String message, final Throwable thrown)
        {
            print(logger.getName(), message, thrown);
        }

        private void print(final String source, final String message, final Throwable thrown)
        {
            final String text = (message == null ? "" : message) + (thrown == null ? "" : " (" + thrown + ")");
            out.accept(source + ": " + text.replace('\n', ' ').strip());
        }
    }
}
