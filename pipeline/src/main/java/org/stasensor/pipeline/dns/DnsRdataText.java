package org.stasensor.pipeline.dns;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Renders a record's RDATA as text for {@code dns.answers.data}: the master-file presentation of RFC 1035 5.1 (as
 * dig prints it), with names written by {@link DnsNames#appendText} (no trailing dot):
 * <ul>
 *   <li>A: dotted quad; AAAA: RFC 5952;</li>
 *   <li>NS, CNAME, DNAME, PTR: the name; MX: {@code preference exchange}; SRV (RFC 2782):
 *       {@code priority weight port target};</li>
 *   <li>SOA: {@code mname rname serial refresh retry expire minimum};</li>
 *   <li>TXT, SPF: each character-string in double quotes, separated by a space, octets escaped as
 *       {@link DnsText#escapeStringByte} says;</li>
 *   <li>SVCB, HTTPS (RFC 9460 2.1, 7): {@code priority target} and the parameters {@code mandatory=},
 *       {@code alpn="..."} (values joined by commas in double quotes, a comma inside a value escaped),
 *       {@code no-default-alpn},
 *       {@code port=}, {@code ipv4hint=}, {@code ech=} (base64), {@code ipv6hint=}, {@code dohpath=} (RFC 9461),
 *       {@code ohttp} (RFC 9540), others as {@code keyN="value"} (quoted, as dig writes them);</li>
 *   <li>anything else, and a decoded type whose RDATA does not have its shape: RFC 3597 5 generic form,
 *       {@code \# length hex}.</li>
 * </ul>
 * Allocation-free; the caller's array bounds what is written.
 */
public final class DnsRdataText
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int SLACK = 64;
    private static final int WORST_CHARS_PER_OCTET = 8;
    private static final String[] SERVICE_KEYS = {
        "mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint", "dohpath", "ohttp"};

    private DnsRdataText()
    {
    }

    /**
     * Appends the text of one held record's RDATA.
     *
     * @param message     a parsed message.
     * @param section     a section index.
     * @param index       0 to {@link DnsMessage#recordsHeld} - 1.
     * @param destination receives the text.
     * @param at          where to write.
     * @return the offset after the text, or -1 when {@code destination} has too little room.
     */
    public static int append(final DnsMessage message, final int section, final int index, final byte[] destination,
        final int at)
    {
        final int type = message.recordType(section, index);
        final int dataOffset = message.recordDataOffset(section, index);
        final int dataLength = message.recordDataLength(section, index);
        final int room = destination.length - at;
        if (room >= WORST_CHARS_PER_OCTET * dataLength + 3 * DnsNames.MAX_TEXT_LENGTH + SLACK)
        {
            final int end = decoded(message, type, dataOffset, dataLength, destination, at);
            if (end >= 0)
            {
                return end;
            }
        }
        if (room < 2 * dataLength + 10)
        {
            return -1;
        }
        return generic(message.buffer(), dataOffset, dataLength, destination, at);
    }

    /**
     * RFC 3597 5: {@code \# length hex}, or {@code \# 0} for empty RDATA.
     */
    static int generic(final DirectBuffer buffer, final int offset, final int length, final byte[] destination,
        final int at)
    {
        int position = DnsText.ascii("\\# ", destination, at);
        position = DnsText.decimal(length, destination, position);
        if (length > 0)
        {
            destination[position++] = ' ';
            position = DnsText.hexUpper(buffer, offset, length, destination, position);
        }
        return position;
    }

    /**
     * @return the end of the text, or -1 when the RDATA does not have its type's shape.
     */
    private static int decoded(final DnsMessage message, final int type, final int offset, final int length,
        final byte[] out, final int at)
    {
        final DirectBuffer buffer = message.buffer();
        final int end = offset + length;
        return switch (type)
        {
            case DnsRecordType.A -> length == 4 ? DnsText.ipv4(buffer, offset, out, at) : -1;
            case DnsRecordType.AAAA -> length == 16 ? DnsText.ipv6(buffer, offset, out, at) : -1;
            case DnsRecordType.NS, DnsRecordType.CNAME, DnsRecordType.DNAME, DnsRecordType.PTR ->
                name(message, offset, end, true, out, at);
            case DnsRecordType.MX -> length < 2 ? -1 :
                name(message, offset + 2, end, true, out, number(message.uint16(offset), out, at));
            case DnsRecordType.SRV -> length < 6 ? -1 : srv(message, offset, end, out, at);
            case DnsRecordType.SOA -> soa(message, offset, end, out, at);
            case DnsRecordType.TXT, DnsRecordType.SPF -> characterStrings(buffer, offset, end, out, at);
            case DnsRecordType.SVCB, DnsRecordType.HTTPS -> serviceBinding(message, offset, end, out, at);
            default -> -1;
        };
    }

    private static int srv(final DnsMessage message, final int offset, final int end, final byte[] out,
        final int at)
    {
        int position = number(message.uint16(offset), out, at);
        position = number(message.uint16(offset + 2), out, position);
        position = number(message.uint16(offset + 4), out, position);
        return name(message, offset + 6, end, true, out, position);
    }

    private static int number(final long value, final byte[] out, final int at)
    {
        final int position = DnsText.decimal(value, out, at);
        out[position] = ' ';
        return position + 1;
    }

    /**
     * Appends the name at {@code start}; when {@code last}, it must end exactly at {@code end}.
     *
     * @return the end of the text, or -1.
     */
    private static int name(final DnsMessage message, final int start, final int end, final boolean last,
        final byte[] out, final int at)
    {
        if (at < 0)
        {
            return -1;
        }
        final long walked = DnsNames.walk(message.buffer(), message.offset(), message.end(), start, end);
        final int nameEnd = DnsNames.end(walked);
        if (nameEnd < 0 || DnsNames.result(walked) < 0 || (last && nameEnd != end))
        {
            return -1;
        }
        return DnsNames.appendText(message.buffer(), message.offset(), message.end(), start, end, out, at);
    }

    private static int soa(final DnsMessage message, final int offset, final int end, final byte[] out, final int at)
    {
        final DirectBuffer buffer = message.buffer();
        final long mname = DnsNames.walk(buffer, message.offset(), message.end(), offset, end);
        if (DnsNames.end(mname) < 0)
        {
            return -1;
        }
        final long rname = DnsNames.walk(buffer, message.offset(), message.end(), DnsNames.end(mname), end);
        final int numbers = DnsNames.end(rname);
        if (numbers < 0 || end - numbers != 20)
        {
            return -1;
        }
        int position = name(message, offset, end, false, out, at);
        if (position < 0)
        {
            return -1;
        }
        out[position++] = ' ';
        position = name(message, DnsNames.end(mname), end, false, out, position);
        if (position < 0)
        {
            return -1;
        }
        for (int i = 0; i < 5; i++)
        {
            out[position++] = ' ';
            position = DnsText.decimal(buffer.getInt(numbers + 4 * i, NET) & 0xFFFF_FFFFL, out, position);
        }
        return position;
    }

    private static int characterStrings(
        final DirectBuffer buffer, final int offset, final int end, final byte[] out, final int at)
    {
        if (offset == end || DnsMessageParser.characterStringsEnd(buffer, offset, end) != end)
        {
            return -1;
        }
        int position = at;
        int cursor = offset;
        while (cursor < end)
        {
            if (cursor > offset)
            {
                out[position++] = ' ';
            }
            final int length = buffer.getByte(cursor) & 0xFF;
            out[position++] = '"';
            for (int i = 1; i <= length; i++)
            {
                position = DnsText.escapeStringByte(buffer.getByte(cursor + i) & 0xFF, out, position);
            }
            out[position++] = '"';
            cursor += 1 + length;
        }
        return position;
    }

    private static int serviceBinding(
        final DnsMessage message, final int offset, final int end, final byte[] out, final int at)
    {
        final DirectBuffer buffer = message.buffer();
        if (end - offset < 3)
        {
            return -1;
        }
        final long target = DnsNames.walk(buffer, message.offset(), message.end(), offset + 2, end);
        final int parameters = DnsNames.end(target);
        if (parameters < 0 || DnsMessageParser.serviceParametersEnd(buffer, parameters, end) != end)
        {
            return -1;
        }
        int position = name(message, offset + 2, end, false, out, number(message.uint16(offset), out, at));
        if (position < 0)
        {
            return -1;
        }
        int cursor = parameters;
        while (cursor < end)
        {
            final int key = buffer.getShort(cursor, NET) & 0xFFFF;
            final int length = buffer.getShort(cursor + 2, NET) & 0xFFFF;
            out[position++] = ' ';
            position = serviceParameter(buffer, key, cursor + 4, length, out, position);
            cursor += 4 + length;
        }
        return position;
    }

    private static int serviceParameter(final DirectBuffer buffer, final int key, final int offset, final int length,
        final byte[] out, final int at)
    {
        final boolean known = switch (key)
        {
            case 0 -> length % 2 == 0 && length > 0;
            case 1 -> length > 0 && DnsMessageParser.characterStringsEnd(buffer, offset, offset + length)
                == offset + length;
            case 2, 8 -> length == 0;
            case 3 -> length == 2;
            case 4 -> length % 4 == 0 && length > 0;
            case 5, 7 -> true;
            case 6 -> length % 16 == 0 && length > 0;
            default -> false;
        };
        if (!known)
        {
            int position = serviceKey(0xFFFF_0000 | key, out, at);
            if (length > 0)
            {
                out[position++] = '=';
                out[position++] = '"';
                for (int i = 0; i < length; i++)
                {
                    position = DnsText.escapeStringByte(buffer.getByte(offset + i) & 0xFF, out, position);
                }
                out[position++] = '"';
            }
            return position;
        }
        int position = serviceKey(key, out, at);
        if (key == 2 || key == 8)
        {
            return position;
        }
        out[position++] = '=';
        switch (key)
        {
            case 0 ->
            {
                for (int i = 0; i < length; i += 2)
                {
                    if (i > 0)
                    {
                        out[position++] = ',';
                    }
                    position = serviceKey(buffer.getShort(offset + i, NET) & 0xFFFF, out, position);
                }
            }
            case 1 -> position = alpnValues(buffer, offset, offset + length, out, position);
            case 3 -> position = DnsText.decimal(buffer.getShort(offset, NET) & 0xFFFF, out, position);
            case 4, 6 ->
            {
                final int size = key == 4 ? 4 : 16;
                for (int i = 0; i < length; i += size)
                {
                    if (i > 0)
                    {
                        out[position++] = ',';
                    }
                    position = key == 4 ? DnsText.ipv4(buffer, offset + i, out, position) :
                        DnsText.ipv6(buffer, offset + i, out, position);
                }
            }
            case 5 -> position = DnsText.base64(buffer, offset, length, out, position);
            default ->
            {
                out[position++] = '"';
                for (int i = 0; i < length; i++)
                {
                    position = DnsText.escapeStringByte(buffer.getByte(offset + i) & 0xFF, out, position);
                }
                out[position++] = '"';
            }
        }
        return position;
    }

    /**
     * Writes a key's name; a key or'ed with 0xFFFF0000 is forced to the generic {@code keyN} form.
     */
    private static int serviceKey(final int key, final byte[] out, final int at)
    {
        if (key >= 0 && key < SERVICE_KEYS.length)
        {
            return DnsText.ascii(SERVICE_KEYS[key], out, at);
        }
        return DnsText.decimal(key & 0xFFFF, out, DnsText.ascii("key", out, at));
    }

    private static int alpnValues(final DirectBuffer buffer, final int offset, final int end, final byte[] out,
        final int at)
    {
        // Quoted as dig and RFC 9460's examples write it, so a value list reads as one token.
        int position = at;
        out[position++] = '"';
        int cursor = offset;
        while (cursor < end)
        {
            if (cursor > offset)
            {
                out[position++] = ',';
            }
            final int length = buffer.getByte(cursor) & 0xFF;
            for (int i = 1; i <= length; i++)
            {
                final int octet = buffer.getByte(cursor + i) & 0xFF;
                if (octet == ',')
                {
                    out[position++] = '\\';
                    out[position++] = ',';
                }
                else
                {
                    position = DnsText.escapeStringByte(octet, out, position);
                }
            }
            cursor += 1 + length;
        }
        out[position++] = '"';
        return position;
    }
}
