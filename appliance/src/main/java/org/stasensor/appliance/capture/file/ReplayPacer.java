package org.stasensor.appliance.capture.file;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * Delivers packets at their original pace instead of full speed: put between a {@link CaptureFileReader} and the
 * real consumer, it sleeps so that the gap between two packets' deliveries is their capture-time gap divided by a
 * speed factor (2 = twice as fast as captured). Full speed needs no pacer; this is for demonstrations and for
 * exercising time-driven behaviour (flow timeouts) in real time.
 * <p>
 * The first packet anchors capture time to the monotonic clock; later packets are due at
 * {@code anchor + (timestamp - firstTimestamp) / speed}, so delays do not accumulate. A timestamp earlier than one
 * already delivered is delivered at once. The anchor is kept across files (gaps between files are honoured too)
 * until {@link #restart()}. If the thread is interrupted while waiting, pacing stops (the interrupt stays set) and
 * the rest is delivered at full speed, so that a reader can be stopped promptly.
 */
public final class ReplayPacer implements PacketConsumer
{
    private final PacketConsumer downstream;
    private final double speed;
    private boolean anchored;
    private boolean interrupted;
    private long firstTimestampNanos;
    private long anchorClockNanos;

    /**
     * A pacer in front of a consumer.
     *
     * @param downstream where packets go after their wait.
     * @param speed      capture time per wall time: 1 = original timing, 10 = ten times faster; must be positive.
     * @throws IllegalArgumentException when speed is not a positive finite number.
     */
    public ReplayPacer(final PacketConsumer downstream, final double speed)
    {
        if (!(speed > 0) || Double.isInfinite(speed))
        {
            throw new IllegalArgumentException("replay speed must be a positive number: " + speed);
        }
        this.downstream = downstream;
        this.speed = speed;
    }

    /** Forgets the anchor: the next packet is delivered at once and paces those after it. */
    public void restart()
    {
        anchored = false;
    }

    @Override
    public void onPacket(final int linkType, final MemorySegment memory, final long offset, final int capturedLength,
        final int wireLength, final long timestampNanos)
    {
        if (!anchored)
        {
            anchored = true;
            firstTimestampNanos = timestampNanos;
            anchorClockNanos = System.nanoTime();
        }
        else if (!interrupted)
        {
            waitUntil(anchorClockNanos + (long)((timestampNanos - firstTimestampNanos) / speed));
        }
        downstream.onPacket(linkType, memory, offset, capturedLength, wireLength, timestampNanos);
    }

    private void waitUntil(final long dueClockNanos)
    {
        long remaining = dueClockNanos - System.nanoTime();
        while (remaining > 0)
        {
            LockSupport.parkNanos(remaining);
            if (Thread.currentThread().isInterrupted())
            {
                interrupted = true;
                return;
            }
            remaining = dueClockNanos - System.nanoTime();
        }
    }
}
