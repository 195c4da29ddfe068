package org.stasensor.pipeline.starttls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.pipeline.flow.AppProtocol;

/**
 * Clear-text dialogues up to an upgrade to TLS, written after the examples of the protocols' RFCs (RFC 3207 4.1
 * for SMTP, RFC 2595 for IMAP and POP3, RFC 4217 for FTP, RFC 6120 5.4 and 9.1 for XMPP, RFC 4511 4.14 for LDAP) and
 * after what openssl s_client and curl send. Each is a list of messages in the order they travel; the last client
 * message is the upgrade command and the last server message the server's answer, so TLS starts, by construction,
 * after all the client's and all the server's bytes.
 */
final class Dialogues
{
    /** One message of a dialogue. */
    record Message(boolean fromClient, byte[] bytes)
    {
    }

    /**
     * A dialogue.
     *
     * @param name       for messages.
     * @param protocol   the {@link AppProtocol}.
     * @param port       the server port.
     * @param accepted   whether the server accepts the upgrade.
     * @param messages   in order.
     */
    record Dialogue(String name, int protocol, int port, boolean accepted, List<Message> messages)
    {
        byte[] clientBytes()
        {
            return bytes(true);
        }

        byte[] serverBytes()
        {
            return bytes(false);
        }

        private byte[] bytes(final boolean client)
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (final Message message : messages)
            {
                if (message.fromClient() == client)
                {
                    out.writeBytes(message.bytes());
                }
            }
            return out.toByteArray();
        }
    }

    /** RFC 4511 4.14.1 ExtendedRequest, messageID 1, as openssl s_client -starttls ldap sends it. */
    static final byte[] LDAP_START_TLS_REQUEST = concat(new byte[]{0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18,
        (byte)0x80, 0x16}, ascii("1.3.6.1.4.1.1466.20037"));
    /** RFC 4511 4.14.2 ExtendedResponse, messageID 1, success, empty matchedDN and diagnosticMessage. */
    static final byte[] LDAP_START_TLS_SUCCESS = {0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x00, 0x04,
        0x00, 0x04, 0x00};
    /** The same with resultCode 2 (protocolError: the server does not support StartTLS, RFC 4511 4.14.2). */
    static final byte[] LDAP_START_TLS_REFUSED = {0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x02, 0x04,
        0x00, 0x04, 0x00};

    private Dialogues()
    {
    }

    /**
     * Every dialogue, accepted and refused.
     *
     * @return the dialogues.
     */
    static List<Dialogue> all()
    {
        final List<Dialogue> all = new ArrayList<>();
        all.add(dialogue("smtp rfc 3207", AppProtocol.SMTP, 25, true,
            "S220 mail.example.com ESMTP\r\n",
            "CEHLO client.example.com\r\n",
            "S250-mail.example.com\r\n250-8BITMIME\r\n250-STARTTLS\r\n250 DSN\r\n",
            "CSTARTTLS\r\n",
            "S220 Go ahead\r\n"));
        all.add(dialogue("smtp pipelined, lower case, multi-line greeting", AppProtocol.SMTP, 587, true,
            "S220-mail.example.com ESMTP\r\n220 welcome\r\n",
            "Cehlo client.example.com\r\nNOOP\r\nstarttls\r\n",
            "S250-mail.example.com\r\n250-PIPELINING\r\n250 STARTTLS\r\n250 2.0.0 OK\r\n220 2.0.0 Ready\r\n"));
        all.add(dialogue("smtp refused 454", AppProtocol.SMTP, 25, false,
            "S220 mail.example.com ESMTP\r\n",
            "CEHLO client.example.com\r\n",
            "S250-mail.example.com\r\n250 STARTTLS\r\n",
            "CSTARTTLS\r\n",
            "S454 4.7.0 TLS not available due to temporary reason\r\n"));
        all.add(dialogue("imap rfc 2595, openssl's reused tag", AppProtocol.IMAP, 143, true,
            "S* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] IMAP4rev1 Service Ready\r\n",
            "C. CAPABILITY\r\n",
            "S* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n. OK CAPABILITY completed\r\n",
            "C. STARTTLS\r\n",
            "S. OK Begin TLS negotiation now\r\n"));
        all.add(dialogue("imap distinct tags, refused", AppProtocol.IMAP, 143, false,
            "S* OK IMAP4rev1 Service Ready\r\n",
            "Ca001 CAPABILITY\r\n",
            "S* CAPABILITY IMAP4rev1 STARTTLS\r\na001 OK CAPABILITY completed\r\n",
            "Ca002 STARTTLS\r\n",
            "Sa002 NO TLS unavailable\r\n"));
        all.add(dialogue("pop3 rfc 2595 with CAPA", AppProtocol.POP3, 110, true,
            "S+OK POP3 server ready\r\n",
            "CCAPA\r\n",
            "S+OK Capability list follows\r\nTOP\r\nSTLS\r\nUSER\r\n.\r\n",
            "CSTLS\r\n",
            "S+OK Begin TLS negotiation\r\n"));
        all.add(dialogue("pop3 as nDPI's pop3_stls capture: AUTH alone refused, then CAPA", AppProtocol.POP3, 110,
            true,
            "S+OK lavad\r\n",
            "CAUTH\r\n",
            "S-ERR Unrecognized command.\r\n",
            "CCAPA\r\n",
            "S+OK Capabilities follow.\r\nTOP\r\nUSER\r\nSTLS\r\nPIPELINING\r\n.\r\n",
            "CSTLS\r\n",
            "S+OK Ready to start TLS negotiation.\r\n"));
        all.add(dialogue("pop3 AUTH listing mechanisms", AppProtocol.POP3, 110, true,
            "S+OK ready\r\n",
            "CAUTH\r\nSTLS\r\n",
            "S+OK\r\nPLAIN\r\n.\r\n+OK Begin TLS\r\n"));
        all.add(dialogue("pop3 refused", AppProtocol.POP3, 110, false,
            "S+OK POP3 server ready\r\n",
            "CSTLS\r\n",
            "S-ERR Command not permitted when TLS active\r\n"));
        all.add(dialogue("ftp rfc 4217, preliminary and multi-line replies", AppProtocol.FTP, 21, true,
            "S120 ready in 1 minute\r\n220-FTP server\r\n welcome\r\n220 ready\r\n",
            "CFEAT\r\n",
            "S211-Extensions supported:\r\n AUTH TLS\r\n PBSZ\r\n211 END\r\n",
            "CAUTH TLS\r\n",
            "S234 AUTH command OK; starting TLS connection.\r\n"));
        all.add(dialogue("ftp refused", AppProtocol.FTP, 21, false,
            "S220 FTP server\r\n",
            "CAUTH SSL\r\n",
            "S504 Security mechanism not understood\r\n"));
        all.add(dialogue("xmpp rfc 6120", AppProtocol.XMPP, 5222, true,
            "C<?xml version='1.0'?><stream:stream from='juliet@im.example.com' to='im.example.com' version='1.0'"
                + " xml:lang='en' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
            "S<?xml version='1.0'?><stream:stream from='im.example.com' id='t7AMCin9zjMNwQKDnplntZPIDEI='"
                + " to='juliet@im.example.com' version='1.0' xml:lang='en' xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams'><stream:features>"
                + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>",
            "C<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
            "S<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"));
        all.add(dialogue("xmpp long form, refused", AppProtocol.XMPP, 5222, false,
            "C<stream:stream to='im.example.com' version='1.0' xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams'>",
            "S<stream:stream from='im.example.com' id='x' version='1.0' xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams'><stream:features>"
                + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>",
            "C<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"></starttls>",
            "S<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>"));
        all.add(new Dialogue("ldap rfc 4511", AppProtocol.LDAP, 389, true, List.of(
            new Message(true, LDAP_START_TLS_REQUEST), new Message(false, LDAP_START_TLS_SUCCESS))));
        all.add(new Dialogue("ldap refused", AppProtocol.LDAP, 389, false, List.of(
            new Message(true, LDAP_START_TLS_REQUEST), new Message(false, LDAP_START_TLS_REFUSED))));
        return all;
    }

    /** Messages written "C..." (client) or "S..." (server). */
    private static Dialogue dialogue(final String name, final int protocol, final int port, final boolean accepted,
        final String... messages)
    {
        final List<Message> list = new ArrayList<>();
        for (final String message : messages)
        {
            list.add(new Message(message.charAt(0) == 'C', ascii(message.substring(1))));
        }
        return new Dialogue(name, protocol, port, accepted, list);
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
