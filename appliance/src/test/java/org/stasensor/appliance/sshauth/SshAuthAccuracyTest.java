package org.stasensor.appliance.sshauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.NetnsLab;
import org.stasensor.appliance.lab.PacketCapture;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.sshlab.TsharkSshConnections;
import org.stasensor.pipeline.ssh.CapturedSsh;
import org.stasensor.pipeline.ssh.SshAuthEstimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures the sensor's {@code ssh.auth.attempts} and {@code ssh.auth.result} (docs/ssh-auth.md) against real
 * OpenSSH sessions, through the product: sshd in one lab namespace, {@code ssh} and {@code scp} in the other,
 * captured with tcpdump, the capture analysed by {@code sta analyze}, and each ssh record joined with its case by the
 * client's TCP port (tshark's SSH streams give the port of each case, in order). The truth of each case is how it was
 * made (how many wrong passwords the client's askpass gives, how many prompts it allows, which key it holds, the
 * server's MaxAuthTries) and is cross-checked with sshd's own log ("Failed password/publickey", "Accepted", per
 * client port), which is how sshd counts attempts.
 * <p>
 * The same records check the handshake side: the algorithms the record names equal what the OpenSSH client itself
 * chose ({@code ssh -vv}: "kex: algorithm", "kex: host key algorithm", "kex: client->server cipher ... MAC ...
 * compression"), and HASSH/HASSHServer equal tshark's.
 * <p>
 * Servers (one namespace, one host key): an sshd without PAM on 2222 (MaxAuthTries 6), 2223 (MaxAuthTries 10),
 * 2224 (a 350-character banner) and 2226 (a 9-character banner); an sshd with PAM and keyboard-interactive only on
 * 2225 and, with the long banner, 2228; an sshd with PAM, password, keyboard-interactive and GSSAPI (the longest
 * method list) on 2227. Passwords come from an SSH_ASKPASS script that answers wrong a set number of times, then
 * right, so several attempts happen on one connection. Dropbear's dbclient cases run when it is installed
 * (Debian package dropbear-bin). Cases docs/ssh-auth.md lists as blind spots are measured and printed, and the test
 * fails if they stop being wrong, so that the documentation is kept true.
 */
final class SshAuthAccuracyTest
{
    private static final String PASSWORD = "lab-right-pass";
    private static final String SUCCESS = "success";
    private static final String FAILURE = "failure";
    private static final String UNKNOWN = "unknown";
    private static final int DEFAULT_TRIES = 2222;
    private static final int MORE_TRIES = 2223;
    private static final int BANNER = 2224;
    private static final int PAM = 2225;
    private static final int SHORT_BANNER = 2226;
    private static final int LONG_METHOD_LIST = 2227;
    private static final int PAM_BANNER = 2228;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SSHD_LINE = Pattern.compile(
        "(Failed|Accepted) (password|publickey|keyboard-interactive/pam) for (?:invalid user )?\\S+ from \\S+ port "
            + "(\\d+) ssh2");
    private static final Pattern SSHD_CONNECTION = Pattern.compile(
        "Connection from \\S+ port (\\d+) on \\S+ port (\\d+)");
    private static final Pattern KEX_ALGORITHM = Pattern.compile("debug1: kex: algorithm: (\\S+)");
    private static final Pattern HOST_KEY_ALGORITHM = Pattern.compile("debug1: kex: host key algorithm: (\\S+)");
    private static final Pattern DIRECTION = Pattern.compile(
        "debug1: kex: (client->server|server->client) cipher: (\\S+) MAC: (\\S+) compression: (\\S+)");

    @TempDir
    static Path work;

    private static String user;
    private static boolean userCreated;
    private static final List<Case> CASES = new ArrayList<>();
    private static final List<CommandResult> RUNS = new ArrayList<>();
    private static List<TsharkSshConnections.Connection> connections;
    private static StaAnalyze.Result analysis;
    private static Map<String, List<JsonNode>> recordsByPorts;
    private static final List<String> SSHD_LOGS = new ArrayList<>();

    /**
     * One client connection and its known outcome.
     *
     * @param name      for messages.
     * @param command   the client command, run in namespace b.
     * @param attempts  attempts as sshd counts them.
     * @param result    "success" or "failure", or "unknown" where no attempt is made (the ssh.auth.result values).
     * @param exitKnown whether the client's exit status tells the outcome (dbclient exits 0 either way).
     * @param blindSpot a case the package documentation names as estimated wrong; measured, not asserted right.
     */
    record Case(String name, List<String> command, int attempts, String result, boolean exitKnown,
        boolean blindSpot)
    {
        Case(final String name, final List<String> command, final int attempts, final String result)
        {
            this(name, command, attempts, result, true, false);
        }
    }

    @BeforeAll
    static void runRealSessions() throws IOException
    {
        HostCommands.assumeRoot();
        HostCommands.assumeInstalled("sshd", "ssh", "scp", "ssh-keygen", "useradd", "userdel", "chpasswd", "tcpdump",
            "tshark");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        user = "stauth" + ProcessHandle.current().pid() % 100_000;
        final Path home = work.resolve("home");
        host("userdel", user);
        host("useradd", "-M", "-d", home.toString(), "-s", "/bin/sh", user).orFail();
        userCreated = true;
        Files.createDirectories(home);
        host("chown", user, home.toString()).orFail();
        host("bash", "-c", "echo '" + user + ":" + PASSWORD + "' | chpasswd").orFail();
        host("mkdir", "-p", "/run/sshd").orFail();
        host("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", work.resolve("hostkey").toString()).orFail();
        final Path ed25519 = key("ed25519", "-t", "ed25519");
        final Path rsa = key("rsa", "-t", "rsa", "-b", "3072");
        final Path stranger = key("stranger", "-t", "ed25519");
        final Path authorized = work.resolve("authorized_keys");
        Files.writeString(authorized, Files.readString(Path.of(ed25519 + ".pub"))
            + Files.readString(Path.of(rsa + ".pub")));
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(work.resolve("banner"), "Authorised use only. This lab server logs everything.\n"
            + "x".repeat(300) + "\n");
        Files.writeString(work.resolve("short-banner"), "Private.\n");
        final Path probeOnly = Files.createDirectories(work.resolve("probe-only")).resolve("client-ed25519.pub");
        Files.copy(Path.of(ed25519 + ".pub"), probeOnly);
        Files.writeString(work.resolve("upload.bin"), "y".repeat(16_000));
        final Path askpass = work.resolve("askpass");
        Files.writeString(askpass, """
            #!/bin/sh
            n=$(cat "$ASKPASS_STATE" 2>/dev/null || echo 0)
            n=$((n + 1))
            echo "$n" > "$ASKPASS_STATE"
            if [ "$n" -le "$ASKPASS_FAILS" ]; then echo "wrong-password-$n"; else echo "$ASKPASS_RIGHT"; fi
            """);
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (NetnsLab lab = NetnsLab.create("sshauth", work))
        {
            final String server = lab.a().address();
            final Path config = work.resolve("sshd_config");
            Files.writeString(config, String.join("\n",
                "ListenAddress " + server, "Port " + DEFAULT_TRIES, "Port " + MORE_TRIES, "Port " + BANNER,
                "Port " + SHORT_BANNER,
                "HostKey " + work.resolve("hostkey"), "PidFile " + work.resolve("sshd.pid"),
                "PasswordAuthentication yes", "KbdInteractiveAuthentication no", "PubkeyAuthentication yes",
                "AuthorizedKeysFile " + authorized, "UsePAM no", "StrictModes no", "AllowUsers " + user,
                "LogLevel VERBOSE", "Subsystem sftp internal-sftp",
                "Match LocalPort " + MORE_TRIES, "    MaxAuthTries 10",
                "Match LocalPort " + BANNER, "    MaxAuthTries 10", "    Banner " + work.resolve("banner"),
                "Match LocalPort " + SHORT_BANNER, "    MaxAuthTries 10", "    Banner " + work.resolve("short-banner"),
                ""));
            // UsePAM cannot be set per port: a second sshd for keyboard-interactive through PAM.
            final Path pamConfig = work.resolve("sshd_pam_config");
            Files.writeString(pamConfig, String.join("\n",
                "ListenAddress " + server, "Port " + PAM, "Port " + PAM_BANNER, "HostKey " + work.resolve("hostkey"),
                "PidFile " + work.resolve("sshd-pam.pid"), "PasswordAuthentication no",
                "KbdInteractiveAuthentication yes", "UsePAM yes", "StrictModes no", "AllowUsers " + user,
                "LogLevel VERBOSE", "Match LocalPort " + PAM_BANNER, "    Banner " + work.resolve("banner"), ""));
            // And one offering every method, for the longest failure message.
            final Path longListConfig = work.resolve("sshd_long_list_config");
            Files.writeString(longListConfig, String.join("\n",
                "ListenAddress " + server, "Port " + LONG_METHOD_LIST, "HostKey " + work.resolve("hostkey"),
                "PidFile " + work.resolve("sshd-long.pid"), "PasswordAuthentication yes",
                "KbdInteractiveAuthentication yes", "GSSAPIAuthentication yes", "UsePAM yes", "StrictModes no",
                "AllowUsers " + user, "LogLevel VERBOSE", ""));
            final BackgroundProcess sshd = lab.start(lab.a(), "/usr/sbin/sshd", "-D", "-e", "-f", config.toString());
            final BackgroundProcess pamSshd = lab.start(lab.a(), "/usr/sbin/sshd", "-D", "-e", "-f",
                pamConfig.toString());
            final BackgroundProcess longListSshd = lab.start(lab.a(), "/usr/sbin/sshd", "-D", "-e", "-f",
                longListConfig.toString());
            for (final int port : new int[]{DEFAULT_TRIES, MORE_TRIES, BANNER, SHORT_BANNER})
            {
                lab.awaitListening(lab.a(), "tcp", port, sshd, Duration.ofSeconds(10));
            }
            lab.awaitListening(lab.a(), "tcp", PAM, pamSshd, Duration.ofSeconds(10));
            lab.awaitListening(lab.a(), "tcp", PAM_BANNER, pamSshd, Duration.ofSeconds(10));
            lab.awaitListening(lab.a(), "tcp", LONG_METHOD_LIST, longListSshd, Duration.ofSeconds(10));
            final PacketCapture capture = lab.capture(lab.a(), work.resolve("ssh.pcap"));
            cases(server, askpass, ed25519, rsa, stranger, probeOnly);
            for (final Case sshCase : CASES)
            {
                final CommandResult run = lab.run(lab.b(), CLIENT_TIMEOUT, sshCase.command().toArray(String[]::new));
                final boolean expectSuccess = sshCase.result().equals(SUCCESS);
                if (sshCase.exitKnown() && run.succeeded() != expectSuccess)
                {
                    throw new AssertionError("case '" + sshCase.name() + "' should have "
                        + (expectSuccess ? "logged in" : "failed") + ": " + run.describe());
                }
                RUNS.add(run);
            }
            capture.stop();
            SSHD_LOGS.addAll(List.of(sshd.stderr(), pamSshd.stderr(), longListSshd.stderr()));
        }
        final Set<Integer> serverPorts = Set.of(DEFAULT_TRIES, MORE_TRIES, BANNER, PAM, SHORT_BANNER, LONG_METHOD_LIST,
            PAM_BANNER);
        connections = TsharkSshConnections.read(work.resolve("ssh.pcap"), serverPorts, work.resolve("tshark"));
        analysis = StaAnalyze.run(work.resolve("ssh.pcap"), work.resolve("records.jsonl"));
        recordsByPorts = new HashMap<>();
        for (final JsonNode record : analysis.dataset("ssh"))
        {
            // Client port and server port: a client port comes back for connections to other servers.
            recordsByPorts.computeIfAbsent(StaAnalyze.text(record, "source.port") + ">"
                + StaAnalyze.text(record, "destination.port"), key -> new ArrayList<>()).add(record);
        }
    }

    @AfterAll
    static void removeUser()
    {
        if (userCreated)
        {
            host("userdel", user);
        }
    }

    /** The scenario itself: one TCP connection per case, and sshd counted what each case meant to do. */
    @Test
    void sshdCountedWhatEachCaseWasMadeToDo()
    {
        assertEquals(CASES.size(), connections.size(), "SSH connections in the capture");
        final Map<String, int[]> counted = sshdCounts();
        final List<String> wrong = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++)
        {
            final Case sshCase = CASES.get(i);
            final int[] sshd = counted.getOrDefault(ports(connections.get(i)), new int[2]);
            final String result = sshd[1] > 0 ? SUCCESS : sshd[0] > 0 ? FAILURE : UNKNOWN;
            if (sshd[0] + sshd[1] != sshCase.attempts() || !result.equals(sshCase.result()))
            {
                wrong.add(sshCase.name() + ": sshd logged " + sshd[0] + " failed, " + sshd[1] + " accepted");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong) + "\n--- sshd logs ---\n" + String.join("\n", SSHD_LOGS));
    }

    /**
     * The measurement: attempts and result per case from the sensor's ssh record, all printed, then asserted. The
     * table also shows what the estimator alone makes of the same connection (fed the encrypted payload sizes as
     * tshark reassembles them, {@link CapturedSsh}), so that a difference between the product and its estimator
     * shows at once; only the product is asserted.
     */
    @Test
    void recordedAttemptsAndResultsMatchTheTruth()
    {
        assertEquals(CASES.size(), connections.size(), "SSH connections in the capture");
        final List<CapturedSsh.Connection> sizes = CapturedSsh.read(work.resolve("ssh.pcap"),
            DEFAULT_TRIES + "-" + PAM_BANNER);
        final StringBuilder table = new StringBuilder(String.format("%-50s %-11s %-11s %-11s %s%n", "case", "truth",
            "sensor", "estimator", "encrypted payload sizes (c client, s server)"));
        int exactAttempts = 0;
        int exactResults = 0;
        int blindSpots = 0;
        int productVersusEstimator = 0;
        final List<String> wrong = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++)
        {
            final Case sshCase = CASES.get(i);
            final List<JsonNode> records = recordsByPorts.getOrDefault(ports(connections.get(i)), List.of());
            final String truth = sshCase.attempts() + " " + sshCase.result();
            final CapturedSsh.Connection harness = i < sizes.size() ? sizes.get(i) : null;
            final String estimated = harness == null ? "?" : estimatorSays(harness);
            final String described = harness == null ? "" : abbreviate(harness.describe());
            blindSpots += sshCase.blindSpot() ? 1 : 0;
            if (records.size() != 1)
            {
                wrong.add(sshCase.name() + ": " + records.size() + " ssh records for ports "
                    + ports(connections.get(i)) + " (expected 1)");
                table.append(String.format("%-50s %-11s %-11s %-11s %s%n", sshCase.name(), truth,
                    records.size() + " records", estimated, described));
                continue;
            }
            final String attempts = StaAnalyze.text(records.get(0), "ssh.auth.attempts");
            final String result = StaAnalyze.text(records.get(0), "ssh.auth.result");
            final boolean attemptsRight = Integer.toString(sshCase.attempts()).equals(attempts);
            final boolean resultRight = sshCase.result().equals(result);
            exactAttempts += attemptsRight ? 1 : 0;
            exactResults += resultRight ? 1 : 0;
            final String recorded = attempts + " " + result;
            productVersusEstimator += recorded.equals(estimated) ? 0 : 1;
            table.append(String.format("%-50s %-11s %-11s %-11s %s%n", (sshCase.blindSpot() ? "[blind spot] " : "")
                + sshCase.name(), truth, recorded, estimated, described));
            if (sshCase.blindSpot() == (attemptsRight && resultRight))
            {
                wrong.add(sshCase.name() + ": truth " + truth + ", sensor " + recorded + ", estimator alone "
                    + estimated + ", payloads " + described + (sshCase.blindSpot()
                    ? " (right, though documented as a blind spot: update docs/ssh-auth.md and this case)" : ""));
            }
        }
        table.append(String.format("sensor: attempts exact %d/%d, result exact %d/%d (%d documented blind spots); "
            + "sensor differs from the estimator alone in %d%n", exactAttempts, CASES.size(), exactResults,
            CASES.size(), blindSpots, productVersusEstimator));
        System.out.print(table);
        assertTrue(wrong.isEmpty(), wrong.size() + " cases off:\n" + String.join("\n", wrong));
    }

    /** The handshake side on the same records: OpenSSH's own choice and tshark's fingerprints. */
    @Test
    void negotiatedAlgorithmsAreWhatTheOpenSshClientChose()
    {
        assertEquals(Sta.EXIT_OK, analysis.exitCode(), "sta analyze exit code; stderr:\n" + analysis.stderr());
        assertEquals(CASES.size(), connections.size(), "SSH connections in the capture");
        final List<String> wrong = new ArrayList<>();
        int compared = 0;
        int opensshLogged = CASES.size();
        for (int i = 0; i < CASES.size(); i++)
        {
            final TsharkSshConnections.Connection connection = connections.get(i);
            final List<JsonNode> records = recordsByPorts.getOrDefault(ports(connection), List.of());
            final String name = CASES.get(i).name();
            if (records.size() != 1)
            {
                wrong.add(name + ": " + records.size() + " ssh records (expected 1)");
                continue;
            }
            final JsonNode record = records.get(0);
            final Map<String, String> chosen = new LinkedHashMap<>();
            final String log = RUNS.get(i).stderr();
            if (CASES.get(i).command().contains("dbclient"))
            {
                // dbclient does not log its choice; its KEXINIT is still checked through HASSH below.
                opensshLogged--;
            }
            else
            {
                chosen.put("ssh.kex_algorithm", first(KEX_ALGORITHM, log, 1));
                chosen.put("ssh.host_key_algorithm", first(HOST_KEY_ALGORITHM, log, 1));
            }
            final Matcher direction = DIRECTION.matcher(log);
            while (direction.find())
            {
                final String suffix = direction.group(1).equals("client->server") ? "client_to_server"
                    : "server_to_client";
                chosen.putIfAbsent("ssh.cipher." + suffix, direction.group(2));
                // docs/schema.md: "implicit" where OpenSSH logs "<implicit>" (an AEAD cipher).
                chosen.putIfAbsent("ssh.mac." + suffix, direction.group(3).equals("<implicit>") ? "implicit"
                    : direction.group(3));
                chosen.putIfAbsent("ssh.compression." + suffix, direction.group(4));
            }
            chosen.put("ssh.client.hassh", connection.client().kex("ssh.kex.hassh"));
            chosen.put("ssh.server.hassh", connection.server().kex("ssh.kex.hasshserver"));
            for (final Map.Entry<String, String> field : chosen.entrySet())
            {
                compared += expect(wrong, name, field.getKey(), field.getValue(),
                    StaAnalyze.text(record, field.getKey()));
            }
        }
        System.out.println("sensor's negotiated algorithms vs ssh -vv and HASSH vs tshark: " + compared
            + " fields over " + CASES.size() + " sessions");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(compared >= opensshLogged * 10, compared + " fields compared");
    }

    private static void cases(final String server, final Path askpass, final Path ed25519, final Path rsa,
        final Path stranger, final Path probeOnly)
    {
        final String success = SUCCESS;
        final String failure = FAILURE;
        password("password right first time", server, DEFAULT_TRIES, 0, 1, askpass, 1, success);
        password("1 wrong password, client gives up", server, DEFAULT_TRIES, 1, 1, askpass, 1, failure);
        password("1 wrong password, then right", server, DEFAULT_TRIES, 1, 2, askpass, 2, success);
        password("3 wrong passwords, client gives up", server, DEFAULT_TRIES, 3, 3, askpass, 3, failure);
        password("3 wrong passwords, then right", server, DEFAULT_TRIES, 3, 4, askpass, 4, success);
        password("6 wrong, server disconnects (MaxAuthTries 6)", server, DEFAULT_TRIES, 10, 10, askpass, 6, failure);
        password("6 wrong passwords, client gives up", server, MORE_TRIES, 6, 6, askpass, 6, failure);
        password("6 wrong passwords, then right", server, MORE_TRIES, 6, 7, askpass, 7, success);
        password("9 wrong passwords, then right", server, MORE_TRIES, 9, 10, askpass, 10, success);
        password("banner, 1 wrong password, then right", server, BANNER, 1, 2, askpass, 2, success);
        password("banner, 3 wrong passwords, client gives up", server, BANNER, 3, 3, askpass, 3, failure);
        password("aes128-ctr hmac-sha2-256, 2 wrong, right", server, DEFAULT_TRIES, 2, 3, askpass, 3, success,
            "-c", "aes128-ctr", "-m", "hmac-sha2-256");
        password("aes256-gcm, 2 wrong, right", server, DEFAULT_TRIES, 2, 3, askpass, 3, success,
            "-c", "aes256-gcm@openssh.com");
        password("aes192-ctr hmac-sha1-etm, 2 wrong, gives up", server, DEFAULT_TRIES, 2, 2, askpass, 2, failure,
            "-c", "aes192-ctr", "-m", "hmac-sha1-etm@openssh.com");
        password("aes128-ctr umac-64 dh-group14, 1 wrong, right", server, DEFAULT_TRIES, 1, 2, askpass, 2, success,
            "-c", "aes128-ctr", "-m", "umac-64@openssh.com", "-o", "KexAlgorithms=diffie-hellman-group14-sha256");
        password("compression zlib@openssh.com, 1 wrong, right", server, DEFAULT_TRIES, 1, 2, askpass, 2, success,
            "-C");
        CASES.add(new Case("unknown user, 2 passwords", sshCommand(server, DEFAULT_TRIES, askpass, 2, 2, "nosuchuser",
            "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no"), 2, failure));
        publicKey("public key ed25519", server, ed25519, 1, success);
        publicKey("public key rsa-3072", server, rsa, 1, success);
        CASES.add(new Case("public key refused, then password right", sshCommand(server, DEFAULT_TRIES, askpass,
            0, 1, user, "-o", "PreferredAuthentications=publickey,password", "-o", "PubkeyAuthentication=yes", "-i",
            stranger.toString(), "-o", "IdentitiesOnly=yes"), 2, success));
        CASES.add(new Case("scp upload with public key", List.of("scp", "-v", "-P", Integer.toString(DEFAULT_TRIES),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentityAgent=none",
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-i", ed25519.toString(),
            work.resolve("upload.bin").toString(), user + "@" + server + ":upload.bin"), 1, success));
        CASES.add(new Case("only the none probe", sshCommand(server, DEFAULT_TRIES, askpass, 0, 1, user,
            "-o", "PreferredAuthentications=none"), 0, UNKNOWN));
        CASES.add(new Case("public key probed, private key missing", List.of("ssh", "-vv", "-p",
            Integer.toString(DEFAULT_TRIES), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "IdentityAgent=none", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", "PreferredAuthentications=publickey", "-i", probeOnly.toString(), user + "@" + server, "true"),
            0, UNKNOWN));
        CASES.add(new Case("banner, public key ed25519", List.of("ssh", "-vv", "-p", Integer.toString(BANNER),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentityAgent=none",
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "PreferredAuthentications=publickey",
            "-i", ed25519.toString(), user + "@" + server, "true"), 1, success));
        final String keyboard = "PreferredAuthentications=keyboard-interactive";
        CASES.add(new Case("keyboard-interactive (PAM), right first time", sshCommand(server, PAM, askpass, 0, 1,
            user, "-o", keyboard), 1, success));
        CASES.add(new Case("keyboard-interactive (PAM), 1 wrong, then right", sshCommand(server, PAM, askpass, 1, 2,
            user, "-o", keyboard), 2, success));
        CASES.add(new Case("keyboard-interactive (PAM), 1 wrong, gives up", sshCommand(server, PAM, askpass, 1, 1,
            user, "-o", keyboard), 1, failure));
        CASES.add(new Case("short banner, 2 wrong, then right", sshCommand(server, SHORT_BANNER, askpass, 2, 3, user,
            "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no"), 3, success));
        CASES.add(new Case("short banner, public key ed25519", List.of("ssh", "-vv", "-p",
            Integer.toString(SHORT_BANNER), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "IdentityAgent=none", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", "PreferredAuthentications=publickey", "-i", ed25519.toString(), user + "@" + server, "true"),
            1, success));
        CASES.add(new Case("long method list, password (PAM), 1 wrong, right", sshCommand(server, LONG_METHOD_LIST,
            askpass, 1, 2, user, "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no"),
            2, success));
        CASES.add(new Case("long method list, keyboard-interactive, right", sshCommand(server, LONG_METHOD_LIST,
            askpass, 0, 1, user, "-o", keyboard), 1, success, true, true));
        CASES.add(new Case("banner, keyboard-interactive (PAM), right", sshCommand(server, PAM_BANNER, askpass, 0, 1,
            user, "-o", keyboard), 1, success, true, true));
        if (HostCommands.installed("dbclient"))
        {
            // Dropbear's client sends its first USERAUTH_REQUEST without waiting for SERVICE_ACCEPT.
            CASES.add(new Case("dbclient password right", dbclient(server, "DROPBEAR_PASSWORD=" + PASSWORD),
                1, success, false, false));
            CASES.add(new Case("dbclient wrong password until disconnected", dbclient(server,
                "DROPBEAR_PASSWORD=wrong-password"), 6, failure, false, false));
        }
    }

    private static List<String> dbclient(final String server, final String password)
    {
        return List.of("env", "HOME=" + work, password, "dbclient", "-y", "-y", "-p", Integer.toString(DEFAULT_TRIES),
            "-l", user, server, "true");
    }

    private static void password(final String name, final String server, final int port, final int wrong,
        final int prompts, final Path askpass, final int attempts, final String result, final String... options)
    {
        final List<String> all = new ArrayList<>(List.of("-o", "PreferredAuthentications=password",
            "-o", "PubkeyAuthentication=no"));
        all.addAll(List.of(options));
        CASES.add(new Case(name, sshCommand(server, port, askpass, wrong, prompts, user,
            all.toArray(String[]::new)), attempts, result));
    }

    private static void publicKey(final String name, final String server, final Path key, final int attempts,
        final String result)
    {
        CASES.add(new Case(name, List.of("ssh", "-vv", "-p", Integer.toString(DEFAULT_TRIES),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentityAgent=none",
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "PreferredAuthentications=publickey",
            "-i", key.toString(), user + "@" + server, "true"), attempts, result));
    }

    /** ssh with passwords from the askpass script: {@code wrong} wrong ones, then the right one. */
    private static List<String> sshCommand(final String server, final int port, final Path askpass, final int wrong,
        final int prompts, final String login, final String... options)
    {
        final List<String> command = new ArrayList<>(List.of("env", "SSH_ASKPASS=" + askpass,
            "SSH_ASKPASS_REQUIRE=force", "ASKPASS_STATE=" + work.resolve("askpass-" + CASES.size() + ".count"),
            "ASKPASS_FAILS=" + wrong, "ASKPASS_RIGHT=" + PASSWORD, "ssh", "-vv", "-p", Integer.toString(port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentityAgent=none",
            "-o", "NumberOfPasswordPrompts=" + prompts, "-l", login));
        command.addAll(List.of(options));
        command.addAll(List.of(server, "true"));
        return command;
    }

    /**
     * Per connection ("client port>server port"): {failed, accepted} as sshd logged them. Each sshd's log is read
     * on its own, and an attempt line is given to the latest "Connection from" line of its client port.
     */
    private static Map<String, int[]> sshdCounts()
    {
        final Map<String, int[]> counts = new HashMap<>();
        for (final String log : SSHD_LOGS)
        {
            final Map<String, String> serverPortOf = new HashMap<>();
            for (final String text : log.split("\n"))
            {
                final Matcher connection = SSHD_CONNECTION.matcher(text);
                if (connection.find())
                {
                    serverPortOf.put(connection.group(1), connection.group(2));
                }
                final Matcher line = SSHD_LINE.matcher(text);
                if (line.find())
                {
                    counts.computeIfAbsent(line.group(3) + ">" + serverPortOf.get(line.group(3)),
                        key -> new int[2])[line.group(1).equals("Failed") ? 0 : 1]++;
                }
            }
        }
        return counts;
    }

    private static String ports(final TsharkSshConnections.Connection connection)
    {
        return connection.clientPort() + ">" + connection.serverPort();
    }

    private static Path key(final String name, final String... type)
    {
        final Path file = work.resolve("client-" + name);
        final List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-f", file.toString()));
        command.addAll(List.of(type));
        HostCommands.run(work.resolve("logs"), Duration.ofSeconds(60), command).orFail();
        return file;
    }

    private static CommandResult host(final String... command)
    {
        return HostCommands.run(work.resolve("logs"), Duration.ofSeconds(30), List.of(command));
    }

    private static int expect(final List<String> wrong, final String name, final String what, final String expected,
        final String actual)
    {
        if (expected == null || !expected.equals(actual))
        {
            wrong.add(name + ": " + what + " expected '" + expected + "', ours '" + actual + "'");
        }
        return 1;
    }

    private static String first(final Pattern pattern, final String text, final int group)
    {
        final Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(group) : null;
    }

    private static String estimatorSays(final CapturedSsh.Connection connection)
    {
        final int[] estimate = connection.estimate();
        return estimate[0] + " " + new String(SshAuthEstimator.resultName(estimate[1]), StandardCharsets.US_ASCII);
    }

    private static String abbreviate(final String sizes)
    {
        return sizes.length() <= 150 ? sizes : sizes.substring(0, 147) + "...";
    }
}
