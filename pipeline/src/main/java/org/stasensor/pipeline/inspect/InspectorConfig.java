package org.stasensor.pipeline.inspect;

/**
 * Bounds and timeouts of one worker's {@link PacketInspector}. Memory per worker is about
 * {@code flowCapacity * 136 + handshakeSessions * (320 + 2 * handshakeBufferBytes)} bytes, all allocated at start.
 *
 * @param workerId             worker number, folded into flow uids (0..255).
 * @param flowCapacity         flows held at once; the least recently active is evicted beyond it.
 * @param idleTimeoutNanos     a flow without packets for this long ends.
 * @param activeTimeoutNanos   a flow older than this gets a record and starts a new period.
 * @param handshakeSessions    flows that can be in their handshake at once.
 * @param handshakeBufferBytes bytes of each direction kept for handshake parsing.
 */
public record InspectorConfig(int workerId, int flowCapacity, long idleTimeoutNanos, long activeTimeoutNanos,
    int handshakeSessions, int handshakeBufferBytes)
{
    /** Defaults: 262,144 flows, 2 min idle, 30 min active, 4096 handshakes at once with 32 KiB each way. */
    public static final InspectorConfig DEFAULT = new InspectorConfig(0, 1 << 18, 120_000_000_000L,
        1_800_000_000_000L, 4096, 32 * 1024);

    /**
     * Checks the values.
     */
    public InspectorConfig
    {
        if (workerId < 0 || workerId > 255)
        {
            throw new IllegalArgumentException("workerId must be 0..255, got " + workerId);
        }
        if (idleTimeoutNanos <= 0 || activeTimeoutNanos <= 0)
        {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /**
     * The same configuration for another worker.
     *
     * @param id the worker number.
     * @return a copy with {@code workerId} set.
     */
    public InspectorConfig withWorkerId(final int id)
    {
        return new InspectorConfig(id, flowCapacity, idleTimeoutNanos, activeTimeoutNanos, handshakeSessions,
            handshakeBufferBytes);
    }
}
