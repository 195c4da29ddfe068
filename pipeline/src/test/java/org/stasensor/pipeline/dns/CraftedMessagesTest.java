package org.stasensor.pipeline.dns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages no test server sends, built byte by byte: extended RCODEs (RFC 6891 6.1.3) compared with tshark and with
 * the IANA names, and hostile names (RFC 1035 2.3.4, 4.1.4: pointer loops, forward pointers, names over 255
 * octets, endless pointer chains, reserved label types) that must be flagged, never followed forever or thrown on.
 */
class CraftedMessagesTest
{
    private static final int RESPONSE = 0x8180;
    private static final int QUERY = 0x0100;
    private static final int UNKNOWN_TYPE = 65280;
    private static final String LABEL_63 = "a".repeat(63);

    @TempDir
    Path directory;

    @Test
    void extendedResponseCodesMatchTsharkAndIanaNames()
    {
        // Header RCODE, OPT's upper 8 bits, the IANA name of (upper << 4) | header.
        final String[][] cases = {{"0", "1", "BADVERS"}, {"7", "1", "BADCOOKIE"}, {"3", "1", "BADMODE"},
            {"6", "1", "BADTRUNC"}, {"3", "0", "NXDOMAIN"}, {"15", "255", "RCODE4095"}, {"12", "0", "RCODE12"}};
        final List<byte[]> messages = new ArrayList<>();
        for (final String[] rcode : cases)
        {
            messages.add(new DnsBytes(messages.size() + 1, RESPONSE | Integer.parseInt(rcode[0]), 1, 0, 0, 1)
                .name("www.example.com").u16(DnsRecordType.A).u16(DnsClass.IN)
                .opt(1232, Integer.parseInt(rcode[1]), 0, 0).toBytes());
        }
        final Path capture = directory.resolve("rcodes.pcap");
        DnsBytes.writePcap(capture, messages);
        final DnsMessagesMatchTsharkTest.Comparison comparison = new DnsMessagesMatchTsharkTest.Comparison();
        comparison.capture(capture);
        comparison.report("extended RCODEs");
        assertEquals(List.of(), comparison.failures);
        assertEquals(cases.length, comparison.parsed);
        assertEquals(cases.length, comparison.valuesPerField.get("dns.resp.ext_rcode"));

        final DnsMessage message = new DnsMessage();
        final DnsRecordWriter writer = new DnsRecordWriter();
        for (int i = 0; i < cases.length; i++)
        {
            assertTrue(parse(messages.get(i), message));
            assertEquals(cases[i][2], WrittenRecord.of(writer, message).first(Fields.DNS_RESPONSE_CODE));
        }
    }

    @Test
    @Timeout(10)
    void pointerToItselfIsALoop()
    {
        final byte[] bytes = new DnsBytes(1, QUERY, 1, 0, 0, 0).pointer(12).u16(DnsRecordType.A).u16(DnsClass.IN)
            .toBytes();
        final DnsMessage message = new DnsMessage();
        assertTrue(parse(bytes, message), "the question frames: its two bytes are there");
        assertEquals(DnsNames.BAD_POINTER, DnsNames.result(DnsNames.walk(message.buffer(), 0, bytes.length, 12,
            bytes.length)));
        assertMalformedName(message);
    }

    @Test
    @Timeout(10)
    void twoPointersPointingAtEachOtherAreALoop()
    {
        final DnsBytes builder = new DnsBytes(2, RESPONSE, 1, 2, 0, 0).name("a.test").u16(DnsRecordType.A)
            .u16(DnsClass.IN);
        final int first = builder.position();
        // First owner: label "b" then a pointer forward to the second owner, which points back to the first.
        builder.u8(1).u8('b').pointer(first + 4 + 10 + 4).fixed(DnsRecordType.A, DnsClass.IN, 60, 4)
            .bytes(new byte[]{10, 0, 0, 1});
        builder.pointer(first).fixed(DnsRecordType.A, DnsClass.IN, 60, 4).bytes(new byte[]{10, 0, 0, 2});
        final byte[] bytes = builder.toBytes();
        final DnsMessage message = new DnsMessage();
        assertTrue(parse(bytes, message));
        assertEquals(2, message.recordsParsed(DnsMessage.ANSWER), "both records frame and are kept");
        assertEquals(DnsNames.BAD_POINTER, nameResult(message, message.recordNameOffset(DnsMessage.ANSWER, 0)));
        assertEquals(DnsNames.BAD_POINTER, nameResult(message, message.recordNameOffset(DnsMessage.ANSWER, 1)));
        assertMalformedName(message);
    }

    @Test
    void nameOf255OctetsIsValidAnd256IsNot()
    {
        final String longest = LABEL_63 + "." + LABEL_63 + "." + LABEL_63 + "." + "b".repeat(61);
        final String tooLong = LABEL_63 + "." + LABEL_63 + "." + LABEL_63 + "." + "b".repeat(62);
        final DnsMessage message = new DnsMessage();
        assertTrue(parse(question(longest), message));
        assertEquals(255, nameResult(message, 12), "RFC 1035 2.3.4: 255 octets is the limit, inclusive");
        assertEquals(0, message.malformed());
        final WrittenRecord record = WrittenRecord.of(new DnsRecordWriter(), message);
        assertEquals(longest, record.first(Fields.DNS_QUESTION_NAME));

        assertTrue(parse(question(tooLong), message));
        assertEquals(DnsNames.TOO_LONG, nameResult(message, 12));
        assertMalformedName(message);
    }

    @Test
    void nameOver255OctetsThroughCompressionIsRejected()
    {
        final String name = LABEL_63 + "." + LABEL_63 + "." + LABEL_63;
        final DnsBytes builder = new DnsBytes(3, RESPONSE, 1, 1, 0, 0).name(name).u16(UNKNOWN_TYPE)
            .u16(DnsClass.IN);
        final int owner = builder.position();
        builder.u8(63).bytes(LABEL_63.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).pointer(12)
            .fixed(UNKNOWN_TYPE, DnsClass.IN, 0, 0);
        final DnsMessage message = new DnsMessage();
        assertTrue(parse(builder.toBytes(), message));
        assertEquals(193, nameResult(message, 12));
        assertEquals(DnsNames.TOO_LONG, nameResult(message, owner), "64 + 193 octets");
        assertMalformedName(message);
    }

    @Test
    @Timeout(10)
    void pointerChainLongerThanAnyNameIsCut()
    {
        // RDATA of an unknown type holding 300 pointers, each to the one before it, the first to a root label: every
        // jump goes backwards, so only the count bounds the walk.
        final DnsBytes builder = new DnsBytes(4, RESPONSE, 0, 2, 0, 0).u8(0).fixed(UNKNOWN_TYPE, DnsClass.IN, 0, 600);
        final int root = 12;
        final int chain = builder.position();
        builder.pointer(root);
        for (int i = 1; i < 300; i++)
        {
            builder.pointer(chain + 2 * (i - 1));
        }
        builder.pointer(chain + 2 * 299).fixed(UNKNOWN_TYPE, DnsClass.IN, 0, 0);
        final DnsMessage message = new DnsMessage();
        assertTrue(parse(builder.toBytes(), message));
        assertEquals(DnsNames.TOO_MANY_POINTERS, nameResult(message, message.recordNameOffset(DnsMessage.ANSWER,
            1)));
        assertMalformedName(message);
    }

    @Test
    void reservedLabelTypesAndCutNamesFailTheQuestion()
    {
        final DnsMessage message = new DnsMessage();
        final byte[] extended = new DnsBytes(5, QUERY, 1, 0, 0, 0).u8(0x41).u8('x').u8(0).u16(1).u16(1).toBytes();
        assertFalse(parse(extended, message), "label type 01 (RFC 6891 obsoleted it) cannot be framed");
        assertTrue((message.malformed() & DnsMessage.MALFORMED_QUESTION) != 0);
        final byte[] cut = new DnsBytes(6, QUERY, 1, 0, 0, 0).u8(10).u8('x').toBytes();
        assertFalse(parse(cut, message), "a label running past the message");
        assertFalse(WrittenRecord.of(new DnsRecordWriter(), message).written);
    }

    @Test
    void hostileNamesAreNamesTsharkAlsoRefusesToExpand()
    {
        final List<byte[]> messages = List.of(
            new DnsBytes(7, QUERY, 1, 0, 0, 0).pointer(12).u16(1).u16(1).toBytes(),
            question(LABEL_63 + "." + LABEL_63 + "." + LABEL_63 + "." + "b".repeat(62)));
        final Path capture = directory.resolve("hostile.pcap");
        DnsBytes.writePcap(capture, messages);
        final List<TsharkDns.Message> shark = new ArrayList<>();
        TsharkDns.read(capture, shark);
        assertEquals(2, shark.size());
        for (final TsharkDns.Message expected : shark)
        {
            final Map<String, List<String>> fields = expected.fields();
            final String name = expected.values("dns.qry.name").isEmpty() ? null :
                expected.values("dns.qry.name").get(0);
            System.out.println("tshark on " + expected.where() + ": " + name);
            assertTrue(name != null && name.startsWith("<Name "), "tshark does not expand it either: " + fields);
        }
        assertEquals("<Name contains a pointer that loops>", shark.get(0).values("dns.qry.name").get(0));
        assertEquals("<Name too long>", shark.get(1).values("dns.qry.name").get(0));
    }

    private static byte[] question(final String name)
    {
        return new DnsBytes(8, QUERY, 1, 0, 0, 0).name(name).u16(DnsRecordType.A).u16(DnsClass.IN).toBytes();
    }

    private static boolean parse(final byte[] bytes, final DnsMessage message)
    {
        return DnsMessageParser.parse(new UnsafeBuffer(bytes), 0, bytes.length, message);
    }

    private static int nameResult(final DnsMessage message, final int at)
    {
        return DnsNames.result(DnsNames.walk(message.buffer(), message.offset(), message.end(), at, message.end()));
    }

    private static void assertMalformedName(final DnsMessage message)
    {
        assertTrue((message.malformed() & DnsMessage.MALFORMED_NAME) != 0, "flagged " + message.malformed());
        final WrittenRecord record = WrittenRecord.of(new DnsRecordWriter(), message);
        assertTrue(record.get(Fields.STA_FLAGS).contains("dns_malformed_name"), record.values.toString());
        final String question = record.first(Fields.DNS_QUESTION_NAME);
        if (message.questionsHeld() > 0 && nameResult(message, message.questionNameOffset(0)) < 0)
        {
            assertNull(question, "a name that does not expand is left out, not cut");
        }
    }
}
