package org.stasensor.appliance.output;

import java.util.List;
import org.agrona.MutableDirectBuffer;
import org.stasensor.pipeline.enrich.EnrichmentStage;
import org.stasensor.pipeline.enrich.LateRecords;
import org.stasensor.pipeline.record.SingleSlotRecordSink;
import org.stasensor.rules.DetectionStage;
import org.stasensor.rules.Detector;

/**
 * What {@code sta run}'s rings and journal thread do, done in line on the worker's thread for the commands that print
 * JSON ({@code sta analyze}, {@code sta capture}, {@code sta rules test}): enrich the record in its slot, print it,
 * run detection and print its alerts after it, then print whatever enrichment finished later (creation dates).
 */
public final class InlineStages implements SingleSlotRecordSink.RecordHandler
{
    private static final int LATE_RECORDS_PER_RECORD = 64;

    private final EnrichmentStage enrichment;
    private final JsonLinesSink printer;
    private final JsonLinesSink alertPrinter;
    private final DetectionStage detection;
    private final LateRecords lateRecords;
    private final LateRecords.Handler lateHandler = this::printAndDetect;

    /**
     * Stages for one worker.
     *
     * @param enrichment  the worker's enrichment stage.
     * @param printer     where records are printed; null to print only alerts ({@code sta rules test}).
     * @param alertPrinter where alerts are printed.
     * @param detectors   detection; empty for none.
     * @param lateRecords records enrichment makes later, printed as they come; null when this worker does not print
     *                    them (another one does).
     */
    public InlineStages(final EnrichmentStage enrichment, final JsonLinesSink printer,
        final JsonLinesSink alertPrinter, final List<Detector> detectors, final LateRecords lateRecords)
    {
        this.enrichment = enrichment;
        this.printer = printer;
        this.alertPrinter = alertPrinter;
        this.detection = new DetectionStage(detectors, alertPrinter::print);
        this.lateRecords = lateRecords;
    }

    /**
     * A record sink for the worker's inspector.
     *
     * @return a new sink.
     */
    public SingleSlotRecordSink sink()
    {
        return new SingleSlotRecordSink(this);
    }

    @Override
    public void onRecord(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        final int enriched = enrichment.enrich(buffer, offset, length, buffer.capacity() - offset);
        printAndDetect(buffer, offset, enriched);
        drainLate();
    }

    /**
     * Prints what enrichment finished since the last record.
     *
     * @return records printed.
     */
    public int drainLate()
    {
        return lateRecords == null ? 0 : lateRecords.drain(lateHandler, LATE_RECORDS_PER_RECORD);
    }

    private void printAndDetect(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (printer != null)
        {
            printer.print(buffer, offset, length);
        }
        detection.onRecord(buffer, offset, length);
    }

    /**
     * The detection stage, for its counters.
     *
     * @return the stage.
     */
    public DetectionStage detection()
    {
        return detection;
    }
}
