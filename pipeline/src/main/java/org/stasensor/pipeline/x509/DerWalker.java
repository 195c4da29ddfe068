package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

/**
 * Cursor over the elements of one level of a DER (or definite-length BER) encoding (ITU-T X.690), a flyweight
 * reused for every certificate. {@link #wrap} sets the range, the enclosing element's value; {@link #next()}
 * reads the element at the cursor and steps over it; {@link #enter} points another walker at the current
 * element's value, one walker per nesting level.
 * <pre>
 *   identifier octets | length octets                  | value
 *   class,P/C,tag     | 0xxxxxxx short form (0..127)   | length bytes
 *   (tag 31: more     | 1nnnnnnn then n bytes, n 1..4  |
 *    octets, 7 bits   | 10000000 indefinite: refused   |
 *    each, X.690 8.1.2.4)                              |
 * </pre>
 * Every length is checked against the enclosing range: an element that would end beyond its parent, an
 * indefinite length (X.690 8.1.3.6, not allowed in DER), a long form of more than four octets or a value past
 * {@link Integer#MAX_VALUE} make the walker {@link #isMalformed() malformed}; it then returns false from every
 * further {@link #next()}. Non-minimal length encodings (BER) are accepted, since they change nothing about
 * where an element ends.
 */
public final class DerWalker
{
    /** BOOLEAN (X.680 universal tag 1). */
    public static final int TAG_BOOLEAN = 0x01;
    /** INTEGER. */
    public static final int TAG_INTEGER = 0x02;
    /** BIT STRING, primitive. */
    public static final int TAG_BIT_STRING = 0x03;
    /** OCTET STRING, primitive. */
    public static final int TAG_OCTET_STRING = 0x04;
    /** NULL. */
    public static final int TAG_NULL = 0x05;
    /** OBJECT IDENTIFIER. */
    public static final int TAG_OBJECT_IDENTIFIER = 0x06;
    /** UTF8String. */
    public static final int TAG_UTF8_STRING = 0x0C;
    /** NumericString. */
    public static final int TAG_NUMERIC_STRING = 0x12;
    /** PrintableString. */
    public static final int TAG_PRINTABLE_STRING = 0x13;
    /** TeletexString (T61String). */
    public static final int TAG_T61_STRING = 0x14;
    /** IA5String. */
    public static final int TAG_IA5_STRING = 0x16;
    /** UTCTime. */
    public static final int TAG_UTC_TIME = 0x17;
    /** GeneralizedTime. */
    public static final int TAG_GENERALIZED_TIME = 0x18;
    /** VisibleString. */
    public static final int TAG_VISIBLE_STRING = 0x1A;
    /** UniversalString (UCS-4, big-endian). */
    public static final int TAG_UNIVERSAL_STRING = 0x1C;
    /** BMPString (UCS-2, big-endian). */
    public static final int TAG_BMP_STRING = 0x1E;
    /** SEQUENCE, constructed. */
    public static final int TAG_SEQUENCE = 0x30;
    /** SET, constructed. */
    public static final int TAG_SET = 0x31;
    /** Context-specific constructed [0]; add the tag number for [1], [2]... */
    public static final int TAG_CONTEXT_CONSTRUCTED = 0xA0;
    /** Context-specific primitive [0]; add the tag number for [1], [2]... */
    public static final int TAG_CONTEXT_PRIMITIVE = 0x80;

    /** Identifier bits 5..1 all set: the tag number follows in further octets (X.690 8.1.2.4). */
    private static final int HIGH_TAG_NUMBER = 0x1F;
    /** Length octet 0x80 alone: indefinite form (X.690 8.1.3.6). */
    private static final int INDEFINITE_LENGTH = 0x80;
    /** Longest long-form length this walker reads: four octets hold any length a buffer can have. */
    private static final int MAX_LENGTH_OCTETS = 4;
    /** Longest high tag number this walker reads: four octets of seven bits. */
    private static final int MAX_TAG_OCTETS = 4;

    private DirectBuffer buffer;
    private int position;
    private int limit;
    private boolean malformed;
    private int tag;
    private int tagNumber;
    private int elementOffset;
    private int valueOffset;
    private int valueLength;

    /**
     * Points the walker at a range holding zero or more elements.
     *
     * @param buffer the memory.
     * @param offset where the first element starts.
     * @param length bytes in the range; a range beyond the buffer's capacity makes the walker malformed.
     * @return this.
     */
    public DerWalker wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.tag = 0;
        this.tagNumber = 0;
        this.elementOffset = offset;
        this.valueOffset = offset;
        this.valueLength = 0;
        this.position = offset;
        final boolean inside = buffer != null && offset >= 0 && length >= 0 &&
            (long)offset + length <= buffer.capacity();
        this.limit = inside ? offset + length : offset;
        this.malformed = !inside;
        return this;
    }

    /**
     * Points {@code child} at the value of the current element, the range its own elements must stay within.
     *
     * @param child the walker for the next level.
     * @return {@code child}.
     */
    public DerWalker enter(final DerWalker child)
    {
        return child.wrap(buffer, valueOffset, valueLength);
    }

    /**
     * Reads the element at the cursor and moves the cursor past it.
     *
     * @return true when an element was read; false at the end of the range or when the element is malformed
     *         (then {@link #isMalformed()} is true).
     */
    public boolean next()
    {
        if (malformed || position >= limit)
        {
            return false;
        }
        int p = position;
        final int identifier = buffer.getByte(p++) & 0xFF;
        int number = identifier & HIGH_TAG_NUMBER;
        if (number == HIGH_TAG_NUMBER)
        {
            number = 0;
            int octets = 0;
            int octet;
            do
            {
                if (p >= limit || ++octets > MAX_TAG_OCTETS)
                {
                    return fail();
                }
                octet = buffer.getByte(p++) & 0xFF;
                number = (number << 7) | (octet & 0x7F);
            }
            while ((octet & 0x80) != 0);
        }
        if (p >= limit)
        {
            return fail();
        }
        final int first = buffer.getByte(p++) & 0xFF;
        int length;
        if (first < INDEFINITE_LENGTH)
        {
            length = first;
        }
        else if (first == INDEFINITE_LENGTH)
        {
            return fail();
        }
        else
        {
            final int octets = first & 0x7F;
            if (octets > MAX_LENGTH_OCTETS || octets > limit - p)
            {
                return fail();
            }
            long value = 0;
            for (int i = 0; i < octets; i++)
            {
                value = (value << 8) | (buffer.getByte(p++) & 0xFF);
            }
            if (value > Integer.MAX_VALUE)
            {
                return fail();
            }
            length = (int)value;
        }
        if (length > limit - p)
        {
            return fail();
        }
        tag = identifier;
        tagNumber = number;
        elementOffset = position;
        valueOffset = p;
        valueLength = length;
        position = p + length;
        return true;
    }

    /**
     * Reads the next element and checks its identifier octet.
     *
     * @param expectedTag the identifier octet wanted, e.g. {@link #TAG_SEQUENCE}.
     * @return true when there is a next element and it has that tag.
     */
    public boolean next(final int expectedTag)
    {
        return next() && tag == expectedTag;
    }

    /**
     * Whether the range was walked to its end without a malformed element.
     *
     * @return true when nothing is left and nothing was wrong.
     */
    public boolean isComplete()
    {
        return !malformed && position == limit;
    }

    /**
     * Whether an element in the range was malformed (or the range itself was outside the buffer).
     *
     * @return true once a malformed element was met.
     */
    public boolean isMalformed()
    {
        return malformed;
    }

    /**
     * The buffer walked.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * The first identifier octet of the current element: class (bits 8-7), constructed (bit 6) and the tag number
     * when below 31; for a higher tag number the low five bits are all set and {@link #tagNumber()} has it.
     *
     * @return the identifier octet, 0..255.
     */
    public int tag()
    {
        return tag;
    }

    /**
     * The tag number of the current element, also when it is in the high-tag-number form.
     *
     * @return the tag number.
     */
    public int tagNumber()
    {
        return tagNumber;
    }

    /**
     * Whether the current element is constructed (holds elements) rather than primitive.
     *
     * @return true for constructed encodings.
     */
    public boolean isConstructed()
    {
        return (tag & 0x20) != 0;
    }

    /**
     * Where the current element's identifier octets start.
     *
     * @return the offset in {@link #buffer()}.
     */
    public int elementOffset()
    {
        return elementOffset;
    }

    /**
     * Length of the whole current element: identifier, length octets and value.
     *
     * @return bytes.
     */
    public int elementLength()
    {
        return valueOffset + valueLength - elementOffset;
    }

    /**
     * Where the current element's value starts.
     *
     * @return the offset in {@link #buffer()}.
     */
    public int valueOffset()
    {
        return valueOffset;
    }

    /**
     * Length of the current element's value.
     *
     * @return bytes.
     */
    public int valueLength()
    {
        return valueLength;
    }

    /**
     * Where the cursor is: the start of the next element.
     *
     * @return the offset in {@link #buffer()}.
     */
    public int position()
    {
        return position;
    }

    /**
     * End of the range.
     *
     * @return the offset one past the last byte of the range.
     */
    public int limit()
    {
        return limit;
    }

    /**
     * Whether the current element's value equals some bytes, e.g. a precomputed OID.
     *
     * @param expected the bytes.
     * @return true when length and every byte match.
     */
    public boolean valueEquals(final byte[] expected)
    {
        return bytesEqual(buffer, valueOffset, valueLength, expected);
    }

    /**
     * Compares bytes in a buffer with a byte array.
     *
     * @param buffer   the buffer.
     * @param offset   where the bytes start.
     * @param length   how many bytes there are.
     * @param expected the bytes wanted.
     * @return true when length and every byte match.
     */
    public static boolean bytesEqual(final DirectBuffer buffer, final int offset, final int length,
        final byte[] expected)
    {
        if (length != expected.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    private boolean fail()
    {
        malformed = true;
        return false;
    }
}
