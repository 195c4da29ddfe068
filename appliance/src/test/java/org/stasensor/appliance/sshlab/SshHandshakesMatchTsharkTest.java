package org.stasensor.appliance.sshlab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.Mismatches;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.sshlab.SshTrafficScenario.SshCase;
import org.stasensor.appliance.sshlab.TsharkSshConnections.Connection;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: real SSH sessions between OpenSSH's sshd and OpenSSH's ssh/scp and Dropbear's dbclient in two network
 * namespaces (different ciphers, MACs, key exchanges, host key algorithms, compression, a wrong password, a
 * public-key login, an scp upload, SSH on port 53, a server that sends lines before its identification), captured by
 * tcpdump, analysed by {@code sta analyze}, and every
 * ssh record compared with its oracles:
 * <ul>
 *   <li>tshark: identification lines ({@code ssh.protocol}), HASSH and HASSHServer with their strings
 *       ({@code ssh.kex.hassh}, {@code ssh.kex.hassh_algorithms}, {@code ssh.kex.hasshserver},
 *       {@code ssh.kex.hasshserver_algorithms}), and the KEXINIT name-lists, from which RFC 4253 7.1's rule (the
 *       client's first algorithm the server also offers) gives each negotiated algorithm (the MAC under an AEAD
 *       cipher is "implicit", as OpenSSH logs it and the schema defines it);</li>
 *   <li>the OpenSSH client itself: {@code ssh -vv} prints the algorithms it chose ("kex: algorithm", "kex: host key
 *       algorithm", "kex: client->server cipher ... MAC ... compression");</li>
 *   <li>how each case was made: the algorithm the client was told to use, and sshd's own log of failed and
 *       accepted attempts per client port.</li>
 * </ul>
 */
final class SshHandshakesMatchTsharkTest
{
    /** Sensor field to the tshark KEXINIT list it is negotiated from, in RFC 4253 7.1 order. */
    private static final Map<String, String> NEGOTIATED = negotiatedFields();
    private static final Pattern KEX = Pattern.compile("debug1: kex: algorithm: (\\S+)");
    private static final Pattern HOST_KEY = Pattern.compile("debug1: kex: host key algorithm: (\\S+)");
    private static final Pattern DIRECTION = Pattern.compile(
        "debug1: kex: (client->server|server->client) cipher: (\\S+) MAC: (\\S+) compression: (\\S+)");
    private static final String DNS_PORT_FLAG = "dns_port_not_dns";

    @TempDir
    static Path work;

    private static SshTrafficScenario.Traffic traffic;
    private static List<Connection> tshark;
    private static StaAnalyze.Result analysis;
    private static Map<String, List<JsonNode>> sshRecords;
    private static Map<String, List<JsonNode>> flowRecords;

    @BeforeAll
    static void captureRealSessionsAndAnalyzeThem()
    {
        HostCommands.assumeInstalled("tshark");
        final long started = System.nanoTime();
        traffic = SshTrafficScenario.generate(work);
        final long generated = System.nanoTime();
        tshark = withRelayedServerSide(TsharkSshConnections.read(traffic.capture(),
            Set.of(SshTrafficScenario.PORT, SshTrafficScenario.DNS_PORT, SshTrafficScenario.PRE_BANNER_PORT),
            work.resolve("tshark")));
        analysis = StaAnalyze.run(traffic.capture(), work.resolve("records.jsonl"));
        sshRecords = byConnection(analysis.dataset("ssh"));
        flowRecords = byConnection(analysis.dataset("flow"));
        System.out.printf("ssh lab: %d cases, traffic %.1f s, tshark and sta %.1f s%n", traffic.cases().size(),
            (generated - started) / 1e9, (System.nanoTime() - generated) / 1e9);
    }

    @Test
    void analyzeSucceeds()
    {
        assertEquals(Sta.EXIT_OK, analysis.exitCode(), "sta analyze exit code; stderr:\n" + analysis.stderr());
    }

    /** The oracle side first: one complete SSH handshake per case, in case order, as tshark sees it. */
    @Test
    void captureHoldsOneSshHandshakePerCase()
    {
        final Mismatches problems = new Mismatches("scenario", "tshark");
        assertEquals(traffic.cases().size(), tshark.size(), "SSH connections tshark sees vs cases run: "
            + tshark.stream().map(Connection::key).toList());
        for (int i = 0; i < tshark.size(); i++)
        {
            final Connection connection = tshark.get(i);
            final String where = where(i);
            problems.expectEqual(where, "server port", traffic.cases().get(i).port(), connection.serverPort());
            problems.expectEqual(where, "client identification seen", true, connection.client().protocol() != null);
            problems.expectEqual(where, "server identification seen", true, connection.server().protocol() != null);
            problems.expectEqual(where, "client hassh seen", true, connection.client().kex("ssh.kex.hassh") != null);
            problems.expectEqual(where, "server hasshServer seen", true,
                connection.server().kex("ssh.kex.hasshserver") != null);
        }
        final long relayed = traffic.cases().stream().filter(sshCase -> sshCase.preBanner() != null).count();
        final int preBanners = Tshark.fields(traffic.capture(), "tcp.srcport == " + SshTrafficScenario.PRE_BANNER_PORT
            + " && tcp.payload contains \"" + SshTrafficScenario.PRE_BANNER.replace("\r\n", "\\r\\n") + "\"",
            "frame.number").size();
        problems.expectEqual("relay", "connections whose server sent the pre-banner lines", (int)relayed, preBanners);
        problems.assertNone("the generated capture");
    }

    /**
     * The oracles agree among themselves: RFC 4253 7.1 over tshark's name-lists gives what the client was told to
     * use and what OpenSSH says it chose (the MAC of an AEAD cipher being "implicit" in both).
     */
    @Test
    void oraclesAgreeOnTheNegotiatedAlgorithms()
    {
        final Mismatches problems = new Mismatches("client options and ssh -vv", "RFC 4253 7.1 over tshark");
        assertEquals(traffic.cases().size(), tshark.size(), "SSH connections tshark sees vs cases run");
        int opensshFields = 0;
        for (int i = 0; i < tshark.size(); i++)
        {
            final SshCase sshCase = traffic.cases().get(i);
            final Map<String, String> expected = new LinkedHashMap<>(sshCase.expected());
            if (sshCase.openssh())
            {
                final Map<String, String> logged = opensshChoice(traffic.runs().get(i).stderr());
                problems.expectEqual(where(i), "fields ssh -vv printed", 8, logged.size());
                opensshFields += logged.size();
                expected.putAll(logged);
            }
            for (final Map.Entry<String, String> entry : expected.entrySet())
            {
                problems.expectEqual(where(i), entry.getKey(), entry.getValue(),
                    tshark.get(i).expected(NEGOTIATED.get(entry.getKey())));
            }
        }
        problems.assertNone("the oracles");
        assertTrue(opensshFields >= 8 * 15, opensshFields + " fields of ssh -vv read");
    }

    @Test
    void everySshConnectionHasExactlyOneSshRecord()
    {
        final Mismatches problems = new Mismatches("tshark");
        final List<String> seen = new ArrayList<>();
        for (int i = 0; i < tshark.size(); i++)
        {
            final String key = tshark.get(i).key();
            seen.add(key);
            problems.expectEqual(where(i), "number of ssh records", 1,
                sshRecords.getOrDefault(key, List.of()).size());
        }
        for (final Map.Entry<String, List<JsonNode>> entry : sshRecords.entrySet())
        {
            if (!seen.contains(entry.getKey()))
            {
                problems.add(entry.getKey(), entry.getValue().size() + " ssh record(s) for a connection tshark "
                    + "sees no SSH on");
            }
        }
        problems.assertNone("ssh records per connection");
    }

    /** RFC 4253 4.2: SSH-protoversion-softwareversion SP comments; tshark shows the whole line. */
    @Test
    void identificationLinesMatchTshark()
    {
        final Mismatches problems = new Mismatches("tshark");
        for (int i = 0; i < tshark.size(); i++)
        {
            final JsonNode record = recordOf(i, problems);
            if (record == null)
            {
                continue;
            }
            final Connection connection = tshark.get(i);
            for (final String side : List.of("client", "server"))
            {
                final String line = side.equals("client") ? connection.client().protocol()
                    : connection.server().protocol();
                problems.expectEqual(where(i), "ssh." + side + ".identification", line,
                    StaAnalyze.text(record, "ssh." + side + ".identification"));
                problems.expectEqual(where(i), "ssh." + side + ".protocol_version", protocolVersion(line),
                    StaAnalyze.text(record, "ssh." + side + ".protocol_version"));
                problems.expectEqual(where(i), "ssh." + side + ".software", software(line),
                    StaAnalyze.text(record, "ssh." + side + ".software"));
            }
            // OpenSSH's sshd sends no line before its identification (RFC 4253 4.2 allows some); the relay does.
            problems.expectEqual(where(i), "ssh.server.pre_banner", caseOf(i) == null ? null
                : caseOf(i).preBanner(), StaAnalyze.text(record, "ssh.server.pre_banner"));
        }
        problems.assertNone("identification lines");
    }

    @Test
    void hasshAndHasshServerMatchTshark()
    {
        final Mismatches problems = new Mismatches("tshark");
        for (int i = 0; i < tshark.size(); i++)
        {
            final JsonNode record = recordOf(i, problems);
            if (record == null)
            {
                continue;
            }
            final Connection connection = tshark.get(i);
            problems.expectEqual(where(i), "ssh.client.hassh", connection.client().kex("ssh.kex.hassh"),
                StaAnalyze.text(record, "ssh.client.hassh"));
            problems.expectEqual(where(i), "ssh.client.hassh_string",
                connection.client().kex("ssh.kex.hassh_algorithms"),
                StaAnalyze.text(record, "ssh.client.hassh_string"));
            problems.expectEqual(where(i), "ssh.server.hassh", connection.server().kex("ssh.kex.hasshserver"),
                StaAnalyze.text(record, "ssh.server.hassh"));
            problems.expectEqual(where(i), "ssh.server.hassh_string",
                connection.server().kex("ssh.kex.hasshserver_algorithms"),
                StaAnalyze.text(record, "ssh.server.hassh_string"));
        }
        problems.assertNone("HASSH fields");
    }

    /** Every negotiated algorithm, by RFC 4253 7.1's rule applied to the name-lists tshark dissected. */
    @Test
    void negotiatedAlgorithmsFollowRfc4253OverTsharksNameLists()
    {
        final Mismatches problems = new Mismatches("RFC 4253 7.1 over tshark's KEXINITs");
        for (int i = 0; i < tshark.size(); i++)
        {
            final JsonNode record = recordOf(i, problems);
            if (record == null)
            {
                continue;
            }
            for (final Map.Entry<String, String> field : NEGOTIATED.entrySet())
            {
                problems.expectEqual(where(i), field.getKey(), tshark.get(i).expected(field.getValue()),
                    StaAnalyze.text(record, field.getKey()));
            }
        }
        problems.assertNone("negotiated algorithms");
    }

    /** What the client was told to use (-c, -m, -o KexAlgorithms, ...) and what OpenSSH says it chose. */
    @Test
    void negotiatedAlgorithmsAreWhatTheClientUsed()
    {
        final Mismatches told = new Mismatches("client options");
        final Mismatches chose = new Mismatches("ssh -vv");
        for (int i = 0; i < Math.min(tshark.size(), traffic.cases().size()); i++)
        {
            final JsonNode record = recordOf(i, told);
            if (record == null)
            {
                continue;
            }
            final SshCase sshCase = traffic.cases().get(i);
            for (final Map.Entry<String, String> expected : sshCase.expected().entrySet())
            {
                told.expectEqual(where(i), expected.getKey(), expected.getValue(),
                    StaAnalyze.text(record, expected.getKey()));
            }
            if (sshCase.openssh())
            {
                final Map<String, String> logged = opensshChoice(traffic.runs().get(i).stderr());
                chose.expectEqual(where(i), "ssh -vv printed its choice (8 fields)", 8, logged.size());
                for (final Map.Entry<String, String> entry : logged.entrySet())
                {
                    chose.expectEqual(where(i), entry.getKey(), entry.getValue(),
                        StaAnalyze.text(record, entry.getKey()));
                }
            }
        }
        told.assertNone("algorithms the client was told to use");
        chose.assertNone("algorithms OpenSSH chose");
    }

    /** Truth from sshd's log (per client port); every case completes its key exchange. */
    @Test
    void authenticationOutcomeMatchesSshdLog()
    {
        final Mismatches problems = new Mismatches("sshd log");
        for (int i = 0; i < tshark.size(); i++)
        {
            final JsonNode record = recordOf(i, problems);
            if (record == null)
            {
                continue;
            }
            final SshCase sshCase = caseOf(i);
            // Behind the relay sshd sees the relay's port; that case logs in with one right password.
            final int[] sshd = sshCase != null && sshCase.preBanner() != null ? new int[]{0, 1}
                : traffic.sshdAttempts().getOrDefault(tshark.get(i).clientPort(), new int[2]);
            final String result = sshd[1] > 0 ? "success" : sshd[0] > 0 ? "failure" : "unknown";
            problems.expectEqual(where(i), "ssh.auth.result", result, StaAnalyze.text(record, "ssh.auth.result"));
            problems.expectEqual(where(i), "ssh.auth.attempts", Integer.toString(sshd[0] + sshd[1]),
                StaAnalyze.text(record, "ssh.auth.attempts"));
            problems.expectEqual(where(i), "ssh.encrypted", "true", StaAnalyze.text(record, "ssh.encrypted"));
        }
        problems.assertNone("authentication outcome");
    }

    /** The flow records say ssh; only the one on port 53 is flagged as not DNS on a DNS port. */
    @Test
    void flowRecordsSaySshAndFlagOnlyTheDnsPort()
    {
        final Mismatches problems = new Mismatches("tshark and the port");
        for (int i = 0; i < tshark.size(); i++)
        {
            final Connection connection = tshark.get(i);
            final List<JsonNode> flows = flowRecords.getOrDefault(connection.key(), List.of());
            if (flows.size() != 1)
            {
                problems.add(where(i), flows.size() + " flow records for this connection (expected 1)");
                continue;
            }
            final JsonNode flow = flows.get(0);
            problems.expectEqual(where(i), "network.protocol", "ssh", StaAnalyze.text(flow, "network.protocol"));
            final List<String> flags = StaAnalyze.texts(flow, "sta.flags");
            problems.expectEqual(where(i), "sta.flags has " + DNS_PORT_FLAG,
                connection.serverPort() == SshTrafficScenario.DNS_PORT,
                flags != null && flags.contains(DNS_PORT_FLAG));
        }
        problems.assertNone("flow records of SSH connections");
    }

    private static Map<String, String> opensshChoice(final String log)
    {
        final Map<String, String> chosen = new LinkedHashMap<>();
        final Matcher kex = KEX.matcher(log);
        if (kex.find())
        {
            chosen.put("ssh.kex_algorithm", kex.group(1));
        }
        final Matcher hostKey = HOST_KEY.matcher(log);
        if (hostKey.find())
        {
            chosen.put("ssh.host_key_algorithm", hostKey.group(1));
        }
        final Matcher direction = DIRECTION.matcher(log);
        while (direction.find())
        {
            final String suffix = direction.group(1).equals("client->server") ? "client_to_server"
                : "server_to_client";
            chosen.putIfAbsent("ssh.cipher." + suffix, direction.group(2));
            // "<implicit>": an AEAD cipher carries its own integrity; the schema writes "implicit".
            chosen.putIfAbsent("ssh.mac." + suffix, direction.group(3).equals("<implicit>") ? "implicit"
                : direction.group(3));
            chosen.putIfAbsent("ssh.compression." + suffix, direction.group(4));
        }
        return chosen;
    }

    private static String protocolVersion(final String line)
    {
        if (line == null || !line.startsWith("SSH-") || line.indexOf('-', 4) < 0)
        {
            return null;
        }
        return line.substring(4, line.indexOf('-', 4));
    }

    private static String software(final String line)
    {
        if (line == null || !line.startsWith("SSH-") || line.indexOf('-', 4) < 0)
        {
            return null;
        }
        return line.substring(line.indexOf('-', 4) + 1);
    }

    private static JsonNode recordOf(final int index, final Mismatches problems)
    {
        final List<JsonNode> records = sshRecords.getOrDefault(tshark.get(index).key(), List.of());
        if (records.size() != 1)
        {
            problems.add(where(index), records.size() + " ssh records for this connection (expected 1)");
            return null;
        }
        return records.get(0);
    }

    /**
     * tshark 4.0 stops dissecting a server that sends lines before its identification, so for the relayed case the
     * server side (identification line, KEXINIT, HASSHServer) is taken from the first case, a direct connection to
     * the same sshd: its identification and KEXINIT do not depend on the client. That the relay really sent its lines
     * is checked in {@link #captureHoldsOneSshHandshakePerCase}.
     */
    private static List<Connection> withRelayedServerSide(final List<Connection> connections)
    {
        if (connections.size() != traffic.cases().size())
        {
            return connections;
        }
        final List<Connection> oracle = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++)
        {
            final Connection connection = connections.get(i);
            oracle.add(traffic.cases().get(i).preBanner() == null ? connection : new Connection(connection.stream(),
                connection.clientIp(), connection.clientPort(), connection.serverIp(), connection.serverPort(),
                connection.client(), connections.get(0).server()));
        }
        return oracle;
    }

    private static SshCase caseOf(final int index)
    {
        return tshark.size() == traffic.cases().size() ? traffic.cases().get(index) : null;
    }

    private static String where(final int index)
    {
        final String name = index < traffic.cases().size() && tshark.size() == traffic.cases().size()
            ? "case '" + traffic.cases().get(index).name() + "' " : "";
        return name + tshark.get(index).key();
    }

    private static Map<String, List<JsonNode>> byConnection(final List<JsonNode> records)
    {
        final Map<String, List<JsonNode>> map = new HashMap<>();
        for (final JsonNode record : records)
        {
            map.computeIfAbsent(StaAnalyze.text(record, "source.ip") + ":" + StaAnalyze.text(record, "source.port")
                + " -> " + StaAnalyze.text(record, "destination.ip") + ":"
                + StaAnalyze.text(record, "destination.port"), key -> new ArrayList<>()).add(record);
        }
        return map;
    }

    private static Map<String, String> negotiatedFields()
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        final List<String> ours = List.of("ssh.kex_algorithm", "ssh.host_key_algorithm", "ssh.cipher.client_to_server",
            "ssh.cipher.server_to_client", "ssh.mac.client_to_server", "ssh.mac.server_to_client",
            "ssh.compression.client_to_server", "ssh.compression.server_to_client");
        for (int i = 0; i < ours.size(); i++)
        {
            fields.put(ours.get(i), TsharkSshConnections.NAME_LISTS.get(i));
        }
        return fields;
    }
}
