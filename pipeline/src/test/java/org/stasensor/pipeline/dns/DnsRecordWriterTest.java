package org.stasensor.pipeline.dns;

import java.nio.file.Files;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.domain.PublicSuffixList;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the record writer does beyond the values checked against dig and tshark: the parallel answer lists stay
 * aligned when the record fills up, records beyond what a message holds are flagged, the message type, and the
 * Public Suffix List fields.
 */
class DnsRecordWriterTest
{
    private static final Field[] ANSWER_LISTS = {Fields.DNS_ANSWERS_NAME, Fields.DNS_ANSWERS_TYPE,
        Fields.DNS_ANSWERS_CLASS, Fields.DNS_ANSWERS_TTL, Fields.DNS_ANSWERS_DATA};

    @Test
    void answersThatDoNotFitAreLeftOutWholeAndTheRecordFlagged()
    {
        final DnsMessage message = new DnsMessage();
        assertTrue(parse(response(40, 1), message));
        final DnsRecordWriter writer = new DnsRecordWriter();
        final WrittenRecord whole = WrittenRecord.of(writer, message);
        assertFalse(whole.truncated());
        assertEquals(40, whole.get(Fields.DNS_ANSWERS_NAME).size());
        int partial = 0;
        for (int capacity = RecordDescriptor.HEADER_LENGTH; capacity < whole.length; capacity += 7)
        {
            final WrittenRecord cut = WrittenRecord.of(writer, message, capacity);
            assertTrue(cut.truncated(), "capacity " + capacity);
            final int answers = cut.get(Fields.DNS_ANSWERS_NAME).size();
            for (final Field list : ANSWER_LISTS)
            {
                assertEquals(answers, cut.get(list).size(), list + " at capacity " + capacity);
                assertEquals(whole.get(list).subList(0, answers), cut.get(list), "the first answers, in order");
            }
            partial += answers > 0 && answers < 40 ? 1 : 0;
        }
        assertTrue(partial > 20, partial + " capacities cut the answers");
    }

    @Test
    void answersBeyondWhatAMessageHoldsAreFlagged()
    {
        final DnsMessage message = new DnsMessage();
        assertTrue(parse(response(DnsMessage.MAX_RECORDS + 6, 1), message));
        final WrittenRecord record = WrittenRecord.of(new DnsRecordWriter(), message);
        assertTrue(record.truncated());
        assertEquals(DnsMessage.MAX_RECORDS, record.get(Fields.DNS_ANSWERS_DATA).size());
        assertEquals(List.of("dns_too_many_records"), record.get(Fields.STA_FLAGS));
        assertEquals(Integer.toString(DnsMessage.MAX_RECORDS + 6), record.first(Fields.DNS_COUNT_ANSWERS));
    }

    @Test
    void typeIsQueryOrAnswer()
    {
        final DnsMessage message = new DnsMessage();
        final DnsRecordWriter writer = new DnsRecordWriter();
        assertTrue(parse(new DnsBytes(9, 0x0100, 1, 0, 0, 0).name("example.com").u16(1).u16(1).toBytes(), message));
        final WrittenRecord query = WrittenRecord.of(writer, message);
        assertEquals("query", query.first(Fields.DNS_TYPE));
        assertNull(query.first(Fields.DNS_RESPONSE_CODE), "a query has no response code");
        assertEquals(List.of("RD"), query.get(Fields.DNS_HEADER_FLAGS));
        assertTrue(parse(response(1, 1), message));
        assertEquals("answer", WrittenRecord.of(writer, message).first(Fields.DNS_TYPE));
    }

    @Test
    void questionIsSplitByThePublicSuffixList()
    {
        assumeTrue(Files.isReadable(PublicSuffixList.DEFAULT_PATH), "publicsuffix package not installed");
        final DnsRecordWriter writer = new DnsRecordWriter(PublicSuffixList.load());
        final DnsMessage message = new DnsMessage();
        final String[][] cases = {
            {"WwW.Example.CO.uk", "example.co.uk", "co.uk"}, {"co.uk", null, "co.uk"},
            {"a.b.foo.ck", "b.foo.ck", "foo.ck"}, {"www.ck", "www.ck", "ck"}, {"_sip._udp.zone.test", "zone.test",
            "test"}, {"localhost", null, "localhost"}, {".", null, null}};
        for (final String[] expected : cases)
        {
            assertTrue(parse(new DnsBytes(1, 0x0100, 1, 0, 0, 0).name(expected[0]).u16(1).u16(1).toBytes(), message));
            final WrittenRecord record = WrittenRecord.of(writer, message);
            assertEquals(expected[1], record.first(Fields.DNS_QUESTION_REGISTERED_DOMAIN), expected[0]);
            assertEquals(expected[2], record.first(Fields.DNS_QUESTION_TOP_LEVEL_DOMAIN), expected[0]);
        }
        // A label holding a dot (RFC 1035 allows any octet) is escaped in the name; no rule matches it.
        final byte[] escaped = new DnsBytes(1, 0x0100, 1, 0, 0, 0).u8(3).u8('a').u8('.').u8('b').name("example.com")
            .u16(1).u16(1).toBytes();
        assertTrue(parse(escaped, message));
        final WrittenRecord record = WrittenRecord.of(writer, message);
        assertEquals("a\\.b.example.com", record.first(Fields.DNS_QUESTION_NAME));
        assertNull(record.first(Fields.DNS_QUESTION_REGISTERED_DOMAIN));
        assertNull(WrittenRecord.of(new DnsRecordWriter(), message).first(Fields.DNS_QUESTION_TOP_LEVEL_DOMAIN));
    }

    /**
     * A response to www.example.com A with {@code answers} A records whose owner points at the question.
     */
    static byte[] response(final int answers, final int firstAddress)
    {
        final DnsBytes builder = new DnsBytes(1, 0x8180, 1, answers, 0, 0).name("www.example.com").u16(1).u16(1);
        for (int i = 0; i < answers; i++)
        {
            builder.pointer(12).fixed(DnsRecordType.A, DnsClass.IN, 300 + i, 4)
                .bytes(new byte[]{10, 0, (byte)(i >> 8), (byte)(firstAddress + i)});
        }
        return builder.toBytes();
    }

    private static boolean parse(final byte[] bytes, final DnsMessage message)
    {
        return DnsMessageParser.parse(new UnsafeBuffer(bytes), 0, bytes.length, message);
    }
}
