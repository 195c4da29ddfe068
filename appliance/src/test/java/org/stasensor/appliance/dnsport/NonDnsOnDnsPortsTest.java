package org.stasensor.appliance.dnsport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.LabNamespace;
import org.stasensor.appliance.lab.Mismatches;
import org.stasensor.appliance.lab.NetnsLab;
import org.stasensor.appliance.lab.PacketCapture;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.sshlab.LabSshd;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: what is not DNS on a DNS port is marked in its flow record. Real programs in two network namespaces
 * make one flow per case: OpenSSH to an sshd listening on TCP 53 and on 853, openssl s_client to openssl s_server on
 * TCP 53 (TLS where DNS belongs) and on 853 (TLS where DNS over TLS belongs, RFC 7858: not marked), random bytes over
 * TCP 53 and over UDP 53 (two datagrams, to a sink that reads them) and 5353. Each flow record must carry
 * {@code dns_port_not_dns} in {@code sta.flags} exactly when the case is not DNS for its port, and
 * {@code network.protocol} must say what it is instead (ssh, tls, unknown). The truth is how each case was made;
 * tshark confirms the capture holds it (an SSH identification line, a TLS ClientHello record, nothing it accepts as
 * DNS).
 */
final class NonDnsOnDnsPortsTest
{
    private static final String FLAG = "dns_port_not_dns";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One case: one flow on a DNS port.
     *
     * @param name      for messages.
     * @param transport "tcp" or "udp".
     * @param port      the server port.
     * @param flagged   whether the flow must carry the flag.
     * @param protocol  what network.protocol must say, or null where the case does not decide it.
     */
    private record Case(String name, String transport, int port, boolean flagged, String protocol)
    {
    }

    private static final List<Case> CASES = List.of(
        new Case("ssh to TCP 53", "tcp", 53, true, "ssh"),
        new Case("ssh to TCP 853", "tcp", 853, true, "ssh"),
        new Case("TLS to TCP 53", "tcp", 53, true, "tls"),
        new Case("TLS to TCP 853 (DNS over TLS port)", "tcp", 853, false, "tls"),
        new Case("random bytes to TCP 53", "tcp", 53, true, null),
        new Case("random bytes to UDP 53", "udp", 53, true, "unknown"),
        new Case("random bytes to UDP 5353", "udp", 5353, true, "unknown"));

    @TempDir
    static Path work;

    private static Path capture;
    private static List<TsharkPortFlows.Flow> flows;
    private static StaAnalyze.Result analysis;
    private static Map<String, JsonNode> flowRecords;

    @BeforeAll
    static void makeNonDnsTrafficOnDnsPorts() throws IOException
    {
        HostCommands.assumeInstalled("tshark", "openssl", "sshpass", "ssh", "tcpdump", "python3");
        final long started = System.nanoTime();
        capture = work.resolve("dns-ports.pcap");
        final SplittableRandom random = new SplittableRandom(5353);
        final Path[] garbage = new Path[4];
        for (int i = 0; i < garbage.length; i++)
        {
            final byte[] bytes = new byte[120 + 40 * i];
            random.nextBytes(bytes);
            garbage[i] = Files.write(work.resolve("random-" + i + ".bin"), bytes);
        }
        HostCommands.run(work.resolve("logs"), CLIENT_TIMEOUT, List.of("openssl", "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", work.resolve("tls.key").toString(),
            "-out", work.resolve("tls.pem").toString(), "-days", "2", "-subj", "/CN=dot.lab.test")).orFail();
        try (NetnsLab lab = NetnsLab.create("dnsport", work))
        {
            final LabNamespace server = lab.a();
            final String address = server.address();
            final PacketCapture tcpdump;
            try (LabSshd sshd = LabSshd.start(lab, server, work.resolve("sshd"), List.of(53, 853)))
            {
                tcpdump = lab.capture(server, capture);
                client(lab, sshd.passwordLogin(53, LabSshd.PASSWORD));
                client(lab, sshd.passwordLogin(853, LabSshd.PASSWORD));
            }
            final List<BackgroundProcess> tlsServers = new ArrayList<>();
            for (final int port : new int[]{53, 853})
            {
                final BackgroundProcess tls = lab.start(server, "openssl", "s_server", "-accept",
                    Integer.toString(port), "-www", "-cert", work.resolve("tls.pem").toString(),
                    "-key", work.resolve("tls.key").toString());
                lab.awaitListening(server, "tcp", port, tls, LISTEN_TIMEOUT);
                tlsServers.add(tls);
            }
            client(lab, List.of("openssl", "s_client", "-connect", address + ":53", "-servername", "dot.lab.test"));
            client(lab, List.of("openssl", "s_client", "-connect", address + ":853", "-servername", "dot.lab.test"));
            client(lab, List.of("bash", "-c", "cat " + garbage[0] + " > /dev/tcp/" + address + "/53"));
            tlsServers.forEach(BackgroundProcess::stop);
            // A UDP sink on 53, so that no ICMP port unreachable ends the client's socket after its first datagram.
            final BackgroundProcess sink = lab.start(server, "python3", "-c", "import socket\n"
                + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(('" + address + "', 53))\n"
                + "while True:\n    s.recv(65535)\n");
            lab.awaitListening(server, "udp", 53, sink, LISTEN_TIMEOUT);
            // Two datagrams from one socket: one flow.
            client(lab, List.of("bash", "-c", "exec 3>/dev/udp/" + address + "/53; cat " + garbage[1] + " >&3; cat "
                + garbage[2] + " >&3"));
            client(lab, List.of("bash", "-c", "cat " + garbage[3] + " > /dev/udp/" + address + "/5353"));
            tcpdump.stop();
        }
        flows = TsharkPortFlows.read(capture);
        analysis = StaAnalyze.run(capture, work.resolve("records.jsonl"));
        flowRecords = new HashMap<>();
        for (final JsonNode flow : analysis.dataset("flow"))
        {
            flowRecords.put(TsharkPortFlows.key(flow), flow);
        }
        System.out.printf("dns ports: %d cases, %.1f s%n", CASES.size(), (System.nanoTime() - started) / 1e9);
    }

    @Test
    void analyzeSucceeds()
    {
        assertEquals(Sta.EXIT_OK, analysis.exitCode(), "sta analyze exit code; stderr:\n" + analysis.stderr());
    }

    /** The oracle side: one flow per case, holding what the case sent, and none of it DNS. */
    @Test
    void captureHoldsOneFlowPerCaseAndNoDns()
    {
        assertEquals(CASES.size(), flows.size(), "flows on DNS ports: " + flows);
        final Set<Integer> sshPorts = clientPorts("tcp.payload[0:4] == \"SSH-\"");
        // A TLS record of type handshake (22) carrying a ClientHello (1), RFC 8446 5.1 and 4.
        final Set<Integer> tlsPorts = clientPorts("tcp.payload[0:1] == 16 && tcp.payload[5:1] == 01");
        final Mismatches problems = new Mismatches("scenario", "tshark");
        for (int i = 0; i < CASES.size(); i++)
        {
            final Case expected = CASES.get(i);
            final TsharkPortFlows.Flow flow = flows.get(i);
            problems.expectEqual(expected.name(), "transport", expected.transport(), flow.transport());
            problems.expectEqual(expected.name(), "port", expected.port(), flow.port());
            // tshark tries DNS on every packet of port 53; it must not accept any of these as DNS.
            problems.expectEqual(expected.name(), "tshark accepts it as DNS", false, flow.realDns());
            problems.expectEqual(expected.name(), "tshark accepts it as DNS over TLS", expected.port() == 853
                && "tls".equals(expected.protocol()), flow.realDnsOverTls());
            final int clientPort = clientPort(flow);
            problems.expectEqual(expected.name(), "SSH identification line", "ssh".equals(expected.protocol()),
                sshPorts.contains(clientPort));
            problems.expectEqual(expected.name(), "TLS ClientHello", "tls".equals(expected.protocol()),
                tlsPorts.contains(clientPort));
        }
        problems.assertNone("the generated capture");
    }

    @Test
    void everyNonDnsFlowIsFlaggedWithWhatItIs()
    {
        assertEquals(CASES.size(), flows.size(), "flows on DNS ports");
        final Mismatches problems = new Mismatches("how the case was made");
        for (int i = 0; i < CASES.size(); i++)
        {
            final Case expected = CASES.get(i);
            final JsonNode record = flowRecords.get(flows.get(i).key());
            final String where = expected.name() + " " + flows.get(i).key();
            if (record == null)
            {
                problems.add(where, "no flow record");
                continue;
            }
            final List<String> flags = StaAnalyze.texts(record, "sta.flags");
            problems.expectEqual(where, "sta.flags has " + FLAG, expected.flagged(),
                flags != null && flags.contains(FLAG));
            if (expected.protocol() != null)
            {
                problems.expectEqual(where, "network.protocol", expected.protocol(),
                    StaAnalyze.text(record, "network.protocol"));
            }
            else
            {
                System.out.println("dns ports: " + where + ": network.protocol "
                    + StaAnalyze.text(record, "network.protocol") + " (not asserted)");
            }
        }
        problems.assertNone("flags of non-DNS flows on DNS ports");
    }

    private static void client(final NetnsLab lab, final List<String> command)
    {
        final CommandResult run = lab.run(lab.b(), CLIENT_TIMEOUT, command.toArray(String[]::new));
        if (!run.succeeded())
        {
            throw new AssertionError("client failed: " + run.describe());
        }
    }

    private static Set<Integer> clientPorts(final String filter)
    {
        final Set<Integer> ports = new HashSet<>();
        for (final String[] row : Tshark.fields(capture, filter, "tcp.srcport", "tcp.dstport"))
        {
            ports.add(Integer.parseInt(row[0]));
            ports.add(Integer.parseInt(row[1]));
        }
        return ports;
    }

    /** The flow's port that is not the DNS port (the client's ephemeral port). */
    private static int clientPort(final TsharkPortFlows.Flow flow)
    {
        for (final String endpoint : flow.key().substring(4).split(" "))
        {
            final int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf('/') + 1));
            if (port != flow.port())
            {
                return port;
            }
        }
        return -1;
    }
}
