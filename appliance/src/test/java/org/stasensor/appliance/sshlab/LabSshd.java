package org.stasensor.appliance.sshlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.LabNamespace;
import org.stasensor.appliance.lab.NetnsLab;

/**
 * An OpenSSH sshd for lab tests, started by the test inside a lab namespace: a temporary local user with a password
 * and an authorised ed25519 key, three host keys (ed25519, ECDSA P-256, RSA 3072) so that clients can ask for each
 * host key algorithm, and a temporary configuration (no PAM, so a failed password costs 0.2 s, not 3.6 s; log level
 * VERBOSE, so sshd logs every accepted and failed attempt with the client's port).
 * <p>
 * {@link #close()} stops sshd by its PID (the lab would too) and deletes the user, also when the test failed.
 */
public final class LabSshd implements AutoCloseable
{
    /** The user's password. */
    public static final String PASSWORD = "lab-right-pass-7";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Pattern SSHD_LINE = Pattern.compile(
        "(Failed|Accepted) (password|publickey|keyboard-interactive/pam) for (?:invalid user )?\\S+ from \\S+ port "
            + "(\\d+) ssh2");

    private final Path directory;
    private final String user;
    private boolean userCreated;
    private BackgroundProcess sshd;
    private LabNamespace namespace;

    private LabSshd(final Path directory, final String user)
    {
        this.directory = directory;
        this.user = user;
    }

    /**
     * Creates the user and keys and starts sshd listening on the namespace's address on every port given; returns
     * once it listens on all of them. Skips the calling test when sshd, ssh-keygen or the user tools are missing.
     *
     * @param lab       the lab.
     * @param namespace where sshd runs (by habit the lab's a).
     * @param directory a directory of the test's own for keys, config, the user's home and logs.
     * @param ports     TCP ports to listen on.
     * @param extra     further sshd_config lines (e.g. a Match block), appended at the end.
     * @return the running server; close it.
     */
    public static LabSshd start(final NetnsLab lab, final LabNamespace namespace, final Path directory,
        final List<Integer> ports, final String... extra)
    {
        HostCommands.assumeInstalled("sshd", "ssh-keygen", "useradd", "userdel", "chpasswd");
        final LabSshd server = new LabSshd(directory,
            "stalab" + ProcessHandle.current().pid() % 100_000 + "u" + SEQUENCE.incrementAndGet());
        try
        {
            server.setUp(lab, namespace, ports, extra);
            return server;
        }
        catch (final RuntimeException | Error ex)
        {
            server.close();
            throw ex;
        }
    }

    /**
     * The temporary user's login name.
     *
     * @return the name.
     */
    public String user()
    {
        return user;
    }

    /**
     * The private key (ed25519, no passphrase) whose public half is authorised for the user.
     *
     * @return the key file.
     */
    public Path clientKey()
    {
        return directory.resolve("client-ed25519");
    }

    /**
     * The sshd process.
     *
     * @return the process.
     */
    public BackgroundProcess process()
    {
        return sshd;
    }

    /**
     * Per client TCP port, what sshd logged: {failed attempts, accepted attempts}.
     *
     * @return client port to counts.
     */
    public Map<Integer, int[]> attemptsByClientPort()
    {
        final Map<Integer, int[]> counts = new HashMap<>();
        final Matcher line = SSHD_LINE.matcher(sshd.stderr());
        while (line.find())
        {
            counts.computeIfAbsent(Integer.parseInt(line.group(3)), key -> new int[2])
                [line.group(1).equals("Failed") ? 0 : 1]++;
        }
        return counts;
    }

    /**
     * The OpenSSH client options every lab client uses: no user configuration, no agent, no host key checks.
     *
     * @param port the server port.
     * @return the options, to follow "ssh".
     */
    public static List<String> clientOptions(final int port)
    {
        return List.of("-F", "/dev/null", "-p", Integer.toString(port), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentityAgent=none", "-o", "ConnectTimeout=10");
    }

    /**
     * A password login running {@code true}, through sshpass; {@code ssh -vv} so that its choice of algorithms is in
     * its standard error.
     *
     * @param port     the server port.
     * @param password the password sshpass types.
     * @param options  further ssh options, e.g. "-c", "aes128-gcm@openssh.com".
     * @return the command line.
     */
    public List<String> passwordLogin(final int port, final String password, final String... options)
    {
        final List<String> command = new ArrayList<>(List.of("sshpass", "-p", password, "ssh", "-vv"));
        command.addAll(clientOptions(port));
        command.addAll(List.of("-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no",
            "-o", "NumberOfPasswordPrompts=1"));
        command.addAll(List.of(options));
        command.addAll(List.of(user + "@" + namespace.address(), "true"));
        return command;
    }

    /**
     * A public-key login with {@link #clientKey()} running {@code true}.
     *
     * @param port    the server port.
     * @param options further ssh options.
     * @return the command line.
     */
    public List<String> publicKeyLogin(final int port, final String... options)
    {
        final List<String> command = new ArrayList<>(List.of("ssh", "-vv"));
        command.addAll(clientOptions(port));
        command.addAll(List.of("-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", "PreferredAuthentications=publickey", "-i", clientKey().toString()));
        command.addAll(List.of(options));
        command.addAll(List.of(user + "@" + namespace.address(), "true"));
        return command;
    }

    @Override
    public void close()
    {
        if (sshd != null)
        {
            sshd.stop();
        }
        if (userCreated)
        {
            host("userdel", user);
            userCreated = false;
        }
    }

    private void setUp(final NetnsLab lab, final LabNamespace namespace, final List<Integer> ports,
        final String... extra)
    {
        this.namespace = namespace;
        try
        {
            Files.createDirectories(directory);
            // sshd reads the authorised keys as the user: every folder above them must be open to it. Only folders
            // below the temporary directory are opened up (JUnit makes its temporary folders rwx------).
            final Path temporary = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            for (Path folder = directory.toAbsolutePath(); folder != null && folder.startsWith(temporary)
                && !folder.equals(temporary); folder = folder.getParent())
            {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            final Path home = Files.createDirectories(directory.resolve("home"));
            host("userdel", user);
            host("useradd", "-M", "-d", home.toString(), "-s", "/bin/sh", user).orFail();
            userCreated = true;
            host("chown", user, home.toString()).orFail();
            host("bash", "-c", "echo '" + user + ":" + PASSWORD + "' | chpasswd").orFail();
            host("mkdir", "-p", "/run/sshd").orFail();
            key("host-ed25519", "-t", "ed25519");
            key("host-ecdsa", "-t", "ecdsa", "-b", "256");
            key("host-rsa", "-t", "rsa", "-b", "3072");
            key("client-ed25519", "-t", "ed25519");
            final Path authorized = directory.resolve("authorized_keys");
            Files.copy(directory.resolve("client-ed25519.pub"), authorized);
            Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-r--r--"));
            final List<String> config = new ArrayList<>();
            config.add("ListenAddress " + namespace.address());
            for (final int port : ports)
            {
                config.add("Port " + port);
            }
            for (final String key : List.of("host-ed25519", "host-ecdsa", "host-rsa"))
            {
                config.add("HostKey " + directory.resolve(key));
            }
            config.addAll(List.of("PidFile " + directory.resolve("sshd.pid"), "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no", "PubkeyAuthentication yes", "AuthorizedKeysFile " + authorized,
                "UsePAM no", "StrictModes no", "AllowUsers " + user, "LogLevel VERBOSE",
                "Subsystem sftp internal-sftp", "MaxStartups 100"));
            config.addAll(List.of(extra));
            final Path file = directory.resolve("sshd_config");
            Files.writeString(file, String.join("\n", config) + "\n");
            sshd = lab.start(namespace, "/usr/sbin/sshd", "-D", "-e", "-f", file.toString());
            for (final int port : ports)
            {
                lab.awaitListening(namespace, "tcp", port, sshd, LISTEN_TIMEOUT);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void key(final String name, final String... type)
    {
        final List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-f",
            directory.resolve(name).toString()));
        command.addAll(List.of(type));
        HostCommands.run(directory.resolve("logs"), COMMAND_TIMEOUT, command).orFail();
    }

    private CommandResult host(final String... command)
    {
        return HostCommands.run(directory.resolve("logs"), COMMAND_TIMEOUT, List.of(command));
    }
}
