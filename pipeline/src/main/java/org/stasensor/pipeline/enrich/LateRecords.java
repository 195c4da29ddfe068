package org.stasensor.pipeline.enrich;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Records made after the fact by enrichment that answers later (a domain's creation date over RDAP): written by any
 * thread (HTTP client threads), read by the one thread that journals or prints records, which also runs detection on
 * them. A bounded Agrona many-to-one ring; when it is full the record is dropped and counted, never waited for.
 */
public final class LateRecords
{
    private static final int MESSAGE_TYPE = 1;

    private final ManyToOneRingBuffer ring;
    private final AtomicLong dropped = new AtomicLong();
    private Handler current;
    private final MessageHandler adapter = (type, buffer, index, length) -> current.onRecord(buffer, index, length);

    /** Handles one drained record. */
    @FunctionalInterface
    public interface Handler
    {
        /**
         * One record.
         *
         * @param buffer holds it.
         * @param offset where it starts.
         * @param length its length.
         */
        void onRecord(MutableDirectBuffer buffer, int offset, int length);
    }

    /**
     * A queue of the given size.
     *
     * @param capacityBytes bytes for records, a power of two.
     */
    public LateRecords(final int capacityBytes)
    {
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(
            capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /**
     * Queues a copy of a whole record.
     *
     * @param record holds it.
     * @param offset where it starts.
     * @param length its length.
     * @return false when the queue was full (counted).
     */
    public boolean offer(final DirectBuffer record, final int offset, final int length)
    {
        if (!ring.write(MESSAGE_TYPE, record, offset, length))
        {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Hands queued records to a handler, on the reading thread.
     *
     * @param handler gets each record; the buffer is valid only during the call.
     * @param limit   most records to take.
     * @return records taken.
     */
    public int drain(final Handler handler, final int limit)
    {
        current = handler;
        return ring.read(adapter, limit);
    }

    /**
     * Whether nothing waits.
     *
     * @return true when empty.
     */
    public boolean isEmpty()
    {
        return ring.size() == 0;
    }

    /**
     * Records dropped because the queue was full.
     *
     * @return the count.
     */
    public long dropped()
    {
        return dropped.get();
    }
}
