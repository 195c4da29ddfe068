package org.stasensor.pipeline.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;

/**
 * Test side: what tshark's DNS fields would be for a message as the parser saw it. The parser's views (offsets,
 * types, lengths) and its name expansion are taken as they are; only the formatting into Wireshark's text (names as
 * Wireshark prints them, numbers, addresses through the JDK) is done here, independently of the production text
 * code, so that comparing the two maps checks the parser against tshark.
 */
final class WiresharkView
{
    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int NSEC = 47;
    private static final int NSEC3 = 50;

    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final DnsMessage message;
    private final DirectBuffer buffer;

    private WiresharkView(final DnsMessage message)
    {
        this.message = message;
        this.buffer = message.buffer();
    }

    /**
     * The fields of a parsed message.
     *
     * @param message a message that parsed.
     * @return field name to values, in tshark's order within each field.
     */
    static Map<String, List<String>> of(final DnsMessage message)
    {
        final WiresharkView view = new WiresharkView(message);
        view.header();
        for (int q = 0; q < message.questionsHeld(); q++)
        {
            view.add("dns.qry.name", view.name(message.questionNameOffset(q)));
            view.add("dns.qry.type", Integer.toString(message.questionType(q)));
            view.add("dns.qry.class", String.format("0x%04x", message.questionClass(q)));
        }
        for (int section = 0; section < DnsMessage.SECTIONS; section++)
        {
            for (int i = 0; i < message.recordsHeld(section); i++)
            {
                view.record(section, i);
            }
        }
        return view.fields;
    }

    private void header()
    {
        add("dns.id", String.format("0x%04x", message.id()));
        add("dns.flags", String.format("0x%04x", message.flags()));
        final boolean update = message.opcode() == DnsOpcode.UPDATE;
        add(update ? "dns.count.zones" : "dns.count.queries", Integer.toString(message.questionCount()));
        add(update ? "dns.count.prerequisites" : "dns.count.answers",
            Integer.toString(message.sectionCount(DnsMessage.ANSWER)));
        add(update ? "dns.count.updates" : "dns.count.auth_rr",
            Integer.toString(message.sectionCount(DnsMessage.AUTHORITY)));
        add("dns.count.add_rr", Integer.toString(message.sectionCount(DnsMessage.ADDITIONAL)));
    }

    private void record(final int section, final int index)
    {
        final int type = message.recordType(section, index);
        final int dnsClass = message.recordClass(section, index);
        final int offset = message.recordDataOffset(section, index);
        final int length = message.recordDataLength(section, index);
        final String owner = name(message.recordNameOffset(section, index));
        if (type == DnsRecordType.SRV && !"<Root>".equals(owner))
        {
            add("dns.srv.owner", owner); // tshark splits it into service, proto, name
        }
        else
        {
            add("dns.resp.name", owner);
        }
        add("dns.resp.type", Integer.toString(type));
        if (type == DnsRecordType.OPT)
        {
            opt(dnsClass, message.recordTtl(section, index), offset, length);
            add("dns.resp.len", Integer.toString(length));
            return;
        }
        add("dns.resp.class", String.format("0x%04x", dnsClass));
        add("dns.resp.ttl", Long.toString(message.recordTtl(section, index)));
        add("dns.resp.len", Integer.toString(length));
        final int end = offset + length;
        if (length == 0)
        {
            return;
        }
        switch (type)
        {
            case DnsRecordType.A -> add("dns.a", length == 4 ? address(offset, 4) : "<length " + length + ">");
            case DnsRecordType.AAAA -> add("dns.aaaa", length == 16 ? address(offset, 16) : "<length " + length + ">");
            case DnsRecordType.CNAME -> add("dns.cname", name(offset));
            case DnsRecordType.NS -> add("dns.ns", name(offset));
            case DnsRecordType.PTR -> add("dns.ptr.domain_name", name(offset));
            case DnsRecordType.MX ->
            {
                add("dns.mx.preference", Integer.toString(uint16(offset)));
                add("dns.mx.mail_exchange", name(offset + 2));
            }
            case DnsRecordType.TXT ->
            {
                int at = offset;
                while (at < end)
                {
                    final int stringLength = buffer.getByte(at) & 0xFF;
                    add("dns.txt", text(at + 1, stringLength));
                    at += 1 + stringLength;
                }
            }
            case DnsRecordType.SOA -> soa(offset);
            case DnsRecordType.SRV ->
            {
                add("dns.srv.priority", Integer.toString(uint16(offset)));
                add("dns.srv.weight", Integer.toString(uint16(offset + 2)));
                add("dns.srv.port", Integer.toString(uint16(offset + 4)));
                add("dns.srv.target", name(offset + 6));
            }
            case DnsRecordType.SVCB, DnsRecordType.HTTPS -> serviceBinding(offset, end);
            case NSEC -> typeBitmaps(DnsNames.end(DnsNames.walk(buffer, message.offset(), message.end(), offset, end)),
                end);
            case NSEC3 ->
            {
                final int saltLength = buffer.getByte(offset + 4) & 0xFF;
                final int hashLength = buffer.getByte(offset + 5 + saltLength) & 0xFF;
                typeBitmaps(offset + 6 + saltLength + hashLength, end);
            }
            default ->
            {
            }
        }
    }

    /**
     * tshark lists the types of an NSEC or NSEC3 type bitmap (RFC 4034 4.1.2) under dns.resp.type too.
     */
    private void typeBitmaps(final int start, final int end)
    {
        int at = start;
        while (at + 2 <= end)
        {
            final int window = buffer.getByte(at) & 0xFF;
            final int length = buffer.getByte(at + 1) & 0xFF;
            for (int i = 0; i < length && at + 2 + i < end; i++)
            {
                final int bits = buffer.getByte(at + 2 + i) & 0xFF;
                for (int bit = 0; bit < 8; bit++)
                {
                    if ((bits & (0x80 >>> bit)) != 0)
                    {
                        add("dns.resp.type", Integer.toString(window * 256 + i * 8 + bit));
                    }
                }
            }
            at += 2 + length;
        }
    }

    private void opt(final int udpSize, final long ttl, final int offset, final int length)
    {
        add("dns.rr.udp_payload_size", Integer.toString(udpSize));
        add("dns.resp.ext_rcode", String.format("0x%02x", (ttl >>> 24) & 0xFF));
        add("dns.resp.edns0_version", Long.toString((ttl >>> 16) & 0xFF));
        add("dns.resp.z.do", (ttl & DnsMessage.EDNS_FLAG_DO) != 0 ? "1" : "0");
        int at = offset;
        while (at + 4 <= offset + length)
        {
            final int code = uint16(at);
            final int optionLength = uint16(at + 2);
            add("dns.opt.code", Integer.toString(code));
            if (code == DnsMessage.EDNS_CLIENT_SUBNET && optionLength >= 4)
            {
                final int family = uint16(at + 4);
                add("dns.opt.client.family", Integer.toString(family));
                add("dns.opt.client.netmask", Integer.toString(buffer.getByte(at + 6) & 0xFF));
                add("dns.opt.client.scope", Integer.toString(buffer.getByte(at + 7) & 0xFF));
                final int size = family == 1 ? 4 : 16;
                final byte[] padded = new byte[size];
                buffer.getBytes(at + 8, padded, 0, Math.min(size, optionLength - 4));
                add(family == 1 ? "dns.opt.client.addr4" : "dns.opt.client.addr6", address(padded));
            }
            at += 4 + optionLength;
        }
    }

    private void soa(final int offset)
    {
        final long mname = DnsNames.walk(buffer, message.offset(), message.end(), offset, message.end());
        add("dns.soa.mname", name(offset));
        final int rnameOffset = DnsNames.end(mname);
        add("dns.soa.rname", name(rnameOffset));
        final int numbers = DnsNames.end(DnsNames.walk(buffer, message.offset(), message.end(), rnameOffset,
            message.end()));
        final String[] names = {"dns.soa.serial_number", "dns.soa.refresh_interval", "dns.soa.retry_interval",
            "dns.soa.expire_limit", "dns.soa.minimum_ttl"};
        for (int i = 0; i < names.length; i++)
        {
            add(names[i], Long.toString(buffer.getInt(numbers + 4 * i, NET) & 0xFFFF_FFFFL));
        }
    }

    private void serviceBinding(final int offset, final int end)
    {
        add("dns.svcb.svcpriority", Integer.toString(uint16(offset)));
        add("dns.svcb.targetname", name(offset + 2));
        int at = DnsNames.end(DnsNames.walk(buffer, message.offset(), message.end(), offset + 2, end));
        while (at + 4 <= end)
        {
            final int key = uint16(at);
            final int length = uint16(at + 2);
            if (key == 1)
            {
                int value = at + 4;
                while (value < at + 4 + length)
                {
                    final int alpnLength = buffer.getByte(value) & 0xFF;
                    add("dns.svcb.svcparam.alpn", text(value + 1, alpnLength));
                    value += 1 + alpnLength;
                }
            }
            else if (key == 3)
            {
                add("dns.svcb.svcparam.port", Integer.toString(uint16(at + 4)));
            }
            at += 4 + length;
        }
    }

    /**
     * A name as Wireshark 4.0 prints it: the expanded labels joined by dots, unescaped dots inside labels, other
     * octets through format_text; the root as "&lt;Root&gt;"; a name too long as "&lt;Name too long&gt;".
     */
    private String name(final int at)
    {
        final byte[] wire = new byte[DnsNames.MAX_NAME_LENGTH];
        final int length = DnsNames.expand(buffer, message.offset(), message.end(), at, message.end(), wire, 0);
        if (length == DnsNames.TOO_LONG)
        {
            return "<Name too long>";
        }
        if (length < 0)
        {
            return "<invalid name: " + length + ">";
        }
        if (length == 1)
        {
            return "<Root>";
        }
        final StringBuilder text = new StringBuilder();
        int position = 0;
        while (wire[position] != 0)
        {
            if (position > 0)
            {
                text.append('.');
            }
            final int labelLength = wire[position] & 0xFF;
            formatText(wire, position + 1, labelLength, text);
            position += 1 + labelLength;
        }
        return text.toString();
    }

    /**
     * A character-string (TXT, ALPN) as Wireshark 4.0 shows it: decoded as ASCII (ENC_ASCII: each octet above 0x7F
     * becomes U+FFFD), cut at the first NUL (the value is a C string), then format_text.
     */
    private String text(final int offset, final int length)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            final int octet = buffer.getByte(offset + i) & 0xFF;
            if (octet == 0)
            {
                break;
            }
            if (octet >= 0x80)
            {
                text.append('\uFFFD');
            }
            else
            {
                formatText(octet, text);
            }
        }
        return text.toString();
    }

    /**
     * Wireshark 4.0's format_text over bytes: a well-formed UTF-8 sequence of two to four bytes is kept as its
     * character, an ill-formed one becomes U+FFFD, ASCII goes through {@link #formatText(int, StringBuilder)}.
     */
    static void formatText(final byte[] bytes, final int offset, final int length, final StringBuilder text)
    {
        int at = offset;
        final int end = offset + length;
        while (at < end)
        {
            final int octet = bytes[at] & 0xFF;
            if (octet < 0x80)
            {
                formatText(octet, text);
                at++;
                continue;
            }
            final int sequence = octet >= 0xF0 && octet <= 0xF4 ? 4 : octet >= 0xE0 && octet < 0xF0 ? 3
                : octet >= 0xC2 && octet < 0xE0 ? 2 : 0;
            int valid = 1;
            while (sequence > 0 && valid < sequence && at + valid < end
                && isContinuation(octet, valid, bytes[at + valid] & 0xFF))
            {
                valid++;
            }
            if (sequence > 0 && valid == sequence)
            {
                text.append(new String(bytes, at, sequence, java.nio.charset.StandardCharsets.UTF_8));
                at += sequence;
                continue;
            }
            // Unicode's "maximal subpart" rule: one replacement for a lead byte and the continuations that fit it.
            text.append('\uFFFD');
            at += Math.max(1, valid);
        }
    }

    private static boolean isContinuation(final int lead, final int position, final int octet)
    {
        if (position == 1)
        {
            final int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
            final int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
            return octet >= low && octet <= high;
        }
        return octet >= 0x80 && octet <= 0xBF;
    }

    /**
     * Wireshark's format_text for one octet: printable ASCII as is, a backslash doubled, C escapes for the usual
     * control characters, anything else as a backslash and three octal digits.
     */
    static void formatText(final int octet, final StringBuilder text)
    {
        switch (octet)
        {
            case '\\' -> text.append("\\\\");
            case 7 -> text.append("\\a");
            case 8 -> text.append("\\b");
            case 12 -> text.append("\\f");
            case 10 -> text.append("\\n");
            case 13 -> text.append("\\r");
            case 9 -> text.append("\\t");
            case 11 -> text.append("\\v");
            default ->
            {
                if (octet >= 0x20 && octet < 0x7F)
                {
                    text.append((char)octet);
                }
                else
                {
                    text.append('\\').append(String.format("%03o", octet));
                }
            }
        }
    }

    private String address(final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes, 0, length);
        return address(bytes);
    }


    /**
     * Addresses are compared as bytes: the JDK does not print IPv6 in RFC 5952 form, so tshark's text is parsed
     * back with {@link #addressOf(String)}.
     */
    private static String address(final byte[] bytes)
    {
        return "ip:" + java.util.HexFormat.of().formatHex(bytes);
    }

    /**
     * tshark's address text as {@link #address(byte[])} has it.
     *
     * @param text an IPv4 or IPv6 literal.
     * @return "ip:" and the address bytes in hex.
     */
    static String addressOf(final String text)
    {
        if (!text.matches("[0-9a-fA-F:.]+"))
        {
            return "unparseable:" + text; // never hand a host name to the resolver
        }
        try
        {
            final byte[] bytes = InetAddress.getByName(text).getAddress();
            final boolean mapped = text.contains(":") && bytes.length == 4;
            if (mapped)
            {
                final byte[] full = new byte[16];
                full[10] = (byte)0xFF;
                full[11] = (byte)0xFF;
                System.arraycopy(bytes, 0, full, 12, 4);
                return address(full);
            }
            return address(bytes);
        }
        catch (final UnknownHostException ex)
        {
            return "unparseable:" + text;
        }
    }

    private int uint16(final int at)
    {
        return buffer.getShort(at, NET) & 0xFFFF;
    }

    private void add(final String field, final String value)
    {
        fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
    }
}
