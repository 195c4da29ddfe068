package org.stasensor.pipeline.x509;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identifier and length octets as ITU-T X.690 8.1 defines them, on hand-made encodings.
 */
class DerWalkerTest
{
    private final DerWalker walker = new DerWalker();

    @Test
    void shortFormLength()
    {
        walk(0x04, 0x03, 0x01, 0x02, 0x03);
        assertTrue(walker.next());
        assertEquals(DerWalker.TAG_OCTET_STRING, walker.tag());
        assertEquals(2, walker.valueOffset());
        assertEquals(3, walker.valueLength());
        assertEquals(5, walker.elementLength());
        assertFalse(walker.next());
        assertTrue(walker.isComplete());
    }

    @Test
    void longFormLengthsOfOneToFourOctets()
    {
        assertLength(new byte[] { (byte)0x81, (byte)0x80 }, 128);
        assertLength(new byte[] { (byte)0x82, 0x01, 0x00 }, 256);
        assertLength(new byte[] { (byte)0x83, 0x01, 0x00, 0x01 }, 65537);
        assertLength(new byte[] { (byte)0x84, 0x00, 0x00, 0x00, 0x05 }, 5);
    }

    @Test
    void indefiniteLengthIsMalformed()
    {
        walk(0x30, 0x80, 0x04, 0x00, 0x00, 0x00);
        assertFalse(walker.next());
        assertTrue(walker.isMalformed());
    }

    @Test
    void lengthOfMoreThanFourOctetsOrBeyondIntIsMalformed()
    {
        walk(0x04, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00);
        assertFalse(walker.next());
        assertTrue(walker.isMalformed());
        walk(0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF);
        assertFalse(walker.next());
        assertTrue(walker.isMalformed());
        walk(0x04, 0xFF);
        assertFalse(walker.next(), "0xFF is reserved (X.690 8.1.3.5 c)");
        assertTrue(walker.isMalformed());
    }

    @Test
    void lengthBeyondTheParentIsMalformed()
    {
        // A SEQUENCE of 4 bytes whose OCTET STRING claims 5: inside the buffer, outside its parent.
        walk(0x30, 0x04, 0x04, 0x05, 0x01, 0x02, 0x03, 0x04);
        assertTrue(walker.next());
        final DerWalker child = walker.enter(new DerWalker());
        assertFalse(child.next());
        assertTrue(child.isMalformed());
        assertFalse(walker.next());
        assertFalse(walker.isComplete(), "two bytes after the SEQUENCE are not an element");
        assertTrue(walker.isMalformed());
    }

    @Test
    void lengthBeyondTheRangeIsMalformed()
    {
        walk(0x04, 0x05, 0x01);
        assertFalse(walker.next());
        assertTrue(walker.isMalformed());
        walk(0x04, 0x82, 0x01);
        assertFalse(walker.next(), "long form cut short");
        assertTrue(walker.isMalformed());
    }

    @Test
    void highTagNumberForm()
    {
        walk(0x9F, 0x81, 0x00, 0x01, 0xAA);
        assertTrue(walker.next());
        assertEquals(0x9F, walker.tag());
        assertEquals(128, walker.tagNumber());
        assertEquals(1, walker.valueLength());
        assertEquals(4, walker.valueOffset());
        walk(0x1F, 0x81);
        assertFalse(walker.next(), "tag number cut short");
        assertTrue(walker.isMalformed());
    }

    @Test
    void rangeOutsideTheBufferIsMalformed()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4]);
        assertTrue(walker.wrap(buffer, 2, 3).isMalformed());
        assertTrue(walker.wrap(buffer, -1, 2).isMalformed());
        assertTrue(walker.wrap(buffer, 0, -1).isMalformed());
        assertTrue(walker.wrap(buffer, Integer.MAX_VALUE, Integer.MAX_VALUE).isMalformed());
        assertFalse(walker.wrap(buffer, 4, 0).isMalformed());
        assertTrue(walker.isComplete());
    }

    @Test
    void elementsFollowOneAnotherAndNest()
    {
        walk(0x30, 0x05, 0x02, 0x01, 0x05, 0x05, 0x00, 0x01, 0x01, 0xFF);
        assertTrue(walker.next(DerWalker.TAG_SEQUENCE));
        assertTrue(walker.isConstructed());
        final DerWalker child = walker.enter(new DerWalker());
        assertTrue(child.next(DerWalker.TAG_INTEGER));
        assertEquals(5, child.buffer().getByte(child.valueOffset()));
        assertTrue(child.next(DerWalker.TAG_NULL));
        assertEquals(0, child.valueLength());
        assertFalse(child.next());
        assertTrue(child.isComplete());
        assertTrue(walker.next(DerWalker.TAG_BOOLEAN));
        assertTrue(walker.isComplete());
    }

    private void assertLength(final byte[] lengthOctets, final int length)
    {
        final byte[] encoding = new byte[1 + lengthOctets.length + length];
        encoding[0] = DerWalker.TAG_OCTET_STRING;
        System.arraycopy(lengthOctets, 0, encoding, 1, lengthOctets.length);
        walker.wrap(new UnsafeBuffer(encoding), 0, encoding.length);
        assertTrue(walker.next());
        assertEquals(length, walker.valueLength());
        assertEquals(1 + lengthOctets.length, walker.valueOffset());
        assertTrue(walker.isComplete());
        walker.wrap(new UnsafeBuffer(encoding), 0, encoding.length - 1);
        assertFalse(walker.next(), "one byte short");
        assertTrue(walker.isMalformed());
    }

    private void walk(final int... bytes)
    {
        final byte[] encoding = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++)
        {
            encoding[i] = (byte)bytes[i];
        }
        walker.wrap(new UnsafeBuffer(encoding), 0, encoding.length);
    }
}
