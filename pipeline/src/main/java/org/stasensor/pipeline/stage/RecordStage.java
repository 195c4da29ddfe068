package org.stasensor.pipeline.stage;

import org.agrona.MutableDirectBuffer;

/**
 * A step records pass through after the capture worker published them: enrichment (fills the record's enrichment
 * area in place), detection (reads it, may raise alerts), the journal (stores it). Each stage runs on its own thread
 * and sees every record of a ring in order, after the stages before it. A stage must not keep the buffer: the slot
 * is reused once every stage has passed it.
 */
public interface RecordStage
{
    /**
     * One record.
     *
     * @param buffer     the slot's memory.
     * @param offset     where the record starts.
     * @param length     its length.
     * @param endOfBatch true for the last record of what was waiting: where a stage that batches (the journal) should
     *                   flush.
     */
    void onRecord(MutableDirectBuffer buffer, int offset, int length, boolean endOfBatch);

    /**
     * The record's length once this stage has passed it, which later stages and the journal see. Stages that append
     * fields in the slot (enrichment) return the new length; the rest keep it.
     *
     * @param buffer the slot's memory.
     * @param offset where the record starts.
     * @param length its length before this stage.
     * @return its length after this stage.
     */
    default int lengthAfter(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        return length;
    }
}
