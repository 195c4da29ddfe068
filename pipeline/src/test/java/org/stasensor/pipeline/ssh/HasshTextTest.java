package org.stasensor.pipeline.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HASSH text and its MD5 against the JDK's MD5 of the same text (salesforce/hassh: the four lists joined by ';'),
 * including empty lists, a text longer than what is kept (the hash still covers all of it) and a KEXINIT lying in
 * off-heap memory.
 */
class HasshTextTest
{
    private final Hassh hassh = new Hassh();

    @Test
    void clientAndServerTakeTheirOwnDirectionsLists()
    {
        final byte[] payload = SshBytes.kexInit(List.of("kex1,kex2", "hk", "c2s-cipher", "s2c-cipher", "c2s-mac",
            "s2c-mac", "c2s-comp", "s2c-comp", "lang1", "lang2"), false);
        final KexInit kexInit = parse(payload);
        assertTrue(hassh.computeClient(kexInit));
        assertTrue(hassh.computeServer(kexInit));
        assertEquals("kex1,kex2;c2s-cipher;c2s-mac;c2s-comp", text(hassh.hasshText(), hassh.hasshTextLength()));
        assertEquals(md5("kex1,kex2;c2s-cipher;c2s-mac;c2s-comp"), text(hassh.hassh(), Hassh.HASH_LENGTH));
        assertEquals("kex1,kex2;s2c-cipher;s2c-mac;s2c-comp",
            text(hassh.hasshServerText(), hassh.hasshServerTextLength()));
        assertEquals(md5("kex1,kex2;s2c-cipher;s2c-mac;s2c-comp"), text(hassh.hasshServer(), Hassh.HASH_LENGTH));
    }

    @Test
    void emptyListsLeaveEmptyParts()
    {
        final KexInit kexInit = parse(SshBytes.kexInit(List.of("", "", "", "", "", "", "", "", "", ""), false));
        assertTrue(hassh.computeClient(kexInit));
        assertEquals(";;;", text(hassh.hasshText(), hassh.hasshTextLength()));
        assertEquals(md5(";;;"), text(hassh.hassh(), Hassh.HASH_LENGTH));
    }

    @Test
    void aTextLongerThanKeptIsCutButHashedWhole()
    {
        final StringBuilder kex = new StringBuilder();
        for (int i = 0; kex.length() < 3 * Hassh.TEXT_CAPACITY; i++)
        {
            kex.append(i == 0 ? "" : ",").append("kex-").append(i).append("@example.org");
        }
        final String full = kex + ";aes128-ctr;hmac-sha2-256;none";
        final KexInit kexInit = parse(SshBytes.kexInit(kex.toString(), "ssh-ed25519", "aes128-ctr", "hmac-sha2-256",
            "none"));
        assertTrue(hassh.computeClient(kexInit));
        assertTrue(hassh.hasshTextTruncated());
        assertEquals(Hassh.TEXT_CAPACITY, hassh.hasshTextLength());
        assertEquals(full.substring(0, Hassh.TEXT_CAPACITY), text(hassh.hasshText(), hassh.hasshTextLength()));
        assertEquals(md5(full), text(hassh.hassh(), Hassh.HASH_LENGTH));
        assertTrue(hassh.computeServer(kexInit));
        assertTrue(hassh.hasshServerTextTruncated());
    }

    @Test
    void worksOnOffHeapMemoryAndKeepsValuesWhenGivenAnInvalidKexInit()
    {
        final byte[] payload = SshBytes.kexInit("curve25519-sha256", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256",
            "none");
        final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(payload.length + 10));
        offHeap.putBytes(10, payload);
        final KexInit kexInit = new KexInit();
        assertTrue(KexInitParser.parse(offHeap, 10, payload.length, kexInit));
        assertTrue(hassh.computeClient(kexInit));
        final String expected = md5("curve25519-sha256;aes128-ctr;hmac-sha2-256;none");
        assertEquals(expected, text(hassh.hassh(), Hassh.HASH_LENGTH));
        assertFalse(KexInitParser.parse(offHeap, 10, 5, kexInit));
        assertFalse(hassh.computeClient(kexInit));
        assertEquals(expected, text(hassh.hassh(), Hassh.HASH_LENGTH));
    }

    private static KexInit parse(final byte[] payload)
    {
        final KexInit kexInit = new KexInit();
        assertTrue(KexInitParser.parse(new UnsafeBuffer(payload), 0, payload.length, kexInit));
        return kexInit;
    }

    private static String md5(final String text)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(text.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static String text(final byte[] bytes, final int length)
    {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
}
