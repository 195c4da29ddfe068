package org.stasensor.appliance.dnslab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.dnslab.TsharkDnsMessages.Message;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.Mismatches;
import org.stasensor.appliance.lab.StaAnalyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: real DNS between dnsmasq and dig in two network namespaces ({@link DnsTrafficScenario}: every listed
 * record type, NXDOMAIN, REFUSED, TCP with one and with four queries per connection, EDNS with client subnets, DO,
 * an authoritative server on port 5353), captured by tcpdump, analysed by {@code sta analyze}, and every dns record
 * compared with tshark's dissection of the same message ({@link TsharkDnsMessages}): id, query or answer, opcode,
 * header flags, response code, question name, type and class, each answer's name, type, class, TTL and data, the
 * resolved addresses, EDNS payload size, version and client subnet, the four section counts, and the response
 * latency (tshark's {@code dns.time}). One record per DNS message, query and answer each. The registered domain is
 * compared with the Public Suffix List's answer for each name asked (a fact of the list's rules, over its ICANN
 * section as the schema defines the field), and the flow records of the DNS flows must say dns and carry no
 * "not DNS" flag.
 */
final class DnsRecordsMatchTsharkTest
{
    private static final String DNS_PORT_FLAG = "dns_port_not_dns";
    private static final Set<String> ANSWER_KEYS = Set.of("name", "type", "class", "ttl", "data");

    @TempDir
    static Path work;

    private static DnsTrafficScenario.Traffic traffic;
    private static List<Message> tshark;
    private static StaAnalyze.Result analysis;
    private static Map<String, List<JsonNode>> dnsRecords;

    @BeforeAll
    static void captureRealDnsAndAnalyzeIt()
    {
        HostCommands.assumeInstalled("tshark");
        final long started = System.nanoTime();
        traffic = DnsTrafficScenario.generate(work);
        final long generated = System.nanoTime();
        final String auth = Integer.toString(DnsTrafficScenario.AUTH_PORT);
        tshark = TsharkDnsMessages.read(traffic.capture(), List.of("-d", "udp.port==" + auth + ",dns", "-d",
            "tcp.port==" + auth + ",dns"), work.resolve("tshark"));
        analysis = StaAnalyze.run(traffic.capture(), work.resolve("records.jsonl"));
        dnsRecords = new HashMap<>();
        for (final JsonNode record : analysis.dataset("dns"))
        {
            dnsRecords.computeIfAbsent(key(record), key -> new ArrayList<>()).add(record);
        }
        System.out.printf("dns lab: %d dig runs, %d DNS messages, traffic %.1f s, tshark and sta %.1f s%n",
            traffic.digs().size(), tshark.size(), (generated - started) / 1e9, (System.nanoTime() - generated) / 1e9);
    }

    @Test
    void analyzeSucceeds()
    {
        assertEquals(Sta.EXIT_OK, analysis.exitCode(), "sta analyze exit code; stderr:\n" + analysis.stderr());
    }

    /** The oracle side first: the capture holds what the scenario meant to make, as tshark sees it. */
    @Test
    void captureHoldsEveryTypeRcodeAndTransport()
    {
        final Set<String> answerTypes = new TreeSet<>();
        final Set<String> rcodes = new TreeSet<>();
        final Set<String> flags = new TreeSet<>();
        int tcp = 0;
        int subnets = 0;
        final Map<String, Integer> queriesPerTcpConnection = new HashMap<>();
        for (final Message message : tshark)
        {
            answers(message).forEach(answer -> answerTypes.add(answer.get("type")));
            if (message.response())
            {
                rcodes.add((String)message.expected().get("dns.response_code"));
            }
            @SuppressWarnings("unchecked")
            final List<String> headerFlags = (List<String>)message.expected().get("dns.header_flags");
            if (headerFlags != null)
            {
                flags.addAll(headerFlags);
            }
            if (message.transport().equals("tcp"))
            {
                tcp++;
                if (!message.response())
                {
                    queriesPerTcpConnection.merge(message.sourceIp() + ":" + message.sourcePort(), 1, Integer::sum);
                }
            }
            subnets += message.expected().get("dns.opt.client_subnet.family") != null ? 1 : 0;
        }
        assertTrue(answerTypes.containsAll(Set.of("A", "AAAA", "CNAME", "NS", "MX", "TXT", "PTR", "SOA", "SRV",
            "HTTPS", "SVCB")), "answer types tshark saw: " + answerTypes);
        assertTrue(rcodes.containsAll(Set.of("NOERROR", "NXDOMAIN", "REFUSED")), "rcodes: " + rcodes);
        assertTrue(flags.containsAll(Set.of("AA", "RD", "RA", "AD", "CD", "DO")), "flags: " + flags);
        assertTrue(tcp >= 12, tcp + " DNS messages over TCP");
        assertTrue(queriesPerTcpConnection.values().stream().anyMatch(count -> count >= 4),
            "a TCP connection carrying 4 queries: " + queriesPerTcpConnection);
        assertTrue(subnets >= 2, subnets + " messages with a client subnet");
    }

    /**
     * The presentation form the oracle gives SVCB and HTTPS data (RFC 9460 allows a value list quoted or not) is
     * the one dig prints: every such answer, as tshark's fields make it, appears in dig's output (where names carry
     * their final dot).
     */
    @Test
    void digPrintsServiceBindingsAsTheOracleWritesThem()
    {
        final StringBuilder dig = new StringBuilder();
        traffic.digs().forEach(run -> dig.append(run.stdout()));
        final Mismatches problems = new Mismatches("tshark's fields in RFC 9460 form", "dig");
        for (final Message message : tshark)
        {
            for (final Map<String, String> answer : answers(message))
            {
                if (answer.get("type").equals("HTTPS") || answer.get("type").equals("SVCB"))
                {
                    final String[] parts = answer.get("data").split(" ", 3);
                    final String digForm = parts[0] + " " + (parts[1].equals(".") ? "." : parts[1] + ".")
                        + (parts.length > 2 ? " " + parts[2] : "");
                    problems.expectEqual(message.describe(), "dig printed " + digForm, true,
                        dig.toString().contains(digForm));
                }
            }
        }
        problems.assertNone("SVCB and HTTPS presentation");
    }

    @Test
    void oneRecordPerDnsMessage()
    {
        final Mismatches problems = new Mismatches("tshark");
        problems.expectEqual("capture", "dns records (= DNS messages)", tshark.size(), analysis.dataset("dns").size());
        final Map<String, Integer> expected = new LinkedHashMap<>();
        tshark.forEach(message -> expected.merge(message.key(), 1, Integer::sum));
        for (final Map.Entry<String, Integer> entry : expected.entrySet())
        {
            problems.expectEqual(entry.getKey(), "dns records", entry.getValue(),
                dnsRecords.getOrDefault(entry.getKey(), List.of()).size());
        }
        for (final Map.Entry<String, List<JsonNode>> entry : dnsRecords.entrySet())
        {
            if (!expected.containsKey(entry.getKey()))
            {
                problems.add(entry.getKey(), entry.getValue().size() + " dns record(s) for no DNS message of tshark's");
            }
        }
        problems.assertNone("dns records per message");
    }

    @Test
    void everyFieldMatchesTshark()
    {
        final Mismatches problems = new Mismatches("tshark");
        final Map<String, Integer> taken = new HashMap<>();
        for (final Message message : tshark)
        {
            final List<JsonNode> records = dnsRecords.getOrDefault(message.key(), List.of());
            final int index = taken.merge(message.key(), 1, Integer::sum) - 1;
            if (index >= records.size())
            {
                problems.add(message.describe(), "no dns record");
                continue;
            }
            final JsonNode record = records.get(index);
            for (final Map.Entry<String, Object> field : message.expected().entrySet())
            {
                problems.expectEqual(message.describe(), field.getKey(), field.getValue(),
                    actual(record, field.getKey(), field.getValue()));
            }
        }
        problems.assertNone("dns record fields");
        System.out.println("dns lab: " + problems.checks() + " field comparisons with tshark over " + tshark.size()
            + " messages");
    }

    /** Every answer whose query was captured has a positive latency; queries have none. */
    @Test
    void latencyIsPositiveOnAnswersOnly()
    {
        final Mismatches problems = new Mismatches("expected");
        for (final JsonNode record : analysis.dataset("dns"))
        {
            final String latency = StaAnalyze.text(record, "dns.response_latency");
            final String where = key(record) + " " + StaAnalyze.text(record, "dns.question.name");
            if ("answer".equals(StaAnalyze.text(record, "dns.type")))
            {
                problems.expectEqual(where, "dns.response_latency > 0", true,
                    latency != null && Long.parseLong(latency) > 0);
            }
            else
            {
                problems.expectEqual(where, "dns.response_latency", null, latency);
            }
        }
        problems.assertNone("response latency");
    }

    @Test
    void registeredDomainFollowsThePublicSuffixList()
    {
        final Mismatches problems = new Mismatches("Public Suffix List rules");
        final Set<String> seen = new TreeSet<>();
        for (final JsonNode record : analysis.dataset("dns"))
        {
            final String name = StaAnalyze.text(record, "dns.question.name");
            if (name != null && DnsTrafficScenario.REGISTERED_DOMAINS.containsKey(name))
            {
                final String expected = DnsTrafficScenario.REGISTERED_DOMAINS.get(name);
                seen.add(name);
                problems.expectEqual(key(record) + " " + name, "dns.question.registered_domain", expected,
                    StaAnalyze.text(record, "dns.question.registered_domain"));
                if (DnsTrafficScenario.PUBLIC_SUFFIXES.containsKey(name))
                {
                    problems.expectEqual(key(record) + " " + name, "dns.question.top_level_domain",
                        DnsTrafficScenario.PUBLIC_SUFFIXES.get(name),
                        StaAnalyze.text(record, "dns.question.top_level_domain"));
                }
            }
        }
        problems.expectEqual("scenario", "names asked", DnsTrafficScenario.REGISTERED_DOMAINS.keySet().size(),
            seen.size());
        problems.assertNone("registered domains");
    }

    /** Real DNS on ports 53 and 5353: flow records say dns and carry no "not DNS on a DNS port" flag. */
    @Test
    void dnsFlowsSayDnsAndAreNotFlagged()
    {
        final Mismatches problems = new Mismatches("tshark");
        final Set<String> dnsFlows = new TreeSet<>();
        for (final Message message : tshark)
        {
            if (!message.response())
            {
                dnsFlows.add(message.transport() + " " + message.sourceIp() + ":" + message.sourcePort() + " > "
                    + message.destinationIp() + ":" + message.destinationPort());
            }
        }
        final Set<String> seen = new TreeSet<>();
        for (final JsonNode flow : analysis.dataset("flow"))
        {
            final String key = StaAnalyze.text(flow, "network.transport") + " "
                + TsharkDnsMessages.address(StaAnalyze.text(flow, "source.ip")) + ":"
                + StaAnalyze.text(flow, "source.port") + " > "
                + TsharkDnsMessages.address(StaAnalyze.text(flow, "destination.ip")) + ":"
                + StaAnalyze.text(flow, "destination.port");
            if (!dnsFlows.contains(key))
            {
                continue;
            }
            seen.add(key);
            problems.expectEqual(key, "network.protocol", "dns", StaAnalyze.text(flow, "network.protocol"));
            final List<String> flags = StaAnalyze.texts(flow, "sta.flags");
            problems.expectEqual(key, "sta.flags has " + DNS_PORT_FLAG, false,
                flags != null && flags.contains(DNS_PORT_FLAG));
        }
        problems.expectEqual("capture", "flow records of DNS flows", dnsFlows.size(), seen.size());
        problems.assertNone("flow records of DNS flows");
    }

    /** The sensor's value in the form the oracle's value has. */
    private static Object actual(final JsonNode record, final String field, final Object expected)
    {
        final JsonNode node = StaAnalyze.field(record, field);
        if (node.isMissingNode() || node.isNull() || (node.isArray() && node.isEmpty()))
        {
            // An empty list says nothing more than an absent field.
            return null;
        }
        switch (field)
        {
            case "dns.answers":
                return answers(node);
            case "dns.header_flags":
                final List<String> flags = StaAnalyze.texts(record, field);
                return flags == null ? null : List.copyOf(new TreeSet<>(flags));
            case "dns.resolved_ip":
                final List<String> addresses = new ArrayList<>();
                StaAnalyze.texts(record, field).forEach(ip -> addresses.add(TsharkDnsMessages.address(ip)));
                return addresses;
            case "dns.opt.client_subnet.address":
                return TsharkDnsMessages.address(StaAnalyze.text(record, field));
            default:
                return expected instanceof List<?> ? StaAnalyze.texts(record, field) : StaAnalyze.text(record, field);
        }
    }

    /** dns.answers as the schema has it: an array of objects, each with name, type, class, ttl, data. */
    private static Object answers(final JsonNode node)
    {
        if (!node.isArray())
        {
            return "not an array of objects: " + node;
        }
        final List<Map<String, String>> answers = new ArrayList<>();
        for (final JsonNode element : node)
        {
            final Map<String, String> answer = new LinkedHashMap<>();
            element.properties().forEach(entry -> answer.put(entry.getKey(),
                entry.getValue().isValueNode() ? entry.getValue().asText() : entry.getValue().toString()));
            if (!answer.keySet().equals(ANSWER_KEYS))
            {
                answer.put("(keys)", answer.keySet().toString());
            }
            answers.add(answer);
        }
        return answers;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> answers(final Message message)
    {
        final Object answers = message.expected().get("dns.answers");
        return answers == null ? List.of() : (List<Map<String, String>>)answers;
    }

    private static String key(final JsonNode record)
    {
        return Message.key(TsharkDnsMessages.address(StaAnalyze.text(record, "source.ip")),
            parse(StaAnalyze.text(record, "source.port")),
            TsharkDnsMessages.address(StaAnalyze.text(record, "destination.ip")),
            parse(StaAnalyze.text(record, "destination.port")), parse(StaAnalyze.text(record, "dns.id")),
            "answer".equals(StaAnalyze.text(record, "dns.type")));
    }

    private static int parse(final String number)
    {
        return number == null ? -1 : Integer.parseInt(number);
    }
}
