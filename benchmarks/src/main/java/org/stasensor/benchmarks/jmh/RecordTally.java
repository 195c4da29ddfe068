package org.stasensor.benchmarks.jmh;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.openjdk.jmh.infra.Blackhole;
import org.stasensor.pipeline.record.SingleSlotRecordSink;

/**
 * Receives the records of a {@link SingleSlotRecordSink} in a benchmark: counts them and their bytes, and hands each
 * record's first and last eight bytes to JMH's {@link Blackhole}, so that the JIT cannot drop the work of writing
 * them. Nothing else is done with them.
 */
public final class RecordTally implements SingleSlotRecordSink.RecordHandler
{
    private Blackhole blackhole;
    private long records;
    private long bytes;

    /**
     * Sets the blackhole of the current benchmark invocation.
     *
     * @param blackhole JMH's blackhole; null outside a benchmark.
     */
    public void blackhole(final Blackhole blackhole)
    {
        this.blackhole = blackhole;
    }

    @Override
    public void onRecord(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        records++;
        bytes += length;
        if (blackhole != null)
        {
            blackhole.consume(buffer.getLong(offset));
            blackhole.consume(buffer.getLong(offset + Math.max(0, length - Long.BYTES)));
        }
    }

    /**
     * @return records received since construction.
     */
    public long records()
    {
        return records;
    }

    /**
     * @return record bytes received since construction.
     */
    public long bytes()
    {
        return bytes;
    }
}
