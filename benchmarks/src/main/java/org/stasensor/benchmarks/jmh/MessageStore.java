package org.stasensor.benchmarks.jmh;

import java.nio.ByteBuffer;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Protocol messages (or byte streams) laid out back to back in one off-heap buffer, as they would lie in packet
 * memory or a flow's handshake buffer, with their offsets and lengths on the heap.
 */
public final class MessageStore
{
    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;

    /**
     * Copies the messages off-heap.
     *
     * @param messages the messages, in order.
     */
    public MessageStore(final List<byte[]> messages)
    {
        offsets = new int[messages.size()];
        lengths = new int[messages.size()];
        int total = 0;
        for (final byte[] message : messages)
        {
            total += message.length;
        }
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, total)));
        int at = 0;
        for (int i = 0; i < offsets.length; i++)
        {
            final byte[] message = messages.get(i);
            buffer.putBytes(at, message);
            offsets[i] = at;
            lengths[i] = message.length;
            at += message.length;
        }
    }

    /**
     * @return the buffer all messages are in.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return messages held.
     */
    public int count()
    {
        return offsets.length;
    }

    /**
     * @param index message number.
     * @return where it starts in {@link #buffer()}.
     */
    public int offset(final int index)
    {
        return offsets[index];
    }

    /**
     * @param index message number.
     * @return its length.
     */
    public int length(final int index)
    {
        return lengths[index];
    }

    /**
     * @return bytes of all messages.
     */
    public long totalBytes()
    {
        long sum = 0;
        for (final int length : lengths)
        {
            sum += length;
        }
        return sum;
    }
}
