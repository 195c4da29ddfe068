package org.stasensor.appliance.starttlslab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.Mismatches;
import org.stasensor.appliance.lab.NetnsLab;
import org.stasensor.appliance.lab.PacketCapture;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * End to end: real TLS after STARTTLS. openssl s_client ({@code -starttls smtp|imap|pop3|ftp|xmpp|ldap}) and curl
 * ({@code --ssl-reqd smtp://}) talk to {@link StartTlsResponder} (clear-text greeting and acceptance) which relays the
 * connection to openssl s_server once the upgrade is accepted; tcpdump captures it, {@code sta analyze} reads the
 * capture, and each TLS record is compared with what tshark (which follows STARTTLS on these protocols' ports
 * itself) dissects from the same connection: SNI, JA3, JA3S, negotiated version and cipher suite. A refused
 * STARTTLS (SMTP 454) must yield no TLS record; a TLS-first connection to the same s_server says "implicit".
 */
final class StartTlsHandshakesMatchTsharkTest
{
    private static final int RELAY_PORT = 4433;
    private static final String SERVER_NAME = "mail.lab.test";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    /** One client connection and what it is: its protocol (network.protocol) and whether the upgrade is accepted. */
    private record Case(String name, String protocol, int port, boolean accepted, List<String> client)
    {
    }

    @TempDir
    static Path work;

    private static final List<Case> CASES = new ArrayList<>();
    private static final Map<Integer, Case> CASE_BY_CLIENT_PORT = new HashMap<>();
    private static Path capture;
    private static StaAnalyze.Result analysis;

    @BeforeAll
    static void captureRealStartTlsTrafficAndAnalyzeIt()
    {
        HostCommands.assumeRoot();
        HostCommands.assumeInstalled("openssl", "curl", "tcpdump", "tshark", "ss");
        capture = work.resolve("starttls.pcap");
        try (NetnsLab lab = NetnsLab.create("starttls", work))
        {
            final String address = lab.a().address();
            final Path certificate = work.resolve("cert.pem");
            final Path key = work.resolve("key.pem");
            HostCommands.run(work, Duration.ofSeconds(60), List.of("openssl", "req", "-x509", "-newkey", "rsa:2048",
                "-nodes", "-keyout", key.toString(), "-out", certificate.toString(), "-days", "2",
                "-subj", "/CN=" + SERVER_NAME, "-addext", "subjectAltName=DNS:" + SERVER_NAME)).orFail();
            final BackgroundProcess tlsServer = lab.start(lab.a(), "openssl", "s_server", "-accept",
                Integer.toString(RELAY_PORT), "-www", "-cert", certificate.toString(), "-key", key.toString());
            lab.awaitListening(lab.a(), "tcp", RELAY_PORT, tlsServer, Duration.ofSeconds(10));
            final BackgroundProcess responder = lab.start(lab.a(), Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"), StartTlsResponder.class.getName(),
                Integer.toString(RELAY_PORT), "smtp:25", "smtp:587", "imap:143", "pop3:110", "ftp:21", "xmpp:5222",
                "ldap:389");
            for (final int port : new int[]{25, 587, 143, 110, 21, 5222, 389})
            {
                lab.awaitListening(lab.a(), "tcp", port, responder, Duration.ofSeconds(20));
            }
            addCases(address);
            final PacketCapture tcpdump = lab.capture(lab.a(), capture);
            for (final Case c : CASES)
            {
                final CommandResult run = lab.run(lab.b(), CLIENT_TIMEOUT, c.client().toArray(String[]::new));
                if (c.accepted() && c.name().startsWith("s_client") && !run.stdout().contains("Cipher is"))
                {
                    throw new AssertionError("case " + c.name() + " did not complete a handshake: " + run.describe());
                }
                tcpdump.sync();
            }
            tcpdump.stop();
        }
        analysis = StaAnalyze.run(capture, work.resolve("records.jsonl"));
        // The n-th connection to a port is the n-th case on that port.
        final Map<Integer, List<Integer>> clientPortsByServerPort = new HashMap<>();
        for (final String[] row : Tshark.fields(capture, "tcp.flags.syn == 1 && tcp.flags.ack == 0", "tcp.srcport",
            "tcp.dstport"))
        {
            clientPortsByServerPort.computeIfAbsent(Integer.parseInt(row[1]), p -> new ArrayList<>())
                .add(Integer.parseInt(row[0]));
        }
        final Map<Integer, Integer> seen = new HashMap<>();
        for (final Case c : CASES)
        {
            final int index = seen.merge(c.port(), 1, Integer::sum) - 1;
            final List<Integer> ports = clientPortsByServerPort.getOrDefault(c.port(), List.of());
            if (index < ports.size())
            {
                CASE_BY_CLIENT_PORT.put(ports.get(index), c);
            }
        }
    }

    private static void addCases(final String address)
    {
        sClient("s_client smtp tls1.2", "smtp", 25, true, address, "-starttls", "smtp", "-tls1_2");
        sClient("s_client smtp submission tls1.3", "smtp", 587, true, address, "-starttls", "smtp", "-tls1_3");
        sClient("s_client imap tls1.2", "imap", 143, true, address, "-starttls", "imap", "-tls1_2");
        sClient("s_client pop3 tls1.3", "pop3", 110, true, address, "-starttls", "pop3", "-tls1_3");
        sClient("s_client ftp tls1.2", "ftp", 21, true, address, "-starttls", "ftp", "-tls1_2");
        sClient("s_client xmpp tls1.3", "xmpp", 5222, true, address, "-starttls", "xmpp", "-xmpphost",
            "xmpp.lab.test", "-tls1_3");
        sClient("s_client ldap tls1.2", "ldap", 389, true, address, "-starttls", "ldap", "-tls1_2");
        CASES.add(new Case("curl smtp", "smtp", 25, true, List.of("curl", "-s", "--ssl-reqd", "-k", "--max-time",
            "4", "smtp://" + address + ":25/curl.lab.test")));
        sClient("s_client smtp refused", "smtp", 25, false, address, "-starttls", "smtp", "-name",
            "refuse.lab.test");
        sClient("s_client implicit tls1.2", "tls", RELAY_PORT, true, address, "-tls1_2");
    }

    private static void sClient(final String name, final String protocol, final int port, final boolean accepted,
        final String address, final String... options)
    {
        final List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
            address + ":" + port, "-servername", SERVER_NAME));
        command.addAll(List.of(options));
        CASES.add(new Case(name, protocol, port, accepted, command));
    }

    @Test
    void analyzeSucceeds()
    {
        assertEquals(Sta.EXIT_OK, analysis.exitCode(), "sta analyze exit code; stderr:\n" + analysis.stderr());
        assertEquals(CASES.size(), CASE_BY_CLIENT_PORT.size(), "every case made one connection: "
            + CASE_BY_CLIENT_PORT);
    }

    @Test
    void everyAcceptedUpgradeHasOneTlsRecordAndTheRefusedOneNone()
    {
        final Mismatches problems = new Mismatches("scenario", "sta");
        final Map<Integer, List<JsonNode>> records = TsharkHandshakes.tlsRecordsByClientPort(analysis);
        for (final Map.Entry<Integer, Case> entry : CASE_BY_CLIENT_PORT.entrySet())
        {
            final Case c = entry.getValue();
            final List<JsonNode> found = records.getOrDefault(entry.getKey(), List.of());
            problems.expectEqual(c.name(), "tls records", c.accepted() ? 1 : 0, found.size());
            if (!found.isEmpty())
            {
                problems.expectEqual(c.name(), "network.protocol", c.protocol(),
                    StaAnalyze.text(found.get(0), "network.protocol"));
                problems.expectEqual(c.name(), "tls.established_via", "tls".equals(c.protocol()) ? "implicit" :
                    "starttls", StaAnalyze.text(found.get(0), "tls.established_via"));
            }
        }
        problems.assertNone("TLS records per STARTTLS connection");
    }

    /** The refused case is a refusal on the wire (tshark's SMTP reply code), not a failed connection. */
    @Test
    void theRefusedUpgradeWasAnsweredWith454()
    {
        final List<String[]> refusals = Tshark.fields(capture, "smtp.response.code == 454", "tcp.dstport");
        assertEquals(1, refusals.size(), "SMTP 454 replies in the capture");
        final Case refused = CASE_BY_CLIENT_PORT.get(Integer.parseInt(refusals.get(0)[0]));
        assertEquals("s_client smtp refused", refused == null ? null : refused.name());
    }

    @Test
    void tlsRecordsEqualTsharksHandshakes()
    {
        final Mismatches problems = new Mismatches("tshark", "sta");
        final Map<Integer, List<JsonNode>> records = TsharkHandshakes.tlsRecordsByClientPort(analysis);
        final Map<Integer, TsharkHandshakes.Handshake> handshakes = TsharkHandshakes.read(capture);
        int compared = 0;
        for (final Map.Entry<Integer, Case> entry : CASE_BY_CLIENT_PORT.entrySet())
        {
            final Case c = entry.getValue();
            final TsharkHandshakes.Handshake handshake = handshakes.get(entry.getKey());
            if (!c.accepted())
            {
                problems.expectEqual(c.name(), "tshark sees a ClientHello", false, handshake != null);
                continue;
            }
            final List<JsonNode> found = records.getOrDefault(entry.getKey(), List.of());
            if (handshake == null || handshake.ja3s() == null || found.size() != 1)
            {
                problems.add(c.name(), "tshark handshake " + handshake + ", sta records " + found.size());
                continue;
            }
            TsharkHandshakes.compare(c.name(), handshake, found.get(0), problems, work.resolve("tshark"));
            compared++;
        }
        problems.assertNone("STARTTLS handshakes");
        assertEquals(CASES.stream().filter(Case::accepted).count(), compared, "handshakes compared");
    }

    /** The flow records name the application protocol too (the refused SMTP one included). */
    @Test
    void flowRecordsNameTheApplicationProtocol()
    {
        final Mismatches problems = new Mismatches("scenario", "sta");
        // A late packet after the connection's RST starts a flow of its own: the connection is the earliest flow.
        final Map<Integer, JsonNode> firstFlows = new HashMap<>();
        for (final JsonNode record : analysis.dataset("flow"))
        {
            firstFlows.merge(Integer.parseInt(StaAnalyze.text(record, "source.port")), record,
                (a, b) -> StaAnalyze.text(a, "@timestamp").compareTo(StaAnalyze.text(b, "@timestamp")) <= 0 ? a : b);
        }
        final Map<Integer, String> flowProtocols = new HashMap<>();
        firstFlows.forEach((port, record) -> flowProtocols.put(port, StaAnalyze.text(record, "network.protocol")));
        for (final Map.Entry<Integer, Case> entry : CASE_BY_CLIENT_PORT.entrySet())
        {
            problems.expectEqual(entry.getValue().name(), "flow network.protocol", entry.getValue().protocol(),
                flowProtocols.get(entry.getKey()));
        }
        problems.assertNone("flow records");
    }
}
