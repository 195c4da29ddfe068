package org.stasensor.pipeline.x509;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import javax.security.auth.x500.X500Principal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Text rendering against the JDK: charsets for the string types, InetAddress for addresses, BigInteger and
 * HexFormat for numbers; RFC 5952's own examples for the IPv6 text form.
 */
class X509TextTest
{
    private final byte[] out = new byte[4096];
    private final Random random = new Random(5952);

    @Test
    void bmpStringIsUtf16BigEndianAsTheJdkDecodesIt()
    {
        for (int i = 0; i < 5_000; i++)
        {
            final byte[] value = i % 2 == 0 ? randomBytes(random.nextInt(40)) :
                randomText().getBytes(StandardCharsets.UTF_16BE);
            assertRendered(new String(value, StandardCharsets.UTF_16BE), DerWalker.TAG_BMP_STRING, value);
        }
    }

    @Test
    void universalStringIsUtf32BigEndianAsTheJdkDecodesIt()
    {
        for (int i = 0; i < 5_000; i++)
        {
            final byte[] value = i % 2 == 0 ? randomBytes(random.nextInt(40)) : randomUtf32();
            assertRendered(new String(value, Charsets.UTF_32BE), DerWalker.TAG_UNIVERSAL_STRING, value);
        }
    }

    @Test
    void t61StringIsLatin1()
    {
        for (int i = 0; i < 1_000; i++)
        {
            final byte[] value = randomBytes(random.nextInt(40));
            assertRendered(new String(value, StandardCharsets.ISO_8859_1), DerWalker.TAG_T61_STRING, value);
        }
    }

    @Test
    void utf8IsCopied()
    {
        final byte[] value = randomBytes(33);
        final int end = X509Text.directoryString(DerWalker.TAG_UTF8_STRING, new UnsafeBuffer(value), 0, 0,
            value.length, out, 0);
        assertArrayEquals(value, Arrays.copyOf(out, end));
    }

    @Test
    void nameValuesReadAsTheJdkReadsThem()
    {
        // Tags the JDK's X500Principal decodes as text, and two it shows as RFC 4514 #hex (TIME, an OCTET STRING).
        final int[] tags = { DerWalker.TAG_UTF8_STRING, DerWalker.TAG_PRINTABLE_STRING, DerWalker.TAG_IA5_STRING,
            DerWalker.TAG_T61_STRING, DerWalker.TAG_BMP_STRING, 0x1B, 0x0E, DerWalker.TAG_OCTET_STRING };
        for (int i = 0; i < 2_000; i++)
        {
            final int tag = tags[i % tags.length];
            final byte[] content = tag == DerWalker.TAG_UTF8_STRING ? randomText().getBytes(StandardCharsets.UTF_8) :
                tag == DerWalker.TAG_BMP_STRING ? randomText(false).getBytes(StandardCharsets.UTF_16BE) :
                randomPrintableBytes(1 + random.nextInt(30));
            if (content.length == 0 || content.length > 100)
            {
                continue;
            }
            final byte[] value = new byte[2 + content.length];
            value[0] = (byte)tag;
            value[1] = (byte)content.length;
            System.arraycopy(content, 0, value, 2, content.length);
            final String expected = JdkOracle.attribute(new X500Principal(commonNameDer(value)), "CN").get(0);
            final int end = X509Text.directoryString(tag, new UnsafeBuffer(value), 0, 2, content.length, out, 0);
            assertEquals(expected, new String(out, 0, end, StandardCharsets.UTF_8), HexFormat.of().formatHex(value));
        }
    }

    @Test
    void asciiIsUsAsciiAsTheJdkDecodesIt()
    {
        for (int i = 0; i < 1_000; i++)
        {
            final byte[] value = randomPrintableBytes(random.nextInt(40));
            final int end = X509Text.ascii(new UnsafeBuffer(value), 0, value.length, out, 0);
            assertEquals(new String(value, StandardCharsets.US_ASCII),
                new String(out, 0, end, StandardCharsets.UTF_8));
        }
    }

    @Test
    void ipv6TextIsRfc5952Canonical() throws Exception
    {
        // RFC 5952 4.1, 4.2.1, 4.2.2, 4.2.3, 4.3 examples, and the edges.
        final String[][] cases = {
            { "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1" },
            { "2001:db8:0:0:0:0:2:1", "2001:db8::2:1" },
            { "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
            { "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },
            { "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
            { "2001:DB8::AAAA", "2001:db8::aaaa" },
            { "0:0:0:0:0:0:0:0", "::" },
            { "0:0:0:0:0:0:0:1", "::1" },
            { "1:0:0:0:0:0:0:0", "1::" },
            { "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" } };
        for (final String[] row : cases)
        {
            assertEquals(row[1], address(InetAddress.getByName(row[0]).getAddress()), row[0]);
        }
    }

    @Test
    void addressTextReadsBackAsTheSameBytes() throws Exception
    {
        for (int i = 0; i < 5_000; i++)
        {
            final byte[] address = randomBytes(i % 3 == 0 ? 4 : 16);
            for (int j = 0; j < address.length; j++)
            {
                if (random.nextInt(3) == 0)
                {
                    address[j] = 0;
                }
            }
            final String text = address(address);
            assertArrayEquals(address, InetAddress.getByName(text).getAddress(), text);
            if (address.length == 4)
            {
                assertEquals(InetAddress.getByAddress(address).getHostAddress(), text);
            }
        }
        assertEquals(-1, X509Text.ipAddress(new UnsafeBuffer(new byte[8]), 0, 8, out, 0), "8 bytes: no address");
    }

    @Test
    void serialIsOpenSslsHexOfTheMagnitude()
    {
        for (int i = 0; i < 5_000; i++)
        {
            final BigInteger serial = new BigInteger(random.nextInt(170), random);
            final BigInteger signed = i % 3 == 0 ? serial.negate() : serial;
            final byte[] der = signed.toByteArray();
            final int end = X509Text.serialHex(new UnsafeBuffer(der), 0, der.length, out, 0);
            assertEquals(JdkOracle.serialHex(signed), new String(out, 0, end, StandardCharsets.US_ASCII),
                signed.toString(16));
        }
        assertEquals(-1, X509Text.serialHex(new UnsafeBuffer(new byte[0]), 0, 0, out, 0), "empty INTEGER");
    }

    @Test
    void hexIsUppercaseWithoutSeparators()
    {
        final byte[] bytes = randomBytes(32);
        final int end = X509Text.hexUpper(bytes, 0, bytes.length, out, 0);
        assertEquals(HexFormat.of().withUpperCase().formatHex(bytes),
            new String(out, 0, end, StandardCharsets.US_ASCII));
    }

    @Test
    void valuesThatDoNotFitGiveMinusOne()
    {
        final byte[] small = new byte[5];
        final byte[] value = "例え.example".getBytes(StandardCharsets.UTF_16BE);
        assertEquals(-1, X509Text.directoryString(DerWalker.TAG_BMP_STRING, new UnsafeBuffer(value), 0, 0,
            value.length, small, 0));
        assertEquals(-1, X509Text.directoryString(DerWalker.TAG_UTF8_STRING, new UnsafeBuffer(value), 0, 0,
            value.length, small, 0));
        assertEquals(-1, X509Text.hexUpper(value, 0, value.length, small, 0));
        final byte[] v6 = new byte[16];
        Arrays.fill(v6, (byte)0xAB);
        assertEquals(-1, X509Text.ipAddress(new UnsafeBuffer(v6), 0, 16, small, 0));
        final byte[] serial = { 0x12, 0x34, 0x56 };
        assertEquals(-1, X509Text.serialHex(new UnsafeBuffer(serial), 0, 3, small, 0));
    }

    private void assertRendered(final String expected, final int tag, final byte[] value)
    {
        final int end = X509Text.directoryString(tag, new UnsafeBuffer(value), 0, 0, value.length, out, 0);
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(out, end),
            HexFormat.of().formatHex(value));
    }

    /** Bytes a name value may hold: printable ASCII with now and then a Latin-1 byte, as found in the wild. */
    private byte[] randomPrintableBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(random.nextInt(10) == 0 ? 0xA0 + random.nextInt(0x60) : 'a' + random.nextInt(26));
        }
        return bytes;
    }

    /** Name ::= SEQUENCE { SET { SEQUENCE { id-at-commonName, value } } } around one encoded value. */
    private static byte[] commonNameDer(final byte[] value)
    {
        final byte[] attribute = concat(new byte[] { 0x06, 0x03, 0x55, 0x04, 0x03 }, value);
        return wrap(0x30, wrap(0x31, wrap(0x30, attribute)));
    }

    private static byte[] wrap(final int tag, final byte[] content)
    {
        return concat(new byte[] { (byte)tag, (byte)content.length }, content);
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private String address(final byte[] address)
    {
        final int end = X509Text.ipAddress(new UnsafeBuffer(address), 0, address.length, out, 0);
        return new String(out, 0, end, StandardCharsets.US_ASCII);
    }

    private byte[] randomBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String randomText()
    {
        return randomText(true);
    }

    /** Text with ASCII, Latin/Greek/Cyrillic..., CJK and, if {@code astral}, emoji beyond the BMP. */
    private String randomText(final boolean astral)
    {
        final StringBuilder text = new StringBuilder();
        final int length = random.nextInt(20);
        for (int i = 0; i < length; i++)
        {
            final int kind = random.nextInt(astral ? 4 : 3);
            text.appendCodePoint(kind == 0 ? 0x20 + random.nextInt(0x5F) : kind == 1 ? 0xA0 + random.nextInt(0x700) :
                kind == 2 ? 0x3040 + random.nextInt(0x5000) : 0x1F300 + random.nextInt(0x300));
        }
        return text.toString();
    }

    private byte[] randomUtf32()
    {
        final int[] codePoints = randomText().codePoints().toArray();
        final byte[] bytes = new byte[codePoints.length * 4];
        for (int i = 0; i < codePoints.length; i++)
        {
            bytes[4 * i] = (byte)(codePoints[i] >>> 24);
            bytes[4 * i + 1] = (byte)(codePoints[i] >>> 16);
            bytes[4 * i + 2] = (byte)(codePoints[i] >>> 8);
            bytes[4 * i + 3] = (byte)codePoints[i];
        }
        return bytes;
    }

    /** UTF-32BE is in java.base but has no StandardCharsets constant. */
    private static final class Charsets
    {
        static final java.nio.charset.Charset UTF_32BE = java.nio.charset.Charset.forName("UTF-32BE");
    }
}
