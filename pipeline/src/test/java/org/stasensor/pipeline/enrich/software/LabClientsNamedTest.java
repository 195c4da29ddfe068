package org.stasensor.pipeline.enrich.software;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.packet.LinkType;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.testing.CapturedRecords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The clients the test suite runs, run here on loopback exactly as measure-lab-clients.sh ran them when sta-lab.tsv
 * was made, captured with tcpdump, read through the {@link PacketInspector} and enriched: each record names its
 * client (and SSH server). Which connection belongs to which client comes from the order of the runs and tshark's
 * view of the capture (ClientHello and KEXINIT frames in capture order), not from the code under test; tshark's
 * JA3 and HASSH must also equal the record's.
 */
class LabClientsNamedTest
{
    private static final long WAIT_SECONDS = 20;

    @TempDir
    static Path work;

    private static final List<Process> SERVERS = new ArrayList<>();
    private static Path capture;
    private static boolean dropbear;
    private static int tlsPort;
    private static int sshdPort;
    private static int dropbearPort;
    private static List<byte[]> records;

    @BeforeAll
    static void captureTheClients() throws Exception
    {
        for (final String tool : new String[]{"tcpdump", "openssl", "curl", "python3", "ssh", "/usr/sbin/sshd",
            "ssh-keygen", "tshark"})
        {
            assumeTrue(installed(tool), tool + " not installed");
        }
        dropbear = installed("/usr/sbin/dropbear") && installed("dbclient") && installed("dropbearkey");
        tlsPort = freePort();
        sshdPort = freePort();
        dropbearPort = freePort();
        startServers();
        capture = work.resolve("lab.pcap");
        final Process tcpdump = new ProcessBuilder("tcpdump", "-i", "lo", "-U", "-s", "0", "-w", capture.toString(),
            "tcp port " + tlsPort + " or tcp port " + sshdPort + " or tcp port " + dropbearPort)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            awaitListening(tcpdump);
            runClients();
            // A client may end before the server's answer is on the wire (dbclient does); sshd forks and re-executes
            // for each connection, which takes a while on a busy machine.
            Thread.sleep(2000);
        }
        finally
        {
            tcpdump.destroy();
            tcpdump.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            stopServers();
        }
        records = inspect(capture);
    }

    @AfterAll
    static void stopEverything()
    {
        stopServers();
    }

    @Test
    void tlsClientsAreNamed()
    {
        final List<String[]> hellos = tshark("tcp.dstport == " + tlsPort
            + " && tls.handshake.type == 1", "tcp.srcport", "tls.handshake.ja3");
        final String[] expected = {"OpenSSL s_client", "curl", "Python urllib", "Java HttpClient"};
        assertEquals(expected.length, hellos.size(), "ClientHellos in the capture");
        final Map<Integer, RecordReader> byPort = enriched(Dataset.TLS);
        for (int i = 0; i < expected.length; i++)
        {
            final int port = Integer.parseInt(hellos.get(i)[0]);
            final RecordReader record = byPort.get(port);
            assertTrue(record != null, "a TLS record for " + expected[i] + " from port " + port);
            assertEquals(hellos.get(i)[1], record.string(Fields.TLS_CLIENT_JA3), "tshark's JA3 of " + expected[i]);
            assertEquals(expected[i], record.string(Fields.TLS_CLIENT_SOFTWARE), "JA4 " + record.string(
                Fields.TLS_CLIENT_JA4) + " JA3 " + record.string(Fields.TLS_CLIENT_JA3));
            assertEquals("ja4:sta-lab", record.string(Fields.TLS_CLIENT_SOFTWARE_SOURCE));
        }
    }

    @Test
    void sshClientsAndServersAreNamed()
    {
        final String ports = sshdPort + "," + dropbearPort;
        final List<String[]> kexinits = tshark("ssh.kex.hassh", "tcp.srcport", "ssh.kex.hassh");
        final List<String[]> serverKexinits = tshark("ssh.kex.hasshserver", "tcp.dstport",
            "ssh.kex.hasshserver", "tcp.srcport");
        final List<String[]> expected = new ArrayList<>();
        expected.add(new String[]{"OpenSSH", "OpenSSH sshd"});
        if (dropbear)
        {
            expected.add(new String[]{"OpenSSH", "Dropbear"});
            expected.add(new String[]{"Dropbear dbclient", "OpenSSH sshd"});
        }
        assertEquals(expected.size(), kexinits.size(), "client KEXINITs on ports " + ports);
        final Map<Integer, String> serverHassh = new HashMap<>();
        for (final String[] row : serverKexinits)
        {
            serverHassh.put(Integer.parseInt(row[0]), row[1]);
        }
        final Map<Integer, RecordReader> byPort = enriched(Dataset.SSH);
        for (int i = 0; i < expected.size(); i++)
        {
            final int port = Integer.parseInt(kexinits.get(i)[0]);
            final RecordReader record = byPort.get(port);
            assertTrue(record != null, "an SSH record for " + expected.get(i)[0] + " from port " + port);
            assertEquals(kexinits.get(i)[1], record.string(Fields.SSH_CLIENT_HASSH));
            assertEquals(serverHassh.get(port), record.string(Fields.SSH_SERVER_HASSH));
            assertEquals(expected.get(i)[0], record.string(Fields.SSH_CLIENT_SOFTWARE_GUESS));
            assertEquals("hassh:sta-lab", record.string(Fields.SSH_CLIENT_SOFTWARE_GUESS_SOURCE));
            assertEquals(expected.get(i)[1], record.string(Fields.SSH_SERVER_SOFTWARE_GUESS));
            assertEquals("hassh_server:sta-lab", record.string(Fields.SSH_SERVER_SOFTWARE_GUESS_SOURCE));
        }
    }

    /** The enriched records of a dataset by client port (a reader each, over its own copy). */
    private static Map<Integer, RecordReader> enriched(final Dataset dataset)
    {
        final SoftwareIdentificationEnrichment enrichment =
            new SoftwareIdentificationEnrichment(FingerprintDatabase.builtIn());
        final Map<Integer, RecordReader> byPort = new HashMap<>();
        for (final byte[] bytes : records)
        {
            final UnsafeBuffer slot = new UnsafeBuffer(new byte[16 * 1024]);
            slot.putBytes(0, bytes);
            final RecordReader reader = new RecordReader().wrap(slot, 0);
            if (reader.dataset() == dataset)
            {
                final RecordWriter writer = new RecordWriter().resume(slot, 0, slot.capacity(), bytes.length);
                enrichment.enrich(reader, writer);
                writer.finish();
                byPort.put(reader.wrap(slot, 0).sourcePort(), reader);
            }
        }
        return byPort;
    }

    private static void startServers() throws Exception
    {
        final Path key = work.resolve("key.pem");
        final Path cert = work.resolve("cert.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
            cert.toString(), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"));
        SERVERS.add(new ProcessBuilder("openssl", "s_server", "-quiet", "-accept", "127.0.0.1:" + tlsPort, "-cert",
            cert.toString(), "-key", key.toString(), "-www", "-alpn", "http/1.1")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        final Path hostKey = work.resolve("host_ed25519");
        run(List.of("ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", hostKey.toString()));
        Files.createDirectories(Path.of("/run/sshd"));
        final Path config = work.resolve("sshd_config");
        Files.writeString(config, "ListenAddress 127.0.0.1\nPort " + sshdPort + "\nHostKey " + hostKey + "\nPidFile "
            + work.resolve("sshd.pid") + "\nUsePAM no\n");
        SERVERS.add(new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        if (dropbear)
        {
            final Path dropbearKey = work.resolve("dropbear_ed25519");
            run(List.of("dropbearkey", "-t", "ed25519", "-f", dropbearKey.toString()));
            SERVERS.add(new ProcessBuilder("/usr/sbin/dropbear", "-F", "-E", "-s", "-p", "127.0.0.1:" + dropbearPort,
                "-r", dropbearKey.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        awaitPort(tlsPort);
        awaitPort(sshdPort);
        if (dropbear)
        {
            awaitPort(dropbearPort);
        }
    }

    /** The clients in the order the tests expect them; each as measure-lab-clients.sh runs it. */
    private static void runClients() throws Exception
    {
        run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + tlsPort));
        run(List.of("curl", "-sk", "-o", "/dev/null", "https://localhost:" + tlsPort + "/"));
        run(List.of("python3", "-c", "import ssl,urllib.request; c=ssl.create_default_context(); "
            + "c.check_hostname=False; c.verify_mode=ssl.CERT_NONE; "
            + "urllib.request.urlopen('https://localhost:" + tlsPort + "/', context=c).read()"));
        javaHttpClient();
        final List<String> options = List.of("-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o",
            "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "IdentityAgent=none", "-o",
            "ConnectTimeout=10");
        final List<String> ssh = new ArrayList<>(List.of("ssh"));
        ssh.addAll(options);
        ssh.addAll(List.of("-p", Integer.toString(sshdPort), "nobody@127.0.0.1", "true"));
        run(ssh);
        if (dropbear)
        {
            final List<String> toDropbear = new ArrayList<>(List.of("ssh"));
            toDropbear.addAll(options);
            toDropbear.addAll(List.of("-p", Integer.toString(dropbearPort), "nobody@127.0.0.1", "true"));
            run(toDropbear);
            run(List.of("dbclient", "-y", "-y", "-p", Integer.toString(sshdPort), "nobody@127.0.0.1", "true"));
        }
    }

    private static void javaHttpClient() throws Exception
    {
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new X509TrustManager()
        {
            @Override
            public void checkClientTrusted(final X509Certificate[] chain, final String type)
            {
            }

            @Override
            public void checkServerTrusted(final X509Certificate[] chain, final String type)
            {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers()
            {
                return new X509Certificate[0];
            }
        }}, null);
        try (HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10))
            .build())
        {
            client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + tlsPort + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        }
        catch (final IOException ex)
        {
            // The handshake is what counts; s_server's answer to HTTP/1.1 may end the exchange early.
        }
    }

    /** Classic pcap (tcpdump -w) through a PacketInspector; every record written, copied. */
    private static List<byte[]> inspect(final Path file) throws IOException
    {
        final ByteBuffer pcap = ByteBuffer.wrap(Files.readAllBytes(file));
        final int magic = pcap.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xA1B2C3D4)
        {
            pcap.order(ByteOrder.BIG_ENDIAN);
        }
        assertEquals(0xA1B2C3D4, pcap.getInt(0), "tcpdump writes microsecond pcap");
        assertEquals(LinkType.ETHERNET, pcap.getInt(20), "loopback is captured as Ethernet");
        return CapturedRecords.of(file, new InspectorConfig(1, 1024, 60_000_000_000L, 3_600_000_000_000L, 64,
            32 * 1024));
    }

    /** tshark's fields of the capture, with the lab's ports decoded as TLS and SSH. */
    private static List<String[]> tshark(final String filter, final String... fields)
    {
        final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-d",
            "tcp.port==" + tlsPort + ",tls", "-d", "tcp.port==" + sshdPort + ",ssh", "-d",
            "tcp.port==" + dropbearPort + ",ssh", "-Y", filter, "-T", "fields", "-E", "separator=\t"));
        for (final String field : fields)
        {
            command.add("-e");
            command.add(field);
        }
        try
        {
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            process.getOutputStream().close();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
            final List<String[]> rows = new ArrayList<>();
            for (final String line : out.split("\n"))
            {
                if (!line.isEmpty())
                {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    private static void run(final List<String> command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
        }
    }

    private static void awaitListening(final Process tcpdump) throws IOException
    {
        final BufferedReader err = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(),
            StandardCharsets.UTF_8));
        final String line = err.readLine();
        assertTrue(line != null && line.contains("listening"), "tcpdump: " + line);
        final Thread drain = new Thread(() ->
        {
            try
            {
                while (err.readLine() != null)
                {
                    continue;
                }
            }
            catch (final IOException ignored)
            {
                // tcpdump ended
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    private static void awaitPort(final int port) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline)
        {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port))
            {
                return;
            }
            catch (final IOException notYet)
            {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on 127.0.0.1:" + port);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static boolean installed(final String tool)
    {
        if (tool.startsWith("/"))
        {
            return Files.isExecutable(Path.of(tool));
        }
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(":"))
        {
            if (Files.isExecutable(Path.of(dir, tool)))
            {
                return true;
            }
        }
        return false;
    }

    private static void stopServers()
    {
        for (final Process server : SERVERS)
        {
            server.destroy();
            try
            {
                if (!server.waitFor(5, TimeUnit.SECONDS))
                {
                    server.destroyForcibly();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        SERVERS.clear();
    }
}
