package org.stasensor.appliance.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the metrics and health endpoint listens, and the bound {@code /health} holds the journal to.
 * <p>
 * A sensor sits on monitored networks and its metrics name its interfaces, queues and traffic volumes, so the
 * endpoint binds to a loopback address unless {@code allowNonLoopback} says otherwise: a scraper on another host
 * reaches it through a tunnel or a local agent, or the operator opts in knowingly. The address must be an IP
 * literal (or {@code localhost}), so that starting the sensor never depends on a name lookup.
 *
 * @param bindAddress      an IPv4 or IPv6 literal, or {@code localhost}.
 * @param port             0..65535; 0 picks any free port (tests).
 * @param allowNonLoopback whether an address that is not a loopback address is accepted.
 * @param journalLagLimit  {@code /health} fails when a journal's lag ({@link JournalGauges#lagNanos()}) passes this.
 */
public record MetricsSettings(String bindAddress, int port, boolean allowNonLoopback, Duration journalLagLimit)
{
    /** Loopback, IPv4. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The port when none is configured. */
    public static final int DEFAULT_PORT = 9477;
    /** The journal lag {@code /health} accepts when none is configured. */
    public static final Duration DEFAULT_JOURNAL_LAG_LIMIT = Duration.ofSeconds(10);

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException with a message naming the bad value and what to do.
     */
    public MetricsSettings
    {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(journalLagLimit, "journalLagLimit");
        if (port < 0 || port > 65_535)
        {
            throw new IllegalArgumentException("metrics port must be 0..65535 (0 for any free port), got " + port);
        }
        if (journalLagLimit.isNegative() || journalLagLimit.isZero())
        {
            throw new IllegalArgumentException("metrics journal lag limit must be positive, got " + journalLagLimit);
        }
        final InetAddress address = parse(bindAddress);
        if (!address.isLoopbackAddress() && !allowNonLoopback)
        {
            throw new IllegalArgumentException("metrics address " + bindAddress + " is not a loopback address: "
                + "the endpoint would be reachable from the network; bind to 127.0.0.1 or ::1, or allow a "
                + "non-loopback address explicitly if that is what you want");
        }
    }

    /**
     * Settings for a loopback port with the default journal lag limit.
     *
     * @param port 0..65535.
     * @return the settings.
     */
    public static MetricsSettings loopback(final int port)
    {
        return new MetricsSettings(DEFAULT_BIND_ADDRESS, port, false, DEFAULT_JOURNAL_LAG_LIMIT);
    }

    /**
     * The address to bind.
     *
     * @return address and port.
     */
    public InetSocketAddress socketAddress()
    {
        return new InetSocketAddress(parse(bindAddress), port);
    }

    private static InetAddress parse(final String text)
    {
        if ("localhost".equalsIgnoreCase(text))
        {
            return InetAddress.getLoopbackAddress();
        }
        try
        {
            return InetAddress.ofLiteral(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("metrics address '" + text + "' is not an IP address; give an IPv4 "
                + "or IPv6 literal such as 127.0.0.1 or ::1 (or localhost)", ex);
        }
    }
}
