package org.stasensor.pipeline.starttls;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.flow.AppProtocol;
import org.stasensor.pipeline.tcp.HandshakeSessions;
import org.stasensor.pipeline.tls.TlsStreamScanner;

/**
 * Follows the clear-text dialogue of a connection that may upgrade to TLS, over the two reassembled stream buffers,
 * just far enough to see the server accept or refuse the upgrade, and then says where TLS starts in each direction:
 * on the client side after its upgrade command, on the server side after its acceptance.
 * <ul>
 * <li>SMTP (RFC 3207), POP3 (RFC 2595 4), FTP (RFC 4217 6): the n-th client command is answered by the server's
 * (n+1)-th reply, the greeting being the first; so pipelined commands are matched to their replies by counting.
 * SMTP and FTP multi-line replies, FTP preliminary 1yz replies and POP3 multi-line responses (CAPA, LIST, UIDL,
 * RETR, TOP) count once. Accepted: SMTP 220, FTP 234, POP3 +OK.</li>
 * <li>IMAP (RFC 9051 6.2.1): the tagged response carrying the STARTTLS command's tag; accepted: OK.</li>
 * <li>XMPP (RFC 6120 5.4.2): the client's {@code <starttls/>} element, then the server's {@code <proceed/>}
 * (accepted) or {@code <failure/>}.</li>
 * <li>LDAP (RFC 4511 4.14): the ExtendedRequest naming 1.3.6.1.4.1.1466.20037, then the ExtendedResponse with the
 * same messageID; accepted: resultCode 0.</li>
 * </ul>
 * Bounded: at most {@link #MAX_CLEAR_TEXT} bytes of clear text each way and {@link #MAX_COMMANDS} client commands
 * before the upgrade; past that, or on what cannot be followed (SMTP DATA, BDAT and AUTH, POP3 AUTH with a
 * mechanism, IMAP literals and AUTHENTICATE), the dialogue gives up. The state is a few ints in the session's
 * protocol area after the TLS scanner's ({@link TlsStreamScanner#STATE_LENGTH}), so the TLS scanner can take over
 * the same session.
 * <pre>
 *   0 phase                 4 client cursor          8 server cursor          12 client commands read
 *  16 server replies read  20 upgrade command (-1)  24 client TLS start      28 server TLS start
 *  32 IMAP tag offset / LDAP messageID              36 IMAP tag length
 *  40 POP3 commands answered in many lines (bit per command)                 44 reply in progress
 * </pre>
 */
public final class StartTlsDialogue
{
    /** Still in clear text. */
    public static final int FOLLOWING = 0;
    /** The server accepted the upgrade: TLS follows in both directions. */
    public static final int UPGRADED = 1;
    /** The server refused the upgrade. */
    public static final int REFUSED = 2;
    /** The dialogue could not be followed (bound reached, not the protocol, or a part this class does not read). */
    public static final int GAVE_UP = 3;
    /** Clear-text bytes read per direction before giving up. */
    public static final int MAX_CLEAR_TEXT = 4096;
    /** Client commands (requests) read before the upgrade command. */
    public static final int MAX_COMMANDS = 32;
    /** Bytes used in the session's protocol area, after the TLS scanner's. */
    public static final int STATE_LENGTH = 48;

    private static final int BASE = TlsStreamScanner.STATE_LENGTH;
    private static final int PHASE = 0;
    private static final int CLIENT_CURSOR = 4;
    private static final int SERVER_CURSOR = 8;
    private static final int COMMANDS = 12;
    private static final int REPLIES = 16;
    private static final int UPGRADE_COMMAND = 20;
    private static final int CLIENT_TLS_START = 24;
    private static final int SERVER_TLS_START = 28;
    private static final int TAG = 32;
    private static final int TAG_LENGTH = 36;
    private static final int MULTILINE_COMMANDS = 40;
    private static final int REPLY_IN_PROGRESS = 44;

    private static final int ORDINARY = 0;
    private static final int UPGRADE = 1;
    private static final int MULTILINE = 2;
    private static final int UNFOLLOWABLE = 3;
    /** REPLY_IN_PROGRESS of POP3: inside a multi-line response, until the "." line (RFC 1939 3). */
    private static final int POP3_BODY = 1;
    private static final int SMTP_READY = 220;
    private static final int FTP_AUTH_OK = 234;

    private static final byte[] STARTTLS = ClearText.ascii("STARTTLS");
    private static final byte[] DATA = ClearText.ascii("DATA");
    private static final byte[] BDAT = ClearText.ascii("BDAT");
    private static final byte[] AUTH = ClearText.ascii("AUTH");
    private static final byte[] AUTHENTICATE = ClearText.ascii("AUTHENTICATE");
    private static final byte[] STLS = ClearText.ascii("STLS");
    private static final byte[] CAPA = ClearText.ascii("CAPA");
    private static final byte[] LIST = ClearText.ascii("LIST");
    private static final byte[] UIDL = ClearText.ascii("UIDL");
    private static final byte[] RETR = ClearText.ascii("RETR");
    private static final byte[] TOP = ClearText.ascii("TOP");
    private static final byte[] TLS = ClearText.ascii("TLS");
    private static final byte[] TLS_C = ClearText.ascii("TLS-C");
    private static final byte[] TLS_P = ClearText.ascii("TLS-P");
    private static final byte[] SSL = ClearText.ascii("SSL");
    private static final byte[] POP3_OK = ClearText.ascii("+OK");
    private static final byte[] POP3_ERR = ClearText.ascii("-ERR");
    private static final byte[] IMAP_OK = ClearText.ascii("OK");
    private static final byte[] XMPP_STARTTLS = ClearText.ascii("<starttls");
    private static final byte[] XMPP_STARTTLS_CLOSE = ClearText.ascii("</starttls>");
    private static final byte[] XMPP_PROCEED = ClearText.ascii("<proceed");
    private static final byte[] XMPP_PROCEED_CLOSE = ClearText.ascii("</proceed>");
    /** As long as {@link #XMPP_PROCEED}: the server side looks for both at once. */
    private static final byte[] XMPP_FAILURE = ClearText.ascii("<failure");

    static
    {
        if (BASE + STATE_LENGTH > HandshakeSessions.PROTOCOL_STATE_LENGTH)
        {
            throw new IllegalStateException("STARTTLS state does not fit the session's protocol area");
        }
    }

    private final UnsafeBuffer state;
    private final LdapMessage ldap = new LdapMessage();

    /**
     * A follower keeping its state in a session pool's state memory.
     *
     * @param state the pool's state buffer.
     */
    public StartTlsDialogue(final UnsafeBuffer state)
    {
        this.state = state;
    }

    /**
     * Starts following a new flow.
     *
     * @param protocolState offset of the session's protocol area.
     */
    public void reset(final int protocolState)
    {
        state.setMemory(protocolState + BASE, STATE_LENGTH, (byte)0);
        state.putInt(protocolState + BASE + UPGRADE_COMMAND, -1);
    }

    /**
     * Where the dialogue stands.
     *
     * @param protocolState offset of the session's protocol area.
     * @return {@link #FOLLOWING}, {@link #UPGRADED}, {@link #REFUSED} or {@link #GAVE_UP}.
     */
    public int phase(final int protocolState)
    {
        return state.getInt(protocolState + BASE + PHASE);
    }

    /**
     * Where TLS starts in a direction's stream, once {@link #UPGRADED}.
     *
     * @param protocolState offset of the session's protocol area.
     * @param direction     0 client, 1 server.
     * @return the offset of the first TLS byte from the start of the direction's stream.
     */
    public int tlsStart(final int protocolState, final int direction)
    {
        return state.getInt(protocolState + BASE + (direction == 0 ? CLIENT_TLS_START : SERVER_TLS_START));
    }

    /**
     * Reads what arrived since the last call, in both directions.
     *
     * @param protocolState offset of the session's protocol area.
     * @param protocol      the flow's {@link AppProtocol} (one that {@link AppProtocol#upgradesToTls upgrades}).
     * @param streams       the stream buffers.
     * @param clientOffset  where the client's bytes start.
     * @param clientBytes   contiguous client bytes.
     * @param serverOffset  where the server's bytes start.
     * @param serverBytes   contiguous server bytes.
     * @return the phase after reading.
     */
    public int follow(final int protocolState, final int protocol, final DirectBuffer streams, final int clientOffset,
        final int clientBytes, final int serverOffset, final int serverBytes)
    {
        final int base = protocolState + BASE;
        if (state.getInt(base + PHASE) != FOLLOWING)
        {
            return state.getInt(base + PHASE);
        }
        final int phase = switch (protocol)
        {
            case AppProtocol.SMTP, AppProtocol.FTP, AppProtocol.POP3 ->
                followCounted(base, protocol, streams, clientOffset, clientBytes, serverOffset, serverBytes);
            case AppProtocol.IMAP -> followImap(base, streams, clientOffset, clientBytes, serverOffset, serverBytes);
            case AppProtocol.XMPP -> followXmpp(base, streams, clientOffset, clientBytes, serverOffset, serverBytes);
            case AppProtocol.LDAP -> followLdap(base, streams, clientOffset, clientBytes, serverOffset, serverBytes);
            default -> GAVE_UP;
        };
        state.putInt(base + PHASE, phase);
        return phase;
    }

    /** FOLLOWING while more bytes may complete what is being read, GAVE_UP when the bound is reached. */
    private static int waitFor(final int bytes)
    {
        return bytes >= MAX_CLEAR_TEXT ? GAVE_UP : FOLLOWING;
    }

    private int followCounted(final int base, final int protocol, final DirectBuffer streams, final int clientOffset,
        final int clientBytes, final int serverOffset, final int serverBytes)
    {
        final int clientLimit = clientOffset + Math.min(clientBytes, MAX_CLEAR_TEXT);
        int cursor = state.getInt(base + CLIENT_CURSOR);
        int commands = state.getInt(base + COMMANDS);
        int phase = FOLLOWING;
        while (state.getInt(base + UPGRADE_COMMAND) < 0)
        {
            final int lineStart = clientOffset + cursor;
            final int lineEnd = ClearText.lineEnd(streams, lineStart, clientLimit);
            if (lineEnd < 0)
            {
                phase = waitFor(clientBytes);
                break;
            }
            final int kind = commandKind(protocol, streams, lineStart, ClearText.textEnd(streams, lineStart, lineEnd));
            if (kind == UNFOLLOWABLE || commands >= MAX_COMMANDS)
            {
                phase = GAVE_UP;
                break;
            }
            if (kind == MULTILINE)
            {
                state.putInt(base + MULTILINE_COMMANDS, state.getInt(base + MULTILINE_COMMANDS) | (1 << commands));
            }
            cursor = lineEnd - clientOffset;
            if (kind == UPGRADE)
            {
                state.putInt(base + UPGRADE_COMMAND, commands);
                state.putInt(base + CLIENT_TLS_START, cursor);
            }
            commands++;
        }
        state.putInt(base + CLIENT_CURSOR, cursor);
        state.putInt(base + COMMANDS, commands);
        if (phase != FOLLOWING)
        {
            return phase;
        }
        return protocol == AppProtocol.POP3 ? pop3Replies(base, streams, serverOffset, serverBytes, commands) :
            codedReplies(base, protocol, streams, serverOffset, serverBytes, commands);
    }

    /** How a client line of a counted protocol is answered. */
    private static int commandKind(final int protocol, final DirectBuffer streams, final int at, final int end)
    {
        if (protocol == AppProtocol.SMTP)
        {
            if (ClearText.startsWith(streams, at, end, STARTTLS) && end - at == STARTTLS.length)
            {
                return UPGRADE;
            }
            // A mail transaction's content and SASL exchanges are not command/reply pairs: not followed.
            return ClearText.isWord(streams, at, end, DATA) || ClearText.isWord(streams, at, end, BDAT)
                || ClearText.isWord(streams, at, end, AUTH) ? UNFOLLOWABLE : ORDINARY;
        }
        if (protocol == AppProtocol.FTP)
        {
            if (!ClearText.isWord(streams, at, end, AUTH))
            {
                return ORDINARY;
            }
            final int mechanism = ClearText.nextWord(streams, at, end);
            final int length = end - mechanism;
            final boolean tls = (length == TLS.length && ClearText.startsWith(streams, mechanism, end, TLS))
                || (length == SSL.length && ClearText.startsWith(streams, mechanism, end, SSL))
                || (length == TLS_C.length && ClearText.startsWith(streams, mechanism, end, TLS_C))
                || (length == TLS_P.length && ClearText.startsWith(streams, mechanism, end, TLS_P));
            return tls ? UPGRADE : ORDINARY;
        }
        if (ClearText.startsWith(streams, at, end, STLS) && end - at == STLS.length)
        {
            return UPGRADE;
        }
        final boolean noArgument = ClearText.nextWord(streams, at, end) == end;
        if (ClearText.isWord(streams, at, end, AUTH))
        {
            // AUTH alone lists the SASL mechanisms in many lines (RFC 1734 2 as deployed); AUTH with a mechanism
            // starts a SASL exchange, which is not followed.
            return noArgument ? MULTILINE : UNFOLLOWABLE;
        }
        // RFC 1939 5, RFC 2449 5: these are answered in many lines; LIST and UIDL only without an argument.
        return ClearText.isWord(streams, at, end, CAPA) || ClearText.isWord(streams, at, end, RETR)
            || ClearText.isWord(streams, at, end, TOP)
            || (noArgument && (ClearText.isWord(streams, at, end, LIST) || ClearText.isWord(streams, at, end, UIDL)))
            ? MULTILINE : ORDINARY;
    }

    /**
     * SMTP and FTP replies: a reply ends with a line "ddd" + space or end of line; "ddd-" starts a multi-line
     * reply that ends with the same code (RFC 5321 4.2.1, RFC 959 4.2). FTP 1yz replies are preliminary.
     */
    private int codedReplies(final int base, final int protocol, final DirectBuffer streams, final int serverOffset,
        final int serverBytes, final int commands)
    {
        final int limit = serverOffset + Math.min(serverBytes, MAX_CLEAR_TEXT);
        int cursor = state.getInt(base + SERVER_CURSOR);
        int replies = state.getInt(base + REPLIES);
        int inProgress = state.getInt(base + REPLY_IN_PROGRESS);
        int phase = FOLLOWING;
        while (phase == FOLLOWING && replies <= commands)
        {
            final int lineStart = serverOffset + cursor;
            final int lineEnd = ClearText.lineEnd(streams, lineStart, limit);
            if (lineEnd < 0)
            {
                phase = waitFor(serverBytes);
                break;
            }
            cursor = lineEnd - serverOffset;
            final int textEnd = ClearText.textEnd(streams, lineStart, lineEnd);
            final int code = ClearText.replyCode(streams, lineStart, textEnd);
            final boolean last = code >= 0 && (textEnd - lineStart == 3 || streams.getByte(lineStart + 3) == ' ');
            if (inProgress == 0)
            {
                if (code < 0)
                {
                    phase = GAVE_UP;
                    break;
                }
                if (!last)
                {
                    inProgress = code;
                    continue;
                }
            }
            else if (!(last && code == inProgress))
            {
                continue;
            }
            inProgress = 0;
            if (protocol == AppProtocol.FTP && code < 200)
            {
                continue;
            }
            phase = replyCompleted(base, replies, protocol == AppProtocol.SMTP ? code == SMTP_READY :
                code == FTP_AUTH_OK, lineEnd - serverOffset, replies == 0 && code != SMTP_READY);
            replies++;
        }
        state.putInt(base + SERVER_CURSOR, cursor);
        state.putInt(base + REPLIES, replies);
        state.putInt(base + REPLY_IN_PROGRESS, inProgress);
        return phase;
    }

    /**
     * POP3 responses: "+OK" or "-ERR" lines; a +OK to a multi-line command goes on until a line holding only "."
     * (RFC 1939 3).
     */
    private int pop3Replies(final int base, final DirectBuffer streams, final int serverOffset,
        final int serverBytes, final int commands)
    {
        final int limit = serverOffset + Math.min(serverBytes, MAX_CLEAR_TEXT);
        int cursor = state.getInt(base + SERVER_CURSOR);
        int replies = state.getInt(base + REPLIES);
        int inProgress = state.getInt(base + REPLY_IN_PROGRESS);
        final int multiline = state.getInt(base + MULTILINE_COMMANDS);
        int phase = FOLLOWING;
        while (phase == FOLLOWING && replies <= commands)
        {
            final int lineStart = serverOffset + cursor;
            final int lineEnd = ClearText.lineEnd(streams, lineStart, limit);
            if (lineEnd < 0)
            {
                phase = waitFor(serverBytes);
                break;
            }
            cursor = lineEnd - serverOffset;
            final int textEnd = ClearText.textEnd(streams, lineStart, lineEnd);
            if (inProgress == POP3_BODY)
            {
                if (textEnd - lineStart == 1 && streams.getByte(lineStart) == '.')
                {
                    inProgress = 0;
                    replies++;
                }
                continue;
            }
            final boolean ok = ClearText.startsWith(streams, lineStart, textEnd, POP3_OK);
            if (!ok && !ClearText.startsWith(streams, lineStart, textEnd, POP3_ERR))
            {
                phase = GAVE_UP;
                break;
            }
            if (ok && replies > 0 && (multiline & (1 << (replies - 1))) != 0)
            {
                inProgress = POP3_BODY;
                continue;
            }
            phase = replyCompleted(base, replies, ok, lineEnd - serverOffset, replies == 0 && !ok);
            replies++;
        }
        state.putInt(base + SERVER_CURSOR, cursor);
        state.putInt(base + REPLIES, replies);
        state.putInt(base + REPLY_IN_PROGRESS, inProgress);
        return phase;
    }

    /** Reply {@code reply} (0 = greeting) is complete: is it the answer to the upgrade command? */
    private int replyCompleted(final int base, final int reply, final boolean positive, final int end,
        final boolean badGreeting)
    {
        if (badGreeting)
        {
            return GAVE_UP;
        }
        if (reply == 0 || reply - 1 != state.getInt(base + UPGRADE_COMMAND))
        {
            return FOLLOWING;
        }
        if (!positive)
        {
            return REFUSED;
        }
        state.putInt(base + SERVER_TLS_START, end);
        return UPGRADED;
    }

    private int followImap(final int base, final DirectBuffer streams, final int clientOffset, final int clientBytes,
        final int serverOffset, final int serverBytes)
    {
        final int clientLimit = clientOffset + Math.min(clientBytes, MAX_CLEAR_TEXT);
        int cursor = state.getInt(base + CLIENT_CURSOR);
        int commands = state.getInt(base + COMMANDS);
        while (state.getInt(base + UPGRADE_COMMAND) < 0)
        {
            final int lineStart = clientOffset + cursor;
            final int lineEnd = ClearText.lineEnd(streams, lineStart, clientLimit);
            if (lineEnd < 0)
            {
                return waitFor(clientBytes);
            }
            final int textEnd = ClearText.textEnd(streams, lineStart, lineEnd);
            final int command = ClearText.nextWord(streams, lineStart, textEnd);
            final int tagLength = command - lineStart;
            // A literal ("{n}" ending the line, RFC 9051 4.3) or a SASL exchange breaks the line-per-command view.
            if (commands >= MAX_COMMANDS || command == lineStart || command == textEnd
                || streams.getByte(textEnd - 1) == '}' || ClearText.isWord(streams, command, textEnd, AUTHENTICATE))
            {
                return GAVE_UP;
            }
            cursor = lineEnd - clientOffset;
            commands++;
            state.putInt(base + CLIENT_CURSOR, cursor);
            state.putInt(base + COMMANDS, commands);
            if (textEnd - command == STARTTLS.length && ClearText.startsWith(streams, command, textEnd, STARTTLS))
            {
                state.putInt(base + UPGRADE_COMMAND, commands - 1);
                state.putInt(base + CLIENT_TLS_START, cursor);
                state.putInt(base + TAG, lineStart - clientOffset);
                // The tag's length without the spaces after it.
                int length = tagLength;
                while (streams.getByte(lineStart + length - 1) == ' ')
                {
                    length--;
                }
                state.putInt(base + TAG_LENGTH, length);
            }
        }
        return imapResponses(base, streams, clientOffset, serverOffset, serverBytes);
    }

    /**
     * Server lines until the tagged response to STARTTLS, the first line with its tag after the completions of the
     * commands sent before it; untagged ("*") and continuation ("+") lines pass.
     */
    private int imapResponses(final int base, final DirectBuffer streams, final int clientOffset,
        final int serverOffset, final int serverBytes)
    {
        final int limit = serverOffset + Math.min(serverBytes, MAX_CLEAR_TEXT);
        final int tag = clientOffset + state.getInt(base + TAG);
        final int tagLength = state.getInt(base + TAG_LENGTH);
        final int earlierCommands = state.getInt(base + UPGRADE_COMMAND);
        int cursor = state.getInt(base + SERVER_CURSOR);
        int tagged = state.getInt(base + REPLIES);
        int phase = FOLLOWING;
        while (phase == FOLLOWING)
        {
            final int lineStart = serverOffset + cursor;
            final int lineEnd = ClearText.lineEnd(streams, lineStart, limit);
            if (lineEnd < 0)
            {
                phase = waitFor(serverBytes);
                break;
            }
            cursor = lineEnd - serverOffset;
            final int textEnd = ClearText.textEnd(streams, lineStart, lineEnd);
            final byte first = textEnd > lineStart ? streams.getByte(lineStart) : (byte)'*';
            if (first == '*' || first == '+')
            {
                continue;
            }
            // Clients reuse tags (openssl sends "." for every command): the earlier commands' completions come first.
            if (tagged++ >= earlierCommands && textEnd - lineStart > tagLength
                && streams.getByte(lineStart + tagLength) == ' ' && sameBytes(streams, tag, lineStart, tagLength))
            {
                final int status = ClearText.nextWord(streams, lineStart, textEnd);
                if (ClearText.isWord(streams, status, textEnd, IMAP_OK))
                {
                    state.putInt(base + SERVER_TLS_START, cursor);
                    phase = UPGRADED;
                }
                else
                {
                    phase = REFUSED;
                }
            }
        }
        state.putInt(base + SERVER_CURSOR, cursor);
        state.putInt(base + REPLIES, tagged);
        return phase;
    }

    private static boolean sameBytes(final DirectBuffer streams, final int a, final int b, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (streams.getByte(a + i) != streams.getByte(b + i))
            {
                return false;
            }
        }
        return true;
    }

    private int followXmpp(final int base, final DirectBuffer streams, final int clientOffset, final int clientBytes,
        final int serverOffset, final int serverBytes)
    {
        if (state.getInt(base + UPGRADE_COMMAND) < 0)
        {
            final int end = elementEnd(base, CLIENT_CURSOR, streams, clientOffset, clientBytes, XMPP_STARTTLS,
                XMPP_STARTTLS_CLOSE);
            if (end <= 0)
            {
                return end == 0 ? FOLLOWING : GAVE_UP;
            }
            state.putInt(base + UPGRADE_COMMAND, 0);
            state.putInt(base + CLIENT_TLS_START, end - clientOffset);
        }
        // The server's answer: the first <proceed> or <failure> element after its stream features.
        final int limit = serverOffset + Math.min(serverBytes, MAX_CLEAR_TEXT);
        int from = serverOffset + state.getInt(base + SERVER_CURSOR);
        while (true)
        {
            final int open = ClearText.indexOf(streams, from, limit, (byte)'<');
            if (open < 0 || open + XMPP_PROCEED.length >= limit)
            {
                state.putInt(base + SERVER_CURSOR, (open < 0 ? limit : open) - serverOffset);
                return waitFor(serverBytes);
            }
            final int nameEnd = open + XMPP_PROCEED.length;
            if (isElementStart(streams, nameEnd, limit))
            {
                if (ClearText.indexOf(streams, open, nameEnd, XMPP_FAILURE) == open)
                {
                    return REFUSED;
                }
                if (ClearText.indexOf(streams, open, nameEnd, XMPP_PROCEED) == open)
                {
                    state.putInt(base + SERVER_CURSOR, open - serverOffset);
                    break;
                }
            }
            from = open + 1;
        }
        final int end = elementEnd(base, SERVER_CURSOR, streams, serverOffset, serverBytes, XMPP_PROCEED,
            XMPP_PROCEED_CLOSE);
        if (end <= 0)
        {
            return end == 0 ? FOLLOWING : GAVE_UP;
        }
        state.putInt(base + SERVER_TLS_START, end - serverOffset);
        return UPGRADED;
    }

    /**
     * Finds an element ({@code <name/>} or {@code <name ...>...</name>}) from the direction's cursor and returns the
     * index after it; 0 while it is not complete (the cursor moves past what cannot start it), -1 at the bound.
     */
    private int elementEnd(final int base, final int cursorField, final DirectBuffer streams, final int offset,
        final int bytes, final byte[] open, final byte[] close)
    {
        final int limit = offset + Math.min(bytes, MAX_CLEAR_TEXT);
        int from = offset + state.getInt(base + cursorField);
        while (true)
        {
            final int at = ClearText.indexOf(streams, from, limit, open);
            if (at < 0)
            {
                state.putInt(base + cursorField, Math.max(from, limit - open.length + 1) - offset);
                return waitFor(bytes) == GAVE_UP ? -1 : 0;
            }
            if (at + open.length >= limit)
            {
                state.putInt(base + cursorField, at - offset);
                return waitFor(bytes) == GAVE_UP ? -1 : 0;
            }
            if (!isElementStart(streams, at + open.length, limit))
            {
                from = at + 1;
                continue;
            }
            state.putInt(base + cursorField, at - offset);
            final int gt = ClearText.indexOf(streams, at + open.length, limit, (byte)'>');
            if (gt < 0)
            {
                return waitFor(bytes) == GAVE_UP ? -1 : 0;
            }
            if (streams.getByte(gt - 1) == '/')
            {
                return gt + 1;
            }
            final int closing = ClearText.indexOf(streams, gt + 1, limit, close);
            if (closing < 0)
            {
                return waitFor(bytes) == GAVE_UP ? -1 : 0;
            }
            return closing + close.length;
        }
    }

    /** The byte after an element's name: white space, "/" or ">" (XML 1.0 section 3.1). */
    private static boolean isElementStart(final DirectBuffer streams, final int at, final int limit)
    {
        if (at >= limit)
        {
            return false;
        }
        final byte b = streams.getByte(at);
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '/' || b == '>';
    }

    private int followLdap(final int base, final DirectBuffer streams, final int clientOffset, final int clientBytes,
        final int serverOffset, final int serverBytes)
    {
        final int clientLimit = clientOffset + Math.min(clientBytes, MAX_CLEAR_TEXT);
        int cursor = state.getInt(base + CLIENT_CURSOR);
        int commands = state.getInt(base + COMMANDS);
        int phase = FOLLOWING;
        while (state.getInt(base + UPGRADE_COMMAND) < 0)
        {
            final int read = ldap.read(streams, clientOffset + cursor, clientLimit);
            if (read != LdapMessage.COMPLETE || commands >= MAX_COMMANDS)
            {
                phase = read == LdapMessage.INCOMPLETE ? waitFor(clientBytes) : GAVE_UP;
                break;
            }
            cursor = ldap.end() - clientOffset;
            if (ldap.isStartTlsRequest(streams))
            {
                state.putInt(base + UPGRADE_COMMAND, commands);
                state.putInt(base + CLIENT_TLS_START, cursor);
                state.putInt(base + TAG, ldap.messageId());
            }
            commands++;
        }
        state.putInt(base + CLIENT_CURSOR, cursor);
        state.putInt(base + COMMANDS, commands);
        if (phase != FOLLOWING)
        {
            return phase;
        }
        return ldapResponses(base, streams, serverOffset, serverBytes);
    }

    /** Server messages until the ExtendedResponse carrying the StartTLS request's messageID (RFC 4511 4.14.2). */
    private int ldapResponses(final int base, final DirectBuffer streams, final int serverOffset,
        final int serverBytes)
    {
        final int limit = serverOffset + Math.min(serverBytes, MAX_CLEAR_TEXT);
        final int messageId = state.getInt(base + TAG);
        int cursor = state.getInt(base + SERVER_CURSOR);
        int phase = FOLLOWING;
        while (phase == FOLLOWING)
        {
            final int read = ldap.read(streams, serverOffset + cursor, limit);
            if (read != LdapMessage.COMPLETE)
            {
                phase = read == LdapMessage.INCOMPLETE ? waitFor(serverBytes) : GAVE_UP;
                break;
            }
            cursor = ldap.end() - serverOffset;
            if (ldap.isExtendedResponse() && ldap.messageId() == messageId)
            {
                if (ldap.resultCode(streams) == 0)
                {
                    state.putInt(base + SERVER_TLS_START, cursor);
                    phase = UPGRADED;
                }
                else
                {
                    phase = REFUSED;
                }
            }
        }
        state.putInt(base + SERVER_CURSOR, cursor);
        return phase;
    }
}
