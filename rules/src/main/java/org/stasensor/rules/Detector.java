package org.stasensor.rules;

import org.stasensor.pipeline.record.RecordReader;

/**
 * Looks at every record after enrichment, in journal order, and raises alerts. All detectors run on one thread (the
 * journal writer's), so state that spans workers (a source's SSH attempts over connections that the NIC spread over
 * several queues) needs no locks. Time is the records' capture time, never the wall clock, so that a capture file
 * replays the same alerts.
 */
public interface Detector
{
    /**
     * One record.
     *
     * @param record the enriched record, positioned before its first field.
     * @param alerts where alerts go.
     */
    void onRecord(RecordReader record, AlertSink alerts);
}
