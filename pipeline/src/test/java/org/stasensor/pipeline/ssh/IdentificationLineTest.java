package org.stasensor.pipeline.ssh;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The identification string rules of RFC 4253 4.2: "SSH-protoversion-softwareversion SP comments CR LF", at most 255
 * bytes with CR LF, other lines (not starting "SSH-") allowed before it from a server, and the protocol test "SSH-"
 * at the very start.
 */
class IdentificationLineTest
{
    private static final int OFFSET = 5;

    private final SshIdentification line = new SshIdentification();

    @Test
    void splitsVersionSoftwareAndComments()
    {
        assertEquals(SshIdentificationParser.FOUND, parse("SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7\r\nrest"));
        assertEquals("SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7", text(line.lineOffset(), line.lineLength()));
        assertEquals("2.0", text(line.protoVersionOffset(), line.protoVersionLength()));
        assertEquals("OpenSSH_7.4p1", text(line.softwareVersionOffset(), line.softwareVersionLength()));
        assertEquals("Debian-10+deb9u7", text(line.commentsOffset(), line.commentsLength()));
        assertEquals(OFFSET + "SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7\r\n".length(), line.endOffset());
        assertEquals(0, line.flags());
        assertTrue(line.isSsh2());
    }

    @Test
    void withoutCommentsThereIsNoCommentsField()
    {
        assertEquals(SshIdentificationParser.FOUND, parse("SSH-2.0-PuTTY_Release_0.74\r\n"));
        assertEquals("PuTTY_Release_0.74", text(line.softwareVersionOffset(), line.softwareVersionLength()));
        assertEquals(-1, line.commentsLength());
    }

    @Test
    void aServerMaySendOtherLinesFirst()
    {
        assertEquals(SshIdentificationParser.FOUND,
            parse("Welcome to the lab\r\nno SSH- here\r\n\r\nSSH-1.99-OpenSSH_3.9p1\r\n"));
        assertEquals(3, line.precedingLines());
        assertTrue((line.flags() & SshIdentification.FLAG_PRECEDING_LINES) != 0);
        assertEquals("1.99", text(line.protoVersionOffset(), line.protoVersionLength()));
        assertTrue(line.isSsh2(), "1.99 is a server that also speaks 2.0 (RFC 4253 5.1)");
    }

    @Test
    void aBareLineFeedEndsTheLineAndIsFlagged()
    {
        assertEquals(SshIdentificationParser.FOUND, parse("SSH-2.0-Go\n"));
        assertEquals("SSH-2.0-Go", text(line.lineOffset(), line.lineLength()));
        assertTrue((line.flags() & SshIdentification.FLAG_BARE_LF) != 0);
    }

    @Test
    void ssh1IsFoundButIsNotSsh2()
    {
        assertEquals(SshIdentificationParser.FOUND, parse("SSH-1.5-1.2.26\n"));
        assertFalse(line.isSsh2());
    }

    @Test
    void aLineWithoutSoftwareVersionIsKeptAndFlagged()
    {
        assertEquals(SshIdentificationParser.FOUND, parse("SSH-2.0\r\n"));
        assertEquals("2.0", text(line.protoVersionOffset(), line.protoVersionLength()));
        assertEquals(-1, line.softwareVersionLength());
        assertTrue((line.flags() & SshIdentification.FLAG_NO_SOFTWARE_VERSION) != 0);
    }

    @Test
    void controlCharactersAreFlagged()
    {
        assertEquals(SshIdentificationParser.FOUND, parse("SSH-2.0-x\u0000y\r\n"));
        assertTrue((line.flags() & SshIdentification.FLAG_BAD_CHARACTER) != 0);
    }

    @Test
    void theLineMayBe255BytesWithCrLfButNotMore()
    {
        final String longest = "SSH-2.0-" + "a".repeat(255 - 8 - 2) + "\r\n";
        assertEquals(255, longest.length());
        assertEquals(SshIdentificationParser.FOUND, parse(longest));
        final String tooLong = "SSH-2.0-" + "a".repeat(255 - 8 - 1) + "\r\n";
        assertEquals(SshIdentificationParser.INVALID, parse(tooLong));
    }

    @Test
    void cutLinesAreIncompleteUntilTheBoundIsPassed()
    {
        assertEquals(SshIdentificationParser.INCOMPLETE, parse(""));
        assertEquals(SshIdentificationParser.INCOMPLETE, parse("SS"));
        assertEquals(SshIdentificationParser.INCOMPLETE, parse("SSH-2.0-OpenSSH_9.2"));
        assertEquals(SshIdentificationParser.INCOMPLETE, parse("Welcome\r\nSSH-2.0-Open"));
        assertEquals(SshIdentificationParser.INVALID, parse("SSH-2.0-" + "b".repeat(300)));
    }

    @Test
    void boundsOnOtherLinesFollowOpenSsh()
    {
        assertEquals(SshIdentificationParser.INVALID, parse("x".repeat(SshIdentificationParser.MAX_OTHER_LINE_LENGTH)));
        assertEquals(SshIdentificationParser.INVALID,
            parse("hi\n".repeat(SshIdentificationParser.MAX_OTHER_LINES + 1) + "SSH-2.0-x\r\n"));
        assertEquals(SshIdentificationParser.FOUND,
            parse("hi\n".repeat(SshIdentificationParser.MAX_OTHER_LINES) + "SSH-2.0-x\r\n"));
    }

    @Test
    void theProtocolTestIsSshDashAtTheVeryStart()
    {
        assertTrue(looks("SSH-2.0-OpenSSH"));
        assertTrue(looks("SSH-"));
        assertFalse(looks("SSH"));
        assertFalse(looks("ssh-2.0-x"));
        assertFalse(looks(" SSH-2.0-x"));
        assertFalse(looks("Welcome\r\nSSH-2.0-x"));
        assertFalse(SshIdentificationParser.looksLikeSsh(new UnsafeBuffer(new byte[3]), 0, 4),
            "a length past the buffer is refused, not read");
    }

    private int parse(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        final UnsafeBuffer buffer = SshBytes.at(bytes, OFFSET);
        return SshIdentificationParser.parse(buffer, OFFSET, bytes.length, line);
    }

    private static boolean looks(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return SshIdentificationParser.looksLikeSsh(SshBytes.at(bytes, OFFSET), OFFSET, bytes.length);
    }

    private String text(final int offset, final int length)
    {
        return SshBytes.text(line.buffer(), offset, length);
    }
}
