package org.stasensor.pipeline.record;

import org.agrona.MutableDirectBuffer;

/**
 * Where a worker writes records: a slot is claimed, written in place with a {@link RecordWriter}, then committed.
 * A Disruptor ring claims a ring slot; {@code sta analyze} claims a scratch buffer and prints it. The writer never
 * allocates and never copies a record twice.
 */
public interface RecordSink
{
    /**
     * Claims a slot for the next record.
     *
     * @return false when no slot is free (the caller counts the record as dropped).
     */
    boolean tryClaim();

    /**
     * Memory of the claimed slot.
     *
     * @return the buffer.
     */
    MutableDirectBuffer slotBuffer();

    /**
     * Where the claimed slot starts in {@link #slotBuffer()}.
     *
     * @return the offset.
     */
    int slotOffset();

    /**
     * Bytes available in the claimed slot.
     *
     * @return the capacity, at most {@link RecordDescriptor#MAX_RECORD_LENGTH}.
     */
    int slotCapacity();

    /**
     * Publishes the claimed slot.
     *
     * @param length bytes written.
     */
    void commit(int length);
}
