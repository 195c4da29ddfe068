package org.stasensor.pipeline.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worked examples and stated rules of the JA4 specification (FoxIO-LLC/ja4 technical_details/JA4.md), on hellos
 * built from the lists the specification gives.
 */
class Ja4SpecificationExamplesTest
{
    /** The specification's example cipher suites, in wire order. */
    private static final int[] CIPHERS = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
        0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
    /** The specification's example extensions, in wire order. */
    private static final int[] EXTENSIONS = {0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005,
        0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015};
    /** The specification's example signature algorithms. */
    private static final int[] SIGNATURES = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};

    private final ClientHello hello = new ClientHello();
    private final Ja4 ja4 = new Ja4();

    @Test
    void theSpecificationsExampleGivesItsFingerprintAndRawText()
    {
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", ja4(example(SIGNATURES, "h2"), Ja4.TRANSPORT_TCP));
        assertEquals("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
            + "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_"
            + "0403,0804,0401,0503,0805,0501,0806,0601", raw());
    }

    @Test
    void withoutSignatureAlgorithmsTheExtensionTextEndsWithoutUnderscore()
    {
        assertEquals("t13d1516h2_8daaf6152771_6d807ffa2a79", ja4(example(new int[0], "h2"), Ja4.TRANSPORT_TCP));
        assertTrue(raw().endsWith("4469,ff01"), raw());
    }

    @Test
    void greaseIsIgnoredEverywhere()
    {
        final int[] ciphers = new int[CIPHERS.length + 2];
        ciphers[0] = 0x2a2a;
        System.arraycopy(CIPHERS, 0, ciphers, 1, CIPHERS.length);
        ciphers[ciphers.length - 1] = 0xfafa;
        final List<byte[]> extensions = exampleExtensions(
            new int[]{0x7a7a, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601}, "h2");
        extensions.add(0, HelloBytes.extension(0x0a0a, new byte[0]));
        extensions.add(HelloBytes.extension(0xdada, new byte[1]));
        final byte[] message = HelloBytes.clientHello(0x0303, ciphers, extensions.toArray(new byte[0][]));
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", ja4(message, Ja4.TRANSPORT_TCP));
    }

    @Test
    void transportIsTheCallersFlag()
    {
        assertEquals("q13d1516h2_8daaf6152771_e5627efa2ab1", ja4(example(SIGNATURES, "h2"), Ja4.TRANSPORT_QUIC));
        assertEquals("d13d1516h2_8daaf6152771_e5627efa2ab1", ja4(example(SIGNATURES, "h2"), Ja4.TRANSPORT_DTLS));
    }

    @Test
    void withoutCiphersOrExtensionsTheHashesAreZeros()
    {
        assertEquals("t12i000000_000000000000_000000000000",
            ja4(HelloBytes.clientHello(0x0303, new int[0], false), Ja4.TRANSPORT_TCP));
        final String oneCipher = ja4(HelloBytes.clientHello(0x0301, new int[]{0x002f}, false), Ja4.TRANSPORT_TCP);
        assertTrue(oneCipher.startsWith("t10i010000_") && oneCipher.endsWith("_000000000000"), oneCipher);
    }

    @Test
    void onlySniAndAlpnLeaveTheExtensionHashZero()
    {
        final byte[] message = HelloBytes.clientHello(0x0303, new int[]{0x1301},
            HelloBytes.serverName("example.com"), HelloBytes.alpn("h2"));
        assertEquals("t12d0102h2_", ja4(message, Ja4.TRANSPORT_TCP).substring(0, 11));
        assertTrue(ja4(message, Ja4.TRANSPORT_TCP).endsWith("_000000000000"));
    }

    @Test
    void countsStopAtNinetyNine()
    {
        final int[] ciphers = new int[120];
        for (int i = 0; i < ciphers.length; i++)
        {
            ciphers[i] = 0x0100 + i;
        }
        final byte[][] extensions = new byte[105][];
        for (int i = 0; i < extensions.length; i++)
        {
            extensions[i] = HelloBytes.extension(0x1000 + i, new byte[0]);
        }
        assertEquals("t12i9999", ja4(HelloBytes.clientHello(0x0303, ciphers, extensions), Ja4.TRANSPORT_TCP)
            .substring(0, 8));
    }

    @ParameterizedTest(name = "supported_versions {0} over legacy {1} is \"{2}\"")
    @CsvSource({
        "'',                     0x0303, 12",
        "'',                     0x0300, s3",
        "'',                     0x0301, 10",
        "'',                     0x0302, 11",
        "'0x0a0a,0x0304,0x0303', 0x0303, 13",
        "'0x0303,0x0302',        0x0303, 12",
        "'0x0305',               0x0303, 00",
        "'',                     0x0002, s2",
        "'',                     0xfefd, d2"})
    void versionIsTheHighestSupportedVersionElseTheLegacyVersion(
        final String supported, final String legacy, final String expected)
    {
        final List<byte[]> extensions = new ArrayList<>();
        if (!supported.isEmpty())
        {
            final String[] parts = supported.split(",");
            final int[] versions = new int[parts.length];
            for (int i = 0; i < parts.length; i++)
            {
                versions[i] = Integer.decode(parts[i]);
            }
            extensions.add(HelloBytes.supportedVersions(versions));
        }
        final byte[] message = HelloBytes.clientHello(Integer.decode(legacy), new int[]{0x1301},
            extensions.toArray(new byte[0][]));
        assertEquals(expected, ja4(message, Ja4.TRANSPORT_TCP).substring(1, 3));
    }

    /** JA4.md "ALPN Extension Value": its examples, and the plain cases. */
    @ParameterizedTest(name = "ALPN {0} gives \"{1}\"")
    @CsvSource({
        "6832,             h2",
        "687474702f312e31, h1",
        "68,               hh",
        "ab,               ab",
        "20,               20",
        "abcd,             ad",
        "2061,             21",
        "30ab,             3b",
        "6120,             60",
        "3031abcd,         3d",
        "30abcd31,         01"})
    void alpnCharactersFollowTheSpecification(final String firstProtocolHex, final String expected)
    {
        final byte[] message = HelloBytes.clientHello(0x0303, new int[]{0x1301},
            HelloBytes.alpn(java.util.HexFormat.of().parseHex(firstProtocolHex), "h2".getBytes()));
        assertEquals(expected, ja4(message, Ja4.TRANSPORT_TCP).substring(8, 10));
    }

    @Test
    void withoutAlpnTheCharactersAreZeros()
    {
        assertEquals("00", ja4(HelloBytes.clientHello(0x0303, new int[]{0x1301}), Ja4.TRANSPORT_TCP)
            .substring(8, 10));
    }

    @Test
    void sniMarkerFollowsTheExtensionsPresence()
    {
        assertEquals('d', ja4(example(SIGNATURES, "h2"), Ja4.TRANSPORT_TCP).charAt(3));
        assertEquals('i', ja4(HelloBytes.clientHello(0x0303, new int[]{0x1301}), Ja4.TRANSPORT_TCP).charAt(3));
    }

    @Test
    void noFingerprintForAnSslv2HelloOrAnUnparsedOne()
    {
        final byte[] sslv2 = HelloBytes.sslv2ClientHello(0x0301, new int[]{0x00002f, 0x010080}, new byte[16]);
        assertTrue(ClientHelloParser.parseSslv2(new UnsafeBuffer(sslv2), 0, sslv2.length, hello));
        assertFalse(ja4.compute(hello, Ja4.TRANSPORT_TCP));
        assertFalse(ClientHelloParser.parse(new UnsafeBuffer(new byte[3]), 0, 3, hello));
        assertFalse(ja4.compute(hello, Ja4.TRANSPORT_TCP));
    }

    private static byte[] example(final int[] signatures, final String alpn)
    {
        return HelloBytes.clientHello(0x0303, CIPHERS, exampleExtensions(signatures, alpn).toArray(new byte[0][]));
    }

    private static List<byte[]> exampleExtensions(final int[] signatures, final String alpn)
    {
        final List<byte[]> extensions = new ArrayList<>();
        for (final int type : EXTENSIONS)
        {
            switch (type)
            {
                case ExtensionType.SERVER_NAME -> extensions.add(HelloBytes.serverName("example.com"));
                case ExtensionType.ALPN -> extensions.add(HelloBytes.alpn(alpn, "http/1.1"));
                case ExtensionType.SUPPORTED_VERSIONS -> extensions.add(HelloBytes.supportedVersions(0x0304, 0x0303));
                case ExtensionType.SIGNATURE_ALGORITHMS -> extensions.add(HelloBytes.signatureAlgorithms(signatures));
                default -> extensions.add(HelloBytes.extension(type, new byte[0]));
            }
        }
        return extensions;
    }

    private String ja4(final byte[] message, final byte transport)
    {
        assertTrue(ClientHelloParser.parse(new UnsafeBuffer(message), 0, message.length, hello));
        assertTrue(ja4.compute(hello, transport));
        return new String(ja4.fingerprint(), StandardCharsets.US_ASCII);
    }

    private String raw()
    {
        return new String(ja4.raw(), 0, ja4.rawLength(), StandardCharsets.US_ASCII);
    }
}
