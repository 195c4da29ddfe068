package org.stasensor.pipeline.record;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A record sink with one reusable slot that hands each committed record to a handler at once, on the writer's
 * thread: for the command line, tests and benchmarks, where nothing crosses threads. Never refuses a claim.
 */
public final class SingleSlotRecordSink implements RecordSink
{
    /** Receives each record while it lies in the slot; must not keep the buffer. */
    @FunctionalInterface
    public interface RecordHandler
    {
        /**
         * One committed record.
         *
         * @param buffer the slot.
         * @param offset where the record starts.
         * @param length its length.
         */
        void onRecord(MutableDirectBuffer buffer, int offset, int length);
    }

    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
    private final RecordHandler handler;

    /**
     * @param handler receives each record.
     */
    public SingleSlotRecordSink(final RecordHandler handler)
    {
        this.handler = handler;
    }

    @Override
    public boolean tryClaim()
    {
        return true;
    }

    @Override
    public MutableDirectBuffer slotBuffer()
    {
        return slot;
    }

    @Override
    public int slotOffset()
    {
        return 0;
    }

    @Override
    public int slotCapacity()
    {
        return slot.capacity();
    }

    @Override
    public void commit(final int length)
    {
        if (length > 0)
        {
            handler.onRecord(slot, 0, length);
        }
    }
}
