package org.stasensor.pipeline.quic;

import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.testing.TestPackets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Initial key derivation against the published values of RFC 9001 Appendix A.1 and RFC 9369 Appendix A.1.
 */
class InitialSecretsTest
{
    private final InitialSecrets secrets = new InitialSecrets();
    private final byte[] key = new byte[InitialSecrets.KEY_LENGTH];
    private final byte[] iv = new byte[InitialSecrets.IV_LENGTH];
    private final byte[] hp = new byte[InitialSecrets.HP_LENGTH];

    @Test
    void version1ClientKeysAreThoseOfRfc9001AppendixA1()
    {
        derive(QuicVersion.V1);
        assertArrayEquals(hex("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44"),
            secrets.initialSecret());
        assertArrayEquals(hex("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea"),
            secrets.clientSecret());
        assertArrayEquals(hex("1f369613dd76d5467730efcbe3b1a22d"), key);
        assertArrayEquals(hex("fa044b2f42a3fd3b46fb255c"), iv);
        assertArrayEquals(hex("9f50449e04a0e810283a1e9933adedd2"), hp);
    }

    @Test
    void version2ClientKeysAreThoseOfRfc9369AppendixA1()
    {
        derive(QuicVersion.V2);
        assertArrayEquals(hex("14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b"),
            secrets.clientSecret());
        assertArrayEquals(hex("8b1a0bc121284290a29e0971b5cd045d"), key);
        assertArrayEquals(hex("91f73e2351d8fa91660e909f"), iv);
        assertArrayEquals(hex("45b95e15235d6f45a6b19cbcb0294ba9"), hp);
    }

    private void derive(final int version)
    {
        final byte[] dcid = hex(RfcVectors.DCID);
        secrets.deriveClient(version, dcid, 0, dcid.length, key, iv, hp);
    }

    private static byte[] hex(final String text)
    {
        return TestPackets.hex(text);
    }
}
