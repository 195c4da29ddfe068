package org.stasensor.appliance.capture.afpacket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.Mismatches;
import org.stasensor.appliance.lab.NetnsLab;
import org.stasensor.appliance.lab.PacketCapture;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.lab.TsharkJson;
import org.stasensor.appliance.sshlab.LabSshd;

/**
 * AF_PACKET for real: TLS (openssl s_server/s_client, a 4096-bit RSA chain that spans segments) and SSH (sshd
 * started by hand, OpenSSH client) between the lab's two namespaces, captured at the same time on namespace a's veth
 * end by the sensor (two fanout workers, sockets opened inside the namespace through setns) and by tcpdump.
 * <p>
 * Topology: NetnsLab's two namespaces and their veth pair, nothing else; the sensor's sockets live in namespace a,
 * so it sees both directions of every connection and nothing of the host. Oracles: tcpdump's file read by
 * {@code sta analyze} (the same pipeline, fed from a file tcpdump wrote: the capture path is what is tested), and
 * tshark on that file for SNI, JA3, JA3S and HASSH.
 * <p>
 * Compared: the tls, ssh and flow records of the test's TCP connections (ports {@value #TLS_PORT} and
 * {@value #SSH_PORT}). Left out: the marker datagrams PacketCapture sends to port 9 (the sensor runs before tcpdump
 * starts and after it stops, so it sees more of them). Fields that differ by design: {@code sta.uid} (its top byte
 * is the worker id, 0 in {@code sta analyze}, and its counter counts per worker) and times, by microseconds (see
 * {@link #sameRecords}).
 */
final class AfPacketLabTest
{
    private static final int TLS_PORT = 4433;
    private static final int SSH_PORT = 2222;
    private static final int TLS_CONNECTIONS = 16;
    private static final int SSH_CONNECTIONS = 3;
    private static final int WORKERS = 2;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> TIMES = Set.of("@timestamp", "event.start", "event.end");
    private static final long TIME_TOLERANCE_NANOS = 1_000_000L;

    @Test
    void twoFanoutWorkersReportWhatTcpdumpsCaptureHoldsEachFlowOnOneWorker(@TempDir final Path directory)
        throws Exception
    {
        HostCommands.assumeInstalled("openssl", "tshark", "ssh");
        final Path sensorRecords = directory.resolve("sensor.jsonl");
        final Path pcap = directory.resolve("tcpdump.pcap");
        final LabSensor sensor;
        try (NetnsLab lab = NetnsLab.create("afpkt", directory))
        {
            final Path certificates = certificates(lab, directory);
            final BackgroundProcess tlsServer = lab.start(lab.a(), "openssl", "s_server", "-accept",
                lab.a().address() + ":" + TLS_PORT, "-cert", certificates.resolve("leaf.pem").toString(), "-key",
                certificates.resolve("leaf.key").toString(), "-cert_chain", certificates.resolve("ca.pem").toString(),
                "-quiet");
            lab.awaitListening(lab.a(), "tcp", TLS_PORT, tlsServer, Duration.ofSeconds(10));
            try (LabSshd sshd = LabSshd.start(lab, lab.a(), directory.resolve("ssh"), List.of(SSH_PORT)))
            {
                sensor = LabSensor.start(lab.a().name(), AfPacketSettings.of(lab.a().interfaceName(), WORKERS),
                    sensorRecords);
                try
                {
                    final PacketCapture tcpdump = lab.capture(lab.a(), pcap);
                    for (int i = 0; i < TLS_CONNECTIONS; i++)
                    {
                        final CommandResult client = lab.run(lab.b(), CLIENT_TIMEOUT, "openssl", "s_client",
                            "-connect", lab.a().address() + ":" + TLS_PORT, "-servername", "host" + i + ".lab.test",
                            i % 2 == 0 ? "-tls1_2" : "-tls1_3", "-alpn", "h2,http/1.1");
                        assertTrue(client.stdout().contains("BEGIN CERTIFICATE") || client.succeeded(),
                            client.describe());
                    }
                    for (int i = 0; i < SSH_CONNECTIONS; i++)
                    {
                        final List<String> ssh = new ArrayList<>(List.of("ssh"));
                        ssh.addAll(LabSshd.clientOptions(SSH_PORT));
                        ssh.addAll(List.of("-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-i",
                            sshd.clientKey().toString(), sshd.user() + "@" + lab.a().address(), "true"));
                        lab.run(lab.b(), CLIENT_TIMEOUT, ssh.toArray(String[]::new)).orFail();
                    }
                    tcpdump.stop();
                }
                finally
                {
                    sensor.stop();
                }
            }
        }

        final List<JsonNode> fromSensor = ourConnections(StaAnalyze.records(sensorRecords));
        final StaAnalyze.Result analyzed = StaAnalyze.run(pcap, directory.resolve("analyze.jsonl"));
        assertEquals(0, analyzed.exitCode(), analyzed.stderr());
        final List<JsonNode> fromTcpdump = ourConnections(analyzed.records());

        assertEquals(0, sensor.drops().nicDrops(), sensor.summary());
        assertEquals(TLS_CONNECTIONS, count(fromTcpdump, "tls"), "tls records in sta analyze's output");
        assertEquals(SSH_CONNECTIONS, count(fromTcpdump, "ssh"), "ssh records in sta analyze's output");
        sameRecords(fromTcpdump, fromSensor);

        final Map<String, Set<Integer>> workersByFlow = new TreeMap<>();
        for (final JsonNode record : fromSensor)
        {
            final String uid = StaAnalyze.text(record, "sta.uid");
            assertTrue(uid != null && uid.matches("[0-9a-f]{16}"), "sta.uid: " + uid);
            workersByFlow.computeIfAbsent(flowKey(record), key -> new TreeSet<>())
                .add(Integer.parseInt(uid.substring(0, 2), 16));
        }
        assertEquals(TLS_CONNECTIONS + SSH_CONNECTIONS, workersByFlow.size(), workersByFlow.toString());
        workersByFlow.forEach((flow, workers) ->
            assertEquals(1, workers.size(), flow + " seen by workers " + workers));
        final Set<Integer> used = new TreeSet<>();
        workersByFlow.values().forEach(used::addAll);
        assertEquals(Set.of(0, 1), used, "with " + workersByFlow.size() + " flows both workers get some");

        agreesWithTshark(fromSensor, pcap, directory);
    }

    private static void agreesWithTshark(final List<JsonNode> records, final Path pcap, final Path work)
    {
        final Map<Integer, String> sni = new HashMap<>();
        final Map<Integer, String> ja3 = new HashMap<>();
        for (final JsonNode packet : TsharkJson.elements(TsharkJson.packets(pcap, "tls.handshake.type == 1",
            "frame tcp tls", work)))
        {
            final JsonNode layers = packet.path("_source").path("layers");
            final int port = Integer.parseInt(TsharkJson.text(layers.path("tcp").path("tcp.srcport")));
            final List<JsonNode> hellos = TsharkJson.objectsWithKey(layers.path("tls"), "tls.handshake.ja3");
            sni.put(port, TsharkJson.text(TsharkJson.objectsWithKey(layers.path("tls"),
                "tls.handshake.extensions_server_name").getFirst().path("tls.handshake.extensions_server_name")));
            ja3.put(port, TsharkJson.text(hellos.getFirst().path("tls.handshake.ja3")));
        }
        final Map<Integer, String> ja3s = new HashMap<>();
        for (final JsonNode packet : TsharkJson.elements(TsharkJson.packets(pcap, "tls.handshake.type == 2",
            "frame tcp tls", work)))
        {
            final JsonNode layers = packet.path("_source").path("layers");
            final int port = Integer.parseInt(TsharkJson.text(layers.path("tcp").path("tcp.dstport")));
            ja3s.put(port, TsharkJson.text(TsharkJson.objectsWithKey(layers.path("tls"), "tls.handshake.ja3s")
                .getFirst().path("tls.handshake.ja3s")));
        }
        final Map<Integer, String> hassh = new HashMap<>();
        for (final JsonNode packet : TsharkJson.elements(TsharkJson.packets(pcap, "ssh.kex.hassh", "frame tcp ssh",
            work, List.of("-d", "tcp.port==" + SSH_PORT + ",ssh"))))
        {
            final JsonNode layers = packet.path("_source").path("layers");
            final int port = Integer.parseInt(TsharkJson.text(layers.path("tcp").path("tcp.srcport")));
            hassh.put(port, TsharkJson.text(TsharkJson.objectsWithKey(layers.path("ssh"), "ssh.kex.hassh")
                .getFirst().path("ssh.kex.hassh")));
        }
        assertEquals(TLS_CONNECTIONS, sni.size(), "ClientHellos tshark found");
        assertEquals(SSH_CONNECTIONS, hassh.size(), "client KEXINITs tshark found");
        final Map<String, String> mismatches = new TreeMap<>();
        for (final JsonNode record : records)
        {
            final int clientPort = StaAnalyze.field(record, "source.port").asInt();
            final String dataset = StaAnalyze.text(record, "event.dataset");
            if ("tls".equals(dataset))
            {
                compare(mismatches, clientPort + " sni", sni.get(clientPort),
                    StaAnalyze.text(record, "tls.client.server_name"));
                compare(mismatches, clientPort + " ja3", ja3.get(clientPort),
                    StaAnalyze.text(record, "tls.client.ja3"));
                compare(mismatches, clientPort + " ja3s", ja3s.get(clientPort),
                    StaAnalyze.text(record, "tls.server.ja3s"));
            }
            else if ("ssh".equals(dataset))
            {
                compare(mismatches, clientPort + " hassh", hassh.get(clientPort),
                    StaAnalyze.text(record, "ssh.client.hassh"));
            }
        }
        assertEquals(Map.of(), mismatches);
    }

    private static void compare(final Map<String, String> mismatches, final String what, final String tshark,
        final String ours)
    {
        if (tshark == null || !tshark.equals(ours))
        {
            mismatches.put(what, "tshark " + tshark + ", sensor " + ours);
        }
    }

    /** The records of the test's own TCP connections, without the marker datagrams' flows. */
    private static List<JsonNode> ourConnections(final List<JsonNode> records)
    {
        final List<JsonNode> ours = new ArrayList<>();
        for (final JsonNode record : records)
        {
            final int port = StaAnalyze.field(record, "destination.port").asInt(-1);
            final int sourcePort = StaAnalyze.field(record, "source.port").asInt(-1);
            if (port == TLS_PORT || port == SSH_PORT || sourcePort == TLS_PORT || sourcePort == SSH_PORT)
            {
                ours.add(record);
            }
        }
        return ours;
    }

    private static long count(final List<JsonNode> records, final String dataset)
    {
        return records.stream().filter(record -> dataset.equals(StaAnalyze.text(record, "event.dataset"))).count();
    }

    /**
     * Record by record (keyed by dataset and client port, every key once), field by field, sta.uid left out (worker
     * id, per-worker counter). Times may differ a little, for two reasons: tcpdump's pcap holds microseconds, and
     * on a veth the TCP packets arrive with a delivery time of the sending stack (CLOCK_MONOTONIC, for pacing) in
     * place of a receive timestamp, which af_packet does not use (skb_tstamp() returns 0), so each packet socket
     * reads the clock itself when the packet reaches it: tcpdump's socket first (registered last), then the
     * fanout group, microseconds later when tcpdump has to be woken. So @timestamp, event.start, event.end and
     * event.duration must agree within {@value #TIME_TOLERANCE_NANOS} ns; everything else exactly.
     */
    private static void sameRecords(final List<JsonNode> expected, final List<JsonNode> actual)
    {
        final Mismatches mismatches = new Mismatches("sta analyze of tcpdump's file");
        final Map<String, Map<String, String>> expectedByKey = byKey(expected, mismatches);
        final Map<String, Map<String, String>> actualByKey = byKey(actual, mismatches);
        mismatches.expectEqual("all", "record keys", expectedByKey.keySet(), actualByKey.keySet());
        for (final Map.Entry<String, Map<String, String>> entry : expectedByKey.entrySet())
        {
            final Map<String, String> ours = actualByKey.getOrDefault(entry.getKey(), Map.of());
            final Set<String> fields = new TreeSet<>(entry.getValue().keySet());
            fields.addAll(ours.keySet());
            fields.remove("sta.uid");
            for (final String field : fields)
            {
                final String theirs = entry.getValue().get(field);
                String mine = ours.get(field);
                if (mine != null && theirs != null && TIMES.contains(field))
                {
                    final long difference = Math.abs(Duration.between(Instant.parse(theirs), Instant.parse(mine))
                        .toNanos());
                    mismatches.expectEqual(entry.getKey(), field + " " + theirs + " vs " + mine + " within "
                        + TIME_TOLERANCE_NANOS + " ns", true, difference <= TIME_TOLERANCE_NANOS);
                }
                else if (mine != null && theirs != null && "event.duration".equals(field))
                {
                    final long difference = Math.abs(Long.parseLong(mine) - Long.parseLong(theirs));
                    mismatches.expectEqual(entry.getKey(), field + " " + theirs + " vs " + mine + " within "
                        + TIME_TOLERANCE_NANOS + " ns", true, difference <= TIME_TOLERANCE_NANOS);
                }
                else
                {
                    mismatches.expectEqual(entry.getKey(), field, theirs, mine);
                }
            }
        }
        mismatches.assertNone("sensor records vs sta analyze of tcpdump's file");
    }

    private static Map<String, Map<String, String>> byKey(final List<JsonNode> records, final Mismatches mismatches)
    {
        final Map<String, Map<String, String>> byKey = new TreeMap<>();
        for (final JsonNode record : records)
        {
            final String key = StaAnalyze.text(record, "event.dataset") + " " + clientPort(record);
            final Map<String, String> fields = new TreeMap<>();
            flatten("", record, fields);
            if (byKey.put(key, fields) != null)
            {
                mismatches.add(key, "two records");
            }
        }
        return byKey;
    }

    private static void flatten(final String prefix, final JsonNode node, final Map<String, String> into)
    {
        if (node.isObject())
        {
            node.properties().forEach(entry -> flatten(prefix.isEmpty() ? entry.getKey() :
                prefix + "." + entry.getKey(), entry.getValue(), into));
        }
        else
        {
            into.put(prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }

    private static int clientPort(final JsonNode record)
    {
        final int source = StaAnalyze.field(record, "source.port").asInt();
        return source == TLS_PORT || source == SSH_PORT ? StaAnalyze.field(record, "destination.port").asInt() :
            source;
    }

    private static String flowKey(final JsonNode record)
    {
        final String a = StaAnalyze.text(record, "source.ip") + ":" + StaAnalyze.text(record, "source.port");
        final String b = StaAnalyze.text(record, "destination.ip") + ":"
            + StaAnalyze.text(record, "destination.port");
        return "tcp " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
    }

    private static Path certificates(final NetnsLab lab, final Path directory)
    {
        final Path dir = directory.resolve("certs");
        final String d = dir.toString();
        lab.run(lab.a(), Duration.ofSeconds(5), "mkdir", "-p", d).orFail();
        run(lab, "openssl", "req", "-x509", "-newkey", "rsa:4096", "-nodes", "-days", "2", "-subj",
            "/CN=AF_PACKET Lab CA", "-keyout", d + "/ca.key", "-out", d + "/ca.pem");
        run(lab, "openssl", "req", "-newkey", "rsa:4096", "-nodes", "-subj", "/CN=afpacket.lab.test", "-keyout",
            d + "/leaf.key", "-out", d + "/leaf.csr");
        run(lab, "openssl", "x509", "-req", "-in", d + "/leaf.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key",
            "-CAcreateserial", "-days", "2", "-out", d + "/leaf.pem");
        return dir;
    }

    private static void run(final NetnsLab lab, final String... command)
    {
        lab.run(lab.a(), Duration.ofSeconds(60), command).orFail();
    }
}
