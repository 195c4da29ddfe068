package org.stasensor.pipeline.dns;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Parses one DNS message (RFC 1035 4.1) into a {@link DnsMessage} without allocating, and tells DNS from other bytes
 * ({@link #looksLikeDns}). Every length is checked against the bytes given; hostile input makes a parse return
 * false or set {@link DnsMessage#malformed()} bits, never throw:
 * <ul>
 *   <li>the header and every question must frame correctly, or the parse fails;</li>
 *   <li>a record that does not fit stops the parse of the records with {@link DnsMessage#MALFORMED_RECORD}, keeping
 *       what came before (a capture cut short still yields its header, questions and first answers);</li>
 *   <li>a name that frames but does not expand (see {@link DnsNames}) sets {@link DnsMessage#MALFORMED_NAME};</li>
 *   <li>the RDATA of the types that are decoded for output (A, AAAA, NS, CNAME, DNAME, PTR, MX, SOA, SRV, TXT, SPF,
 *       SVCB, HTTPS) is checked for its shape, and the OPT record (RFC 6891 6.1) and its Client Subnet option
 *       (RFC 7871 6) for theirs.</li>
 * </ul>
 * Each record takes at least 11 bytes and each name walk is bounded, so the time is linear in the message length
 * whatever the counts in the header claim.
 */
public final class DnsMessageParser
{
    /** Smallest question: the root name, QTYPE, QCLASS. */
    public static final int MIN_QUESTION_LENGTH = 5;
    /** Smallest record: the root name, TYPE, CLASS, TTL, RDLENGTH. */
    public static final int MIN_RECORD_LENGTH = 11;
    /** Largest DNS message: the 16-bit TCP length prefix (RFC 1035 4.2.2) bounds it. */
    public static final int MAX_MESSAGE_LENGTH = 0xFFFF;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;
    private static final int FIXED_RECORD_FIELDS = 10;
    private static final int CLIENT_SUBNET_HEADER = 4;
    private static final int FAMILY_IPV4 = 1;
    private static final int FAMILY_IPV6 = 2;
    private static final int SOA_NUMBERS = 20;
    private static final int CLASS_MASK = 0x7FFF;
    private static final int LAST_ASSIGNED_HEADER_RCODE = 11;

    private DnsMessageParser()
    {
    }

    /**
     * Parses a message.
     *
     * @param buffer holds the message.
     * @param offset where the header starts.
     * @param length the message's length (the UDP payload, or the length a TCP prefix gave).
     * @param out    the holder; reset first.
     * @return true when the header and all questions frame correctly.
     */
    public static boolean parse(final DirectBuffer buffer, final int offset, final int length, final DnsMessage out)
    {
        out.reset(buffer, offset, length);
        if (!fits(buffer, offset, length) || length < DnsHeader.LENGTH)
        {
            out.malformed = DnsMessage.MALFORMED_HEADER;
            return false;
        }
        final int end = offset + length;
        out.id = DnsHeader.id(buffer, offset);
        out.flags = DnsHeader.flags(buffer, offset);
        out.questionCount = DnsHeader.count(buffer, offset, DnsHeader.QDCOUNT_OFFSET);
        out.sectionCounts[DnsMessage.ANSWER] = DnsHeader.count(buffer, offset, DnsHeader.ANCOUNT_OFFSET);
        out.sectionCounts[DnsMessage.AUTHORITY] = DnsHeader.count(buffer, offset, DnsHeader.NSCOUNT_OFFSET);
        out.sectionCounts[DnsMessage.ADDITIONAL] = DnsHeader.count(buffer, offset, DnsHeader.ARCOUNT_OFFSET);

        int at = offset + DnsHeader.LENGTH;
        for (int q = 0; q < out.questionCount; q++)
        {
            final long walked = DnsNames.walk(buffer, offset, end, at, end);
            final int nameEnd = DnsNames.end(walked);
            if (nameEnd < 0 || end - nameEnd < 4)
            {
                out.malformed |= DnsMessage.MALFORMED_QUESTION;
                out.parsedEnd = at;
                return false;
            }
            if (DnsNames.result(walked) < 0)
            {
                out.malformed |= DnsMessage.MALFORMED_NAME;
            }
            if (q < DnsMessage.MAX_QUESTIONS)
            {
                out.questionNameOffsets[q] = at;
                out.questionTypes[q] = buffer.getShort(nameEnd, NET) & 0xFFFF;
                out.questionClasses[q] = buffer.getShort(nameEnd + 2, NET) & 0xFFFF;
            }
            out.questionsParsed++;
            at = nameEnd + 4;
        }

        at = records(buffer, offset, end, at, out);
        out.parsedEnd = at;
        if ((out.malformed & DnsMessage.MALFORMED_RECORD) == 0 && at < end)
        {
            out.malformed |= DnsMessage.TRAILING_BYTES;
        }
        return out.valid = true;
    }

    /**
     * Whether bytes are a DNS message, for telling DNS from other traffic on DNS ports: the header is sane (an
     * assigned opcode, the Z bit clear, an assigned RCODE, counts that the length can hold, at least one question
     * unless it is a response or not a standard query) and every question parses with a valid name, a QTYPE
     * other than 0 and a known QCLASS (the mDNS unicast-response bit allowed). A message without records must
     * end right after its questions.
     *
     * @param buffer holds the bytes.
     * @param offset where they start.
     * @param length how many there are.
     * @return true when they look like one DNS message.
     */
    public static boolean looksLikeDns(final DirectBuffer buffer, final int offset, final int length)
    {
        return judge(buffer, offset, length, length);
    }

    /**
     * {@link #looksLikeDns} for the start of a message of which only some bytes are there (a TCP segment): the
     * header is judged against the declared length, and the questions as far as they are there.
     *
     * @param buffer         holds the bytes.
     * @param offset         where the message starts.
     * @param available      bytes there.
     * @param declaredLength the message's whole length (its TCP prefix).
     * @return true when the bytes there look like the start of a DNS message.
     */
    public static boolean looksLikeDnsPrefix(
        final DirectBuffer buffer, final int offset, final int available, final int declaredLength)
    {
        return available <= declaredLength && judge(buffer, offset, available, declaredLength);
    }

    private static boolean judge(final DirectBuffer buffer, final int offset, final int available, final int length)
    {
        if (!fits(buffer, offset, available) || available < DnsHeader.LENGTH || length > MAX_MESSAGE_LENGTH)
        {
            return false;
        }
        final int flags = DnsHeader.flags(buffer, offset);
        final int opcode = DnsHeader.opcode(flags);
        if (!DnsOpcode.isAssigned(opcode) || (flags & DnsHeader.FLAG_Z) != 0
            || (flags & DnsHeader.RCODE_MASK) > LAST_ASSIGNED_HEADER_RCODE)
        {
            return false;
        }
        final int questions = DnsHeader.count(buffer, offset, DnsHeader.QDCOUNT_OFFSET);
        final int records = DnsHeader.count(buffer, offset, DnsHeader.ANCOUNT_OFFSET)
            + DnsHeader.count(buffer, offset, DnsHeader.NSCOUNT_OFFSET)
            + DnsHeader.count(buffer, offset, DnsHeader.ARCOUNT_OFFSET);
        final boolean response = (flags & DnsHeader.FLAG_QR) != 0;
        if (questions == 0 && !response && opcode == DnsOpcode.QUERY)
        {
            return false;
        }
        if ((long)questions * MIN_QUESTION_LENGTH + (long)records * MIN_RECORD_LENGTH > length - DnsHeader.LENGTH)
        {
            return false;
        }
        final boolean whole = available == length;
        final int end = offset + available;
        int at = offset + DnsHeader.LENGTH;
        for (int q = 0; q < questions; q++)
        {
            final long walked = DnsNames.walk(buffer, offset, end, at, end);
            final int nameEnd = DnsNames.end(walked);
            final int result = DnsNames.result(walked);
            // A question cut off at the end of a partial message: only what is there can be judged.
            if (nameEnd < 0)
            {
                return !whole && stillFraming(buffer, at, end);
            }
            if (end - nameEnd < 4)
            {
                return !whole && (result > 0 || result == DnsNames.TRUNCATED);
            }
            final int type = buffer.getShort(nameEnd, NET) & 0xFFFF;
            final int dnsClass = buffer.getShort(nameEnd + 2, NET) & CLASS_MASK;
            // A name that frames but does not expand (too long, a pointer loop) is hostile DNS, still DNS: the
            // parse flags it. Only names whose bytes do not frame say "not DNS".
            if (result == DnsNames.FRAMING || result == DnsNames.RESERVED_LABEL || type == 0
                || !isKnownQuestionClass(dnsClass))
            {
                return false;
            }
            at = nameEnd + 4;
        }
        final long left = (long)length - (at - offset);
        return records == 0 ? left == 0 : left >= (long)records * MIN_RECORD_LENGTH;
    }

    /**
     * Whether labels from {@code at} run into {@code end} without a reserved label type before it, i.e. a name
     * that failed only because its bytes are not all there.
     */
    private static boolean stillFraming(final DirectBuffer buffer, final int start, final int end)
    {
        int at = start;
        while (at < end)
        {
            final int lengthByte = buffer.getByte(at) & 0xFF;
            if (lengthByte == 0 || (lengthByte & DnsNames.POINTER_BITS) == DnsNames.POINTER_BITS)
            {
                return true; // the name frames; what is cut off is QTYPE or QCLASS, or a pointer's second byte.
            }
            if ((lengthByte & DnsNames.POINTER_BITS) != 0)
            {
                return false;
            }
            at += 1 + lengthByte;
        }
        return true;
    }

    private static boolean isKnownQuestionClass(final int dnsClass)
    {
        return dnsClass == DnsClass.IN || dnsClass == DnsClass.CH || dnsClass == DnsClass.HS
            || dnsClass == DnsClass.NONE || dnsClass == DnsClass.ANY;
    }

    private static int records(
        final DirectBuffer buffer, final int offset, final int end, final int start, final DnsMessage out)
    {
        int at = start;
        for (int section = 0; section < DnsMessage.SECTIONS; section++)
        {
            final int count = out.sectionCounts[section];
            for (int i = 0; i < count; i++)
            {
                final long walked = DnsNames.walk(buffer, offset, end, at, end);
                final int nameEnd = DnsNames.end(walked);
                if (nameEnd < 0 || end - nameEnd < FIXED_RECORD_FIELDS)
                {
                    out.malformed |= DnsMessage.MALFORMED_RECORD;
                    return at;
                }
                final int type = buffer.getShort(nameEnd, NET) & 0xFFFF;
                final int dnsClass = buffer.getShort(nameEnd + 2, NET) & 0xFFFF;
                final int ttl = buffer.getInt(nameEnd + 4, NET);
                final int dataLength = buffer.getShort(nameEnd + 8, NET) & 0xFFFF;
                final int dataOffset = nameEnd + FIXED_RECORD_FIELDS;
                if (end - dataOffset < dataLength)
                {
                    out.malformed |= DnsMessage.MALFORMED_RECORD;
                    return at;
                }
                if (DnsNames.result(walked) < 0)
                {
                    out.malformed |= DnsMessage.MALFORMED_NAME;
                }
                if (type == DnsRecordType.OPT)
                {
                    opt(buffer, section, at, nameEnd, dnsClass, ttl, dataOffset, dataLength, out);
                }
                else
                {
                    out.malformed |= checkData(buffer, offset, end, type, dnsClass, dataOffset, dataLength);
                }
                if (i < DnsMessage.MAX_RECORDS)
                {
                    final int slot = section * DnsMessage.MAX_RECORDS + i;
                    out.recordNameOffsets[slot] = at;
                    out.recordTypes[slot] = type;
                    out.recordClasses[slot] = dnsClass;
                    out.recordTtls[slot] = ttl;
                    out.recordDataOffsets[slot] = dataOffset;
                    out.recordDataLengths[slot] = dataLength;
                }
                out.recordsParsed[section]++;
                at = dataOffset + dataLength;
            }
        }
        return at;
    }

    private static void opt(final DirectBuffer buffer, final int section, final int nameOffset, final int nameEnd,
        final int dnsClass, final int ttl, final int dataOffset, final int dataLength, final DnsMessage out)
    {
        // RFC 6891 6.1.1: one OPT at most, in the additional section, owned by the root.
        if (out.opt || section != DnsMessage.ADDITIONAL || nameEnd != nameOffset + 1)
        {
            out.malformed |= DnsMessage.MALFORMED_OPT;
            if (out.opt)
            {
                return;
            }
        }
        out.opt = true;
        out.optUdpPayloadSize = dnsClass;
        out.optExtendedRcode = ttl >>> 24;
        out.optVersion = (ttl >>> 16) & 0xFF;
        out.optFlags = ttl & 0xFFFF;
        out.optDataOffset = dataOffset;
        out.optDataLength = dataLength;
        final int end = dataOffset + dataLength;
        int at = dataOffset;
        while (at < end)
        {
            if (end - at < 4)
            {
                out.malformed |= DnsMessage.MALFORMED_OPT;
                return;
            }
            final int code = buffer.getShort(at, NET) & 0xFFFF;
            final int length = buffer.getShort(at + 2, NET) & 0xFFFF;
            if (end - at - 4 < length)
            {
                out.malformed |= DnsMessage.MALFORMED_OPT;
                return;
            }
            if (code == DnsMessage.EDNS_CLIENT_SUBNET && !out.clientSubnet)
            {
                clientSubnet(buffer, at + 4, length, out);
            }
            out.optOptionCount++;
            at += 4 + length;
        }
    }

    private static void clientSubnet(final DirectBuffer buffer, final int at, final int length, final DnsMessage out)
    {
        if (length < CLIENT_SUBNET_HEADER)
        {
            out.malformed |= DnsMessage.MALFORMED_OPT;
            return;
        }
        final int family = buffer.getShort(at, NET) & 0xFFFF;
        final int source = buffer.getByte(at + 2) & 0xFF;
        final int scope = buffer.getByte(at + 3) & 0xFF;
        final int addressLength = length - CLIENT_SUBNET_HEADER;
        final int maxPrefix = family == FAMILY_IPV4 ? 32 : family == FAMILY_IPV6 ? 128 : -1;
        // RFC 7871 6: the address is truncated to ceil(SOURCE PREFIX-LENGTH / 8) octets.
        if (maxPrefix < 0 || source > maxPrefix || scope > maxPrefix || addressLength != (source + 7) / 8)
        {
            out.malformed |= DnsMessage.MALFORMED_OPT;
            return;
        }
        out.clientSubnet = true;
        out.clientSubnetFamily = family;
        out.clientSubnetSourcePrefix = source;
        out.clientSubnetScopePrefix = scope;
        out.clientSubnetAddressOffset = at + CLIENT_SUBNET_HEADER;
        out.clientSubnetAddressLength = addressLength;
    }

    /**
     * Checks the RDATA of a decoded type for its shape.
     *
     * @return 0, or the malformed bits to add.
     */
    private static int checkData(final DirectBuffer buffer, final int offset, final int end, final int type,
        final int dnsClass, final int dataOffset, final int dataLength)
    {
        if (dataLength == 0 && (dnsClass == DnsClass.ANY || dnsClass == DnsClass.NONE))
        {
            return 0; // RFC 2136 2.5.2-2.5.4: deletions in an UPDATE carry no RDATA.
        }
        final int dataEnd = dataOffset + dataLength;
        final boolean internet = (dnsClass & CLASS_MASK) == DnsClass.IN;
        return switch (type)
        {
            case DnsRecordType.A -> internet && dataLength != 4 ? DnsMessage.MALFORMED_RDATA : 0;
            case DnsRecordType.AAAA -> internet && dataLength != 16 ? DnsMessage.MALFORMED_RDATA : 0;
            case DnsRecordType.NS, DnsRecordType.CNAME, DnsRecordType.PTR, DnsRecordType.DNAME ->
                names(buffer, offset, end, dataOffset, dataEnd, 1, 0);
            case DnsRecordType.MX -> dataLength < 2 ? DnsMessage.MALFORMED_RDATA :
                names(buffer, offset, end, dataOffset + 2, dataEnd, 1, 0);
            case DnsRecordType.SRV -> dataLength < 6 ? DnsMessage.MALFORMED_RDATA :
                names(buffer, offset, end, dataOffset + 6, dataEnd, 1, 0);
            case DnsRecordType.SOA -> names(buffer, offset, end, dataOffset, dataEnd, 2, SOA_NUMBERS);
            case DnsRecordType.TXT, DnsRecordType.SPF -> characterStringsEnd(buffer, dataOffset, dataEnd) == dataEnd
                && dataLength > 0 ? 0 : DnsMessage.MALFORMED_RDATA;
            case DnsRecordType.SVCB, DnsRecordType.HTTPS -> serviceBinding(buffer, offset, end, dataOffset, dataEnd);
            default -> 0;
        };
    }

    /**
     * Checks that {@code count} names followed by exactly {@code trailer} bytes fill the RDATA.
     */
    private static int names(final DirectBuffer buffer, final int offset, final int end, final int start,
        final int dataEnd, final int count, final int trailer)
    {
        int at = start;
        int bits = 0;
        for (int i = 0; i < count; i++)
        {
            final long walked = DnsNames.walk(buffer, offset, end, at, dataEnd);
            final int nameEnd = DnsNames.end(walked);
            if (nameEnd < 0)
            {
                return DnsMessage.MALFORMED_RDATA;
            }
            if (DnsNames.result(walked) < 0)
            {
                bits |= DnsMessage.MALFORMED_NAME;
            }
            at = nameEnd;
        }
        return dataEnd - at == trailer ? bits : bits | DnsMessage.MALFORMED_RDATA;
    }

    private static int serviceBinding(
        final DirectBuffer buffer, final int offset, final int end, final int dataOffset, final int dataEnd)
    {
        if (dataEnd - dataOffset < 3)
        {
            return DnsMessage.MALFORMED_RDATA;
        }
        final long walked = DnsNames.walk(buffer, offset, end, dataOffset + 2, dataEnd);
        final int nameEnd = DnsNames.end(walked);
        if (nameEnd < 0)
        {
            return DnsMessage.MALFORMED_RDATA;
        }
        final int bits = DnsNames.result(walked) < 0 ? DnsMessage.MALFORMED_NAME : 0;
        return serviceParametersEnd(buffer, nameEnd, dataEnd) == dataEnd ? bits : bits | DnsMessage.MALFORMED_RDATA;
    }

    /**
     * Walks SvcParams (RFC 9460 2.2): SvcParamKey, a 16-bit length, the value.
     *
     * @return where the last whole parameter ends; less than {@code end} when one overruns.
     */
    static int serviceParametersEnd(final DirectBuffer buffer, final int start, final int end)
    {
        int at = start;
        while (end - at >= 4)
        {
            final int length = buffer.getShort(at + 2, NET) & 0xFFFF;
            if (end - at - 4 < length)
            {
                return at;
            }
            at += 4 + length;
        }
        return at;
    }

    /**
     * Walks character-strings (RFC 1035 3.3): a length byte and that many octets.
     *
     * @return where the last whole string ends; less than {@code end} when one overruns.
     */
    static int characterStringsEnd(final DirectBuffer buffer, final int start, final int end)
    {
        int at = start;
        while (at < end)
        {
            final int length = buffer.getByte(at) & 0xFF;
            if (end - at - 1 < length)
            {
                return at;
            }
            at += 1 + length;
        }
        return at;
    }

    private static boolean fits(final DirectBuffer buffer, final int offset, final int length)
    {
        return offset >= 0 && length >= 0 && length <= buffer.capacity() - offset;
    }
}
