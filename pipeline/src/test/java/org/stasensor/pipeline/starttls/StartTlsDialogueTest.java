package org.stasensor.pipeline.starttls;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.flow.AppProtocol;
import org.stasensor.pipeline.starttls.Dialogues.Dialogue;
import org.stasensor.pipeline.starttls.Dialogues.Message;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dialogues of {@link Dialogues}: the server's answer decides (upgraded or refused), and TLS starts right after
 * the client's upgrade command and right after the server's answer, whether the bytes come all at once or one at a
 * time in the order they travel. Bounds and the parts that are not followed give up.
 */
class StartTlsDialogueTest
{
    private static final int BUFFER = 8192;
    private static final int PROTOCOL_STATE = 192;
    /** Bytes after the clear text: a TLS record header, as a ClientHello / ServerHello would start. */
    private static final byte[] TLS_START = {0x16, 0x03, 0x01, 0x00, 0x05, 1, 0, 0, 1, 0};

    private final UnsafeBuffer state = new UnsafeBuffer(new byte[320]);
    private final UnsafeBuffer streams = new UnsafeBuffer(new byte[2 * BUFFER]);
    private final StartTlsDialogue dialogue = new StartTlsDialogue(state);

    @Test
    void serverAnswerDecidesAndTlsStartsAfterTheClearText()
    {
        for (final Dialogue d : Dialogues.all())
        {
            final byte[] client = Dialogues.concat(d.clientBytes(), TLS_START);
            final byte[] server = Dialogues.concat(d.serverBytes(), TLS_START);
            final int phase = followAll(d.protocol(), client, server);
            assertEquals(d.accepted() ? StartTlsDialogue.UPGRADED : StartTlsDialogue.REFUSED, phase, d.name());
            if (d.accepted())
            {
                assertEquals(d.clientBytes().length, dialogue.tlsStart(PROTOCOL_STATE, 0), d.name() + " client");
                assertEquals(d.serverBytes().length, dialogue.tlsStart(PROTOCOL_STATE, 1), d.name() + " server");
            }
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameAnswer()
    {
        for (final Dialogue d : Dialogues.all())
        {
            final byte[] client = Dialogues.concat(d.clientBytes(), TLS_START);
            final byte[] server = Dialogues.concat(d.serverBytes(), TLS_START);
            streams.putBytes(0, client);
            streams.putBytes(BUFFER, server);
            dialogue.reset(PROTOCOL_STATE);
            int clientBytes = 0;
            int serverBytes = 0;
            int phase = StartTlsDialogue.FOLLOWING;
            for (final Message message : d.messages())
            {
                for (int i = 0; i < message.bytes().length && phase == StartTlsDialogue.FOLLOWING; i++)
                {
                    clientBytes += message.fromClient() ? 1 : 0;
                    serverBytes += message.fromClient() ? 0 : 1;
                    phase = dialogue.follow(PROTOCOL_STATE, d.protocol(), streams, 0, clientBytes, BUFFER,
                        serverBytes);
                }
            }
            assertEquals(d.accepted() ? StartTlsDialogue.UPGRADED : StartTlsDialogue.REFUSED, phase, d.name());
            if (d.accepted())
            {
                assertEquals(d.clientBytes().length, dialogue.tlsStart(PROTOCOL_STATE, 0), d.name() + " client");
                assertEquals(d.serverBytes().length, dialogue.tlsStart(PROTOCOL_STATE, 1), d.name() + " server");
            }
        }
    }

    @Test
    void theServersAnswerIsNotReadBeforeTheCommandItAnswers()
    {
        // All the server's bytes are in, the client's STARTTLS not yet: nothing is decided.
        final Dialogue smtp = Dialogues.all().get(0);
        final byte[] client = smtp.clientBytes();
        final byte[] server = smtp.serverBytes();
        streams.putBytes(0, client);
        streams.putBytes(BUFFER, server);
        dialogue.reset(PROTOCOL_STATE);
        final int ehloOnly = "EHLO client.example.com\r\n".length();
        assertEquals(StartTlsDialogue.FOLLOWING, dialogue.follow(PROTOCOL_STATE, AppProtocol.SMTP, streams, 0,
            ehloOnly, BUFFER, server.length));
        assertEquals(StartTlsDialogue.UPGRADED, dialogue.follow(PROTOCOL_STATE, AppProtocol.SMTP, streams, 0,
            client.length, BUFFER, server.length));
    }

    @Test
    void whatIsNotFollowedGivesUp()
    {
        final String greeting = "220 mail.example.com ESMTP\r\n";
        assertGivesUp(AppProtocol.SMTP, "EHLO a\r\nDATA\r\n", greeting + "250 ok\r\n354 go\r\n");
        assertGivesUp(AppProtocol.SMTP, "EHLO a\r\nAUTH PLAIN\r\n", greeting + "250 ok\r\n334 \r\n");
        assertGivesUp(AppProtocol.SMTP, "BDAT 10 LAST\r\n", greeting);
        assertGivesUp(AppProtocol.SMTP, "EHLO a\r\nSTARTTLS\r\n", "554 no service\r\n");
        assertGivesUp(AppProtocol.SMTP, "EHLO a\r\n", greeting + "this is not a reply\r\n");
        assertGivesUp(AppProtocol.IMAP, "a1 LOGIN {5}\r\n", "* OK ready\r\n");
        assertGivesUp(AppProtocol.IMAP, "a1 AUTHENTICATE PLAIN\r\n", "* OK ready\r\n");
        assertGivesUp(AppProtocol.POP3, "AUTH PLAIN\r\n", "+OK ready\r\n");
        assertGivesUp(AppProtocol.POP3, "STLS\r\n", "* OK this is IMAP\r\n");
        assertGivesUp(AppProtocol.LDAP, "garbage", "");
    }

    @Test
    void clearTextPastTheBoundGivesUp()
    {
        final String longLine = "EHLO " + "a".repeat(StartTlsDialogue.MAX_CLEAR_TEXT) + "\r\n";
        assertGivesUp(AppProtocol.SMTP, longLine, "220 mail.example.com\r\n");
        assertGivesUp(AppProtocol.SMTP, "NOOP\r\n".repeat(StartTlsDialogue.MAX_COMMANDS + 1), "220 x\r\n");
        assertGivesUp(AppProtocol.SMTP, "EHLO a\r\nSTARTTLS\r\n", "220 x\r\n250-" + "b".repeat(5000) + "\r\n");
        assertGivesUp(AppProtocol.XMPP, "<stream:stream>" + " ".repeat(StartTlsDialogue.MAX_CLEAR_TEXT), "");
        assertGivesUp(AppProtocol.IMAP, "a1 NOOP\r\n".repeat(StartTlsDialogue.MAX_COMMANDS + 1), "* OK\r\n");
    }

    @Test
    void recognisedByPortAndFirstBytes()
    {
        assertEquals(AppProtocol.SMTP, StartTlsRecognition.protocolForPort(25));
        assertEquals(AppProtocol.SMTP, StartTlsRecognition.protocolForPort(587));
        assertEquals(AppProtocol.UNKNOWN, StartTlsRecognition.protocolForPort(465));
        assertEquals(AppProtocol.UNKNOWN, StartTlsRecognition.protocolForPort(993));
        for (final Dialogue d : Dialogues.all())
        {
            assertEquals(d.protocol(), StartTlsRecognition.protocolForPort(d.port()), d.name());
            assertEquals(StartTlsRecognition.RECOGNISED, recognise(d.protocol(), d.clientBytes(), d.serverBytes()),
                d.name());
        }
        assertEquals(StartTlsRecognition.WAIT, recognise(AppProtocol.SMTP, new byte[0], Dialogues.ascii("22")));
        assertEquals(StartTlsRecognition.NOT_RECOGNISED, recognise(AppProtocol.SMTP, new byte[0],
            Dialogues.ascii("SSH-2.0-x\r\n")));
        assertEquals(StartTlsRecognition.NOT_RECOGNISED, recognise(AppProtocol.POP3, new byte[0],
            Dialogues.ascii("220 ftp\r\n")));
        assertEquals(StartTlsRecognition.WAIT, recognise(AppProtocol.XMPP, Dialogues.ascii("  <str"), new byte[0]));
        assertEquals(StartTlsRecognition.NOT_RECOGNISED, recognise(AppProtocol.XMPP, Dialogues.ascii("GET / HTTP"),
            new byte[0]));
        assertEquals(StartTlsRecognition.NOT_RECOGNISED, recognise(AppProtocol.LDAP, new byte[]{0x30, (byte)0x80},
            new byte[0]));
    }

    private int recognise(final int protocol, final byte[] client, final byte[] server)
    {
        streams.putBytes(0, client);
        streams.putBytes(BUFFER, server);
        return StartTlsRecognition.recognise(protocol, streams, 0, client.length, BUFFER, server.length);
    }

    private void assertGivesUp(final int protocol, final String client, final String server)
    {
        final int phase = followAll(protocol, Dialogues.ascii(client), Dialogues.ascii(server));
        assertEquals(StartTlsDialogue.GAVE_UP, phase, List.of(client, server).toString());
    }

    private int followAll(final int protocol, final byte[] client, final byte[] server)
    {
        streams.setMemory(0, 2 * BUFFER, (byte)0);
        streams.putBytes(0, client, 0, Math.min(client.length, BUFFER));
        streams.putBytes(BUFFER, server, 0, Math.min(server.length, BUFFER));
        dialogue.reset(PROTOCOL_STATE);
        return dialogue.follow(PROTOCOL_STATE, protocol, streams, 0, Math.min(client.length, BUFFER), BUFFER,
            Math.min(server.length, BUFFER));
    }
}
