package org.stasensor.pipeline.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Fields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real DNS traffic made by the test: dnsmasq serves a zone with every decoded record type (A, AAAA, CNAME, NS, PTR,
 * MX, TXT, SOA, SRV, HTTPS, SVCB, and an unknown type) in a network namespace of the test's own, dig asks for each
 * over UDP and TCP (one TCP connection carrying several queries), with EDNS, DO, AD/CD, client subnets for IPv4 and
 * IPv6, without EDNS and with EDNS version 1, and gets NXDOMAIN and REFUSED; tcpdump captures it. Two oracles:
 * tshark's dissection of every message (as for the corpus), and dig's own printing of what it sent and received
 * ({@code +qr}): id, opcode, status (the RCODE name), header flags, EDNS version, flags and UDP size,
 * client subnet, question, and each answer's name, TTL, class, type and data, against {@link DnsRecordWriter}.
 */
class RealResolverTrafficTest
{
    private static final String[][] QUERIES = {
        {"www.zone.test", "A"}, {"www.zone.test", "AAAA"}, {"alias.zone.test", "A"}, {"zone.test", "MX"},
        {"txt.zone.test", "TXT"}, {"_sip._udp.zone.test", "SRV"}, {"3.2.1.10.in-addr.arpa", "PTR"},
        {"svc.zone.test", "HTTPS"}, {"alias-mode.zone.test", "HTTPS"}, {"svcb.zone.test", "SVCB"},
        {"zone.test", "NS"}, {"zone.test", "SOA"}, {"odd.zone.test", "TYPE65280"}, {"nx.zone.test", "A"},
        {"example.org", "A"}, {"+tcp", "www.zone.test", "A"},
        {"+tcp", "+keepopen", "www.zone.test", "A", "zone.test", "MX", "alias.zone.test", "A", "txt.zone.test", "TXT"},
        {"+subnet=192.0.2.0/24", "www.zone.test", "A"}, {"+subnet=2001:db8:1::/48", "www.zone.test", "AAAA"},
        {"+dnssec", "www.zone.test", "A"}, {"+noedns", "www.zone.test", "A"},
        {"+edns=1", "+noednsnegotiation", "www.zone.test", "A"}, {"+cdflag", "+adflag", "www.zone.test", "A"},
        {"www.zone.test", "ANY"}, {"capture-complete.zone.test", "A"}};

    /** The last query's name as its label lies on the wire: once it is in the capture twice, all before it is. */
    private static final byte[] LAST_LABEL = "\u0010capture-complete".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void parserAndWriterAgreeWithTsharkAndDig() throws Exception
    {
        final Path capture = directory.resolve("dns.pcap");
        final StringBuilder digOutput = new StringBuilder();
        try (DnsLab lab = new DnsLab())
        {
            final Path config = writeConfig();
            lab.start("listening on lo", "tcpdump", "-i", "lo", "-U", "-n", "-w", capture.toString(), "port", "53");
            lab.start("started, version", "dnsmasq", "--keep-in-foreground", "--conf-file=" + config);
            for (final String[] query : QUERIES)
            {
                final List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "+qr", "+noall",
                    "+answer", "+comments", "+question", "+tries=1", "+time=3"));
                command.addAll(List.of(query));
                digOutput.append(DnsLab.check(lab.inside(command.toArray(new String[0]))).stdout());
            }
            // tcpdump -U writes each packet as it reads it, but stopping it drops what the kernel still holds.
            awaitInCapture(capture, LAST_LABEL, 2);
            lab.stopAll();
        }

        final DnsMessagesMatchTsharkTest.Comparison comparison = new DnsMessagesMatchTsharkTest.Comparison();
        comparison.capture(capture);
        comparison.report("dnsmasq and dig");
        assertEquals(List.of(), comparison.failures);
        for (final String field : new String[]{"dns.a", "dns.aaaa", "dns.cname", "dns.ns", "dns.ptr.domain_name",
            "dns.mx.mail_exchange", "dns.txt", "dns.soa.mname", "dns.srv.target", "dns.svcb.targetname",
            "dns.svcb.svcparam.alpn", "dns.opt.client.addr4", "dns.opt.client.addr6", "dns.resp.ext_rcode"})
        {
            assertTrue(comparison.valuesPerField.getOrDefault(field, 0) > 0, "no " + field + " was compared");
        }
        assertTrue(comparison.tcpMessages >= 10, comparison.tcpMessages + " TCP messages");
        assertTrue(comparison.maxMessagesPerTcpStream >= 4,
            comparison.maxMessagesPerTcpStream + " messages in the busiest TCP stream");

        final Map<String, DigBlock> dig = DigBlock.parse(digOutput.toString());
        final List<String> failures = compareWithDig(capture, dig);
        failures.forEach(failure -> System.out.println("  " + failure));
        assertEquals(List.of(), failures);
    }

    private static void awaitInCapture(final Path capture, final byte[] bytes, final int times) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (occurrences(Files.readAllBytes(capture), bytes) < times)
        {
            assertTrue(System.nanoTime() < deadline, "tcpdump did not capture the last query and response");
            Thread.sleep(20);
        }
    }

    private static int occurrences(final byte[] haystack, final byte[] needle)
    {
        int count = 0;
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length))
            {
                count++;
            }
        }
        return count;
    }

    private List<String> compareWithDig(final Path capture, final Map<String, DigBlock> dig)
    {
        final List<TsharkDns.Message> messages = new ArrayList<>();
        TsharkDns.read(capture, messages);
        final DnsMessage message = new DnsMessage();
        final DnsRecordWriter writer = new DnsRecordWriter();
        final List<String> failures = new ArrayList<>();
        int compared = 0;
        int answers = 0;
        final Set<String> statuses = new TreeSet<>();
        final Set<String> types = new TreeSet<>();
        for (final TsharkDns.Message shark : messages)
        {
            assertTrue(DnsMessageParser.parse(new UnsafeBuffer(shark.bytes()), 0, shark.bytes().length, message),
                shark.where());
            final WrittenRecord record = WrittenRecord.of(writer, message);
            final String key = DigBlock.key(message.id(), message.isResponse());
            final DigBlock block = dig.get(key);
            if (block == null)
            {
                failures.add(shark.where() + ": dig printed no message " + key);
                continue;
            }
            compared++;
            final String where = shark.where() + " id " + message.id();
            check(failures, where, "type", message.isResponse() ? "answer" : "query", record.first(Fields.DNS_TYPE));
            check(failures, where, "id", block.id, record.first(Fields.DNS_ID));
            check(failures, where, "op_code", block.opcode, record.first(Fields.DNS_OP_CODE));
            if (message.isResponse())
            {
                check(failures, where, "response_code", block.status, record.first(Fields.DNS_RESPONSE_CODE));
                statuses.add(block.status);
            }
            final Set<String> flags = new LinkedHashSet<>(block.flags);
            flags.remove("QR");
            if (block.ednsFlags.contains("do"))
            {
                flags.add("DO");
            }
            check(failures, where, "header_flags", new TreeSet<>(flags).toString(),
                new TreeSet<>(record.get(Fields.DNS_HEADER_FLAGS)).toString());
            check(failures, where, "opt.version", block.ednsVersion, record.first(Fields.DNS_OPT_VERSION));
            check(failures, where, "opt.udp_payload_size", block.udpSize,
                record.first(Fields.DNS_OPT_UDP_PAYLOAD_SIZE));
            check(failures, where, "client subnet", block.clientSubnet, clientSubnet(record));
            check(failures, where, "question", block.question, question(record));
            final List<String> ours = new ArrayList<>();
            for (int i = 0; i < record.get(Fields.DNS_ANSWERS_NAME).size(); i++)
            {
                ours.add(String.join(" ", record.get(Fields.DNS_ANSWERS_NAME).get(i),
                    record.get(Fields.DNS_ANSWERS_TTL).get(i), record.get(Fields.DNS_ANSWERS_CLASS).get(i),
                    record.get(Fields.DNS_ANSWERS_TYPE).get(i), record.get(Fields.DNS_ANSWERS_DATA).get(i)));
                types.add(record.get(Fields.DNS_ANSWERS_TYPE).get(i));
            }
            answers += ours.size();
            check(failures, where, "answers", block.answers.toString(), ours.toString());
            if (record.truncated())
            {
                failures.add(where + ": record flagged truncated");
            }
        }
        System.out.println("DNS writer vs dig: " + compared + " messages, " + answers + " answers of types " + types
            + ", statuses " + statuses + ", " + failures.size() + " differences");
        assertTrue(compared >= 2 * QUERIES.length, compared + " messages compared");
        // dnsmasq answers an EDNS version 1 query as if it were version 0 (no BADVERS): extended RCODEs are checked
        // on crafted messages against tshark in CraftedMessagesTest.
        assertTrue(statuses.containsAll(Set.of("NOERROR", "NXDOMAIN", "REFUSED")), statuses.toString());
        assertTrue(types.containsAll(Set.of("A", "AAAA", "CNAME", "NS", "MX", "TXT", "PTR", "SOA", "SRV", "HTTPS",
            "SVCB", "TYPE65280")), types.toString());
        return failures;
    }

    private static String clientSubnet(final WrittenRecord record)
    {
        final String family = record.first(Fields.DNS_OPT_CLIENT_SUBNET_FAMILY);
        if (family == null)
        {
            return null;
        }
        return record.first(Fields.DNS_OPT_CLIENT_SUBNET_ADDRESS) + "/"
            + record.first(Fields.DNS_OPT_CLIENT_SUBNET_SOURCE_PREFIX) + "/"
            + record.first(Fields.DNS_OPT_CLIENT_SUBNET_SCOPE_PREFIX);
    }

    private static String question(final WrittenRecord record)
    {
        final String name = record.first(Fields.DNS_QUESTION_NAME);
        return name == null ? null : name + " " + record.first(Fields.DNS_QUESTION_CLASS) + " "
            + record.first(Fields.DNS_QUESTION_TYPE);
    }

    private static void check(final List<String> failures, final String where, final String what,
        final String expected, final String actual)
    {
        if (!java.util.Objects.equals(expected, actual))
        {
            failures.add(where + ": " + what + " dig " + expected + " writer " + actual);
        }
    }

    private Path writeConfig() throws Exception
    {
        final Path hosts = directory.resolve("hosts");
        Files.writeString(hosts, "10.1.2.3 www.zone.test\n10.1.2.4 www.zone.test\n2001:db8::1 www.zone.test\n");
        final ByteArrayOutputStream config = new ByteArrayOutputStream();
        final String[] lines = {
            "port=53", "listen-address=127.0.0.1", "bind-interfaces", "no-resolv", "no-hosts",
            "addn-hosts=" + hosts, "local=/zone.test/", "local-ttl=300", "user=root",
            "pid-file=" + directory.resolve("dnsmasq.pid"), "log-facility=-",
            "cname=alias.zone.test,www.zone.test", "mx-host=zone.test,mail.zone.test,10",
            "srv-host=_sip._udp.zone.test,sip.zone.test,5060,10,20",
            "dns-rr=zone.test,2," + hex(name("ns1.zone.test")),
            "dns-rr=zone.test,6," + hex(soa()),
            "dns-rr=svc.zone.test,65," + hex(https()),
            "dns-rr=alias-mode.zone.test,65," + hex(concat(new byte[]{0, 0}, name("svc.zone.test"))),
            "dns-rr=svcb.zone.test,64," + hex(svcb()),
            "dns-rr=odd.zone.test,65280,c0ffee"};
        for (final String line : lines)
        {
            config.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // TXT strings with a space, a quote, a backslash, a semicolon, a tab and UTF-8 octets: dig escapes them.
        config.writeBytes("txt-record=txt.zone.test,\"v=spf1 -all\",\"a b;c\",\"caf\u00e9\"\n"
            .getBytes(StandardCharsets.UTF_8));
        final Path file = directory.resolve("dnsmasq.conf");
        Files.write(file, config.toByteArray());
        return file;
    }

    private static byte[] https()
    {
        return concat(new byte[]{0, 1, 0},
            parameter(1, concat(new byte[]{2}, ascii("h2"), new byte[]{2}, ascii("h3"))),
            parameter(3, new byte[]{0x01, (byte)0xBB}),
            parameter(4, new byte[]{10, 1, 2, 3, 10, 1, 2, 4}),
            parameter(6, HexFormat.of().parseHex("20010db8000000000000000000000001")));
    }

    private static byte[] svcb()
    {
        return concat(new byte[]{0, 16}, name("svc.zone.test"),
            parameter(0, new byte[]{0, 1}),
            parameter(1, concat(new byte[]{2}, ascii("h2"))),
            parameter(2, new byte[0]),
            parameter(5, HexFormat.of().parseHex("fe0d0003010203")),
            parameter(65000, ascii("xyz")));
    }

    private static byte[] soa()
    {
        return concat(name("ns1.zone.test"), name("hostmaster.zone.test"),
            HexFormat.of().parseHex("78a4da35" + "00000e10" + "00000258" + "00015180" + "0000012c"));
    }

    private static byte[] parameter(final int key, final byte[] value)
    {
        return concat(new byte[]{(byte)(key >> 8), (byte)key, (byte)(value.length >> 8), (byte)value.length}, value);
    }

    private static byte[] name(final String dotted)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final String label : dotted.split("\\."))
        {
            out.write(label.length());
            out.writeBytes(ascii(label));
        }
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String hex(final byte[] bytes)
    {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * One message as dig printed it.
     */
    static final class DigBlock
    {
        String opcode;
        String status;
        String id;
        final List<String> flags = new ArrayList<>();
        final List<String> ednsFlags = new ArrayList<>();
        String ednsVersion;
        String udpSize;
        String clientSubnet;
        String question;
        final List<String> answers = new ArrayList<>();

        static String key(final int id, final boolean response)
        {
            return id + (response ? "/response" : "/query");
        }

        static Map<String, DigBlock> parse(final String output)
        {
            final Map<String, DigBlock> blocks = new HashMap<>();
            DigBlock block = null;
            String section = "";
            for (final String line : output.split("\n"))
            {
                final java.util.regex.Matcher header = java.util.regex.Pattern
                    .compile("->>HEADER<<- opcode: (\\S+), status: (\\S+), id: (\\d+)").matcher(line);
                if (header.find())
                {
                    block = new DigBlock();
                    block.opcode = header.group(1);
                    block.status = header.group(2);
                    block.id = header.group(3);
                    section = "";
                    continue;
                }
                if (block == null)
                {
                    continue;
                }
                if (line.startsWith(";; flags:"))
                {
                    final String flagText = line.substring(9, line.indexOf(';', 9)).trim();
                    for (final String flag : flagText.split(" "))
                    {
                        if (!flag.isEmpty())
                        {
                            block.flags.add(flag.toUpperCase());
                        }
                    }
                    final DigBlock previous = blocks.put(key(Integer.parseInt(block.id), block.flags.contains("QR")),
                        block);
                    assertTrue(previous == null, "dig printed two messages with id " + block.id);
                }
                else if (line.startsWith("; EDNS:"))
                {
                    final java.util.regex.Matcher edns = java.util.regex.Pattern
                        .compile("version: (\\d+), flags:([^;]*); udp: (\\d+)").matcher(line);
                    assertTrue(edns.find(), line);
                    block.ednsVersion = edns.group(1);
                    for (final String flag : edns.group(2).trim().split(" "))
                    {
                        if (!flag.isEmpty())
                        {
                            block.ednsFlags.add(flag);
                        }
                    }
                    block.udpSize = edns.group(3);
                }
                else if (line.startsWith("; CLIENT-SUBNET:"))
                {
                    final String[] parts = line.substring(16).trim().split("/");
                    block.clientSubnet = WiresharkView.addressOf(parts[0]) + "/" + parts[1] + "/" + parts[2];
                }
                else if (line.startsWith(";; ") && line.endsWith("SECTION:"))
                {
                    section = line;
                }
                else if (section.contains("QUESTION") && line.startsWith(";") && !line.startsWith(";;"))
                {
                    final String[] parts = line.substring(1).trim().split("\\s+");
                    block.question = stripDot(parts[0]) + " " + parts[1] + " " + parts[2];
                }
                else if (section.contains("ANSWER") && !line.isBlank() && !line.startsWith(";"))
                {
                    final String[] parts = line.trim().split("\\s+", 5);
                    block.answers.add(String.join(" ", stripDot(parts[0]), parts[1], parts[2], parts[3],
                        data(parts[3], parts[4])));
                }
            }
            return blocks;
        }

        /**
         * dig's RDATA with the trailing dots of names removed.
         */
        private static String data(final String type, final String data)
        {
            if (type.equals("TXT") || type.startsWith("TYPE") || type.equals("A") || type.equals("AAAA"))
            {
                return data;
            }
            return data.replaceAll("(?<=[^\\s\\\\])\\.(?=\\s|$)", "");
        }

        private static String stripDot(final String name)
        {
            return name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        }
    }
}
