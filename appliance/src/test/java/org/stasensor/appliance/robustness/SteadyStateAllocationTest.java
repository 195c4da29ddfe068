package org.stasensor.appliance.robustness;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.stasensor.appliance.capture.file.CaptureFileReader;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.record.SingleSlotRecordSink;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packet path allocates nothing in steady state: decode, flows, reassembly, TLS and X.509 parsing and record
 * writing for the sample capture's TLS handshakes, measured with the JVM's per-thread allocation counter after
 * warm-up. (Bytes, not time: this is a property, not a benchmark.)
 */
class SteadyStateAllocationTest
{
    @Test
    void thePacketPathAllocatesNothingOnceWarm() throws Exception
    {
        final Path sample = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
        final List<byte[]> frames = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<Integer> links = new ArrayList<>();
        new CaptureFileReader().read(sample, (linkType, memory, offset, captured, wire, ts) ->
        {
            frames.add(memory.asSlice(offset, captured).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            times.add(ts);
            links.add(linkType);
        });
        final int count = frames.size();
        final MemorySegment[] segments = new MemorySegment[count];
        final long[] timestamps = new long[count];
        final int[] linkTypes = new int[count];
        for (int i = 0; i < count; i++)
        {
            // Native memory, as mmap'ed files, DPDK mbufs and AF_PACKET blocks are.
            segments[i] = java.lang.foreign.Arena.ofAuto().allocate(frames.get(i).length);
            segments[i].copyFrom(MemorySegment.ofArray(frames.get(i)));
            timestamps[i] = times.get(i);
            linkTypes[i] = links.get(i);
        }
        final long[] records = new long[1];
        final PacketInspector inspector = new PacketInspector(
            new InspectorConfig(0, 4096, 60_000_000_000L, 1_800_000_000_000L, 64, 32 * 1024),
            new SingleSlotRecordSink((buffer, offset, length) -> records[0]++));
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        long shift = 0;
        for (int pass = 0; pass < 2_000; pass++)
        {
            shift += 3_600_000_000_000L;
            replay(inspector, segments, timestamps, linkTypes, shift);
        }
        final int measuredPasses = 200;
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int pass = 0; pass < measuredPasses; pass++)
        {
            shift += 3_600_000_000_000L;
            replay(inspector, segments, timestamps, linkTypes, shift);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        final double perPacket = allocated / (double)(measuredPasses * count);
        System.out.printf("steady state: %.4f bytes allocated per packet over %d packets%n", perPacket,
            (long)measuredPasses * count);
        assertTrue(records[0] > 0);
        assertTrue(perPacket < 0.5, "bytes allocated per packet once warm: " + perPacket + " (" + allocated
            + " bytes over " + measuredPasses * count + " packets)");
    }

    private static void replay(final PacketInspector inspector, final MemorySegment[] segments,
        final long[] timestamps, final int[] linkTypes, final long shift)
    {
        for (int i = 0; i < segments.length; i++)
        {
            inspector.onPacket(linkTypes[i], segments[i], 0, (int)segments[i].byteSize(), (int)segments[i].byteSize(),
                timestamps[i] + shift);
        }
    }
}
