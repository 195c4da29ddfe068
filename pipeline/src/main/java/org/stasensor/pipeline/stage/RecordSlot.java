package org.stasensor.pipeline.stage;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One Disruptor slot: a fixed view over its part of the ring's off-heap slab, where the worker writes a record in
 * place ({@link org.stasensor.pipeline.record.RecordDescriptor}) and later stages read or fill it in place. Slots
 * are made once, when the ring is built; nothing is allocated per record.
 */
public final class RecordSlot
{
    private final UnsafeBuffer buffer;
    private int length;

    RecordSlot(final UnsafeBuffer buffer)
    {
        this.buffer = buffer;
    }

    /**
     * The slot's memory; the record starts at offset 0.
     *
     * @return the buffer, as long as the slot.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Bytes of the record in the slot.
     *
     * @return the length the worker committed.
     */
    public int length()
    {
        return length;
    }

    void length(final int length)
    {
        this.length = length;
    }
}
