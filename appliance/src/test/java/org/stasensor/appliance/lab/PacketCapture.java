package org.stasensor.appliance.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tcpdump writing a pcap file inside a lab namespace: every frame whole ({@code -s 0}), written and flushed packet by
 * packet ({@code -U --immediate-mode}).
 * <p>
 * "Really capturing" is proved, not assumed: after tcpdump says it is listening, one UDP datagram is sent from the
 * peer namespace to the discard port (9, RFC 863) of the captured end, and the capture counts as started once the
 * file has grown past its header. {@link #stop()} does the same before it signals tcpdump, so every packet sent
 * before the call is in the file: the kernel delivers packets to tcpdump in order, and the marker came last. Each
 * capture therefore holds such datagrams (and the ICMP port-unreachable answers) besides the test's own traffic.
 */
public final class PacketCapture implements AutoCloseable
{
    /** Where the marker datagrams go: the discard port of RFC 863. */
    public static final int MARKER_PORT = 9;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MARKER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MARKER_RESEND = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    private final NetnsLab lab;
    private final LabNamespace namespace;
    private final Path file;
    private final BackgroundProcess tcpdump;
    private boolean stopped;

    PacketCapture(final NetnsLab lab, final LabNamespace namespace, final Path file, final BackgroundProcess tcpdump)
    {
        this.lab = lab;
        this.namespace = namespace;
        this.file = file;
        this.tcpdump = tcpdump;
    }

    /**
     * The pcap file; complete only after {@link #stop()}.
     *
     * @return the file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Returns once every packet sent before the call has been written to the file, by sending a marker datagram
     * and waiting for the file to grow.
     */
    public void sync()
    {
        final long before = size();
        final long deadline = System.nanoTime() + MARKER_TIMEOUT.toNanos();
        long resend = 0;
        while (size() <= before)
        {
            if (!tcpdump.alive())
            {
                throw new AssertionError("tcpdump exited: " + tcpdump.describe());
            }
            final long now = System.nanoTime();
            if (now > deadline)
            {
                throw new AssertionError("tcpdump wrote no marker packet within " + MARKER_TIMEOUT + " to " + file
                    + ": " + tcpdump.describe());
            }
            if (now >= resend)
            {
                sendMarker();
                resend = now + MARKER_RESEND.toNanos();
            }
            NetnsLab.pause(POLL_INTERVAL);
        }
    }

    /**
     * Stops tcpdump (SIGINT, as Ctrl-C would) after a {@link #sync()}, waits for it to exit and so for the file to
     * be complete.
     *
     * @return the finished pcap file.
     */
    public Path stop()
    {
        if (stopped)
        {
            return file;
        }
        sync();
        stopped = true;
        tcpdump.signal("INT");
        if (!tcpdump.awaitExit(STOP_TIMEOUT))
        {
            tcpdump.stop();
            throw new AssertionError("tcpdump did not stop on SIGINT: " + tcpdump.describe());
        }
        if (tcpdump.exitCode() != 0)
        {
            throw new AssertionError("tcpdump failed: " + tcpdump.describe());
        }
        final Matcher dropped = DROPPED.matcher(tcpdump.stderr());
        if (dropped.find() && Long.parseLong(dropped.group(1)) != 0)
        {
            throw new AssertionError("the capture is incomplete, the kernel dropped packets: " + tcpdump.describe());
        }
        return file;
    }

    /**
     * Ends tcpdump without the final marker (cleanup after a failure).
     */
    void abort()
    {
        stopped = true;
        tcpdump.stop();
    }

    @Override
    public void close()
    {
        abort();
    }

    void awaitCapturing()
    {
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!tcpdump.stderr().contains("listening on"))
        {
            if (!tcpdump.alive() || System.nanoTime() > deadline)
            {
                throw new AssertionError("tcpdump did not start capturing on " + namespace + ": "
                    + tcpdump.describe());
            }
            NetnsLab.pause(POLL_INTERVAL);
        }
        sync();
    }

    private void sendMarker()
    {
        final LabNamespace peer = lab.peerOf(namespace);
        lab.run(peer, MARKER_TIMEOUT, "bash", "-c",
            "echo sta-lab-marker > /dev/udp/" + namespace.address() + "/" + MARKER_PORT).orFail();
    }

    private long size()
    {
        try
        {
            return Files.exists(file) ? Files.size(file) : 0;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
