package org.stasensor.appliance.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A two-host network for tests: two network namespaces joined by one veth pair, and nothing else. Real programs
 * (servers, clients, tcpdump) run inside them through {@code ip netns exec}, so the traffic is real traffic between
 * real stacks, yet it cannot leave: each namespace has only its loopback and its end of the veth, addresses from one
 * /30 and no default route.
 *
 * <pre>
 *   namespace a                                   namespace b
 *   10.77.0.1/30  [veth a] ==== MTU 1500 ==== [veth b]  10.77.0.2/30
 * </pre>
 *
 * By habit a is the server side and b the client side. Names carry this JVM's PID and a counter, so labs of parallel
 * test runs never meet. IPv6 is switched off inside the lab so that captures hold only the test's traffic (no router
 * solicitations). Each veth end has {@code gso_max_segs 1}: a veth hands TSO super-packets to the peer unsplit, and
 * a capture would otherwise show 3-4 KB "packets" instead of the MTU-sized segments a real link carries.
 * <p>
 * Use with try-with-resources: {@link #close()} stops every process the lab started, kills any other process still
 * inside its namespaces and deletes the namespaces (which deletes the veth pair), also when a test fails. A shutdown
 * hook does the same should the JVM end first, and {@link #create} deletes namespaces of earlier JVMs that died
 * without cleaning up. The test is skipped (not failed) when not run as root or where {@code ip netns} does not
 * work, e.g. in a container without CAP_SYS_ADMIN.
 */
public final class NetnsLab implements AutoCloseable
{
    /** Prefix of every namespace name this class makes; used to find leftovers of dead JVMs. */
    public static final String NAME_PREFIX = "stalab";
    /** The link's MTU: that of Ethernet, so large handshake messages span several segments. */
    public static final int MTU = 1500;

    private static final String SUBNET = "10.77.0.";
    private static final int PREFIX_LENGTH = 30;
    private static final int INTERFACE_NAME_LIMIT = 15;
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9]{1,8}");
    private static final Pattern OUR_NAMESPACE = Pattern.compile(NAME_PREFIX + "-[a-z0-9]+-(\\d+)-\\d+-[ab]");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final LabNamespace a;
    private final LabNamespace b;
    private final Path workDirectory;
    private final Path logDirectory;
    private final List<BackgroundProcess> processes = new ArrayList<>();
    private final List<PacketCapture> captures = new ArrayList<>();
    private final List<String> createdNamespaces = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "netns-lab-cleanup");
    private boolean closed;

    private NetnsLab(final String purpose, final Path workDirectory)
    {
        final long pid = ProcessHandle.current().pid();
        final int sequence = SEQUENCE.incrementAndGet();
        final String stem = NAME_PREFIX + "-" + purpose + "-" + pid + "-" + sequence;
        final String interfaceStem = "sl" + pid + "n" + sequence;
        if (interfaceStem.length() + 1 > INTERFACE_NAME_LIMIT)
        {
            throw new IllegalStateException("interface name too long for the kernel: " + interfaceStem);
        }
        this.a = new LabNamespace(stem + "-a", interfaceStem + "a", SUBNET + "1", PREFIX_LENGTH);
        this.b = new LabNamespace(stem + "-b", interfaceStem + "b", SUBNET + "2", PREFIX_LENGTH);
        this.workDirectory = workDirectory;
        this.logDirectory = workDirectory.resolve("lab-logs-" + sequence);
    }

    /**
     * Builds the lab: two namespaces, the veth pair, addresses, links up. Skips the calling test when not root or
     * when network namespaces cannot be made here.
     *
     * @param purpose       a short lowercase tag for the names, e.g. "tls" (1-8 of a-z, 0-9).
     * @param workDirectory a directory for logs (e.g. a JUnit {@code @TempDir}); the caller deletes it.
     * @return the running lab; close it.
     */
    public static NetnsLab create(final String purpose, final Path workDirectory)
    {
        if (!PURPOSE.matcher(purpose).matches())
        {
            throw new IllegalArgumentException("purpose must be 1-8 of a-z, 0-9: '" + purpose + "'");
        }
        HostCommands.assumeRoot();
        HostCommands.assumeInstalled("ip", "bash", "ss", "kill");
        final NetnsLab lab = new NetnsLab(purpose, workDirectory);
        lab.deleteLeftoversOfDeadRuns();
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try
        {
            lab.build();
            return lab;
        }
        catch (final RuntimeException | Error ex)
        {
            lab.closeQuietly();
            throw ex;
        }
    }

    /**
     * The first namespace, 10.77.0.1: by habit the server side.
     *
     * @return namespace a.
     */
    public LabNamespace a()
    {
        return a;
    }

    /**
     * The second namespace, 10.77.0.2: by habit the client side.
     *
     * @return namespace b.
     */
    public LabNamespace b()
    {
        return b;
    }

    /**
     * The namespace at the other end of the veth.
     *
     * @param namespace a or b.
     * @return the other one.
     */
    public LabNamespace peerOf(final LabNamespace namespace)
    {
        return namespace.equals(a) ? b : a;
    }

    /**
     * The directory given at creation.
     *
     * @return the work directory.
     */
    public Path workDirectory()
    {
        return workDirectory;
    }

    /**
     * Where the output of every command run in the lab goes.
     *
     * @return the log directory.
     */
    public Path logDirectory()
    {
        return logDirectory;
    }

    /**
     * Runs a command inside a namespace to its end ({@code ip netns exec NAME command...}); standard input is empty.
     *
     * @param namespace where.
     * @param timeout   how long it may take; past that it is killed and an {@link AssertionError} thrown.
     * @param command   program and arguments.
     * @return its output and exit status.
     */
    public CommandResult run(final LabNamespace namespace, final Duration timeout, final String... command)
    {
        return HostCommands.run(logDirectory, timeout, inNamespace(namespace, command));
    }

    /**
     * Starts a program inside a namespace in the background, e.g. a server. The lab stops it at {@link #close()}
     * unless it was stopped before.
     *
     * @param namespace where.
     * @param command   program and arguments.
     * @return the process.
     */
    public BackgroundProcess start(final LabNamespace namespace, final String... command)
    {
        ensureOpen();
        final BackgroundProcess process = HostCommands.start(logDirectory, inNamespace(namespace, command));
        synchronized (processes)
        {
            processes.add(process);
        }
        return process;
    }

    /**
     * Waits until something listens on a port in a namespace (polling {@code ss}); fails early, with the server's
     * output, when the server process dies.
     *
     * @param namespace where.
     * @param transport "tcp" or "udp".
     * @param port      the port.
     * @param server    the process expected to listen, or null.
     * @param timeout   how long to wait.
     */
    public void awaitListening(final LabNamespace namespace, final String transport, final int port,
        final BackgroundProcess server, final Duration timeout)
    {
        final String kind = switch (transport)
        {
            case "tcp" -> "-Hltn";
            case "udp" -> "-Hlun";
            default -> throw new IllegalArgumentException("transport must be tcp or udp: " + transport);
        };
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final CommandResult ss = run(namespace, Duration.ofSeconds(10), "ss", kind, "sport = :" + port);
            if (ss.succeeded() && !ss.stdout().isBlank())
            {
                return;
            }
            if (server != null && !server.alive())
            {
                throw new AssertionError("server exited before listening on " + transport + " port " + port
                    + " in " + namespace + ": " + server.describe());
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("nothing listens on " + transport + " port " + port + " in " + namespace
                    + " after " + timeout + (server == null ? "" : ": " + server.describe()));
            }
            pause(POLL_INTERVAL);
        }
    }

    /**
     * Starts tcpdump on a namespace's veth end, writing every frame whole to a pcap file, and returns once packets
     * are really being written (see {@link PacketCapture}).
     *
     * @param namespace where to capture.
     * @param file      the pcap file to write.
     * @return the running capture; {@link PacketCapture#stop()} it before reading the file.
     */
    public PacketCapture capture(final LabNamespace namespace, final Path file)
    {
        ensureOpen();
        HostCommands.assumeInstalled("tcpdump");
        // A 32 MiB kernel buffer (-B, in KiB): bulk transfers (scp) on a busy two-core machine overran the 2 MiB
        // default, and a capture with kernel drops is refused.
        final BackgroundProcess tcpdump = start(namespace, "tcpdump", "-i", namespace.interfaceName(), "-n",
            "-U", "--immediate-mode", "-B", "32768", "-s", "0", "-Z", "root", "-w", file.toString());
        final PacketCapture capture = new PacketCapture(this, namespace, file, tcpdump);
        synchronized (captures)
        {
            captures.add(capture);
        }
        capture.awaitCapturing();
        return capture;
    }

    /**
     * Stops every process the lab started and every other process still in its namespaces, and deletes the
     * namespaces and with them the veth pair. Safe to call more than once.
     *
     * @throws AssertionError when a namespace could not be deleted.
     */
    @Override
    public void close()
    {
        final List<String> problems = new ArrayList<>();
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException alreadyShuttingDown)
        {
            // Called from the hook itself.
        }
        synchronized (captures)
        {
            captures.forEach(PacketCapture::abort);
        }
        synchronized (processes)
        {
            for (int i = processes.size() - 1; i >= 0; i--)
            {
                processes.get(i).stop();
            }
        }
        for (int i = createdNamespaces.size() - 1; i >= 0; i--)
        {
            final String namespace = createdNamespaces.get(i);
            killRemainingProcesses(namespace);
            final CommandResult deleted = ip("netns", "del", namespace);
            if (!deleted.succeeded())
            {
                problems.add(deleted.describe());
            }
        }
        if (!problems.isEmpty())
        {
            throw new AssertionError("lab cleanup failed:\n" + String.join("\n", problems));
        }
    }

    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("lab already closed");
        }
    }

    private void build()
    {
        final CommandResult listed = ip("netns", "list");
        assumeTrue(listed.succeeded(), "ip netns does not work here: " + listed.stderr().strip());
        final CommandResult first = ip("netns", "add", a.name());
        assumeTrue(first.succeeded(), "cannot create a network namespace here: " + first.stderr().strip());
        createdNamespaces.add(a.name());
        ip("netns", "add", b.name()).orFail();
        createdNamespaces.add(b.name());
        for (final LabNamespace namespace : List.of(a, b))
        {
            // Best effort: a kernel without IPv6 has nothing to switch off.
            run(namespace, SETUP_TIMEOUT, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
        }
        final String mtu = Integer.toString(MTU);
        ip("link", "add", a.interfaceName(), "netns", a.name(), "mtu", mtu, "gso_max_segs", "1",
            "type", "veth", "peer", "name", b.interfaceName(), "netns", b.name(), "mtu", mtu, "gso_max_segs", "1")
            .orFail();
        for (final LabNamespace namespace : List.of(a, b))
        {
            ip("-n", namespace.name(), "link", "set", "lo", "up").orFail();
            ip("-n", namespace.name(), "addr", "add", namespace.cidr(), "dev", namespace.interfaceName()).orFail();
            ip("-n", namespace.name(), "link", "set", namespace.interfaceName(), "up").orFail();
        }
        awaitCarrier();
    }

    private void awaitCarrier()
    {
        final long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
        for (final LabNamespace namespace : List.of(a, b))
        {
            while (!ip("-n", namespace.name(), "link", "show", namespace.interfaceName()).stdout()
                .contains("LOWER_UP"))
            {
                if (System.nanoTime() > deadline)
                {
                    throw new AssertionError("veth " + namespace.interfaceName() + " has no carrier");
                }
                pause(POLL_INTERVAL);
            }
        }
    }

    private void deleteLeftoversOfDeadRuns()
    {
        final CommandResult listed = ip("netns", "list");
        if (!listed.succeeded())
        {
            return;
        }
        for (final String line : listed.stdout().split("\n"))
        {
            final String name = line.strip().split("\\s+")[0];
            final Matcher matcher = OUR_NAMESPACE.matcher(name);
            if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty())
            {
                ip("netns", "del", name);
            }
        }
    }

    private void killRemainingProcesses(final String namespace)
    {
        final CommandResult pids = ip("netns", "pids", namespace);
        for (final String line : pids.stdout().split("\n"))
        {
            if (!line.isBlank())
            {
                // Only processes inside this lab's own namespace, i.e. started by this lab or their children.
                ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private CommandResult ip(final String... arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(arguments));
        return HostCommands.run(logDirectory, SETUP_TIMEOUT, command);
    }

    private static List<String> inNamespace(final LabNamespace namespace, final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace.name()));
        full.addAll(List.of(command));
        return full;
    }

    private void closeQuietly()
    {
        try
        {
            close();
        }
        catch (final RuntimeException | AssertionError ignored)
        {
            // Best effort at JVM exit or after a failed build; the build's own failure is what matters.
        }
    }

    static void pause(final Duration duration)
    {
        try
        {
            Thread.sleep(duration);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }
}
