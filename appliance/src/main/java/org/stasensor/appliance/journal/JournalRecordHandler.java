package org.stasensor.appliance.journal;

import org.agrona.DirectBuffer;

/**
 * Receives what a {@link JournalReader} reads: each whole record where it lies in the mapped journal file, and a
 * description of each document that is not a record this program can read.
 */
public interface JournalRecordHandler
{
    /**
     * One record that passed the reader's filters. The buffer is valid only during the call.
     *
     * @param index  the record's Chronicle index (cycle and sequence): what a forwarder acknowledges.
     * @param buffer memory holding the record.
     * @param offset where it starts.
     * @param length its length, equal to its length field.
     */
    void onRecord(long index, DirectBuffer buffer, int offset, int length);

    /**
     * One document skipped because it is not a whole record of the layout this program reads.
     *
     * @param index   the document's Chronicle index.
     * @param problem what is wrong, for people, e.g. {@code length field says 0 but the document holds 130 bytes}.
     */
    void onInvalidRecord(long index, String problem);
}
