package org.stasensor.rules;

import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;

/**
 * Runs every detector over each record, on the one thread that journals (or prints) records, and hands each alert
 * to the output right after the record that triggered it. Detectors are swapped whole on reload (SIGHUP); the ones
 * that keep state carry it across (see {@code PolicyEngine#reload}).
 */
public final class DetectionStage
{
    /** Where records and alerts go, in order. */
    @FunctionalInterface
    public interface Output
    {
        /**
         * One alert record.
         *
         * @param buffer holds it.
         * @param offset where it starts.
         * @param length its length.
         */
        void onAlert(MutableDirectBuffer buffer, int offset, int length);
    }

    private final RecordReader reader = new RecordReader();
    private final UnsafeBuffer alertBuffer = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
    private final AlertRecordWriter alertWriter = new AlertRecordWriter();
    private final Output output;
    private final AlertSink sink = this::raise;
    private volatile Detector[] detectors;
    private long alerts;
    private long failures;
    private RuntimeException lastFailure;

    /**
     * A stage.
     *
     * @param detectors what to run, in order.
     * @param output    where alerts go.
     */
    public DetectionStage(final List<Detector> detectors, final Output output)
    {
        this.detectors = detectors.toArray(new Detector[0]);
        this.output = output;
    }

    /**
     * Runs detection over one record (already journaled or printed); its alerts go to the output now.
     *
     * @param buffer holds the record.
     * @param offset where it starts.
     * @param length its length.
     */
    public void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        final Detector[] current = detectors;
        if (current.length == 0 || length < RecordDescriptor.HEADER_LENGTH)
        {
            return;
        }
        reader.wrap(buffer, offset);
        for (final Detector detector : current)
        {
            reader.rewind();
            try
            {
                detector.onRecord(reader, sink);
            }
            catch (final RuntimeException ex)
            {
                // A detector's bug costs that record its alerts from that detector, never the journal thread.
                failures++;
                lastFailure = ex;
            }
        }
    }

    /**
     * Replaces the detectors (rules reloaded).
     *
     * @param replacement the new list.
     */
    public void replace(final List<Detector> replacement)
    {
        detectors = replacement.toArray(new Detector[0]);
    }

    private void raise(final RecordReader trigger, final RuleIdentity rule, final CharSequence message)
    {
        final int length = alertWriter.write(trigger, rule, message, alertBuffer, 0, alertBuffer.capacity());
        alerts++;
        output.onAlert(alertBuffer, 0, length);
    }

    /**
     * Alerts raised.
     *
     * @return the count.
     */
    public long alerts()
    {
        return alerts;
    }

    /**
     * Detector calls that threw.
     *
     * @return the count.
     */
    public long failures()
    {
        return failures;
    }

    /**
     * What went wrong in detection, for the run's summary.
     *
     * @return a line, or null when no detector threw.
     */
    public String failureSummary()
    {
        return failures == 0 ? null : "detection failed on " + failures + " record(s) (a bug: please report), last: "
            + lastFailure;
    }

    /**
     * The last detector failure, for the log.
     *
     * @return the exception or null.
     */
    public RuntimeException lastFailure()
    {
        return lastFailure;
    }
}
