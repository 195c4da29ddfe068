package org.stasensor.pipeline.starttls;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.flow.AppProtocol;

/**
 * Names a clear-text protocol that may upgrade to TLS from the server's port and the first bytes of the dialogue:
 * the server's greeting for SMTP, FTP, POP3 and IMAP, the client's first bytes for XMPP and LDAP. The port alone
 * never decides; a flow on one of these ports whose bytes do not match is left to the other recognisers.
 */
public final class StartTlsRecognition
{
    /** The bytes say it is the port's protocol. */
    public static final int RECOGNISED = 1;
    /** Too few bytes yet. */
    public static final int WAIT = 0;
    /** The bytes are not the port's protocol. */
    public static final int NOT_RECOGNISED = -1;

    /** SMTP submission, RFC 6409. */
    public static final int PORT_SUBMISSION = 587;
    /** SMTP relay, RFC 5321. */
    public static final int PORT_SMTP = 25;
    /** FTP control, RFC 959. */
    public static final int PORT_FTP = 21;
    /** POP3, RFC 1939. */
    public static final int PORT_POP3 = 110;
    /** IMAP, RFC 9051. */
    public static final int PORT_IMAP = 143;
    /** LDAP, RFC 4511. */
    public static final int PORT_LDAP = 389;
    /** XMPP client to server, RFC 6120. */
    public static final int PORT_XMPP_CLIENT = 5222;
    /** XMPP server to server, RFC 6120. */
    public static final int PORT_XMPP_SERVER = 5269;

    private static final byte[] POP3_OK = ClearText.ascii("+OK");
    private static final byte[] IMAP_OK = ClearText.ascii("* OK");
    private static final byte[] XML_DECLARATION = ClearText.ascii("<?xml");
    private static final byte[] STREAM_OPEN = ClearText.ascii("<stream:stream");
    private static final int SMTP_READY = 220;
    private static final int FTP_READY_SOON = 120;

    private StartTlsRecognition()
    {
    }

    /**
     * The protocol a server port is assigned to, among those that upgrade to TLS.
     *
     * @param serverPort the flow's server port.
     * @return an {@link AppProtocol} constant, or {@link AppProtocol#UNKNOWN}.
     */
    public static int protocolForPort(final int serverPort)
    {
        return switch (serverPort)
        {
            case PORT_SMTP, PORT_SUBMISSION -> AppProtocol.SMTP;
            case PORT_FTP -> AppProtocol.FTP;
            case PORT_POP3 -> AppProtocol.POP3;
            case PORT_IMAP -> AppProtocol.IMAP;
            case PORT_LDAP -> AppProtocol.LDAP;
            case PORT_XMPP_CLIENT, PORT_XMPP_SERVER -> AppProtocol.XMPP;
            default -> AppProtocol.UNKNOWN;
        };
    }

    /**
     * Whether the first bytes are the protocol's.
     *
     * @param protocol     from {@link #protocolForPort(int)}.
     * @param streams      the stream buffers.
     * @param clientOffset where the client's bytes start.
     * @param clientBytes  contiguous client bytes.
     * @param serverOffset where the server's bytes start.
     * @param serverBytes  contiguous server bytes.
     * @return {@link #RECOGNISED}, {@link #WAIT} or {@link #NOT_RECOGNISED}.
     */
    public static int recognise(final int protocol, final DirectBuffer streams, final int clientOffset,
        final int clientBytes, final int serverOffset, final int serverBytes)
    {
        return switch (protocol)
        {
            case AppProtocol.SMTP, AppProtocol.FTP -> replyGreeting(protocol, streams, serverOffset, serverBytes);
            case AppProtocol.POP3 -> prefix(streams, serverOffset, serverBytes, POP3_OK);
            case AppProtocol.IMAP -> prefix(streams, serverOffset, serverBytes, IMAP_OK);
            case AppProtocol.XMPP -> xmppStream(streams, clientOffset, clientBytes);
            case AppProtocol.LDAP -> ldapMessage(streams, clientOffset, clientBytes);
            default -> NOT_RECOGNISED;
        };
    }

    /** "220 " / "220-" (RFC 5321 4.2, 4.3.1), FTP also "120" (RFC 959 5.4). */
    private static int replyGreeting(final int protocol, final DirectBuffer streams, final int offset,
        final int length)
    {
        if (length < 4)
        {
            return WAIT;
        }
        final int code = ClearText.replyCode(streams, offset, offset + 4);
        final byte separator = streams.getByte(offset + 3);
        final boolean codeOk = code == SMTP_READY || (protocol == AppProtocol.FTP && code == FTP_READY_SOON);
        final boolean separatorOk = separator == ClearText.SPACE || separator == '-' || separator == ClearText.CR
            || separator == ClearText.LF;
        return codeOk && separatorOk ? RECOGNISED : NOT_RECOGNISED;
    }

    private static int prefix(final DirectBuffer streams, final int offset, final int length, final byte[] expected)
    {
        if (length < expected.length)
        {
            return WAIT;
        }
        return ClearText.startsWith(streams, offset, offset + length, expected) ? RECOGNISED : NOT_RECOGNISED;
    }

    /** An XML declaration or the stream header (RFC 6120 4.2), after optional white space. */
    private static int xmppStream(final DirectBuffer streams, final int offset, final int length)
    {
        int at = offset;
        final int end = offset + length;
        while (at < end && isXmlSpace(streams.getByte(at)))
        {
            at++;
        }
        final int available = end - at;
        if (available >= XML_DECLARATION.length
            && startsExactly(streams, at, XML_DECLARATION, XML_DECLARATION.length))
        {
            return RECOGNISED;
        }
        if (available >= STREAM_OPEN.length)
        {
            return recognisedIf(startsExactly(streams, at, STREAM_OPEN, STREAM_OPEN.length));
        }
        final boolean couldBe = startsExactly(streams, at, STREAM_OPEN, available)
            || (available < XML_DECLARATION.length && startsExactly(streams, at, XML_DECLARATION, available));
        return couldBe ? WAIT : NOT_RECOGNISED;
    }

    /** Whether the first {@code count} bytes at {@code at} equal those of {@code expected}. */
    private static boolean startsExactly(final DirectBuffer streams, final int at, final byte[] expected,
        final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (streams.getByte(at + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }
    private static boolean isXmlSpace(final byte b)
    {
        return b == ClearText.SPACE || b == '\t' || b == ClearText.CR || b == ClearText.LF;
    }

    /** A BER SEQUENCE whose first element is an INTEGER: an LDAPMessage and its messageID (RFC 4511 4.1.1). */
    private static int ldapMessage(final DirectBuffer streams, final int offset, final int length)
    {
        if (length < 2)
        {
            return WAIT;
        }
        if ((streams.getByte(offset) & 0xFF) != LdapMessage.SEQUENCE)
        {
            return NOT_RECOGNISED;
        }
        final int first = streams.getByte(offset + 1) & 0xFF;
        final int header = first < 0x80 ? 2 : 2 + (first & 0x7F);
        if (first == 0x80 || header > 6)
        {
            return NOT_RECOGNISED;
        }
        if (length <= header)
        {
            return WAIT;
        }
        return recognisedIf((streams.getByte(offset + header) & 0xFF) == LdapMessage.INTEGER);
    }

    private static int recognisedIf(final boolean recognised)
    {
        return recognised ? RECOGNISED : NOT_RECOGNISED;
    }
}
