package org.stasensor.pipeline.ssh;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 4253 7.1 negotiation on crafted KEXINITs: the first client algorithm the server also lists, per field and per
 * direction; capability markers (RFC 8308 2.1, OpenSSH's strict kex) never chosen; implicit MACs of AEAD ciphers;
 * RFC 5647 5.1 for AEAD_AES_*_GCM; no agreement means an incomplete negotiation; and the guess rule.
 */
class NegotiationRulesTest
{
    private final SshAlgorithms algorithms = new SshAlgorithms();

    @Test
    void theFirstClientAlgorithmAlsoOnTheServerWinsEvenIfTheServerPrefersAnother()
    {
        negotiate(SshBytes.kexInit(List.of("a-kex,b-kex,c-kex", "k1,k2", "c1,c2", "c3,c4", "m1,m2", "m3,m4",
                "none,zlib", "zlib,none", "", ""), false),
            SshBytes.kexInit(List.of("c-kex,b-kex", "k2,k1", "c2", "c4,c3", "m2,m1", "m4", "zlib,none", "zlib",
                "", ""), false));
        assertTrue(algorithms.complete());
        assertEquals("b-kex", chosen(SshAlgorithms.KEX));
        assertEquals("k1", chosen(SshAlgorithms.HOST_KEY));
        assertEquals("c2", chosen(SshAlgorithms.CIPHER_C2S));
        assertEquals("c3", chosen(SshAlgorithms.CIPHER_S2C));
        assertEquals("m1", chosen(SshAlgorithms.MAC_C2S));
        assertEquals("m4", chosen(SshAlgorithms.MAC_S2C));
        assertEquals("none", chosen(SshAlgorithms.COMPRESSION_C2S));
        assertEquals("zlib", chosen(SshAlgorithms.COMPRESSION_S2C));
        assertFalse(algorithms.isGuessRight(), "the preferred key exchanges differ");
    }

    @Test
    void namesMatchWholeNotByPrefix()
    {
        negotiate(SshBytes.kexInit("curve25519-sha256@libssh.org,curve25519-sha256", "ssh-ed25519",
                "aes128-ctr", "hmac-sha2-256", "none"),
            SshBytes.kexInit("curve25519-sha256", "ssh-ed25519", "aes128-ctr", "hmac-sha2-256-etm@openssh.com,"
                + "hmac-sha2-256", "none"));
        assertEquals("curve25519-sha256", chosen(SshAlgorithms.KEX));
        assertEquals("hmac-sha2-256", chosen(SshAlgorithms.MAC_C2S));
    }

    @Test
    void capabilityMarkersAreNeverChosenAsKeyExchange()
    {
        negotiate(SshBytes.kexInit("ext-info-c,kex-strict-c-v00@openssh.com,kexguess2@matt.ucc.asn.au,"
                + "ext-info-s,dh", "ssh-rsa", "aes128-ctr", "hmac-sha1", "none"),
            SshBytes.kexInit("ext-info-c,ext-info-s,kex-strict-c-v00@openssh.com,kexguess2@matt.ucc.asn.au,dh",
                "ssh-rsa", "aes128-ctr", "hmac-sha1", "none"));
        assertEquals("dh", chosen(SshAlgorithms.KEX));
    }

    @Test
    void anOpenSshAeadCipherImpliesItsMac()
    {
        negotiate(SshBytes.kexInit("dh", "ssh-rsa", "chacha20-poly1305@openssh.com,aes128-ctr", "umac-64@openssh.com",
                "none"),
            SshBytes.kexInit("dh", "ssh-rsa", "aes128-ctr,chacha20-poly1305@openssh.com", "hmac-sha1", "none"));
        assertEquals("chacha20-poly1305@openssh.com", chosen(SshAlgorithms.CIPHER_C2S));
        assertTrue(algorithms.isMacImplicit(SshAlgorithms.MAC_C2S));
        assertTrue(algorithms.isMacImplicit(SshAlgorithms.MAC_S2C));
        assertNull(chosen(SshAlgorithms.MAC_C2S));
        assertTrue(algorithms.complete(), "no common MAC is needed with an AEAD cipher");
    }

    @Test
    void rfc5647AeadIsBothCipherAndMacAndNeverAMacAlone()
    {
        negotiate(SshBytes.kexInit("dh", "ssh-rsa", "AEAD_AES_128_GCM,aes128-ctr", "AEAD_AES_128_GCM,hmac-sha1",
                "none"),
            SshBytes.kexInit("dh", "ssh-rsa", "AEAD_AES_128_GCM,aes128-ctr", "hmac-sha1,AEAD_AES_128_GCM", "none"));
        assertEquals("AEAD_AES_128_GCM", chosen(SshAlgorithms.CIPHER_C2S));
        assertEquals("AEAD_AES_128_GCM", chosen(SshAlgorithms.MAC_C2S));

        negotiate(SshBytes.kexInit("dh", "ssh-rsa", "aes128-ctr", "AEAD_AES_128_GCM,hmac-sha1", "none"),
            SshBytes.kexInit("dh", "ssh-rsa", "aes128-ctr", "AEAD_AES_128_GCM,hmac-sha1", "none"));
        assertEquals("hmac-sha1", chosen(SshAlgorithms.MAC_C2S));
    }

    @Test
    void noCommonAlgorithmLeavesTheNegotiationIncomplete()
    {
        negotiate(SshBytes.kexInit("dh", "ssh-rsa", "aes128-ctr", "hmac-sha1", "none"),
            SshBytes.kexInit("dh", "ssh-rsa", "3des-cbc", "hmac-sha1", "none"));
        assertFalse(algorithms.complete());
        assertNull(chosen(SshAlgorithms.CIPHER_C2S));
        assertEquals("dh", chosen(SshAlgorithms.KEX));
    }

    @Test
    void withoutACommonHostKeyAlgorithmNoKeyExchangeQualifies()
    {
        negotiate(SshBytes.kexInit("dh", "ssh-ed25519", "aes128-ctr", "hmac-sha1", "none"),
            SshBytes.kexInit("dh", "ssh-rsa", "aes128-ctr", "hmac-sha1", "none"));
        assertNull(chosen(SshAlgorithms.HOST_KEY));
        assertNull(chosen(SshAlgorithms.KEX));
        assertFalse(algorithms.complete());
    }

    @Test
    void theGuessIsRightWhenBothPreferTheSameKexAndHostKey()
    {
        negotiate(SshBytes.kexInit("dh,ecdh", "ssh-rsa,ssh-ed25519", "aes128-ctr", "hmac-sha1", "none"),
            SshBytes.kexInit("dh", "ssh-rsa", "aes128-ctr", "hmac-sha1", "none"));
        assertTrue(algorithms.isGuessRight());
        negotiate(SshBytes.kexInit("dh,ecdh", "ssh-ed25519,ssh-rsa", "aes128-ctr", "hmac-sha1", "none"),
            SshBytes.kexInit("dh", "ssh-rsa,ssh-ed25519", "aes128-ctr", "hmac-sha1", "none"));
        assertFalse(algorithms.isGuessRight());
    }

    @Test
    void copyWritesIntoTheCallersArray()
    {
        negotiate(SshBytes.kexInit("dh", "ssh-rsa", "aes256-ctr", "hmac-sha1", "none"),
            SshBytes.kexInit("dh", "ssh-rsa", "aes256-ctr", "hmac-sha1", "none"));
        final byte[] out = new byte[16];
        assertEquals(10, algorithms.copy(SshAlgorithms.CIPHER_S2C, out, 2));
        assertEquals("aes256-ctr", new String(out, 2, 10, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(4, algorithms.copy(SshAlgorithms.CIPHER_S2C, out, 12), "cut to the room left");
    }

    @Test
    void invalidKexInitsGiveNoNegotiation()
    {
        final KexInit valid = new KexInit();
        final byte[] payload = SshBytes.kexInit("dh", "ssh-rsa", "aes256-ctr", "hmac-sha1", "none");
        assertTrue(KexInitParser.parse(new UnsafeBuffer(payload), 0, payload.length, valid));
        final KexInit invalid = new KexInit();
        assertFalse(KexInitParser.parse(new UnsafeBuffer(payload), 0, 10, invalid));
        assertFalse(algorithms.negotiate(valid, invalid));
        assertFalse(algorithms.isValid());
        assertEquals(-1, algorithms.length(SshAlgorithms.KEX));
    }

    private void negotiate(final byte[] clientPayload, final byte[] serverPayload)
    {
        final KexInit client = new KexInit();
        final KexInit server = new KexInit();
        assertTrue(KexInitParser.parse(SshBytes.at(clientPayload, 3), 3, clientPayload.length, client));
        assertTrue(KexInitParser.parse(SshBytes.at(serverPayload, 11), 11, serverPayload.length, server));
        algorithms.negotiate(client, server);
        assertTrue(algorithms.isValid());
    }

    private String chosen(final int field)
    {
        return SshBytes.text(algorithms.buffer(), algorithms.offset(field), algorithms.length(field));
    }
}
