package org.stasensor.pipeline.dns;

import org.agrona.DirectBuffer;

/**
 * Domain names in DNS messages (RFC 1035 3.1, 4.1.4): a sequence of labels, each a length byte (at most 63) and that
 * many octets, ended by the zero-length root label or by a 2-byte compression pointer (top bits 11) holding an offset
 * from the start of the message. Hostile input is expected, so every name is walked with these bounds:
 * <ul>
 *   <li>the bytes that lie in place (up to the first pointer) must stay below the caller's limit, the end of the
 *       message or of the RDATA that holds the name; a name that does not is a framing error;</li>
 *   <li>a pointer must point strictly before the start of the labels being read (the name itself at first, then
 *       the previous pointer's target), as BIND's decoder requires: every jump goes backwards to a place that was
 *       not read yet, so a loop is impossible, and at most {@link #MAX_POINTERS} jumps are followed;</li>
 *   <li>the expanded name is at most {@link #MAX_NAME_LENGTH} octets (RFC 1035 2.3.4), labels included their length
 *       bytes and the root;</li>
 *   <li>label types 01 and 10 (the extended labels of RFC 6891 and RFC 2673, never deployed) are refused.</li>
 * </ul>
 * A name whose in-place bytes frame correctly but which breaks another rule still tells where it ends, so a
 * message can be parsed past it; only its expansion fails. Nothing here allocates.
 */
public final class DnsNames
{
    /** Longest name in wire form, length bytes and root included (RFC 1035 2.3.4). */
    public static final int MAX_NAME_LENGTH = 255;
    /** Longest label (RFC 1035 2.3.4). */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Most compression pointers followed for one name; a name of 127 labels is the most that fits 255 octets. */
    public static final int MAX_POINTERS = 127;
    /** Room {@link #appendText} needs: every octet of a 255-octet name escaped as four characters. */
    public static final int MAX_TEXT_LENGTH = 1016;

    /** The in-place bytes leave their limit or use a reserved label type: the end of the name is unknown. */
    public static final int FRAMING = -1;
    /** A pointer that does not point backwards (a loop, a forward or a self reference). */
    public static final int BAD_POINTER = -2;
    /** More than {@link #MAX_POINTERS} pointers. */
    public static final int TOO_MANY_POINTERS = -3;
    /** Longer than {@link #MAX_NAME_LENGTH} octets once expanded. */
    public static final int TOO_LONG = -4;
    /** Labels reached through a pointer run past the end of the message. */
    public static final int TRUNCATED = -5;
    /** A reserved label type reached through a pointer. */
    public static final int RESERVED_LABEL = -6;
    /** The destination has less room than needed. */
    public static final int NO_ROOM = -7;

    /** Label type bits of a pointer (RFC 1035 4.1.4). */
    static final int POINTER_BITS = 0xC0;

    private static final int MODE_CHECK = 0;
    private static final int MODE_WIRE = 1;
    private static final int MODE_TEXT = 2;

    private DnsNames()
    {
    }

    /**
     * Walks a name without copying it.
     *
     * @param buffer        holds the message.
     * @param messageOffset where the message starts; pointers count from here.
     * @param messageEnd    end of the message (exclusive).
     * @param at            where the name starts.
     * @param limit         end of the bytes the name may occupy in place (exclusive): the message or RDATA end.
     * @return a packed result: {@link #end} and {@link #result} (the wire length, 1..255, or an error code).
     */
    public static long walk(
        final DirectBuffer buffer, final int messageOffset, final int messageEnd, final int at, final int limit)
    {
        return run(buffer, messageOffset, messageEnd, at, limit, MODE_CHECK, null, 0);
    }

    /**
     * Where a walked name's in-place bytes end: after the root label or after its first pointer.
     *
     * @param walked a result of {@link #walk}.
     * @return offset just past the name, or -1 for a {@link #FRAMING} error.
     */
    public static int end(final long walked)
    {
        return (int)(walked >> 32);
    }

    /**
     * The wire length of a walked name, or why it is not a valid name.
     *
     * @param walked a result of {@link #walk}.
     * @return 1..255, or a negative error code of this class.
     */
    public static int result(final long walked)
    {
        return (int)walked;
    }

    /**
     * Expands a name into uncompressed wire form (length-prefixed labels ending with the root byte).
     *
     * @param buffer        holds the message.
     * @param messageOffset where the message starts.
     * @param messageEnd    end of the message (exclusive).
     * @param at            where the name starts.
     * @param limit         end of the bytes the name may occupy in place.
     * @param destination   receives the name; needs {@link #MAX_NAME_LENGTH} bytes from {@code destinationOffset}.
     * @param destinationOffset where to write.
     * @return the wire length written, or a negative error code.
     */
    public static int expand(final DirectBuffer buffer, final int messageOffset, final int messageEnd, final int at,
        final int limit, final byte[] destination, final int destinationOffset)
    {
        if (destinationOffset < 0 || destination.length - destinationOffset < MAX_NAME_LENGTH)
        {
            return NO_ROOM;
        }
        return result(run(buffer, messageOffset, messageEnd, at, limit, MODE_WIRE, destination, destinationOffset));
    }

    /**
     * Appends a name in presentation form: labels joined by dots, the root alone as ".", no trailing dot; octets
     * escaped as {@link DnsText#escapeLabelByte} says (ECS dns.question.name, RFC 1035 5.1).
     *
     * @param buffer        holds the message.
     * @param messageOffset where the message starts.
     * @param messageEnd    end of the message (exclusive).
     * @param at            where the name starts.
     * @param limit         end of the bytes the name may occupy in place.
     * @param destination   receives the text; needs {@link #MAX_TEXT_LENGTH} bytes from {@code destinationOffset}.
     * @param destinationOffset where to write.
     * @return the offset after the text, or a negative error code.
     */
    public static int appendText(final DirectBuffer buffer, final int messageOffset, final int messageEnd,
        final int at, final int limit, final byte[] destination, final int destinationOffset)
    {
        if (destinationOffset < 0 || destination.length - destinationOffset < MAX_TEXT_LENGTH)
        {
            return NO_ROOM;
        }
        return result(run(buffer, messageOffset, messageEnd, at, limit, MODE_TEXT, destination, destinationOffset));
    }

    private static long pack(final int end, final int result)
    {
        return ((long)end << 32) | (result & 0xFFFF_FFFFL);
    }

    private static long run(final DirectBuffer buffer, final int messageOffset, final int messageEnd,
        final int nameOffset, final int limit, final int requestedMode, final byte[] out, final int outOffset)
    {
        int mode = requestedMode;
        int inPlaceEnd = -1;
        int at = nameOffset;
        int currentLimit = Math.min(limit, buffer.capacity());
        int segmentStart = nameOffset;
        int wireLength = 0;
        int pointers = 0;
        int position = outOffset;
        int error = 0;
        if (nameOffset < 0)
        {
            return pack(-1, FRAMING);
        }
        while (true)
        {
            if (at >= currentLimit)
            {
                error = inPlaceEnd < 0 ? FRAMING : TRUNCATED;
                break;
            }
            final int lengthByte = buffer.getByte(at) & 0xFF;
            if (lengthByte == 0)
            {
                if (inPlaceEnd < 0)
                {
                    inPlaceEnd = at + 1;
                }
                wireLength++;
                if (mode == MODE_WIRE)
                {
                    out[position++] = 0;
                }
                else if (mode == MODE_TEXT && wireLength == 1)
                {
                    out[position++] = '.';
                }
                break;
            }
            final int kind = lengthByte & POINTER_BITS;
            if (kind == 0)
            {
                final int labelStart = at + 1;
                if (labelStart + lengthByte > currentLimit)
                {
                    error = inPlaceEnd < 0 ? FRAMING : TRUNCATED;
                    break;
                }
                final boolean first = wireLength == 0;
                wireLength += 1 + lengthByte;
                if (wireLength >= MAX_NAME_LENGTH && error == 0)
                {
                    error = TOO_LONG;
                    mode = MODE_CHECK;
                }
                if (error != 0 && inPlaceEnd >= 0)
                {
                    break;
                }
                if (mode == MODE_WIRE)
                {
                    out[position++] = (byte)lengthByte;
                    buffer.getBytes(labelStart, out, position, lengthByte);
                    position += lengthByte;
                }
                else if (mode == MODE_TEXT)
                {
                    if (!first)
                    {
                        out[position++] = '.';
                    }
                    for (int i = 0; i < lengthByte; i++)
                    {
                        position = DnsText.escapeLabelByte(buffer.getByte(labelStart + i) & 0xFF, out, position);
                    }
                }
                at = labelStart + lengthByte;
            }
            else if (kind == POINTER_BITS)
            {
                if (at + 2 > currentLimit)
                {
                    error = inPlaceEnd < 0 ? FRAMING : TRUNCATED;
                    break;
                }
                if (inPlaceEnd < 0)
                {
                    inPlaceEnd = at + 2;
                }
                if (error != 0)
                {
                    break;
                }
                final int target = messageOffset + (((lengthByte & 0x3F) << 8) | (buffer.getByte(at + 1) & 0xFF));
                if (target >= segmentStart)
                {
                    error = BAD_POINTER;
                    break;
                }
                if (++pointers > MAX_POINTERS)
                {
                    error = TOO_MANY_POINTERS;
                    break;
                }
                segmentStart = target;
                at = target;
                currentLimit = Math.min(messageEnd, buffer.capacity());
            }
            else
            {
                error = inPlaceEnd < 0 ? FRAMING : RESERVED_LABEL;
                break;
            }
        }
        if (error != 0)
        {
            return pack(error == FRAMING ? -1 : inPlaceEnd, error);
        }
        return pack(inPlaceEnd, mode == MODE_TEXT ? position : wireLength);
    }
}
