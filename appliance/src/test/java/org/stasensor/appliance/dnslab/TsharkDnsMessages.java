package org.stasensor.appliance.dnslab;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.stasensor.appliance.lab.TsharkJson;

/**
 * The oracle's view of every DNS message in a capture, put in the sensor's field names: what a dns record must say,
 * derived only from tshark's dissection ({@code -T json}) and from facts of the RFCs (the header bit layout of
 * RFC 1035 4.1.1 and RFC 4035 3.2, the RCODE and OPCODE mnemonics of RFC 6895, the presentation forms of
 * RFC 1035 5.1, RFC 2782 and RFC 9460 2.1), never from the sensor's code.
 * <p>
 * tshark's text is taken as it is (IPv6 addresses in answer data as Wireshark writes them, RFC 5952), with two
 * translations: the root name, which tshark shows as "&lt;Root&gt;", is written ".", and numbers tshark shows in hex
 * (ids, classes, flags) are read as numbers. Addresses in fields of type ip (resolved addresses, the client subnet)
 * are compared in one canonical form ({@link #address}).
 */
public final class TsharkDnsMessages
{
    /** RFC 6895 2.3 RCODE mnemonics, 0-23 (16 is BADVERS for OPT). */
    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
        "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE", "DSOTYPENI", "RCODE12", "RCODE13", "RCODE14",
        "RCODE15", "BADVERS", "BADKEY", "BADTIME", "BADMODE", "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE"};
    /** RFC 6895 2.2 OPCODE mnemonics. */
    private static final String[] OPCODES = {"QUERY", "IQUERY", "STATUS", "OPCODE3", "NOTIFY", "UPDATE", "DSO"};
    /** RFC 9460 14.3.2 SvcParamKeys. */
    private static final String[] SERVICE_KEYS = {"mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech",
        "ipv6hint"};
    /** Header flag bits, RFC 1035 4.1.1 (AA, TC, RD, RA) and RFC 4035 3.2 (AD, CD). */
    private static final String[] FLAG_NAMES = {"AA", "TC", "RD", "RA", "AD", "CD"};
    private static final int[] FLAG_BITS = {0x0400, 0x0200, 0x0100, 0x0080, 0x0020, 0x0010};
    private static final int OPT = 41;

    /**
     * One DNS message as tshark dissected it.
     *
     * @param frame           the frame number it ends in.
     * @param sourceIp        sender's address.
     * @param sourcePort      sender's port.
     * @param destinationIp   receiver's address.
     * @param destinationPort receiver's port.
     * @param transport       "udp" or "tcp".
     * @param id              the transaction id.
     * @param response        whether QR is set.
     * @param expected        sensor field name to expected value: a String, a List of Strings, or (for
     *                        {@code dns.answers}) a List of Maps with keys name, type, class, ttl, data; null where
     *                        the field must be absent.
     */
    public record Message(int frame, String sourceIp, int sourcePort, String destinationIp, int destinationPort,
        String transport, int id, boolean response, Map<String, Object> expected)
    {
        /**
         * The key that joins the message with a sensor record, whose {@code source} is the querier for both the
         * query and the answer (docs/schema.md): the sender of a query, the receiver of an answer.
         *
         * @return "querier:port > responder:port id N query|answer".
         */
        public String key()
        {
            return response ? key(destinationIp, destinationPort, sourceIp, sourcePort, id, true)
                : key(sourceIp, sourcePort, destinationIp, destinationPort, id, false);
        }

        /**
         * The join key of a message.
         *
         * @param sourceIp        the querier.
         * @param sourcePort      its port.
         * @param destinationIp   the responder.
         * @param destinationPort its port.
         * @param id              transaction id.
         * @param response        answer or query.
         * @return the key.
         */
        public static String key(final String sourceIp, final int sourcePort, final String destinationIp,
            final int destinationPort, final int id, final boolean response)
        {
            return sourceIp + ":" + sourcePort + " > " + destinationIp + ":" + destinationPort + " id " + id + " "
                + (response ? "answer" : "query");
        }

        /**
         * For messages: where, what and which question.
         *
         * @return the description.
         */
        public String describe()
        {
            return "frame " + frame + " " + transport + " " + key() + " " + expected.get("dns.question.name") + " "
                + expected.get("dns.question.type");
        }
    }

    private final Map<Long, String> typeNames;
    private final Map<Long, String> classNames;

    private TsharkDnsMessages(final Path work)
    {
        typeNames = TsharkJson.valueNames("dns.qry.type", work);
        classNames = TsharkJson.valueNames("dns.qry.class", work);
    }

    /**
     * Every DNS message of a capture, in frame order (several per frame where a TCP segment carries several).
     *
     * @param capture the pcap file.
     * @param options further tshark options, e.g. {@code -d udp.port==5353,dns}.
     * @param work    a directory for tshark's output.
     * @return the messages.
     */
    public static List<Message> read(final Path capture, final List<String> options, final Path work)
    {
        final TsharkDnsMessages reader = new TsharkDnsMessages(work);
        final List<Message> messages = new ArrayList<>();
        for (final JsonNode packet : TsharkJson.packets(capture, "dns", "frame ip ipv6 udp tcp dns", work, options))
        {
            final JsonNode layers = packet.path("_source").path("layers");
            final int frame = Integer.parseInt(TsharkJson.text(layers.path("frame").path("frame.number")));
            final boolean tcp = layers.has("tcp");
            final JsonNode transport = tcp ? layers.path("tcp") : layers.path("udp");
            final String prefix = tcp ? "tcp." : "udp.";
            final JsonNode ip = layers.has("ip") ? layers.path("ip") : layers.path("ipv6");
            final String ipPrefix = layers.has("ip") ? "ip." : "ipv6.";
            for (final JsonNode dns : TsharkJson.elements(layers.get("dns")))
            {
                final int flags = Integer.decode(TsharkJson.text(dns.path("dns.flags")));
                messages.add(new Message(frame, address(TsharkJson.text(ip.path(ipPrefix + "src"))),
                    Integer.parseInt(TsharkJson.text(transport.path(prefix + "srcport"))),
                    address(TsharkJson.text(ip.path(ipPrefix + "dst"))),
                    Integer.parseInt(TsharkJson.text(transport.path(prefix + "dstport"))), tcp ? "tcp" : "udp",
                    Integer.decode(TsharkJson.text(dns.path("dns.id"))), (flags & 0x8000) != 0,
                    reader.expected(dns, flags)));
            }
        }
        return messages;
    }

    /**
     * An address in one canonical text form (the JDK's), so that "2001:db8::1" and "2001:db8:0:0:0:0:0:1" compare
     * equal.
     *
     * @param text an IPv4 or IPv6 literal, or null.
     * @return the canonical text, or null.
     */
    public static String address(final String text)
    {
        if (text == null)
        {
            return null;
        }
        try
        {
            // ofLiteral never asks a resolver, whatever the text.
            return InetAddress.ofLiteral(text).getHostAddress();
        }
        catch (final IllegalArgumentException ex)
        {
            return "not an address: " + text;
        }
    }

    private Map<String, Object> expected(final JsonNode dns, final int flags)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        final boolean response = (flags & 0x8000) != 0;
        fields.put("dns.id", Integer.toString(Integer.decode(TsharkJson.text(dns.path("dns.id")))));
        fields.put("dns.type", response ? "answer" : "query");
        final int opcode = (flags >> 11) & 0xF;
        fields.put("dns.op_code", opcode < OPCODES.length ? OPCODES[opcode] : "OPCODE" + opcode);
        final List<JsonNode> questions = TsharkJson.objectsWithKey(dns.path("Queries"), "dns.qry.name");
        if (!questions.isEmpty())
        {
            final JsonNode question = questions.get(0);
            fields.put("dns.question.name", name(TsharkJson.text(question.path("dns.qry.name"))));
            fields.put("dns.question.type", typeName(Long.parseLong(TsharkJson.text(question.path("dns.qry.type")))));
            fields.put("dns.question.class", className(Long.decode(TsharkJson.text(question.path("dns.qry.class")))));
        }
        fields.put("dns.count.questions", TsharkJson.text(dns.path("dns.count.queries")));
        fields.put("dns.count.answers", TsharkJson.text(dns.path("dns.count.answers")));
        fields.put("dns.count.authorities", TsharkJson.text(dns.path("dns.count.auth_rr")));
        fields.put("dns.count.additionals", TsharkJson.text(dns.path("dns.count.add_rr")));

        final List<JsonNode> opts = new ArrayList<>();
        for (final JsonNode record : TsharkJson.objectsWithKey(dns.path("Additional records"), "dns.resp.type"))
        {
            if (Integer.parseInt(TsharkJson.text(record.path("dns.resp.type"))) == OPT)
            {
                opts.add(record);
            }
        }
        final JsonNode opt = opts.isEmpty() ? null : opts.get(0);
        int extendedRcode = 0;
        final Set<String> headerFlags = new TreeSet<>();
        for (int i = 0; i < FLAG_BITS.length; i++)
        {
            if ((flags & FLAG_BITS[i]) != 0)
            {
                headerFlags.add(FLAG_NAMES[i]);
            }
        }
        for (final String absentUnlessSeen : List.of("dns.opt.udp_payload_size", "dns.opt.version",
            "dns.opt.client_subnet.family", "dns.opt.client_subnet.source_prefix", "dns.opt.client_subnet.scope_prefix",
            "dns.opt.client_subnet.address"))
        {
            fields.put(absentUnlessSeen, null);
        }
        if (opt != null)
        {
            fields.put("dns.opt.udp_payload_size", TsharkJson.text(opt.path("dns.rr.udp_payload_size")));
            fields.put("dns.opt.version", TsharkJson.text(opt.path("dns.resp.edns0_version")));
            extendedRcode = Integer.decode(TsharkJson.text(opt.path("dns.resp.ext_rcode")));
            final List<JsonNode> doBit = TsharkJson.objectsWithKey(opt, "dns.resp.z.do");
            if (!doBit.isEmpty() && "1".equals(TsharkJson.text(doBit.get(0).path("dns.resp.z.do"))))
            {
                headerFlags.add("DO");
            }
            clientSubnet(opt, fields);
        }
        fields.put("dns.header_flags", headerFlags.isEmpty() ? null : List.copyOf(headerFlags));
        fields.put("dns.response_code", null);
        if (response)
        {
            final int rcode = (extendedRcode << 4) | (flags & 0xF);
            fields.put("dns.response_code", rcode < RCODES.length ? RCODES[rcode] : "RCODE" + rcode);
            final String time = TsharkJson.text(dns.path("dns.time"));
            fields.put("dns.response_latency", time == null ? null
                : new BigDecimal(time).movePointRight(9).toBigInteger().toString());
        }
        final List<Map<String, String>> answers = new ArrayList<>();
        final List<String> resolved = new ArrayList<>();
        for (final JsonNode record : TsharkJson.objectsWithKey(dns.path("Answers"), "dns.resp.type"))
        {
            final Map<String, String> answer = answer(record);
            answers.add(answer);
            if (answer.get("type").equals("A") || answer.get("type").equals("AAAA"))
            {
                resolved.add(address(answer.get("data")));
            }
        }
        fields.put("dns.answers", answers.isEmpty() ? null : answers);
        fields.put("dns.resolved_ip", resolved.isEmpty() ? null : resolved);
        return fields;
    }

    private static void clientSubnet(final JsonNode opt, final Map<String, Object> fields)
    {
        for (final JsonNode option : TsharkJson.objectsWithKey(opt, "dns.opt.code"))
        {
            if (!"8".equals(TsharkJson.text(option.path("dns.opt.code"))))
            {
                continue;
            }
            // RFC 7871 6: family, source prefix, scope prefix, address truncated to the source prefix.
            final Map<String, List<String>> values = TsharkJson.flatten(option, Set.of());
            fields.put("dns.opt.client_subnet.family", first(values, "dns.opt.client.family"));
            fields.put("dns.opt.client_subnet.source_prefix", first(values, "dns.opt.client.netmask"));
            fields.put("dns.opt.client_subnet.scope_prefix", first(values, "dns.opt.client.scope"));
            final String family = first(values, "dns.opt.client.family");
            final String address = first(values, family != null && family.equals("2")
                ? "dns.opt.client.addr6" : "dns.opt.client.addr4");
            fields.put("dns.opt.client_subnet.address", address(address));
            return;
        }
    }

    private Map<String, String> answer(final JsonNode record)
    {
        final Map<String, List<String>> values = TsharkJson.flatten(record, Set.of());
        final long type = Long.parseLong(first(values, "dns.resp.type"));
        final Map<String, String> answer = new LinkedHashMap<>();
        String owner = first(values, "dns.resp.name");
        if (owner == null && values.containsKey("dns.srv.service"))
        {
            // tshark splits an SRV owner name into _service._proto.name.
            owner = first(values, "dns.srv.service") + "." + first(values, "dns.srv.proto") + "."
                + first(values, "dns.srv.name");
        }
        answer.put("name", name(owner));
        answer.put("type", typeName(type));
        answer.put("class", className(Long.decode(first(values, "dns.resp.class"))));
        answer.put("ttl", first(values, "dns.resp.ttl"));
        answer.put("data", data((int)type, record, values));
        return answer;
    }

    /** RDATA in presentation form (RFC 1035 5.1 and the RFCs of each type), names without the trailing dot. */
    private static String data(final int type, final JsonNode record, final Map<String, List<String>> values)
    {
        return switch (type)
        {
            case 1 -> first(values, "dns.a");
            case 28 -> first(values, "dns.aaaa");
            case 2 -> name(first(values, "dns.ns"));
            case 5 -> name(first(values, "dns.cname"));
            case 12 -> name(first(values, "dns.ptr.domain_name"));
            case 15 -> first(values, "dns.mx.preference") + " " + name(first(values, "dns.mx.mail_exchange"));
            case 16 -> quoted(values.getOrDefault("dns.txt", List.of()));
            case 33 -> first(values, "dns.srv.priority") + " " + first(values, "dns.srv.weight") + " "
                + first(values, "dns.srv.port") + " " + name(first(values, "dns.srv.target"));
            case 6 -> name(first(values, "dns.soa.mname")) + " " + name(first(values, "dns.soa.rname")) + " "
                + first(values, "dns.soa.serial_number") + " " + first(values, "dns.soa.refresh_interval") + " "
                + first(values, "dns.soa.retry_interval") + " " + first(values, "dns.soa.expire_limit") + " "
                + first(values, "dns.soa.minimum_ttl");
            case 64, 65 -> serviceBinding(record, values);
            default -> "(no oracle for type " + type + ")";
        };
    }

    /** RFC 9460 2.1: priority, target, then each SvcParam as key=value in wire order. */
    private static String serviceBinding(final JsonNode record, final Map<String, List<String>> values)
    {
        final StringBuilder text = new StringBuilder();
        text.append(first(values, "dns.svcb.svcpriority")).append(' ')
            .append(name(first(values, "dns.svcb.targetname")));
        for (final JsonNode parameter : TsharkJson.objectsWithKey(record, "dns.svcb.svcparam.key"))
        {
            final Map<String, List<String>> fields = TsharkJson.flatten(parameter, Set.of());
            final int key = Integer.parseInt(first(fields, "dns.svcb.svcparam.key"));
            text.append(' ').append(key < SERVICE_KEYS.length ? SERVICE_KEYS[key] : "key" + key);
            switch (key)
            {
                case 0 ->
                {
                    final List<String> keys = new ArrayList<>();
                    for (final String mandatory : fields.getOrDefault("dns.svcb.svcparam.mandatory.key", List.of()))
                    {
                        final int number = Integer.parseInt(mandatory);
                        keys.add(number < SERVICE_KEYS.length ? SERVICE_KEYS[number] : "key" + number);
                    }
                    text.append('=').append(String.join(",", keys));
                }
                // As dig prints it: the alpn value list quoted (RFC 9460 A.1 allows either form).
                case 1 -> text.append("=\"").append(String.join(",",
                    fields.getOrDefault("dns.svcb.svcparam.alpn", List.of()))).append('"');
                case 2 ->
                {
                    // no-default-alpn has no value.
                }
                case 3 -> text.append('=').append(first(fields, "dns.svcb.svcparam.port"));
                case 4 -> text.append('=').append(String.join(",",
                    fields.getOrDefault("dns.svcb.svcparam.ipv4hint.ip", List.of())));
                case 5 -> text.append('=').append(Base64.getEncoder().encodeToString(HexFormat.ofDelimiter(":")
                    .parseHex(first(fields, "dns.svcb.svcparam.echconfig"))));
                case 6 -> text.append('=').append(String.join(",",
                    fields.getOrDefault("dns.svcb.svcparam.ipv6hint.ip", List.of())));
                default -> text.append("=(no oracle)");
            }
        }
        return text.toString();
    }

    /** TXT: each character-string in double quotes, separated by a space (the test's strings need no escape). */
    private static String quoted(final List<String> strings)
    {
        final List<String> quoted = new ArrayList<>();
        strings.forEach(string -> quoted.add("\"" + string + "\""));
        return String.join(" ", quoted);
    }

    private String typeName(final long type)
    {
        final String name = typeNames.get(type);
        return name == null || name.startsWith("Unused") ? "TYPE" + type : name.split(" ")[0];
    }

    private String className(final long dnsClass)
    {
        final String name = classNames.get(dnsClass);
        return name == null ? "CLASS" + dnsClass : name;
    }

    private static String name(final String tsharkName)
    {
        return tsharkName == null ? null : tsharkName.equals("<Root>") ? "." : tsharkName;
    }

    private static String first(final Map<String, List<String>> values, final String field)
    {
        final List<String> list = values.get(field);
        return list == null || list.isEmpty() ? null : list.get(0);
    }
}
