package org.stasensor.appliance.dnslab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.LabNamespace;
import org.stasensor.appliance.lab.NetnsLab;
import org.stasensor.appliance.lab.PacketCapture;

/**
 * Real DNS traffic for the oracle test: two dnsmasq servers in namespace a, and dig in namespace b asking them,
 * captured by tcpdump.
 * <ul>
 *   <li>On port 53 a resolver-style dnsmasq that forwards nothing (no upstream, {@code --no-resolv}) and answers
 *       from a hosts file (A, AAAA, PTR), {@code --cname}, {@code --mx-host}, {@code --srv-host},
 *       {@code --txt-record}, {@code --ptr-record}, {@code --host-record} and, for the types dnsmasq has no
 *       option for, {@code --dns-rr} with RDATA built here by the RFCs' wire layouts: NS, SOA, HTTPS and SVCB
 *       (RFC 9460). Names outside its zones are REFUSED; names inside {@code zone.test} it does not know are
 *       NXDOMAIN.</li>
 *   <li>On port 5353 an authoritative dnsmasq ({@code --auth-server}, {@code --auth-zone=auth.test}): SOA and NS of
 *       its own, the AA flag, and NXDOMAIN with the SOA in the authority section.</li>
 * </ul>
 * Queries cover every listed type, NXDOMAIN and REFUSED, TCP (one query per connection, and one connection carrying
 * four, {@code +keepopen}), EDNS with a buffer size and client subnets for IPv4 and IPv6, the DO bit, no EDNS at all,
 * CD, names whose registered domain the Public Suffix List decides (co.uk, a wildcard rule and its exception), and a
 * tunnel-like name of long random labels.
 */
public final class DnsTrafficScenario
{
    /** The resolver-style server's port. */
    static final int PORT = 53;
    /** The authoritative server's port. */
    static final int AUTH_PORT = 5353;
    /** A tunnel-like name: long random labels (letters and digits), kept whole in the records. */
    static final String TUNNEL_NAME = tunnelName();
    /**
     * Registered domain of each name the scenario asks for, by the Public Suffix List's algorithm (publicsuffix.org
     * "Algorithm") over its ICANN section, as docs/schema.md defines the field: "co.uk", "org" and "in-addr.arpa" are
     * listed, "*.ck" is a wildcard with the exception "!www.ck", and under an unlisted top-level label ("test",
     * reserved by RFC 6761 and not in the list) the default rule "*" applies. A name that is itself a public suffix
     * ("co.uk") has none: null there, the field must be absent.
     */
    static final Map<String, String> REGISTERED_DOMAINS = registeredDomains();
    /** The public suffix ({@code dns.question.top_level_domain}) of each name, by the same rules. */
    static final Map<String, String> PUBLIC_SUFFIXES = publicSuffixes();

    private static final Duration DIG_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The scenario's result.
     *
     * @param capture the pcap file.
     * @param digs    each dig run and what it printed.
     */
    public record Traffic(Path capture, List<CommandResult> digs)
    {
    }

    private DnsTrafficScenario()
    {
    }

    /**
     * Builds the lab, starts both servers, runs every dig under tcpdump, tears everything down.
     *
     * @param work a directory for configuration, logs and the capture.
     * @return the capture.
     */
    public static Traffic generate(final Path work)
    {
        HostCommands.assumeInstalled("dnsmasq", "dig", "tcpdump");
        final Path capture = work.resolve("dns-lab.pcap");
        try (NetnsLab lab = NetnsLab.create("dns", work))
        {
            final LabNamespace server = lab.a();
            final BackgroundProcess resolver = lab.start(server, "dnsmasq", "--conf-file=" + resolverConfig(work,
                server));
            final BackgroundProcess authority = lab.start(server, "dnsmasq", "--conf-file=" + authorityConfig(work,
                server));
            for (final String transport : List.of("udp", "tcp"))
            {
                lab.awaitListening(server, transport, PORT, resolver, LISTEN_TIMEOUT);
                lab.awaitListening(server, transport, AUTH_PORT, authority, LISTEN_TIMEOUT);
            }
            final PacketCapture tcpdump = lab.capture(server, capture);
            final List<CommandResult> digs = new ArrayList<>();
            for (final List<String> query : queries())
            {
                final List<String> command = new ArrayList<>(List.of("dig", "@" + server.address(), "+tries=1",
                    "+time=5"));
                command.addAll(query);
                final CommandResult dig = lab.run(lab.b(), DIG_TIMEOUT, command.toArray(String[]::new));
                if (!dig.succeeded() || dig.stdout().contains("connection timed out"))
                {
                    throw new AssertionError("dig got no answer: " + dig.describe());
                }
                digs.add(dig);
            }
            tcpdump.stop();
            return new Traffic(capture, digs);
        }
    }

    private static List<List<String>> queries()
    {
        final String auth = Integer.toString(AUTH_PORT);
        return List.of(
            List.of("www.zone.test", "A"), List.of("www.zone.test", "AAAA"), List.of("alias.zone.test", "A"),
            List.of("zone.test", "MX"), List.of("txt.zone.test", "TXT"), List.of("-x", "10.1.2.3"),
            List.of("-x", "10.1.9.9"), List.of("_sip._udp.zone.test", "SRV"), List.of("zone.test", "NS"),
            List.of("zone.test", "SOA"), List.of("svc.zone.test", "HTTPS"), List.of("svcb.zone.test", "SVCB"),
            List.of("nx.zone.test", "A"), List.of("example.org", "A"),
            List.of("+tcp", "www.zone.test", "A"),
            List.of("+tcp", "+keepopen", "www.zone.test", "AAAA", "zone.test", "MX", "txt.zone.test", "TXT",
                "svc.zone.test", "HTTPS"),
            List.of("+bufsize=1232", "+subnet=192.0.2.0/24", "www.zone.test", "A"),
            List.of("+subnet=2001:db8:1::/48", "www.zone.test", "AAAA"),
            List.of("+dnssec", "www.zone.test", "A"), List.of("+noedns", "www.zone.test", "A"),
            List.of("+cdflag", "+noadflag", "alias.zone.test", "A"),
            List.of("mail.shop.example.co.uk", "A"), List.of("a.b.www.ck", "A"), List.of("a.host.city.ck", "A"),
            List.of("co.uk", "A"),
            List.of(TUNNEL_NAME, "TXT"),
            List.of("-p", auth, "auth.test", "SOA"), List.of("-p", auth, "auth.test", "NS"),
            List.of("-p", auth, "host.auth.test", "A"), List.of("-p", auth, "nx.auth.test", "A"),
            List.of("-p", auth, "+tcp", "host.auth.test", "A"));
    }

    private static Path resolverConfig(final Path work, final LabNamespace server)
    {
        final Path hosts = write(work.resolve("hosts"), "10.1.2.3 www.zone.test\n10.1.2.4 www.zone.test\n"
            + "2001:db8::1 www.zone.test\n2001:db8::2 www.zone.test\n");
        return write(work.resolve("dnsmasq-resolver.conf"), String.join("\n",
            "keep-in-foreground", "port=" + PORT, "listen-address=" + server.address(), "bind-interfaces",
            "no-resolv", "no-hosts",
            "addn-hosts=" + hosts, "local=/zone.test/", "local-ttl=300", "user=root",
            "pid-file=" + work.resolve("dnsmasq-resolver.pid"), "log-queries", "log-facility=-",
            "cname=alias.zone.test,www.zone.test",
            "mx-host=zone.test,mail.zone.test,10", "mx-host=zone.test,backup.zone.test,20",
            "srv-host=_sip._udp.zone.test,sip.zone.test,5060,10,20",
            "txt-record=txt.zone.test,\"v=spf1 -all\",\"hello world\"",
            "ptr-record=9.9.1.10.in-addr.arpa,printer.zone.test",
            "host-record=mail.shop.example.co.uk,10.1.2.20", "host-record=a.b.www.ck,10.1.2.21",
            "host-record=a.host.city.ck,10.1.2.22",
            "dns-rr=zone.test,2," + hex(name("ns1.zone.test")),
            "dns-rr=zone.test,6," + hex(concat(name("ns1.zone.test"), name("hostmaster.zone.test"),
                HexFormat.of().parseHex("78a4da35" + "00000e10" + "00000258" + "00015180" + "0000012c"))),
            "dns-rr=svc.zone.test,65," + hex(https()),
            "dns-rr=svcb.zone.test,64," + hex(svcb()), ""));
    }

    private static Path authorityConfig(final Path work, final LabNamespace server)
    {
        return write(work.resolve("dnsmasq-authority.conf"), String.join("\n",
            "keep-in-foreground", "port=" + AUTH_PORT, "listen-address=" + server.address(), "bind-interfaces",
            "no-resolv", "no-hosts",
            "user=root", "pid-file=" + work.resolve("dnsmasq-authority.pid"), "log-queries", "log-facility=-",
            "auth-server=ns1.auth.test," + server.interfaceName(), "auth-zone=auth.test",
            "host-record=host.auth.test,10.1.2.9", "auth-ttl=900", ""));
    }

    /** RFC 9460 ServiceMode: priority 1, target ".", alpn h2,h3, port 443, ipv4hint, ipv6hint. */
    private static byte[] https()
    {
        return concat(new byte[]{0, 1, 0},
            parameter(1, concat(new byte[]{2}, ascii("h2"), new byte[]{2}, ascii("h3"))),
            parameter(3, new byte[]{0x01, (byte)0xBB}),
            parameter(4, new byte[]{10, 1, 2, 3, 10, 1, 2, 4}),
            parameter(6, HexFormat.of().parseHex("20010db8000000000000000000000001")));
    }

    /** RFC 9460 ServiceMode: priority 16, target svc.zone.test, mandatory=alpn, alpn=h2, no-default-alpn, port. */
    private static byte[] svcb()
    {
        return concat(new byte[]{0, 16}, name("svc.zone.test"),
            parameter(0, new byte[]{0, 1}),
            parameter(1, concat(new byte[]{2}, ascii("h2"))),
            parameter(2, new byte[0]),
            parameter(3, new byte[]{0x20, (byte)0xFB}));
    }

    private static byte[] parameter(final int key, final byte[] value)
    {
        return concat(new byte[]{(byte)(key >> 8), (byte)key, (byte)(value.length >> 8), (byte)value.length}, value);
    }

    /** RFC 1035 3.1: length-prefixed labels, then the root. */
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

    private static Map<String, String> registeredDomains()
    {
        final Map<String, String> domains = new HashMap<>();
        domains.put("3.2.1.10.in-addr.arpa", "10.in-addr.arpa");
        domains.put("9.9.1.10.in-addr.arpa", "10.in-addr.arpa");
        domains.put("example.org", "example.org");
        domains.put("mail.shop.example.co.uk", "example.co.uk");
        domains.put("a.b.www.ck", "www.ck");
        domains.put("a.host.city.ck", "host.city.ck");
        domains.put("co.uk", null);
        for (final String name : namesUnderTest())
        {
            domains.put(name, name.endsWith("auth.test") ? "auth.test" : "zone.test");
        }
        return Collections.unmodifiableMap(domains);
    }

    private static Map<String, String> publicSuffixes()
    {
        final Map<String, String> suffixes = new HashMap<>(Map.of("3.2.1.10.in-addr.arpa", "in-addr.arpa",
            "9.9.1.10.in-addr.arpa", "in-addr.arpa", "example.org", "org", "mail.shop.example.co.uk", "co.uk",
            "a.b.www.ck", "ck", "a.host.city.ck", "city.ck", "co.uk", "co.uk"));
        namesUnderTest().forEach(name -> suffixes.put(name, "test"));
        return Collections.unmodifiableMap(suffixes);
    }

    private static List<String> namesUnderTest()
    {
        return List.of("www.zone.test", "alias.zone.test", "zone.test", "txt.zone.test", "_sip._udp.zone.test",
            "svc.zone.test", "svcb.zone.test", "nx.zone.test", "auth.test", "host.auth.test", "nx.auth.test",
            TUNNEL_NAME);
    }

    private static String tunnelName()
    {
        final SplittableRandom random = new SplittableRandom(53);
        final String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        final StringBuilder name = new StringBuilder();
        for (final int length : new int[]{63, 63, 40})
        {
            for (int i = 0; i < length; i++)
            {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            name.append('.');
        }
        return name.append("t.zone.test").toString();
    }

    private static Path write(final Path file, final String text)
    {
        try
        {
            return Files.writeString(file, text);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
