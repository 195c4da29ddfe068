package org.stasensor.pipeline.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules stated by the RFCs and by the JA3 reference scripts, on hand-built messages: what GREASE is, how a
 * HelloRetryRequest and a downgrade are recognised, which framing faults reject a hello, and the two JA3 corner cases
 * where the references are the Zeek and Python scripts rather than Wireshark.
 */
class HelloRulesTest
{
    private final ClientHello client = new ClientHello();
    private final ServerHello server = new ServerHello();
    private final Ja3 ja3 = new Ja3();

    @Test
    void greaseIsExactlyTheSixteenRfc8701Values() throws Exception
    {
        final int[] rfc8701 = {0x0A0A, 0x1A1A, 0x2A2A, 0x3A3A, 0x4A4A, 0x5A5A, 0x6A6A, 0x7A7A, 0x8A8A, 0x9A9A,
            0xAAAA, 0xBABA, 0xCACA, 0xDADA, 0xEAEA, 0xFAFA};
        int found = 0;
        for (int value = 0; value <= 0xFFFF; value++)
        {
            if (Grease.isGrease(value))
            {
                assertEquals(rfc8701[found++], value);
            }
        }
        assertEquals(16, found);
        assertFalse(Grease.isGrease(0x010A0A), "a 24-bit value is not GREASE");
        assertFalse(Grease.isGrease(-1));
    }

    @Test
    void helloRetryRequestIsRecognisedByTheSha256OfItsName() throws Exception
    {
        final byte[] random = MessageDigest.getInstance("SHA-256")
            .digest("HelloRetryRequest".getBytes(StandardCharsets.US_ASCII));
        final byte[] retry = HelloBytes.serverHello(0x0303, 0x1301, random, HelloBytes.selectedVersion(0x0304),
            HelloBytes.extension(ExtensionType.KEY_SHARE, new byte[]{0, 23}));
        assertTrue(ServerHelloParser.parse(new UnsafeBuffer(retry), 0, retry.length, server));
        assertTrue(server.isHelloRetryRequest());
        assertEquals(23, server.keyShareGroup());
        assertFalse(server.hasMalformedExtension());

        random[31] ^= 1;
        final byte[] plain = HelloBytes.serverHello(0x0303, 0x1301, random, (byte[][])null);
        assertTrue(ServerHelloParser.parse(new UnsafeBuffer(plain), 0, plain.length, server));
        assertFalse(server.isHelloRetryRequest());
    }

    @Test
    void downgradeMarkersOfRfc8446AreRecognised()
    {
        final byte[] random = new byte[32];
        System.arraycopy("DOWNGRD".getBytes(StandardCharsets.US_ASCII), 0, random, 24, 7);
        random[31] = 1;
        final byte[] tls12 = HelloBytes.serverHello(0x0303, 0xc02f, random, (byte[][])null);
        assertTrue(ServerHelloParser.parse(new UnsafeBuffer(tls12), 0, tls12.length, server));
        assertEquals(ServerHello.DOWNGRADE_TLS12, server.downgrade());
        random[31] = 0;
        final byte[] tls11 = HelloBytes.serverHello(0x0302, 0xc013, random, (byte[][])null);
        assertTrue(ServerHelloParser.parse(new UnsafeBuffer(tls11), 0, tls11.length, server));
        assertEquals(ServerHello.DOWNGRADE_TLS11, server.downgrade());
        assertEquals(0x0302, server.negotiatedVersion());
    }

    @Test
    void serverHelloOfTls13SaysVersionGroupAndProtocol()
    {
        final byte[] message = HelloBytes.serverHello(0x0303, 0x1301, new byte[32],
            HelloBytes.extension(ExtensionType.SUPPORTED_VERSIONS, new byte[]{3, 4}),
            HelloBytes.extension(ExtensionType.KEY_SHARE, new byte[]{0, 29, 0, 1, 9}),
            HelloBytes.extension(ExtensionType.ALPN, new byte[]{0, 3, 2, 'h', '2'}));
        assertTrue(ServerHelloParser.parse(new UnsafeBuffer(message), 0, message.length, server));
        assertEquals(0x0304, server.negotiatedVersion());
        assertEquals(0x0303, server.legacyVersion());
        assertEquals(NamedGroups.X25519, server.keyShareGroup());
        assertEquals("h2", new String(message, server.alpnOffset(), server.alpnLength(), StandardCharsets.US_ASCII));
        assertFalse(server.hasMalformedExtension());
        assertEquals(3, server.extensionCount());
    }

    @Test
    void framingFaultsRejectTheClientHello()
    {
        final byte[] good = HelloBytes.clientHello(0x0303, new int[]{0x1301, 0xc02f},
            HelloBytes.serverName("example.com"));
        assertTrue(parse(good));

        assertFalse(parse(Arrays.copyOf(good, good.length - 1)), "cut short");
        final byte[] wrongType = good.clone();
        wrongType[0] = 2;
        assertFalse(parse(wrongType), "not a client_hello");
        final byte[] oddCiphers = good.clone();
        oddCiphers[4 + 2 + 32 + 1 + 1] = 3;
        assertFalse(parse(oddCiphers), "odd cipher_suites length");
        final byte[] longSession = good.clone();
        longSession[4 + 2 + 32] = 33;
        assertFalse(parse(longSession), "session id over 32 bytes");
        final byte[] trailing = HelloBytes.handshake(1, Arrays.copyOfRange(
            HelloBytes.concat(Arrays.copyOfRange(good, 4, good.length), new byte[]{0}), 0, good.length - 3));
        assertFalse(parse(trailing), "a byte after the extensions");
        final byte[] extensionOverrun = good.clone();
        extensionOverrun[good.length - 18] = (byte)0xFF;
        assertFalse(parse(extensionOverrun), "an extension longer than the block");
        assertFalse(ClientHelloParser.parse(new UnsafeBuffer(good), 1, good.length, client), "past the buffer");
        assertFalse(ClientHelloParser.parse(new UnsafeBuffer(good), -1, 4, client), "negative offset");
    }

    @Test
    void extraBytesAfterTheMessageAreNotParsed()
    {
        final byte[] good = HelloBytes.clientHello(0x0303, new int[]{0x1301});
        final byte[] followed = HelloBytes.concat(good, new byte[]{0x0b, 0, 0, 0});
        assertTrue(ClientHelloParser.parse(new UnsafeBuffer(followed), 0, followed.length, client));
        assertEquals(good.length, client.length());
    }

    @Test
    void sniIsTheFirstHostName()
    {
        final byte[] names = {0, 20, 1, 0, 3, 'a', 'b', 'c',
            0, 0, 11, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'o', 'r', 'g'};
        names[1] = (byte)(names.length - 2);
        final byte[] message = HelloBytes.clientHello(0x0303, new int[]{0x1301},
            HelloBytes.extension(ExtensionType.SERVER_NAME, names));
        assertTrue(parse(message));
        assertEquals("example.org", new String(message, client.serverNameOffset(), client.serverNameLength(),
            StandardCharsets.US_ASCII));
        assertEquals(0, client.malformedExtensions());
    }

    /** salesforce/ja3 zeek/ja3.zeek appends the curves of every supported_groups extension it is shown. */
    @Test
    void repeatedCurveListsAreJoinedAsJa3ZeekDoes()
    {
        final byte[] message = HelloBytes.clientHello(0x0303, new int[]{0x1301},
            HelloBytes.supportedGroups(29, 23), HelloBytes.pointFormats(0), HelloBytes.supportedGroups(24, 0x0a0a));
        assertTrue(parse(message));
        assertTrue(ja3.computeJa3(client));
        assertEquals("771,4865,10-11-10,29-23-24,0", TsharkHandshakes.text(ja3.ja3Text(), ja3.ja3TextLength()));
    }

    /** salesforce/ja3 python/ja3s.py and zeek/ja3s.zeek take every server extension type as it is. */
    @Test
    void ja3sKeepsEveryServerExtensionAsJa3sPyDoes() throws Exception
    {
        final byte[] message = HelloBytes.serverHello(0x0303, 0xc02f, new byte[32],
            HelloBytes.extension(0xff01, new byte[1]), HelloBytes.extension(0x0a0a, new byte[0]));
        assertTrue(ServerHelloParser.parse(new UnsafeBuffer(message), 0, message.length, server));
        assertTrue(ja3.computeJa3s(server));
        final String text = TsharkHandshakes.text(ja3.ja3sText(), ja3.ja3sTextLength());
        assertEquals("771,49199,65281-2570", text);
        final byte[] md5 = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(java.util.HexFormat.of().formatHex(md5).getBytes(StandardCharsets.US_ASCII), ja3.ja3s());
    }

    private boolean parse(final byte[] message)
    {
        return ClientHelloParser.parse(new UnsafeBuffer(message), 0, message.length, client);
    }
}
