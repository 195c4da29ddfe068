package org.stasensor.pipeline.flow;

/**
 * Why a flow record was written; the value of {@code event.reason} in flow records.
 */
public enum FlowEndReason
{
    /** Both sides sent FIN. */
    FIN("fin"),
    /** A side sent RST. */
    RST("rst"),
    /** No packet for the idle timeout. */
    IDLE_TIMEOUT("idle_timeout"),
    /** The flow lasted longer than the active timeout; a new record starts. */
    ACTIVE_TIMEOUT("active_timeout"),
    /** The table was full and this was the least recently active flow. */
    EVICTED("evicted"),
    /** The capture ended (end of file, shutdown). */
    END_OF_CAPTURE("end_of_capture");

    private final String text;

    FlowEndReason(final String text)
    {
        this.text = text;
    }

    /**
     * The text written in records.
     *
     * @return e.g. "idle_timeout".
     */
    public String text()
    {
        return text;
    }
}
