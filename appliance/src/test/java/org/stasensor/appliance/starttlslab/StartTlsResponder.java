package org.stasensor.appliance.starttlslab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The clear-text half of a STARTTLS server for the lab, run as its own process inside the server's namespace: it
 * speaks the greeting and the replies a client needs up to the upgrade of SMTP, IMAP, POP3, FTP, XMPP or LDAP,
 * accepts it (or refuses it, when the client names itself "refuse..."), and from then on relays the connection's
 * bytes to {@code openssl s_server} on a loopback port, so that the TLS handshake is openssl's own.
 * <p>
 * It reads the socket byte by byte, so that no byte past the upgrade command is consumed before the relay starts.
 * Usage: {@code StartTlsResponder RELAY_PORT protocol:port...}; prints "ready" once every port listens.
 */
public final class StartTlsResponder
{
    private static final byte[] LDAP_SUCCESS_TAIL = {0x78, 0x07, 0x0A, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00};

    private StartTlsResponder()
    {
    }

    /**
     * Listens on every port given and serves connections until killed.
     *
     * @param args relay port, then protocol:port pairs.
     * @throws IOException when a port cannot be bound.
     */
    public static void main(final String[] args) throws IOException
    {
        final int relayPort = Integer.parseInt(args[0]);
        for (int i = 1; i < args.length; i++)
        {
            final String[] parts = args[i].split(":");
            final String protocol = parts[0];
            final ServerSocket listener = new ServerSocket(Integer.parseInt(parts[1]));
            final Thread acceptor = new Thread(() -> accept(listener, protocol, relayPort), "accept-" + protocol);
            acceptor.start();
        }
        System.out.println("ready");
        System.out.flush();
    }

    private static void accept(final ServerSocket listener, final String protocol, final int relayPort)
    {
        while (true)
        {
            try
            {
                final Socket socket = listener.accept();
                new Thread(() -> serve(socket, protocol, relayPort), "serve-" + protocol).start();
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    private static void serve(final Socket socket, final String protocol, final int relayPort)
    {
        try (socket)
        {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            final boolean accepted = switch (protocol)
            {
                case "smtp" -> smtp(in, out);
                case "imap" -> imap(in, out);
                case "pop3" -> pop3(in, out);
                case "ftp" -> ftp(in, out);
                case "xmpp" -> xmpp(in, out);
                case "ldap" -> ldap(in, out);
                default -> false;
            };
            if (accepted)
            {
                relay(socket, relayPort);
            }
        }
        catch (final IOException ex)
        {
            // the client went away
        }
    }

    private static boolean smtp(final InputStream in, final OutputStream out) throws IOException
    {
        send(out, "220 mail.lab.test ESMTP lab\r\n");
        boolean refuse = false;
        for (String line = readLine(in); line != null; line = readLine(in))
        {
            final String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO") || upper.startsWith("HELO"))
            {
                refuse = upper.contains("REFUSE");
                send(out, "250-mail.lab.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n");
            }
            else if (upper.equals("STARTTLS"))
            {
                if (!refuse)
                {
                    send(out, "220 2.0.0 Ready to start TLS\r\n");
                    return true;
                }
                send(out, "454 4.7.0 TLS not available due to temporary reason\r\n");
            }
            else if (upper.equals("QUIT"))
            {
                send(out, "221 2.0.0 Bye\r\n");
                return false;
            }
            else
            {
                send(out, "250 2.0.0 OK\r\n");
            }
        }
        return false;
    }

    private static boolean imap(final InputStream in, final OutputStream out) throws IOException
    {
        send(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] lab ready\r\n");
        for (String line = readLine(in); line != null; line = readLine(in))
        {
            final String[] words = line.split(" ", 3);
            final String tag = words[0];
            final String command = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
            switch (command)
            {
                case "CAPABILITY" -> send(out, "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n" + tag
                    + " OK CAPABILITY completed\r\n");
                case "STARTTLS" ->
                {
                    send(out, tag + " OK Begin TLS negotiation now\r\n");
                    return true;
                }
                case "LOGOUT" ->
                {
                    send(out, "* BYE\r\n" + tag + " OK LOGOUT completed\r\n");
                    return false;
                }
                default -> send(out, tag + " BAD unknown\r\n");
            }
        }
        return false;
    }

    private static boolean pop3(final InputStream in, final OutputStream out) throws IOException
    {
        send(out, "+OK lab POP3 ready\r\n");
        for (String line = readLine(in); line != null; line = readLine(in))
        {
            final String upper = line.toUpperCase(Locale.ROOT);
            if (upper.equals("CAPA"))
            {
                send(out, "+OK Capability list follows\r\nUSER\r\nSTLS\r\n.\r\n");
            }
            else if (upper.equals("STLS"))
            {
                send(out, "+OK Begin TLS negotiation\r\n");
                return true;
            }
            else if (upper.equals("QUIT"))
            {
                send(out, "+OK bye\r\n");
                return false;
            }
            else
            {
                send(out, "-ERR unknown command\r\n");
            }
        }
        return false;
    }

    private static boolean ftp(final InputStream in, final OutputStream out) throws IOException
    {
        send(out, "220-lab FTP server\r\n welcome\r\n220 ready\r\n");
        for (String line = readLine(in); line != null; line = readLine(in))
        {
            final String upper = line.toUpperCase(Locale.ROOT);
            if (upper.equals("FEAT"))
            {
                send(out, "211-Features:\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n211 End\r\n");
            }
            else if (upper.startsWith("AUTH TLS") || upper.startsWith("AUTH SSL"))
            {
                send(out, "234 AUTH TLS successful\r\n");
                return true;
            }
            else
            {
                send(out, "502 Command not implemented\r\n");
            }
        }
        return false;
    }

    private static boolean xmpp(final InputStream in, final OutputStream out) throws IOException
    {
        if (readUntil(in, "<stream:stream") == null || readUntil(in, ">") == null)
        {
            return false;
        }
        send(out, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' id='lab1' from='xmpp.lab.test' version='1.0'>"
            + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
            + "</stream:features>");
        final String request = readUntil(in, "/>");
        if (request == null || !request.contains("<starttls"))
        {
            return false;
        }
        send(out, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        return true;
    }

    private static boolean ldap(final InputStream in, final OutputStream out) throws IOException
    {
        // One LDAPMessage, short-form lengths (openssl's request is 31 bytes): 30 len 02 01 id 77 ...
        if (in.read() != 0x30)
        {
            return false;
        }
        final int length = in.read();
        final byte[] body = in.readNBytes(length);
        if (body.length != length || length < 3 || body[0] != 0x02 || body[1] != 1)
        {
            return false;
        }
        final byte[] response = new byte[5 + LDAP_SUCCESS_TAIL.length];
        response[0] = 0x30;
        response[1] = (byte)(3 + LDAP_SUCCESS_TAIL.length);
        response[2] = 0x02;
        response[3] = 0x01;
        response[4] = body[2];
        System.arraycopy(LDAP_SUCCESS_TAIL, 0, response, 5, LDAP_SUCCESS_TAIL.length);
        out.write(response);
        out.flush();
        return true;
    }

    private static void relay(final Socket client, final int relayPort) throws IOException
    {
        try (Socket server = new Socket(InetAddress.getLoopbackAddress(), relayPort))
        {
            final Thread up = new Thread(() -> copy(client, server), "relay-up");
            up.start();
            copy(server, client);
            try
            {
                up.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void copy(final Socket from, final Socket to)
    {
        try
        {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        }
        catch (final IOException ex)
        {
            // one side closed
        }
    }

    private static void send(final OutputStream out, final String text) throws IOException
    {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A CRLF- or LF-terminated line without its terminator, read byte by byte; null at end of stream. */
    private static String readLine(final InputStream in) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read())
        {
            if (b == '\n')
            {
                final int length = line.length();
                return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
            }
            line.append((char)b);
        }
        return null;
    }

    /** Bytes up to and including {@code end}, read byte by byte; null at end of stream. */
    private static String readUntil(final InputStream in, final String end) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read())
        {
            text.append((char)b);
            if (text.length() >= end.length() && text.substring(text.length() - end.length()).equals(end))
            {
                return text.toString();
            }
        }
        return null;
    }
}
