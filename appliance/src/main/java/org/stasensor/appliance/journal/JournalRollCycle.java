package org.stasensor.appliance.journal;

import java.util.Locale;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;

/**
 * How often the journal starts a new file (a Chronicle Queue cycle). Retention deletes whole cycles, so the cycle is
 * also the granularity of retention. Each Chronicle roll cycle holds a bounded number of records (its index space);
 * the choice here keeps that bound above what one sensor writes:
 * <table>
 *   <caption>Roll cycles</caption>
 *   <tr><th>name</th><th>Chronicle cycle</th><th>file name</th><th>records per cycle at most</th></tr>
 *   <tr><td>minutely</td><td>MINUTELY</td><td>{@code 20261128-1422.cq4}</td><td>67,108,864 (1.1 M/s)</td></tr>
 *   <tr><td>hourly</td><td>FAST_HOURLY</td><td>{@code 20261128-14F.cq4}</td><td>4,294,967,295 (1.19 M/s)</td></tr>
 *   <tr><td>daily</td><td>LARGE_DAILY</td><td>{@code 20261128L.cq4}</td><td>137,438,953,471 (1.59 M/s)</td></tr>
 * </table>
 * The rates are averages over a whole cycle; bursts above them are fine. Chronicle's {@code FAST_DAILY} is not used
 * for daily: it holds only 2^32 records a day, 49,710 a second on average, which a busy sensor can exceed.
 */
public enum JournalRollCycle
{
    /** One file a minute. */
    MINUTELY("minutely"),
    /** One file an hour (the default). */
    HOURLY("hourly"),
    /** One file a day. */
    DAILY("daily");

    private final String id;

    JournalRollCycle(final String id)
    {
        this.id = id;
    }

    /**
     * The name used in the configuration.
     *
     * @return e.g. {@code hourly}.
     */
    public String id()
    {
        return id;
    }

    /**
     * The Chronicle Queue roll cycle.
     *
     * @return the roll cycle.
     */
    public RollCycle chronicle()
    {
        // Resolved here, not in a field: loading Chronicle's classes must wait for ChronicleRuntime.prepare().
        ChronicleRuntime.prepare();
        return switch (this)
        {
            case MINUTELY -> LegacyRollCycles.MINUTELY;
            case HOURLY -> RollCycles.FAST_HOURLY;
            case DAILY -> LargeRollCycles.LARGE_DAILY;
        };
    }

    /**
     * Most records one cycle can hold; an append past it fails.
     *
     * @return the count.
     */
    public long maxRecordsPerCycle()
    {
        return chronicle().maxMessagesPerCycle();
    }

    /**
     * The roll cycle with a configuration name.
     *
     * @param id {@code minutely}, {@code hourly} or {@code daily}, any case.
     * @return the roll cycle.
     * @throws IllegalArgumentException naming the known values when {@code id} is none of them.
     */
    public static JournalRollCycle of(final String id)
    {
        final String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (final JournalRollCycle cycle : values())
        {
            if (cycle.id.equals(wanted))
            {
                return cycle;
            }
        }
        throw new IllegalArgumentException("unknown roll cycle '" + id + "' (use minutely, hourly or daily)");
    }

    /**
     * The roll cycle whose Chronicle roll cycle this is, for a journal that already exists.
     *
     * @param chronicle a Chronicle roll cycle.
     * @return the roll cycle, or null when the journal uses one this program does not configure.
     */
    public static JournalRollCycle ofChronicle(final RollCycle chronicle)
    {
        for (final JournalRollCycle cycle : values())
        {
            if (cycle.chronicle() == chronicle)
            {
                return cycle;
            }
        }
        return null;
    }
}
