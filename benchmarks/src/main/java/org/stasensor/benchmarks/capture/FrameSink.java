package org.stasensor.benchmarks.capture;

/**
 * Where the {@link CaptureMultiplier} puts each Ethernet frame it makes: a pcap file, or off-heap memory for a
 * benchmark.
 */
@FunctionalInterface
public interface FrameSink
{
    /**
     * One frame, in time order.
     *
     * @param timestampNanos capture time, nanoseconds since the Unix epoch.
     * @param frame          the frame bytes from index 0; only valid during the call.
     * @param length         captured bytes.
     * @param wireLength     bytes on the wire.
     */
    void frame(long timestampNanos, byte[] frame, int length, int wireLength);
}
