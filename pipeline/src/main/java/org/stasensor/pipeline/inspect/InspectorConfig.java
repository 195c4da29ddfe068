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
 * @param dnsPorts             TCP and UDP ports whose bytes are parsed as DNS, and flagged when they are not DNS.
 * @param quicSessions         QUIC connections whose client Initials can be in reassembly at once (about 23 KiB
 *                             each).
 */
public record InspectorConfig(int workerId, int flowCapacity, long idleTimeoutNanos, long activeTimeoutNanos,
    int handshakeSessions, int handshakeBufferBytes, int[] dnsPorts, int quicSessions)
{
    /** DNS (RFC 1035) and multicast DNS (RFC 6762). */
    private static final int[] DEFAULT_DNS_PORTS = {53, 5353};
    private static final int DEFAULT_QUIC_SESSIONS = 1024;

    /** Defaults: 262,144 flows, 2 min idle, 30 min active, 4096 handshakes at once with 32 KiB each way. */
    public static final InspectorConfig DEFAULT = new InspectorConfig(0, 1 << 18, 120_000_000_000L,
        1_800_000_000_000L, 4096, 32 * 1024);

    /**
     * A configuration with the default DNS ports and QUIC sessions.
     *
     * @param workerId             worker number.
     * @param flowCapacity         flows held at once.
     * @param idleTimeoutNanos     idle timeout.
     * @param activeTimeoutNanos   active timeout.
     * @param handshakeSessions    flows in their handshake at once.
     * @param handshakeBufferBytes bytes of each direction kept.
     */
    public InspectorConfig(final int workerId, final int flowCapacity, final long idleTimeoutNanos,
        final long activeTimeoutNanos, final int handshakeSessions, final int handshakeBufferBytes)
    {
        this(workerId, flowCapacity, idleTimeoutNanos, activeTimeoutNanos, handshakeSessions, handshakeBufferBytes,
            DEFAULT_DNS_PORTS, DEFAULT_QUIC_SESSIONS);
    }

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
        if (quicSessions < 1)
        {
            throw new IllegalArgumentException("quicSessions must be at least 1, got " + quicSessions);
        }
        dnsPorts = dnsPorts.clone();
        for (final int port : dnsPorts)
        {
            if (port < 1 || port > 65535)
            {
                throw new IllegalArgumentException("DNS ports must be 1..65535, got " + port);
            }
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
            handshakeBufferBytes, dnsPorts, quicSessions);
    }

    /**
     * The DNS ports.
     *
     * @return a copy.
     */
    @Override
    public int[] dnsPorts()
    {
        return dnsPorts.clone();
    }
}
