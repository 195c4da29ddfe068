package org.stasensor.pipeline.enrich;

import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * One kind of enrichment (GeoIP, domain age, DGA score, certificate validation, software names): reads what the
 * worker wrote and appends its own fields. Runs on the enrichment threads, one per ring, so an implementation that is
 * shared by several rings must be thread-safe; it must never wait on the network (answers that take time arrive
 * later as update records).
 */
public interface RecordEnrichment
{
    /**
     * Enriches one record.
     *
     * @param record the record as the worker wrote it, positioned before its first field.
     * @param out    a writer resumed at the record's end: fields appended here become part of the record.
     */
    void enrich(RecordReader record, RecordWriter out);
}
