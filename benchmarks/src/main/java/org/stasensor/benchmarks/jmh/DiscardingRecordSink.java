package org.stasensor.benchmarks.jmh;

import java.nio.ByteBuffer;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.infra.Blackhole;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordSink;

/**
 * A sink with one reusable slot that never refuses a record and hands each committed record's length and first
 * fields to a JMH {@link Blackhole}, so that the JIT cannot drop the work of writing it, and nothing else is done.
 */
public final class DiscardingRecordSink implements RecordSink
{
    private final UnsafeBuffer slot = new UnsafeBuffer(ByteBuffer.allocateDirect(RecordDescriptor.MAX_RECORD_LENGTH));
    private Blackhole blackhole;
    private long records;
    private long bytes;

    /**
     * Sets the blackhole of the current benchmark invocation.
     *
     * @param blackhole JMH's blackhole.
     */
    public void blackhole(final Blackhole blackhole)
    {
        this.blackhole = blackhole;
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
        return RecordDescriptor.MAX_RECORD_LENGTH;
    }

    @Override
    public void commit(final int length)
    {
        records++;
        bytes += length;
        if (blackhole != null)
        {
            blackhole.consume(slot.getLong(0));
            blackhole.consume(slot.getLong(Math.max(0, length - Long.BYTES)));
        }
    }

    /**
     * @return records committed since construction.
     */
    public long records()
    {
        return records;
    }

    /**
     * @return record bytes committed since construction.
     */
    public long bytes()
    {
        return bytes;
    }
}
