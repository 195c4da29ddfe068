package org.stasensor.pipeline.x509;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * OID content octets and dotted text against the JDK's {@link Oid} (java.security.jgss), which encodes and
 * decodes OBJECT IDENTIFIERs itself.
 */
class ObjectIdentifiersTest
{
    @Test
    void encodingIsTheJdksDerWithoutTagAndLength() throws GSSException
    {
        final Random random = new Random(690);
        for (int i = 0; i < 2_000; i++)
        {
            final String dotted = randomOid(random);
            assertArrayEquals(contentOctets(new Oid(dotted).getDER()), ObjectIdentifiers.encode(dotted), dotted);
        }
    }

    @Test
    void dottedTextIsTheJdksText() throws GSSException
    {
        final Random random = new Random(691);
        final byte[] text = new byte[256];
        for (int i = 0; i < 2_000; i++)
        {
            final Oid oid = new Oid(randomOid(random));
            final byte[] content = contentOctets(oid.getDER());
            final int end = ObjectIdentifiers.appendDotted(new UnsafeBuffer(content), 0, content.length, text, 0);
            assertEquals(oid.toString(), new String(text, 0, end, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void malformedOrUnrenderableOidsGiveMinusOne()
    {
        final byte[] text = new byte[64];
        assertEquals(-1, ObjectIdentifiers.appendDotted(new UnsafeBuffer(new byte[0]), 0, 0, text, 0), "empty");
        final byte[] open = { 0x2A, (byte)0x86 };
        assertEquals(-1, ObjectIdentifiers.appendDotted(new UnsafeBuffer(open), 0, 2, text, 0), "unfinished arc");
        final byte[] huge = new byte[11];
        Arrays.fill(huge, (byte)0xFF);
        huge[10] = 0x7F;
        assertEquals(-1, ObjectIdentifiers.appendDotted(new UnsafeBuffer(huge), 0, huge.length, text, 0), "> 63 bits");
        final byte[] rsa = ObjectIdentifiers.encode("1.2.840.113549.1.1.1");
        assertEquals(-1, ObjectIdentifiers.appendDotted(new UnsafeBuffer(rsa), 0, rsa.length, new byte[10], 0),
            "does not fit");
    }

    private static String randomOid(final Random random)
    {
        final int first = random.nextInt(3);
        final StringBuilder dotted = new StringBuilder().append(first).append('.')
            .append(first < 2 ? random.nextInt(40) : random.nextInt(2000));
        final int arcs = random.nextInt(10);
        for (int i = 0; i < arcs; i++)
        {
            dotted.append('.').append(random.nextBoolean() ? random.nextInt(128) : random.nextInt(Integer.MAX_VALUE));
        }
        return dotted.toString();
    }

    private static byte[] contentOctets(final byte[] der)
    {
        // The JDK's DER is tag 06, a one-octet length (these OIDs are short), then the content.
        return Arrays.copyOfRange(der, 2, der.length);
    }
}
