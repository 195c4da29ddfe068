package org.stasensor.benchmarks.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.appliance.capture.dpdk.DpdkCapture;
import org.stasensor.appliance.capture.dpdk.DpdkSettings;
import org.stasensor.nativebindings.libc.CpuAffinity;
import org.stasensor.pipeline.decode.DecodeResult;
import org.stasensor.pipeline.decode.PacketDecoder;
import org.stasensor.pipeline.flow.FlowTable;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.packet.PacketConsumer;
import org.stasensor.pipeline.record.SingleSlotRecordSink;

/**
 * Packets per second through the DPDK capture source ({@link DpdkCapture}, one receive queue) on one worker core,
 * into (a) {@code nothing}: a counter that reads the first byte of each packet, the receive path alone; (b)
 * {@code flow}: {@link PacketDecoder} (L2-L4, in place, as {@code PacketDecoderBenchmark}) plus a {@link FlowTable}
 * lookup-or-insert per decoded packet, the per-packet floor every packet pays; (c) {@code inspector}: the full
 * {@link PacketInspector} with {@code InspectorConfig.DEFAULT}, records written into a slot and dropped. Reported per
 * mode: packets per second over the measured window, bytes the worker thread allocated per packet
 * ({@code com.sun.management.ThreadMXBean}), and DPDK's drop counters.
 * <pre>
 * java $STA_JVM_FLAGS -cp 'benchmarks/target/classes:benchmarks/target/lib/*' \
 *   org.stasensor.benchmarks.capture.DpdkThroughput --device null|pcap [--capture FILE] [--seconds 10] \
 *   [--warmup 10] [--mode nothing|flow|inspector|all] [--cpu N] [--flows N] [--burst 64]
 * </pre>
 * Devices (EAL {@code --no-huge --no-pci --no-shconf -l EAL_CPU}, needs root):
 * <ul>
 * <li>{@code null}: {@code net_null0,size=64,copy=0}, the raw receive ceiling: the PMD hands out mbufs with their
 * length set and does not touch their data. Before the workers start, every mbuf of the pool gets one of
 * {@code --flows} distinct 64-byte Ethernet/IPv4/TCP frames ({@link DpdkCapture#fillMbufsForBenchmark}), so
 * decoding and flow lookup see real headers; which flows are hot follows the mempool cache's order.</li>
 * <li>{@code pcap}: {@code net_pcap0,rx_pcap=FILE,infinite_rx=1}: the PMD loads the capture into mbufs once and
 * then copies each packet into a fresh mbuf per receive, forever (a realistic packet mix, plus one memcpy per
 * packet the NIC would do by DMA). Default capture: 30 000 packets from the capture multiplier.</li>
 * </ul>
 * EAL starts once per process, so one run measures one device; {@code benchmarks/dpdk-throughput.sh} runs both.
 */
public final class DpdkThroughput
{
    private static final int FRAME_LENGTH = 64;
    private static final int PCAP_MBUFS = 65535;
    private static final int PCAP_DATA_ROOM = 8192 + 128;

    private DpdkThroughput()
    {
    }

    /**
     * Runs the benchmark and prints one line per mode.
     *
     * @param args see the class comment.
     * @throws Exception when DPDK cannot be set up.
     */
    public static void main(final String[] args) throws Exception
    {
        String device = "null";
        Path capture = null;
        int seconds = 10;
        int warmup = 10;
        String mode = "all";
        final int[] allowed = CpuAffinity.allowedCpus();
        int cpu = allowed[allowed.length - 1];
        int flows = 4096;
        int burst = DpdkSettings.MAX_BURST;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--device" -> device = args[++i];
                case "--capture" -> capture = Path.of(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--cpu" -> cpu = Integer.parseInt(args[++i]);
                case "--flows" -> flows = Integer.parseInt(args[++i]);
                case "--burst" -> burst = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final int ealCpu = allowed[0] == cpu && allowed.length > 1 ? allowed[1] : allowed[0];
        final List<String> eal = new ArrayList<>(List.of("--no-huge", "--no-pci", "--no-shconf", "-l",
            Integer.toString(ealCpu)));
        DpdkSettings settings;
        if ("null".equals(device))
        {
            eal.addAll(List.of("-m", "256", "--vdev", "net_null0,size=" + FRAME_LENGTH + ",copy=0"));
            settings = DpdkSettings.of(eal, 1);
        }
        else
        {
            if (capture == null)
            {
                capture = CaptureMultiplier.projectRoot().resolve("benchmarks/target/dpdk-bench.pcap");
                if (!Files.exists(capture))
                {
                    CaptureMultiplier.main(new String[] {"--out", capture.toString(), "--packets", "30000"});
                }
            }
            // infinite_rx keeps every packet of the file in the pool's mbufs, and refuses chained mbufs: each must
            // hold the largest frame (the multiplier's seeds have frames of up to 5309 bytes).
            eal.addAll(List.of("-m", "1024", "--vdev", "net_pcap0,rx_pcap=" + capture + ",infinite_rx=1"));
            settings = DpdkSettings.of(eal, 1).withMbufsPerQueue(PCAP_MBUFS).withMbufDataRoom(PCAP_DATA_ROOM);
        }
        settings = settings.withBurstSize(burst);
        try (DpdkCapture dpdk = DpdkCapture.open(settings); Arena arena = Arena.ofConfined())
        {
            if ("null".equals(device))
            {
                final MemorySegment frames = tcpFrames(arena, flows);
                dpdk.fillMbufsForBenchmark(frames, FRAME_LENGTH, flows);
            }
            final PacketSource source = dpdk.sources().getFirst();
            System.out.printf(Locale.ROOT, "dpdk throughput: %s, worker on CPU %d (EAL main lcore on CPU %d), burst "
                + "%d, %d s measured after %d s warm-up%n", "null".equals(device) ? "net_null0,size=64,copy=0 ("
                + flows + " distinct TCP frames)" : "net_pcap infinite_rx over " + capture, cpu, ealCpu, burst,
                seconds, warmup);
            dpdk.describePorts().forEach(System.out::println);
            for (final String each : "all".equals(mode) ? List.of("nothing", "flow", "inspector") : List.of(mode))
            {
                System.out.println(measure(source, each, cpu, warmup, seconds).describe(each));
            }
            source.close();
        }
    }

    /** {@code count} 64-byte Ethernet II / IPv4 / TCP frames (ACK+PSH, 10 payload bytes), each its own flow. */
    static MemorySegment tcpFrames(final Arena arena, final int count)
    {
        final MemorySegment frames = arena.allocate((long)FRAME_LENGTH * count);
        final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
        for (int i = 0; i < count; i++)
        {
            frame.wrap(frames.address() + (long)i * FRAME_LENGTH, FRAME_LENGTH);
            frame.setMemory(0, FRAME_LENGTH, (byte)0);
            frame.putLong(0, 0x0200_0000_0001_0200L, ByteOrder.BIG_ENDIAN); // dst 02:00:00:00:00:01, src 02:00:..
            frame.putInt(8, 0x0000_0002, ByteOrder.BIG_ENDIAN);
            frame.putShort(12, (short)0x0800, ByteOrder.BIG_ENDIAN); // IPv4
            frame.putByte(14, (byte)0x45);
            frame.putShort(16, (short)50, ByteOrder.BIG_ENDIAN); // 20 IP + 20 TCP + 10 payload
            frame.putByte(22, (byte)64);
            frame.putByte(23, (byte)6); // TCP
            frame.putInt(26, 0x0A00_0000 | i + 1, ByteOrder.BIG_ENDIAN); // 10.x.y.z, one client per flow
            frame.putInt(30, 0xC0A8_0001, ByteOrder.BIG_ENDIAN); // 192.168.0.1
            frame.putShort(24, ipChecksum(frame), ByteOrder.BIG_ENDIAN);
            frame.putShort(34, (short)(1024 + i % 60000), ByteOrder.BIG_ENDIAN);
            frame.putShort(36, (short)8080, ByteOrder.BIG_ENDIAN);
            frame.putInt(38, i * 7919, ByteOrder.BIG_ENDIAN);
            frame.putByte(46, (byte)0x50);
            frame.putByte(47, (byte)0x18); // ACK, PSH
            frame.putShort(48, (short)0xFFFF, ByteOrder.BIG_ENDIAN);
            for (int b = 54; b < 64; b++)
            {
                frame.putByte(b, (byte)('a' + b - 54));
            }
        }
        return frames;
    }

    private static short ipChecksum(final UnsafeBuffer frame)
    {
        int sum = 0;
        for (int offset = 14; offset < 34; offset += 2)
        {
            sum += frame.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (short)~sum;
    }

    private static Result measure(final PacketSource source, final String mode, final int cpu, final int warmup,
        final int seconds) throws InterruptedException
    {
        final Worker worker = new Worker(source, mode, cpu);
        final Thread thread = new Thread(worker, "dpdk-bench-worker");
        thread.start();
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
            return new Result(worker.packets, worker.nanos, worker.allocated, worker.decoded,
                after.nicDrops() - before.nicDrops(), after.softwareDrops() - before.softwareDrops());
        }
        finally
        {
            worker.phase = Worker.DONE;
            thread.join();
        }
    }

    /** What one mode measured. */
    private record Result(long packets, long nanos, long allocated, long decoded, long nicDrops, long softwareDrops)
    {
        String describe(final String mode)
        {
            final double secondsMeasured = nanos / 1e9;
            return String.format(Locale.ROOT, "mode %-9s: %,d packets in %.2f s = %,.0f packets/s (%.1f ns/packet), "
                + "%.3f bytes allocated per packet, %.1f %% decoded OK, nic drops %d, rx_nombuf %d", mode, packets,
                secondsMeasured, packets / secondsMeasured, nanos / (double)Math.max(1, packets),
                packets == 0 ? 0.0 : (double)allocated / packets, packets == 0 ? 0.0 : 100.0 * decoded / packets,
                nicDrops, softwareDrops);
        }
    }

    /** The pinned worker: registers with DPDK, polls into one consumer, measures its own window. */
    private static final class Worker implements Runnable
    {
        static final int WARMING = 0;
        static final int MEASURING = 1;
        static final int DONE = 2;

        private final PacketSource source;
        private final String mode;
        private final int cpu;
        volatile int phase = WARMING;
        long packets;
        long nanos;
        long allocated;
        long decoded;

        Worker(final PacketSource source, final String mode, final int cpu)
        {
            this.source = source;
            this.mode = mode;
            this.cpu = cpu;
        }

        @Override
        public void run()
        {
            CpuAffinity.pinCurrentThread(cpu);
            source.onWorkerStart();
            final Counting consumer = switch (mode)
            {
                case "nothing" -> new Counting();
                case "flow" -> new DecodeAndFlow();
                case "inspector" -> new Inspecting();
                default -> throw new IllegalArgumentException("mode " + mode);
            };
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final PacketSource source = this.source;
            while (phase == WARMING)
            {
                source.poll(consumer);
            }
            final long startSeen = consumer.seen;
            final long startDecoded = consumer.decoded();
            final long startAllocated = threads.getCurrentThreadAllocatedBytes();
            final long start = System.nanoTime();
            while (phase == MEASURING)
            {
                source.poll(consumer);
            }
            nanos = System.nanoTime() - start;
            allocated = threads.getCurrentThreadAllocatedBytes() - startAllocated;
            packets = consumer.seen - startSeen;
            decoded = consumer.decoded() - startDecoded;
            consumer.finish();
        }
    }

    /** (a) Counts each packet and reads its first byte, as any consumer would fetch it. */
    private static class Counting implements PacketConsumer
    {
        long seen;
        long decoded;
        long touched;

        @Override
        public void onPacket(final int linkType, final MemorySegment memory, final long offset,
            final int capturedLength, final int wireLength, final long timestampNanos)
        {
            seen++;
            touched += memory.get(ValueLayout.JAVA_BYTE, offset);
        }

        long decoded()
        {
            return decoded;
        }

        void finish()
        {
        }
    }

    /** (b) Decode in place and look the flow up (inserting it when new), as PacketInspector does first. */
    private static final class DecodeAndFlow extends Counting
    {
        private final PacketDecoder decoder = new PacketDecoder();
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private final FlowTable flows = new FlowTable(InspectorConfig.DEFAULT.flowCapacity(), 0);

        @Override
        public void onPacket(final int linkType, final MemorySegment memory, final long offset,
            final int capturedLength, final int wireLength, final long timestampNanos)
        {
            seen++;
            view.wrap(memory.address() + offset, capturedLength);
            if (decoder.decode(linkType, view, capturedLength) == DecodeResult.OK)
            {
                decoded++;
                flows.findOrCreate(decoder.packet(), timestampNanos, decoder.packet().ipPayloadLength());
            }
        }
    }

    /** (c) The full per-packet path. */
    private static final class Inspecting extends Counting
    {
        private final PacketInspector inspector = new PacketInspector(InspectorConfig.DEFAULT,
            new SingleSlotRecordSink(new Discard()));

        @Override
        public void onPacket(final int linkType, final MemorySegment memory, final long offset,
            final int capturedLength, final int wireLength, final long timestampNanos)
        {
            seen++;
            inspector.onPacket(linkType, memory, offset, capturedLength, wireLength, timestampNanos);
        }

        @Override
        long decoded()
        {
            return inspector.counters().decodeResult(DecodeResult.OK);
        }

        @Override
        void finish()
        {
            inspector.finish();
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
}
