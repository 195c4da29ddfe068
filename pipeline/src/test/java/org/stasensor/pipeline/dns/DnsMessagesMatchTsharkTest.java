package org.stasensor.pipeline.dns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every DNS message of the DNS captures of the corpus and of the appliance's sample capture, over UDP and TCP,
 * parsed and compared field by field with tshark's dissection: id, flags word (QR, opcode, AA, TC, RD, RA, Z, AD,
 * CD, RCODE), the four counts, every question (name, type, class), every record of the three sections (owner name,
 * type, class, TTL, RDATA length) and the decoded RDATA of A, AAAA, CNAME, NS, PTR, MX, TXT, SOA, SRV, SVCB/HTTPS
 * and OPT (payload size, extended RCODE, version, DO, option codes, Client Subnet).
 */
class DnsMessagesMatchTsharkTest
{
    /**
     * Every corpus capture in which tshark finds DNS on port 53 (a survey of all 81 nDPI captures with
     * {@code tshark -Y 'dns && !mdns && !llmnr'}), plus two DNS-named ones where it finds none (tunnels over other
     * ports), which must yield nothing.
     */
    static final String[] CAPTURES = {
        "nDPI/pcap/dns.pcap", "nDPI/pcap/dns-exf.pcap", "nDPI/pcap/dns-tunnel-iodine.pcap",
        "nDPI/pcap/dns_long_domainname.pcap", "nDPI/pcap/dns_fragmented.pcap", "nDPI/pcap/malformed_dns.pcap",
        "nDPI/pcap/bad-dns-traffic.pcap", "nDPI/pcap/dns-google-nsid.pcapng", "nDPI/pcap/dns_invert_query.pcapng",
        "nDPI/pcap/mullvad_dns.pcap", "nDPI/pcap/netbios_wildcard_dns_query.pcap",
        "nDPI/pcap/dns_ambiguous_names.pcap", "nDPI/pcap/dns-invalid-chars.pcap", "nDPI/pcap/dns_exfiltration.pcap",
        "nDPI/pcap/avast_securedns.pcapng", "nDPI/pcap/bt-dns.pcap", "nDPI/pcap/6in4tunnel.pcap",
        "nDPI/pcap/tls_certificate_too_long.pcap", "nDPI/pcap/tls_heur__shadowsocks-tcp.pcapng",
        "nDPI/pcap/tls_heur__trojan-tcp-tls.pcapng", "nDPI/pcap/tls_heur__vmess-tcp-tls.pcapng",
        "nDPI/pcap/tls_heur__vmess-tcp.pcapng", "nDPI/pcap/tls_heur__vmess-websocket.pcapng",
        "nDPI/pcap/googledns_android10.pcap", "nDPI/pcap/dns2tcp_tunnel.pcap"};

    private static final Set<String> ADDRESS_FIELDS = Set.of("dns.a", "dns.aaaa", "dns.opt.client.addr4",
        "dns.opt.client.addr6");

    @Test
    void everyCorpusMessageMatchesTshark()
    {
        final List<Path> captures = new ArrayList<>();
        for (final String capture : CAPTURES)
        {
            captures.add(TestFiles.corpusFile(capture));
        }
        captures.add(TestFiles.projectRoot().resolve("appliance/samples/sample.pcap"));
        final Comparison comparison = new Comparison();
        comparison.captures(captures);
        comparison.report("corpus");
        assertTrue(comparison.messages > 900, comparison.messages + " messages");
        assertTrue(comparison.tcpMessages >= 4, comparison.tcpMessages + " TCP messages");
        assertEquals(List.of(), comparison.failures);
    }

    /**
     * Runs the comparison over captures and keeps counts; shared with the test that makes its own captures.
     */
    static final class Comparison
    {
        final List<String> failures = new ArrayList<>();
        int messages;
        int tcpMessages;
        int parsed;
        int rejectedAsTsharkMalformed;
        int fieldsCompared;
        int valuesCompared;
        int recordsCompared;
        int tcpUnpaired;
        int maxMessagesPerTcpStream;
        int lossyNames;
        int recordValuesCompared;
        final java.util.TreeMap<String, Integer> valuesPerField = new java.util.TreeMap<>();
        private final DnsMessage message = new DnsMessage();
        private final DnsRecordWriter writer = new DnsRecordWriter();

        /**
         * Runs tshark over the captures two at a time (it is most of the time), then compares in capture order.
         */
        void captures(final List<Path> captures)
        {
            final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()));
            try
            {
                final List<java.util.concurrent.Future<Object[]>> read = new ArrayList<>();
                for (final Path capture : captures)
                {
                    read.add(pool.submit(() ->
                    {
                        final List<TsharkDns.Message> shark = new ArrayList<>();
                        return new Object[]{TsharkDns.read(capture, shark), shark};
                    }));
                }
                for (final java.util.concurrent.Future<Object[]> future : read)
                {
                    final Object[] result = future.get(120, java.util.concurrent.TimeUnit.SECONDS);
                    @SuppressWarnings("unchecked")
                    final List<TsharkDns.Message> shark = (List<TsharkDns.Message>)result[1];
                    compareAll((TsharkDns.Tally)result[0], shark);
                }
            }
            catch (final java.util.concurrent.ExecutionException ex)
            {
                if (ex.getCause() instanceof RuntimeException runtime)
                {
                    throw runtime;
                }
                throw new IllegalStateException(ex.getCause());
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException("reading the captures with tshark failed", ex);
            }
            finally
            {
                pool.shutdownNow();
            }
        }

        void capture(final Path capture)
        {
            final List<TsharkDns.Message> shark = new ArrayList<>();
            compareAll(TsharkDns.read(capture, shark), shark);
        }

        private void compareAll(final TsharkDns.Tally tally, final List<TsharkDns.Message> shark)
        {
            tcpUnpaired += tally.tcpMessagesUnpaired();
            maxMessagesPerTcpStream = Math.max(maxMessagesPerTcpStream, tally.maxMessagesPerStream());
            for (final TsharkDns.Message expected : shark)
            {
                compare(expected);
            }
        }

        void compare(final TsharkDns.Message expected)
        {
            messages++;
            if (expected.tcp())
            {
                tcpMessages++;
                final List<String> length = expected.values("dns.length");
                if (!length.isEmpty() && Integer.parseInt(length.get(0)) != expected.bytes().length)
                {
                    failures.add(expected.where() + ": TCP message length " + expected.bytes().length
                        + ", tshark's prefix " + length);
                }
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(expected.bytes());
            if (!DnsMessageParser.parse(buffer, 0, expected.bytes().length, message))
            {
                if (expected.malformed() || expected.values("dns.qry.name").contains("<Name too long>"))
                {
                    rejectedAsTsharkMalformed++;
                }
                else
                {
                    failures.add(expected.where() + ": parse failed (" + message.malformed() + ") where tshark "
                        + "dissected " + expected.fields());
                }
                return;
            }
            parsed++;
            final Map<String, List<String>> ours = WiresharkView.of(message);
            final boolean partial = (message.malformed() & DnsMessage.MALFORMED_RECORD) != 0
                || message.recordsNotHeld() > 0 || message.questionCount() > DnsMessage.MAX_QUESTIONS;
            for (int i = 0; i < message.recordsHeld(DnsMessage.ANSWER) + message.recordsHeld(DnsMessage.AUTHORITY)
                + message.recordsHeld(DnsMessage.ADDITIONAL); i++)
            {
                recordsCompared++;
            }
            for (final String field : TsharkDns.FIELDS)
            {
                if (field.equals("dns.length"))
                {
                    continue;
                }
                List<String> theirs = expected.values(field);
                if (ADDRESS_FIELDS.contains(field))
                {
                    theirs = theirs.stream().map(WiresharkView::addressOf).toList();
                }
                List<String> mine = ours.getOrDefault(field, List.of());
                if (mine.stream().anyMatch(value -> value.indexOf('\uFFFD') >= 0))
                {
                    // Octets that are not UTF-8: Wireshark's count of replacement characters is GLib's and not
                    // worth imitating; the rest of the name must still be equal.
                    theirs = collapseReplacements(theirs);
                    mine = collapseReplacements(mine);
                    lossyNames++;
                }
                fieldsCompared++;
                valuesCompared += theirs.size();
                valuesPerField.merge(field, theirs.size(), Integer::sum);
                final boolean equal = partial ? isPrefix(mine, theirs) : mine.equals(theirs);
                if (!equal)
                {
                    failures.add(expected.where() + ": " + field + " tshark " + abbreviate(theirs) + " parser "
                        + abbreviate(mine) + " (malformed bits " + message.malformed() + ")");
                }
            }
            compareRecord(expected);
        }

        /**
         * The record the writer makes from the message, against tshark where the two print the same text: id,
         * counts, the question's name (when it is plain printable ASCII), each answer's owner name and TTL, and the
         * addresses of the A and AAAA answers.
         */
        private void compareRecord(final TsharkDns.Message expected)
        {
            final WrittenRecord record = WrittenRecord.of(writer, message);
            final String where = expected.where() + " record";
            recordCheck(where, "dns.id", List.of(Integer.toString(Integer.decode(expected.values("dns.id").get(0)))),
                record.get(Fields.DNS_ID));
            final boolean update = message.opcode() == DnsOpcode.UPDATE;
            recordCheck(where, "questions", expected.values(update ? "dns.count.zones" : "dns.count.queries"),
                record.get(Fields.DNS_COUNT_QUESTIONS));
            recordCheck(where, "answers", expected.values(update ? "dns.count.prerequisites" : "dns.count.answers"),
                record.get(Fields.DNS_COUNT_ANSWERS));
            recordCheck(where, "authorities", expected.values(update ? "dns.count.updates" : "dns.count.auth_rr"),
                record.get(Fields.DNS_COUNT_AUTHORITIES));
            recordCheck(where, "additionals", expected.values("dns.count.add_rr"),
                record.get(Fields.DNS_COUNT_ADDITIONALS));
            final List<String> names = expected.values("dns.qry.name");
            if (!names.isEmpty() && isPlain(names.get(0)))
            {
                recordCheck(where, "question name", names.subList(0, 1),
                    record.get(Fields.DNS_QUESTION_NAME));
            }
            final int answers = record.get(Fields.DNS_ANSWERS_NAME).size();
            final List<String> ttls = expected.values("dns.resp.ttl");
            final List<String> owners = expected.values("dns.resp.name");
            if (!record.truncated() && message.recordsHeld(DnsMessage.ANSWER) == answers && !hasSrvAnswer()
                && ttls.size() >= answers && owners.size() >= answers)
            {
                recordCheck(where, "answer ttls", ttls.subList(0, answers),
                    record.get(Fields.DNS_ANSWERS_TTL));
                final List<String> plainOwners = owners.subList(0, answers);
                if (plainOwners.stream().allMatch(Comparison::isPlain))
                {
                    recordCheck(where, "answer names", plainOwners,
                        record.get(Fields.DNS_ANSWERS_NAME));
                }
            }
            final List<String> addresses = new ArrayList<>();
            expected.values("dns.a").forEach(a -> addresses.add(WiresharkView.addressOf(a)));
            expected.values("dns.aaaa").forEach(a -> addresses.add(WiresharkView.addressOf(a)));
            final List<String> resolved = record.get(Fields.DNS_RESOLVED_IP);
            final List<String> left = new ArrayList<>(addresses);
            for (final String ip : resolved)
            {
                recordValuesCompared++;
                if (!left.remove(ip))
                {
                    failures.add(where + ": resolved_ip " + ip + " is not among tshark's " + addresses);
                }
            }
        }

        private boolean hasSrvAnswer()
        {
            for (int i = 0; i < message.recordsHeld(DnsMessage.ANSWER); i++)
            {
                if (message.recordType(DnsMessage.ANSWER, i) == DnsRecordType.SRV)
                {
                    return true; // tshark shows an SRV owner as dns.srv.* parts, not dns.resp.name
                }
            }
            return false;
        }

        private void recordCheck(final String where, final String what, final List<String> theirs,
            final List<String> ours)
        {
            recordValuesCompared += theirs.size();
            if (!theirs.equals(ours))
            {
                failures.add(where + ": " + what + " tshark " + abbreviate(theirs) + " record " + abbreviate(ours));
            }
        }

        /**
         * Text both tshark and the writer print as is: printable ASCII without a backslash or a double quote.
         */
        private static boolean isPlain(final String name)
        {
            return !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '\\' && c != '"')
                && !name.startsWith("<");
        }

        void report(final String what)
        {
            System.out.println("DNS vs tshark (" + what + "): " + messages + " messages (" + tcpMessages
                + " over TCP), " + parsed + " parsed, " + rejectedAsTsharkMalformed
                + " rejected where tshark also found them malformed, " + recordsCompared + " records, "
                + valuesCompared + " tshark values in " + fieldsCompared + " field comparisons, "
                + tcpUnpaired + " TCP messages not paired, at most " + maxMessagesPerTcpStream
                + " messages in one TCP direction, " + lossyNames + " comparisons of non-UTF-8 names with runs of "
                + "U+FFFD collapsed, " + recordValuesCompared + " record values compared, " + failures.size()
                + " differences");
            System.out.println("  values per field: " + valuesPerField);
            failures.stream().limit(40).forEach(failure -> System.out.println("  " + failure));
        }

        private static List<String> collapseReplacements(final List<String> values)
        {
            return values.stream().map(value -> value.replaceAll("\uFFFD+", "\uFFFD")).toList();
        }

        private static boolean isPrefix(final List<String> mine, final List<String> theirs)
        {
            return mine.size() <= theirs.size() && theirs.subList(0, mine.size()).equals(mine);
        }

        private static String abbreviate(final List<String> values)
        {
            final String text = values.toString();
            return text.length() > 300 ? text.substring(0, 300) + "...(" + values.size() + ")" : text;
        }
    }
}
