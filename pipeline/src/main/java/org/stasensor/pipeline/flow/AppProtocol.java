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
    /** SMTP (RFC 5321), followed in clear text until STARTTLS (RFC 3207). */
    public static final int SMTP = 5;
    /** IMAP (RFC 9051), followed in clear text until STARTTLS. */
    public static final int IMAP = 6;
    /** POP3 (RFC 1939), followed in clear text until STLS (RFC 2595). */
    public static final int POP3 = 7;
    /** FTP control (RFC 959), followed in clear text until AUTH TLS (RFC 4217). */
    public static final int FTP = 8;
    /** XMPP (RFC 6120), followed until the STARTTLS proceed. */
    public static final int XMPP = 9;
    /** LDAP (RFC 4511), followed until the StartTLS extended operation succeeds (RFC 4511 4.14). */
    public static final int LDAP = 10;

    private static final String[] NAMES = {"unknown", "tls", "ssh", "dns", "quic", "smtp", "imap", "pop3", "ftp",
        "xmpp", "ldap"};

    private AppProtocol()
    {
    }

    /**
     * Whether the protocol starts in clear text and may upgrade to TLS on the same connection (STARTTLS and its
     * relatives): its TLS record says {@code tls.established_via: starttls}.
     *
     * @param protocol one of the constants.
     * @return true for SMTP, IMAP, POP3, FTP, XMPP and LDAP.
     */
    public static boolean upgradesToTls(final int protocol)
    {
        return protocol >= SMTP && protocol <= LDAP;
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
