package org.stasensor.pipeline.flow;

/**
 * Application protocol of a flow as the parsers recognised it from its bytes (never from the port alone).
 */
public final class AppProtocol
{
    /** Nothing recognised yet, or no payload. */
    public static final int UNKNOWN = 0;
    /** TLS or SSL. */
    public static final int TLS = 1;
    /** SSH. */
    public static final int SSH = 2;
    /** DNS. */
    public static final int DNS = 3;
    /** QUIC. */
    public static final int QUIC = 4;

    private static final String[] NAMES = {"unknown", "tls", "ssh", "dns", "quic"};

    private AppProtocol()
    {
    }

    /**
     * The value of {@code network.protocol}.
     *
     * @param protocol one of the constants.
     * @return its name.
     */
    public static String name(final int protocol)
    {
        return protocol >= 0 && protocol < NAMES.length ? NAMES[protocol] : "unknown";
    }
}
