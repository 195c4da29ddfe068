package org.stasensor.appliance.metrics;

import java.util.List;

/**
 * One answer of {@code /health}.
 *
 * @param healthy  true when every worker is alive (or finished its source) and every journal is within its lag limit.
 * @param problems one sentence per reason it is not healthy; empty when healthy.
 * @param json     the response body.
 */
public record HealthReport(boolean healthy, List<String> problems, String json)
{
    /** HTTP status of a healthy answer. */
    public static final int OK = 200;
    /** HTTP status of an unhealthy answer. */
    public static final int UNAVAILABLE = 503;

    /**
     * Copies the problems.
     */
    public HealthReport
    {
        problems = List.copyOf(problems);
    }

    /**
     * The HTTP status to answer with.
     *
     * @return {@link #OK} or {@link #UNAVAILABLE}.
     */
    public int httpStatus()
    {
        return healthy ? OK : UNAVAILABLE;
    }
}
