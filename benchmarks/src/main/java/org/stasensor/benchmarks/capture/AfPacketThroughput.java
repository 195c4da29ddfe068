package org.stasensor.benchmarks.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.appliance.capture.afpacket.AfPacketCapture;
import org.stasensor.appliance.capture.afpacket.AfPacketSettings;
import org.stasensor.nativebindings.libc.CpuAffinity;
import org.stasensor.nativebindings.libc.Libc;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.packet.PacketConsumer;
import org.stasensor.pipeline.record.SingleSlotRecordSink;

/**
 * Packets per second through AF_PACKET on one worker core: tcpreplay {@code --topspeed} replays a capture in a loop
 * into one end of a veth pair (namespace {@code stabench-PID-tx}), the sensor's ring is on the other end (namespace
 * {@code stabench-PID-rx}), and the worker, pinned to one CPU, feeds what it polls into (a) nothing but a packet
 * counter, to measure the ring, or (b) the full {@link PacketInspector}. Reported per mode: packets and bits per
 * second over the measured window, bytes the worker thread allocated per packet
 * ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}), the kernel's drops ({@code tp_drops}: the ring
 * was full) and queue freezes, and the share of the window the worker spent in polls that delivered packets, whose
 * inverse estimates what one core would take were the sender (tcpreplay, one core) faster.
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'benchmarks/target/classes:benchmarks/target/lib/*' \
 *   org.stasensor.benchmarks.capture.AfPacketThroughput [--capture FILE] [--seconds 10] [--warmup 10] \
 *   [--mode nothing|inspector|both] [--cpu N] [--sender-cpu N] [--block-size BYTES] [--blocks N]
 * </pre>
 * Without {@code --capture} the capture multiplier writes 200 000 packets of the default seeds to
 * {@code benchmarks/target/afpacket-bench.pcap}. Needs root, ip, tcpreplay, taskset. Nothing leaves the two
 * namespaces (a veth pair between them and nothing else; they are deleted at the end, also on failure).
 */
public final class AfPacketThroughput
{
    private static final Pattern SENT = Pattern.compile("Actual: (\\d+) packets");
    private static final Pattern FAILED = Pattern.compile("Failed packets:\\s+(\\d+)");
    private static final int VETH_MTU = 9000;

    private AfPacketThroughput()
    {
    }

    /**
     * Runs the benchmark and prints one line per mode.
     *
     * @param args see the class comment.
     * @throws Exception when the lab cannot be built or the capture opened.
     */
    public static void main(final String[] args) throws Exception
    {
        Path capture = null;
        int seconds = 10;
        int warmup = 10;
        String mode = "both";
        final int[] allowed = CpuAffinity.allowedCpus();
        int cpu = allowed[allowed.length - 1];
        int senderCpu = allowed[0];
        int blockSize = AfPacketSettings.DEFAULT_BLOCK_SIZE;
        int blocks = AfPacketSettings.DEFAULT_BLOCK_COUNT;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--capture" -> capture = Path.of(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--cpu" -> cpu = Integer.parseInt(args[++i]);
                case "--sender-cpu" -> senderCpu = Integer.parseInt(args[++i]);
                case "--block-size" -> blockSize = Integer.parseInt(args[++i]);
                case "--blocks" -> blocks = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (capture == null)
        {
            capture = CaptureMultiplier.projectRoot().resolve("benchmarks/target/afpacket-bench.pcap");
            if (!Files.exists(capture))
            {
                CaptureMultiplier.main(new String[] {"--out", capture.toString(), "--packets", "200000"});
            }
        }
        try (Lab lab = Lab.create())
        {
            System.out.printf(Locale.ROOT, "af_packet throughput: %s, veth MTU %d, worker on CPU %d, tcpreplay on "
                + "CPU %d, ring %d x %d bytes, %d s measured after %d s warm-up%n", capture, VETH_MTU, cpu,
                senderCpu, blocks, blockSize, seconds, warmup);
            for (final String each : "both".equals(mode) ? List.of("nothing", "inspector") : List.of(mode))
            {
                // The worker spins (no wait in poll(2)), so that the time it spends delivering can be measured.
                final AfPacketSettings settings = AfPacketSettings.of(lab.receiver(), 1).withBlocks(blockSize, blocks)
                    .withPollTimeoutMillis(0);
                final Result result = measure(lab, settings, capture, each, cpu, senderCpu, warmup, seconds);
                System.out.println(result.describe(each));
            }
        }
    }

    private static Result measure(final Lab lab, final AfPacketSettings settings, final Path capture,
        final String mode, final int cpu, final int senderCpu, final int warmup, final int seconds) throws Exception
    {
        final PacketSource source = lab.open(settings);
        final Worker worker = new Worker(source, "inspector".equals(mode), cpu);
        final Thread thread = new Thread(worker, "afpacket-bench-worker");
        thread.start();
        final Process sender = lab.replay(capture, senderCpu, warmup + seconds + 2);
        try
        {
            TimeUnit.SECONDS.sleep(warmup);
            final QueueStatistics before = new QueueStatistics();
            source.statistics(before);
            worker.phase = Worker.MEASURING;
            TimeUnit.SECONDS.sleep(seconds);
            worker.phase = Worker.DONE;
            thread.join();
            final QueueStatistics after = new QueueStatistics();
            source.statistics(after);
            final String replayed = finish(sender);
            return new Result(worker.packets, worker.bytes, worker.nanos, worker.busyNanos, worker.allocated,
                after.nicDrops() - before.nicDrops(), after.softwareDrops() - before.softwareDrops(),
                number(SENT, replayed), number(FAILED, replayed));
        }
        finally
        {
            worker.phase = Worker.DONE;
            thread.join();
            sender.destroyForcibly();
            source.close();
        }
    }

    private static String finish(final Process sender) throws InterruptedException, IOException
    {
        sender.waitFor(60, TimeUnit.SECONDS);
        return new String(sender.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static long number(final Pattern pattern, final String text)
    {
        final Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** What one mode measured. */
    private record Result(long packets, long bytes, long nanos, long busyNanos, long allocated, long drops,
        long freezes, long sent, long failed)
    {
        String describe(final String mode)
        {
            final double secondsMeasured = nanos / 1e9;
            final double offered = packets + drops;
            return String.format(Locale.ROOT, "mode %-9s: %,d packets in %.2f s = %,.0f packets/s (%,.0f Mbit/s), "
                + "%.3f bytes allocated per packet, kernel drops %,d (%.1f %% of what reached the ring), "
                + "queue freezes %d; worker busy %.0f %% of the time (%,.0f packets/s per busy second); tcpreplay "
                + "sent %,d in the whole run (%d failed)", mode, packets, secondsMeasured,
                packets / secondsMeasured, bytes * 8 / secondsMeasured / 1e6, packets == 0 ? 0.0 :
                (double)allocated / packets, drops, offered == 0 ? 0.0 : 100.0 * drops / offered, freezes,
                100.0 * busyNanos / nanos, busyNanos == 0 ? 0.0 : packets / (busyNanos / 1e9), sent, failed);
        }
    }

    /** The pinned worker: polls one source into a counter or the inspector, and measures its own window. */
    private static final class Worker implements Runnable, PacketConsumer
    {
        static final int WARMING = 0;
        static final int MEASURING = 1;
        static final int DONE = 2;

        private final PacketSource source;
        private final PacketInspector inspector;
        private final int cpu;
        volatile int phase = WARMING;
        private long seen;
        private long seenBytes;
        private long touched;
        long packets;
        long bytes;
        long nanos;
        long allocated;
        long busyNanos;

        Worker(final PacketSource source, final boolean inspect, final int cpu)
        {
            this.source = source;
            this.cpu = cpu;
            this.inspector = inspect ? new PacketInspector(InspectorConfig.DEFAULT, new SingleSlotRecordSink(
                new Discard())) : null;
        }

        @Override
        public void run()
        {
            CpuAffinity.pinCurrentThread(cpu);
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            // Always through onPacket below, which counts and then hands the packet to the inspector, if any.
            final PacketConsumer consumer = this;
            while (phase == WARMING)
            {
                source.poll(consumer);
            }
            final long startSeen = seen;
            final long startBytes = seenBytes;
            final long startAllocated = threads.getCurrentThreadAllocatedBytes();
            final long start = System.nanoTime();
            long busy = 0;
            while (phase == MEASURING)
            {
                final long before = System.nanoTime();
                if (source.poll(consumer) > 0)
                {
                    busy += System.nanoTime() - before;
                }
            }
            busyNanos = busy;
            nanos = System.nanoTime() - start;
            allocated = threads.getCurrentThreadAllocatedBytes() - startAllocated;
            packets = seen - startSeen;
            bytes = seenBytes - startBytes;
            if (inspector != null)
            {
                inspector.finish();
            }
        }

        @Override
        public void onPacket(final int linkType, final MemorySegment memory, final long offset,
            final int capturedLength, final int wireLength, final long timestampNanos)
        {
            seen++;
            seenBytes += wireLength;
            // One read of the packet, as any consumer makes: the bytes are fetched from the ring.
            touched += memory.get(ValueLayout.JAVA_BYTE, offset + capturedLength - 1);
            if (inspector != null)
            {
                inspector.onPacket(linkType, memory, offset, capturedLength, wireLength, timestampNanos);
            }
        }
    }

    /** Records are written into the slot and dropped: their cost is in the measurement, not a sink's. */
    private static final class Discard implements SingleSlotRecordSink.RecordHandler
    {
        @Override
        public void onRecord(final MutableDirectBuffer buffer, final int offset, final int length)
        {
        }
    }

    /** Two namespaces joined by a veth pair, made and deleted by the benchmark. */
    private static final class Lab implements AutoCloseable
    {
        private final String tx;
        private final String rx;
        private final String txLink;
        private final String rxLink;

        private Lab(final long pid)
        {
            tx = "stabench-" + pid + "-tx";
            rx = "stabench-" + pid + "-rx";
            txLink = "sbt" + pid;
            rxLink = "sbr" + pid;
        }

        static Lab create()
        {
            final Lab lab = new Lab(ProcessHandle.current().pid());
            try
            {
                run("ip", "netns", "add", lab.tx);
                run("ip", "netns", "add", lab.rx);
                for (final String namespace : List.of(lab.tx, lab.rx))
                {
                    run("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                        "net.ipv6.conf.default.disable_ipv6=1");
                }
                run("ip", "link", "add", lab.txLink, "netns", lab.tx, "mtu", Integer.toString(VETH_MTU), "type",
                    "veth", "peer", "name", lab.rxLink, "netns", lab.rx, "mtu", Integer.toString(VETH_MTU));
                run("ip", "-n", lab.tx, "link", "set", lab.txLink, "up");
                run("ip", "-n", lab.rx, "link", "set", lab.rxLink, "up");
                return lab;
            }
            catch (final RuntimeException ex)
            {
                lab.close();
                throw ex;
            }
        }

        String receiver()
        {
            return rxLink;
        }

        PacketSource open(final AfPacketSettings settings) throws Exception
        {
            final PacketSource[] opened = new PacketSource[1];
            final Exception[] failed = new Exception[1];
            final Thread thread = new Thread(() ->
            {
                try
                {
                    enter(rx);
                    opened[0] = AfPacketCapture.open(settings).getFirst();
                }
                catch (final CaptureSetupException | RuntimeException ex)
                {
                    failed[0] = ex;
                }
            }, "afpacket-bench-open");
            thread.start();
            thread.join();
            if (failed[0] != null)
            {
                throw failed[0];
            }
            return opened[0];
        }

        Process replay(final Path capture, final int cpu, final int seconds) throws IOException
        {
            return new ProcessBuilder("ip", "netns", "exec", tx, "taskset", "-c", Integer.toString(cpu),
                "tcpreplay", "--topspeed", "--preload-pcap", "--loop=0", "--duration=" + seconds, "-i", txLink,
                capture.toString()).redirectErrorStream(true).start();
        }

        @Override
        public void close()
        {
            for (final String namespace : List.of(tx, rx))
            {
                quietly("ip", "netns", "del", namespace);
            }
        }

        private static void enter(final String namespace)
        {
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment state = Libc.allocateCallState(arena);
                final int fd = Libc.open(state, arena.allocateFrom("/run/netns/" + namespace),
                    Libc.O_RDONLY() | Libc.O_CLOEXEC());
                if (fd < 0 || Libc.setns(state, fd, Libc.CLONE_NEWNET()) != 0)
                {
                    throw new IllegalStateException("cannot enter namespace " + namespace + ": "
                        + Libc.errorText(Libc.errno(state)));
                }
                Libc.close(state, fd);
            }
        }

        private static void run(final String... command)
        {
            final String output = quietly(command);
            if (output != null)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }

        /** Runs a command; returns null when it succeeded, else what it printed. */
        private static String quietly(final String... command)
        {
            try
            {
                final Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .redirectErrorStream(true).start();
                final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? null : output.strip();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }
}
