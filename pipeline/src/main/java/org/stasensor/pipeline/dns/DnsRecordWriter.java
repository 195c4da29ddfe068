package org.stasensor.pipeline.dns;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.domain.PublicSuffixList;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Writes the fields of one parsed {@link DnsMessage} into a record, Suricata eve style (one record per message):
 * <ul>
 *   <li>{@code dns.id}, {@code dns.type} ("query" for a query, "answer" for a response), {@code dns.op_code},
 *       {@code dns.header_flags} (AA TC RD RA AD CD, and EDNS's DO), {@code dns.response_code} (responses only; the
 *       full RCODE with the OPT record's upper bits, RFC 6891 6.1.3, e.g. BADVERS);</li>
 *   <li>the first question: {@code dns.question.name} (presentation form, escaped as {@link DnsText} says),
 *       {@code .type}, {@code .class}, and by the Public Suffix List {@code dns.question.registered_domain} and
 *       {@code dns.question.top_level_domain} (lower case; left out for a name with escaped octets, which no rule
 *       can match, and for a name the list cannot split);</li>
 *   <li>{@code dns.count.*}, the EDNS fields {@code dns.opt.*} with the Client Subnet (RFC 7871);</li>
 *   <li>anomalies as {@code sta.flags}: {@code dns_malformed_name} (pointer loop or forward pointer, name over 255
 *       octets, too many pointers, reserved label type), {@code dns_malformed_record}, {@code dns_malformed_opt},
 *       {@code dns_malformed_rdata}, {@code dns_trailing_bytes}, {@code dns_too_many_records};</li>
 *   <li>{@code dns.resolved_ip} (A and AAAA answers), then each held answer record as one element of each of the
 *       parallel lists {@code dns.answers.name/type/class/ttl/data} ({@link DnsRdataText} for the data).</li>
 * </ul>
 * The parallel lists stay aligned: an answer is written only when all five of its values fit the record
 * ({@link RecordWriter#remaining()}); the first that does not is left out whole with those after it, and the record
 * flagged {@link RecordDescriptor#FLAG_TRUNCATED}, as are answers beyond {@link DnsMessage#MAX_RECORDS}.
 * {@code dns.response_latency} is the packet path's (it knows both messages, see {@link DnsQueryTimes}).
 * <p>
 * Text is rendered into one scratch array made up front, large enough for any answer that could fit a record, so
 * writing allocates nothing. One instance per worker thread.
 */
public final class DnsRecordWriter
{
    /** "query", the {@code dns.type} of a query message. */
    public static final String TYPE_QUERY = "query";
    /** "answer", the {@code dns.type} of a response message. */
    public static final String TYPE_ANSWER = "answer";

    private static final int FIELD_HEADER = RecordDescriptor.FIELD_HEADER_LENGTH;
    private static final int LONG_VALUE = 8;
    private static final int ANSWER_FIELDS = 5;
    private static final int IPV4_FAMILY = 1;
    /** A name of n wire octets is at least n / 3 characters ("\1a\0" is "a"): RDATA beyond 3x the room cannot fit. */
    private static final int MAX_OCTETS_PER_CHARACTER = 3;
    /** Room for the worst-case text of RDATA as long as a whole record, with names and slack (DnsRdataText). */
    private static final int SCRATCH_LENGTH = 8 * RecordDescriptor.MAX_RECORD_LENGTH + 4 * DnsNames.MAX_TEXT_LENGTH
        + 64;

    private final PublicSuffixList suffixes;
    private final byte[] scratch = new byte[SCRATCH_LENGTH];
    private final byte[] address = new byte[16];

    /**
     * A writer that leaves out the Public Suffix List fields.
     */
    public DnsRecordWriter()
    {
        this(null);
    }

    /**
     * A writer that fills {@code dns.question.registered_domain} and {@code dns.question.top_level_domain}.
     *
     * @param suffixes the list, shared by all workers; null to leave those fields out.
     */
    public DnsRecordWriter(final PublicSuffixList suffixes)
    {
        this.suffixes = suffixes;
    }

    /**
     * Writes the message's fields into a record that was begun.
     *
     * @param message a parsed message.
     * @param record  the record being written.
     * @return false, writing nothing, when the message did not parse ({@link DnsMessage#isValid()}).
     */
    public boolean write(final DnsMessage message, final RecordWriter record)
    {
        if (!message.isValid())
        {
            return false;
        }
        record.putLong(Fields.DNS_ID, message.id());
        record.putAscii(Fields.DNS_TYPE, message.isResponse() ? TYPE_ANSWER : TYPE_QUERY);
        put(record, Fields.DNS_OP_CODE, DnsOpcode.append(message.opcode(), scratch, 0));
        writeHeaderFlags(message, record);
        if (message.isResponse())
        {
            put(record, Fields.DNS_RESPONSE_CODE, DnsResponseCode.append(message.rcode(), scratch, 0));
        }
        if (message.questionsHeld() > 0)
        {
            writeQuestion(message, record);
        }
        record.putLong(Fields.DNS_COUNT_QUESTIONS, message.questionCount());
        record.putLong(Fields.DNS_COUNT_ANSWERS, message.sectionCount(DnsMessage.ANSWER));
        record.putLong(Fields.DNS_COUNT_AUTHORITIES, message.sectionCount(DnsMessage.AUTHORITY));
        record.putLong(Fields.DNS_COUNT_ADDITIONALS, message.sectionCount(DnsMessage.ADDITIONAL));
        if (message.hasOpt())
        {
            writeOpt(message, record);
        }
        writeAnomalies(message, record);
        writeResolvedAddresses(message, record);
        writeAnswers(message, record);
        return true;
    }

    private void put(final RecordWriter record, final Field field, final int end)
    {
        record.put(field, scratch, 0, end);
    }

    private static void writeHeaderFlags(final DnsMessage message, final RecordWriter record)
    {
        flag(message.hasFlag(DnsHeader.FLAG_AA), "AA", record);
        flag(message.hasFlag(DnsHeader.FLAG_TC), "TC", record);
        flag(message.hasFlag(DnsHeader.FLAG_RD), "RD", record);
        flag(message.hasFlag(DnsHeader.FLAG_RA), "RA", record);
        flag(message.hasFlag(DnsHeader.FLAG_AD), "AD", record);
        flag(message.hasFlag(DnsHeader.FLAG_CD), "CD", record);
        flag(message.hasOpt() && message.isDnssecOk(), "DO", record);
    }

    private static void flag(final boolean set, final String name, final RecordWriter record)
    {
        if (set)
        {
            record.putAscii(Fields.DNS_HEADER_FLAGS, name);
        }
    }

    private void writeQuestion(final DnsMessage message, final RecordWriter record)
    {
        final int nameOffset = message.questionNameOffset(0);
        final int end = DnsNames.appendText(message.buffer(), message.offset(), message.end(), nameOffset,
            message.end(), scratch, 0);
        if (end >= 0)
        {
            record.put(Fields.DNS_QUESTION_NAME, scratch, 0, end);
        }
        put(record, Fields.DNS_QUESTION_TYPE, DnsRecordType.append(message.questionType(0), scratch, 0));
        put(record, Fields.DNS_QUESTION_CLASS, DnsClass.append(message.questionClass(0), scratch, 0));
        if (end > 0 && suffixes != null)
        {
            writeDomain(message, nameOffset, record);
        }
    }

    /**
     * The question name again, lower-cased, split by the Public Suffix List.
     */
    private void writeDomain(final DnsMessage message, final int nameOffset, final RecordWriter record)
    {
        final int end = DnsNames.appendText(message.buffer(), message.offset(), message.end(), nameOffset,
            message.end(), scratch, 0);
        for (int i = 0; i < end; i++)
        {
            final byte octet = scratch[i];
            if (octet == '\\')
            {
                return;
            }
            if (octet >= 'A' && octet <= 'Z')
            {
                scratch[i] = (byte)(octet + ('a' - 'A'));
            }
        }
        final int match = suffixes.match(scratch, 0, end);
        final int suffix = PublicSuffixList.publicSuffixStart(match);
        if (suffix < 0)
        {
            return;
        }
        final int registered = PublicSuffixList.registeredDomainStart(match);
        if (registered >= 0)
        {
            record.put(Fields.DNS_QUESTION_REGISTERED_DOMAIN, scratch, registered, end - registered);
        }
        record.put(Fields.DNS_QUESTION_TOP_LEVEL_DOMAIN, scratch, suffix, end - suffix);
    }

    private void writeOpt(final DnsMessage message, final RecordWriter record)
    {
        record.putLong(Fields.DNS_OPT_UDP_PAYLOAD_SIZE, message.optUdpPayloadSize());
        record.putLong(Fields.DNS_OPT_VERSION, message.optVersion());
        if (message.hasClientSubnet())
        {
            final int family = message.clientSubnetFamily();
            record.putLong(Fields.DNS_OPT_CLIENT_SUBNET_FAMILY, family);
            record.putLong(Fields.DNS_OPT_CLIENT_SUBNET_SOURCE_PREFIX, message.clientSubnetSourcePrefix());
            record.putLong(Fields.DNS_OPT_CLIENT_SUBNET_SCOPE_PREFIX, message.clientSubnetScopePrefix());
            final int length = family == IPV4_FAMILY ? 4 : 16;
            Arrays.fill(address, (byte)0);
            message.buffer().getBytes(message.clientSubnetAddressOffset(), address, 0,
                message.clientSubnetAddressLength());
            record.put(Fields.DNS_OPT_CLIENT_SUBNET_ADDRESS, address, 0, length);
        }
    }

    private static void writeAnomalies(final DnsMessage message, final RecordWriter record)
    {
        final int malformed = message.malformed();
        anomaly(malformed, DnsMessage.MALFORMED_NAME, "dns_malformed_name", record);
        anomaly(malformed, DnsMessage.MALFORMED_RECORD, "dns_malformed_record", record);
        anomaly(malformed, DnsMessage.MALFORMED_OPT, "dns_malformed_opt", record);
        anomaly(malformed, DnsMessage.MALFORMED_RDATA, "dns_malformed_rdata", record);
        anomaly(malformed, DnsMessage.TRAILING_BYTES, "dns_trailing_bytes", record);
        if (message.recordsNotHeld() > 0 || message.questionCount() > DnsMessage.MAX_QUESTIONS)
        {
            record.putAscii(Fields.STA_FLAGS, "dns_too_many_records");
        }
    }

    private static void anomaly(final int malformed, final int bit, final String name, final RecordWriter record)
    {
        if ((malformed & bit) != 0)
        {
            record.putAscii(Fields.STA_FLAGS, name);
        }
    }

    private void writeResolvedAddresses(final DnsMessage message, final RecordWriter record)
    {
        final int section = DnsMessage.ANSWER;
        final DirectBuffer buffer = message.buffer();
        final int held = message.recordsHeld(section);
        for (int i = 0; i < held; i++)
        {
            final int type = message.recordType(section, i);
            final int length = message.recordDataLength(section, i);
            if ((type == DnsRecordType.A && length == 4) || (type == DnsRecordType.AAAA && length == 16))
            {
                buffer.getBytes(message.recordDataOffset(section, i), address, 0, length);
                record.put(Fields.DNS_RESOLVED_IP, address, 0, length);
            }
        }
    }

    private void writeAnswers(final DnsMessage message, final RecordWriter record)
    {
        final int section = DnsMessage.ANSWER;
        final int held = message.recordsHeld(section);
        for (int i = 0; i < held; i++)
        {
            if (!writeAnswer(message, section, i, record))
            {
                record.flag(RecordDescriptor.FLAG_TRUNCATED);
                return;
            }
        }
        if (message.recordsParsed(section) > held)
        {
            record.flag(RecordDescriptor.FLAG_TRUNCATED);
        }
    }

    /**
     * Writes one answer's five values, or nothing when they do not all fit.
     */
    private boolean writeAnswer(final DnsMessage message, final int section, final int index,
        final RecordWriter record)
    {
        if (message.recordDataLength(section, index) > MAX_OCTETS_PER_CHARACTER * record.remaining())
        {
            return false;
        }
        final int nameEnd = Math.max(0, DnsNames.appendText(message.buffer(), message.offset(), message.end(),
            message.recordNameOffset(section, index), message.end(), scratch, 0));
        final int typeEnd = DnsRecordType.append(message.recordType(section, index), scratch, nameEnd);
        final int classEnd = DnsClass.append(message.recordClass(section, index), scratch, typeEnd);
        final int dataEnd = DnsRdataText.append(message, section, index, scratch, classEnd);
        if (dataEnd < 0)
        {
            return false;
        }
        final int dataLength = dataEnd - classEnd;
        if (ANSWER_FIELDS * FIELD_HEADER + classEnd + LONG_VALUE + dataLength > record.remaining()
            || dataLength > RecordDescriptor.MAX_FIELD_LENGTH)
        {
            return false;
        }
        record.put(Fields.DNS_ANSWERS_NAME, scratch, 0, nameEnd);
        record.put(Fields.DNS_ANSWERS_TYPE, scratch, nameEnd, typeEnd - nameEnd);
        record.put(Fields.DNS_ANSWERS_CLASS, scratch, typeEnd, classEnd - typeEnd);
        record.putLong(Fields.DNS_ANSWERS_TTL, message.recordTtl(section, index));
        record.put(Fields.DNS_ANSWERS_DATA, scratch, classEnd, dataLength);
        return true;
    }
}
