package org.stasensor.appliance.sshlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.NetnsLab;
import org.stasensor.appliance.lab.PacketCapture;

/**
 * Real SSH traffic for the oracle test: an OpenSSH sshd ({@link LabSshd}) in namespace a listening on 2222 and on
 * 53 (SSH on the DNS port), and in namespace b OpenSSH's ssh and scp and Dropbear's dbclient, each case one TCP
 * connection, run one after the other under tcpdump, so the n-th SSH stream of the capture is the n-th case.
 * <p>
 * What each case asks of the client (a cipher with {@code -c}, a MAC with {@code -m}, a key exchange with
 * {@code -o KexAlgorithms}, a host key algorithm, compression) is a fact of how it was made; so is whether the login
 * must succeed, which the client's exit status confirms.
 */
final class SshTrafficScenario
{
    /** The main server port. */
    static final int PORT = 2222;
    /** SSH on the DNS port: the sensor must recognise SSH by its banner, not its port. */
    static final int DNS_PORT = 53;
    /** A relay to sshd that first sends two lines of its own (RFC 4253 4.2 allows lines before the version). */
    static final int PRE_BANNER_PORT = 2200;
    /** What the relay sends before sshd's identification line, as docs/schema.md writes it (CR LF between). */
    static final String PRE_BANNER = "Welcome to the STA lab\r\nThis server logs everything";

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One client connection.
     *
     * @param name     for messages.
     * @param port     the server port.
     * @param command  the client command, run in namespace b.
     * @param success  whether the login must succeed (client exit status 0).
     * @param openssh  whether the client is OpenSSH's, whose {@code -vv} output states the negotiated algorithms.
     * @param expected what the client was told to use: sensor field name to algorithm.
     * @param preBanner the lines the server side sends before its identification, or null.
     */
    record SshCase(String name, int port, List<String> command, boolean success, boolean openssh,
        Map<String, String> expected, String preBanner)
    {
    }

    /**
     * The scenario's result.
     *
     * @param capture      the pcap file.
     * @param cases        the cases in the order they ran.
     * @param runs         what each client printed, same order.
     * @param sshdAttempts per client port, {failed, accepted} as sshd logged them.
     */
    record Traffic(Path capture, List<SshCase> cases, List<CommandResult> runs, Map<Integer, int[]> sshdAttempts)
    {
    }

    private SshTrafficScenario()
    {
    }

    /**
     * Builds the lab, starts sshd, runs every case under tcpdump, tears everything down.
     *
     * @param work a directory for keys, logs and the capture.
     * @return the capture and the cases.
     */
    static Traffic generate(final Path work)
    {
        HostCommands.assumeInstalled("ssh", "scp", "sshpass", "tcpdump");
        final Path capture = work.resolve("ssh-lab.pcap");
        try (NetnsLab lab = NetnsLab.create("ssh", work);
            LabSshd sshd = LabSshd.start(lab, lab.a(), work.resolve("sshd"), List.of(PORT, DNS_PORT)))
        {
            final Path upload = work.resolve("upload.bin");
            Files.write(upload, new byte[32_000]);
            final List<SshCase> cases = cases(sshd, upload, lab.a().address(), work);
            if (HostCommands.installed("python3"))
            {
                final BackgroundProcess relay = lab.start(lab.a(), "python3", "-c", relay(lab.a().address()));
                lab.awaitListening(lab.a(), "tcp", PRE_BANNER_PORT, relay, Duration.ofSeconds(10));
                cases.add(new SshCase("password, server sends lines before its identification",
                    PRE_BANNER_PORT, sshd.passwordLogin(PRE_BANNER_PORT, LabSshd.PASSWORD), true, true, Map.of(),
                    PRE_BANNER));
            }
            final PacketCapture tcpdump = lab.capture(lab.a(), capture);
            final List<CommandResult> runs = new ArrayList<>();
            for (final SshCase sshCase : cases)
            {
                final CommandResult run = lab.run(lab.b(), CLIENT_TIMEOUT, sshCase.command().toArray(String[]::new));
                if (run.succeeded() != sshCase.success())
                {
                    throw new AssertionError("case '" + sshCase.name() + "' should have "
                        + (sshCase.success() ? "logged in" : "failed") + ": " + run.describe());
                }
                runs.add(run);
            }
            tcpdump.stop();
            return new Traffic(capture, cases, runs, sshd.attemptsByClientPort());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<SshCase> cases(final LabSshd sshd, final Path upload, final String server, final Path work)
    {
        final String password = LabSshd.PASSWORD;
        final List<SshCase> cases = new ArrayList<>();
        cases.add(openssh("password, default algorithms", PORT, true, sshd.passwordLogin(PORT, password)));
        cases.add(openssh("cipher chacha20-poly1305", PORT, true,
            sshd.passwordLogin(PORT, password, "-c", "chacha20-poly1305@openssh.com"),
            "ssh.cipher.client_to_server", "chacha20-poly1305@openssh.com",
            "ssh.cipher.server_to_client", "chacha20-poly1305@openssh.com"));
        cases.add(openssh("cipher aes128-gcm", PORT, true,
            sshd.passwordLogin(PORT, password, "-c", "aes128-gcm@openssh.com"),
            "ssh.cipher.client_to_server", "aes128-gcm@openssh.com",
            "ssh.cipher.server_to_client", "aes128-gcm@openssh.com"));
        cases.add(openssh("cipher aes256-ctr, MAC hmac-sha2-256", PORT, true,
            sshd.passwordLogin(PORT, password, "-c", "aes256-ctr", "-m", "hmac-sha2-256"),
            "ssh.cipher.client_to_server", "aes256-ctr", "ssh.cipher.server_to_client", "aes256-ctr",
            "ssh.mac.client_to_server", "hmac-sha2-256", "ssh.mac.server_to_client", "hmac-sha2-256"));
        cases.add(openssh("cipher aes256-ctr, MAC hmac-sha2-256-etm", PORT, true,
            sshd.passwordLogin(PORT, password, "-c", "aes256-ctr", "-m", "hmac-sha2-256-etm@openssh.com"),
            "ssh.cipher.client_to_server", "aes256-ctr", "ssh.cipher.server_to_client", "aes256-ctr",
            "ssh.mac.client_to_server", "hmac-sha2-256-etm@openssh.com",
            "ssh.mac.server_to_client", "hmac-sha2-256-etm@openssh.com"));
        for (final String kex : List.of("curve25519-sha256", "diffie-hellman-group14-sha256", "ecdh-sha2-nistp256",
            "diffie-hellman-group-exchange-sha256", "sntrup761x25519-sha512@openssh.com"))
        {
            cases.add(openssh("key exchange " + kex, PORT, true,
                sshd.passwordLogin(PORT, password, "-o", "KexAlgorithms=" + kex), "ssh.kex_algorithm", kex));
        }
        for (final String hostKey : List.of("rsa-sha2-512", "ecdsa-sha2-nistp256"))
        {
            cases.add(openssh("host key " + hostKey, PORT, true,
                sshd.passwordLogin(PORT, password, "-o", "HostKeyAlgorithms=" + hostKey),
                "ssh.host_key_algorithm", hostKey));
        }
        cases.add(openssh("compression zlib@openssh.com", PORT, true,
            sshd.passwordLogin(PORT, password, "-o", "Compression=yes"),
            "ssh.compression.client_to_server", "zlib@openssh.com",
            "ssh.compression.server_to_client", "zlib@openssh.com"));
        cases.add(openssh("wrong password", PORT, false, sshd.passwordLogin(PORT, "wrong-password")));
        cases.add(openssh("public key ed25519", PORT, true, sshd.publicKeyLogin(PORT)));
        final List<String> scp = new ArrayList<>(List.of("scp", "-v"));
        scp.addAll(LabSshd.clientOptions(PORT));
        scp.set(scp.indexOf("-p"), "-P");
        scp.addAll(List.of("-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-i", sshd.clientKey().toString(),
            upload.toString(), sshd.user() + "@" + server + ":upload.bin"));
        cases.add(openssh("scp upload with public key", PORT, true, scp));
        cases.add(openssh("password on port 53", DNS_PORT, true, sshd.passwordLogin(DNS_PORT, password)));
        if (HostCommands.installed("dbclient"))
        {
            cases.add(dropbear("dbclient, default algorithms", sshd, server, work));
            cases.add(dropbear("dbclient aes256-ctr hmac-sha2-256", sshd, server, work, "-c", "aes256-ctr", "-m",
                "hmac-sha2-256"));
        }
        return cases;
    }

    /**
     * A TCP relay to sshd on {@link #PORT} that sends {@link #PRE_BANNER} and CR LF first: a tiny Python program
     * (the standard library only), run inside the namespace.
     */
    private static String relay(final String address)
    {
        return String.join("\n",
            "import socket, threading",
            "def pipe(a, b):",
            "    try:",
            "        while True:",
            "            data = a.recv(65536)",
            "            if not data:",
            "                break",
            "            b.sendall(data)",
            "    except OSError:",
            "        pass",
            "    finally:",
            "        try:",
            "            b.shutdown(socket.SHUT_WR)",
            "        except OSError:",
            "            pass",
            "listener = socket.socket()",
            "listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "listener.bind(('" + address + "', " + PRE_BANNER_PORT + "))",
            "listener.listen(8)",
            "while True:",
            "    client, _ = listener.accept()",
            "    server = socket.create_connection(('" + address + "', " + PORT + "))",
            "    client.sendall(b'" + PRE_BANNER.replace("\r\n", "\\r\\n") + "\\r\\n')",
            "    threading.Thread(target=pipe, args=(client, server), daemon=True).start()",
            "    threading.Thread(target=pipe, args=(server, client), daemon=True).start()",
            "");
    }

    private static SshCase openssh(final String name, final int port, final boolean success,
        final List<String> command, final String... expected)
    {
        return new SshCase(name, port, command, success, true, pairs(expected), null);
    }

    private static SshCase dropbear(final String name, final LabSshd sshd, final String server, final Path work,
        final String... options)
    {
        final List<String> command = new ArrayList<>(List.of("env", "HOME=" + work,
            "DROPBEAR_PASSWORD=" + LabSshd.PASSWORD, "dbclient", "-y", "-y", "-p", Integer.toString(PORT),
            "-l", sshd.user()));
        command.addAll(List.of(options));
        command.addAll(List.of(server, "true"));
        final Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i + 1 < options.length; i += 2)
        {
            final String direction = options[i].equals("-c") ? "ssh.cipher." : "ssh.mac.";
            expected.put(direction + "client_to_server", options[i + 1]);
            expected.put(direction + "server_to_client", options[i + 1]);
        }
        return new SshCase(name, PORT, command, true, false, expected, null);
    }

    private static Map<String, String> pairs(final String... keysAndValues)
    {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2)
        {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
