package org.stasensor.pipeline.ssh;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binary packet framing (RFC 4253 6) and KEXINIT layout (RFC 4253 7.1) on crafted bytes: every length is checked
 * against what is there, a KEXINIT cut anywhere is incomplete rather than misread, and encryption starts right after
 * NEWKEYS.
 */
class PacketFramingTest
{
    private static final List<String> LISTS = List.of("curve25519-sha256,ext-info-c", "ssh-ed25519",
        "aes128-ctr", "aes256-ctr", "hmac-sha2-256", "hmac-sha1", "none", "none,zlib@openssh.com", "", "en");
    private static final byte[] NEWKEYS = SshBytes.packet(new byte[]{SshMessage.NEWKEYS});
    private static final int OFFSET = 9;

    private final SshDirection direction = new SshDirection();

    @Test
    void readsEveryNameListAndTheTrailer()
    {
        final byte[] payload = SshBytes.kexInit(LISTS, true);
        final KexInit kexInit = new KexInit();
        assertTrue(KexInitParser.parse(SshBytes.at(payload, OFFSET), OFFSET, payload.length, kexInit));
        for (int list = 0; list < KexInit.NAME_LISTS; list++)
        {
            assertEquals(LISTS.get(list), SshBytes.text(kexInit.buffer(), kexInit.listOffset(list),
                kexInit.listLength(list)), "list " + list);
        }
        assertTrue(kexInit.firstKexPacketFollows());
        assertEquals(0, kexInit.reserved());
        assertEquals(payload.length, kexInit.length());
        assertEquals(OFFSET + 1, kexInit.cookieOffset());
        assertFalse(kexInit.namesMalformed());
    }

    @Test
    void everyCutOfAKexInitIsRefused()
    {
        final byte[] payload = SshBytes.kexInit(LISTS, false);
        final KexInit kexInit = new KexInit();
        for (int length = 0; length < payload.length; length++)
        {
            final byte[] cut = Arrays.copyOf(payload, length);
            assertFalse(KexInitParser.parse(new UnsafeBuffer(cut), 0, length, kexInit), "cut at " + length);
        }
    }

    @Test
    void aNameListLongerThanThePayloadIsRefused()
    {
        final byte[] payload = SshBytes.kexInit(LISTS, false);
        final int firstListLength = 1 + KexInit.COOKIE_LENGTH;
        for (final int bad : new int[]{-1, Integer.MAX_VALUE, payload.length})
        {
            final byte[] broken = payload.clone();
            ByteBuffer.wrap(broken).putInt(firstListLength, bad);
            assertFalse(KexInitParser.parse(new UnsafeBuffer(broken), 0, broken.length, new KexInit()), "" + bad);
        }
    }

    @Test
    void namesAgainstRfc4251AreFlaggedButKept()
    {
        for (final String bad : new String[]{"a,,b", ",a", "a,", "a b", "x".repeat(65), "\u00e9"})
        {
            final byte[] payload = SshBytes.kexInit(bad, "ssh-ed25519", "aes128-ctr", "hmac-sha1", "none");
            final KexInit kexInit = new KexInit();
            assertTrue(KexInitParser.parse(new UnsafeBuffer(payload), 0, payload.length, kexInit), bad);
            assertTrue(kexInit.namesMalformed(), bad);
        }
    }

    @Test
    void encryptionStartsRightAfterNewKeys()
    {
        final byte[] kexInit = SshBytes.packet(SshBytes.kexInit(LISTS, false));
        final byte[] other = SshBytes.packet(new byte[]{30, 1, 2, 3});
        final byte[] stream = SshBytes.stream("SSH-2.0-test", kexInit, other, NEWKEYS);
        final byte[] withEncrypted = Arrays.copyOf(stream, stream.length + 40);
        final int flags = direction.scan(SshBytes.at(withEncrypted, OFFSET), OFFSET, withEncrypted.length);
        assertTrue((flags & SshDirection.FLAG_NEWKEYS) != 0);
        assertTrue((flags & SshDirection.FLAG_KEXINIT) != 0);
        assertEquals(0, flags & (SshDirection.FLAG_INCOMPLETE | SshDirection.FLAG_MALFORMED
            | SshDirection.FLAG_NONCONFORMING));
        assertEquals(stream.length, direction.clearLength());
        assertEquals(3, direction.packetCount());
        assertEquals(OFFSET + "SSH-2.0-test\r\n".length(), direction.kexInitPacketOffset());
    }

    @Test
    void aStreamCutAnywhereBeforeNewKeysIsIncompleteNeverMalformed()
    {
        final byte[] stream = SshBytes.stream("SSH-2.0-test", SshBytes.packet(SshBytes.kexInit(LISTS, false)),
            NEWKEYS);
        for (int length = 0; length < stream.length; length++)
        {
            final int flags = direction.scan(SshBytes.at(stream, OFFSET), OFFSET, length);
            assertTrue((flags & SshDirection.FLAG_INCOMPLETE) != 0, "cut at " + length);
            assertEquals(0, flags & (SshDirection.FLAG_MALFORMED | SshDirection.FLAG_NOT_SSH), "cut at " + length);
            assertEquals(-1, direction.clearLength());
        }
    }

    @Test
    void inconsistentLengthsAreMalformed()
    {
        final int at = 0;
        // padding_length leaves no payload byte for the message number.
        final byte[] noPayload = ByteBuffer.allocate(16).putInt(12).put((byte)11).array();
        assertEquals(SshPacket.MALFORMED, SshPacket.frame(new UnsafeBuffer(noPayload), at, noPayload.length));
        // packet_length past OpenSSH's PACKET_MAX_SIZE, visible from the first four bytes.
        final byte[] huge = ByteBuffer.allocate(4).putInt(SshPacket.MAX_PACKET_LENGTH + 1).array();
        assertEquals(SshPacket.MALFORMED, SshPacket.frame(new UnsafeBuffer(huge), at, huge.length));
        final byte[] negative = ByteBuffer.allocate(8).putInt(-5).put((byte)4).array();
        assertEquals(SshPacket.MALFORMED, SshPacket.frame(new UnsafeBuffer(negative), at, negative.length));
        // A well-framed packet whose padding is under 4 bytes and size not a multiple of 8: framed, not conforming.
        final byte[] sloppy = ByteBuffer.allocate(8).putInt(4).put((byte)1).put((byte)21).array();
        final UnsafeBuffer buffer = new UnsafeBuffer(sloppy);
        assertEquals(8, SshPacket.frame(buffer, at, sloppy.length));
        assertFalse(SshPacket.isConforming(buffer, at));
        assertEquals(2, SshPacket.payloadLength(buffer, at));
    }

    @Test
    void ssh1PacketsAreNotReadAsSsh2()
    {
        final byte[] stream = SshBytes.stream("SSH-1.5-1.2.26", new byte[]{0, 0, 1, 4, 0, 0, 0, 0});
        final int flags = direction.scan(new UnsafeBuffer(stream), 0, stream.length);
        assertEquals(SshDirection.FLAG_IDENTIFICATION | SshDirection.FLAG_NOT_SSH2, flags);
        assertEquals(0, direction.packetCount());
    }

    @Test
    void aKexInitWhosePayloadDoesNotParseIsFlaggedAndScanningGoesOn()
    {
        final byte[] broken = SshBytes.packet(new byte[]{SshMessage.KEXINIT, 1, 2, 3});
        final byte[] stream = SshBytes.stream("SSH-2.0-test", broken, NEWKEYS);
        final int flags = direction.scan(new UnsafeBuffer(stream), 0, stream.length);
        assertTrue((flags & SshDirection.FLAG_KEXINIT_MALFORMED) != 0);
        assertTrue((flags & SshDirection.FLAG_NEWKEYS) != 0);
        assertFalse(direction.kexInit().isValid());
    }
}
