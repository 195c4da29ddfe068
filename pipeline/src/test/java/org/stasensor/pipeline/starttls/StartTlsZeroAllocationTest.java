package org.stasensor.pipeline.starttls;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.packet.LinkType;
import org.stasensor.pipeline.record.SingleSlotRecordSink;
import org.stasensor.pipeline.starttls.Dialogues.Dialogue;
import org.stasensor.pipeline.starttls.Dialogues.Message;
import org.stasensor.pipeline.starttls.InspectedFlows.Handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The STARTTLS path allocates nothing once warm: connections of every dialogue with a TLS 1.2 handshake after it,
 * through the whole packet path (recognition, dialogue, TLS scanning, record building, flow records), measured with
 * the JVM's per-thread allocation counter over prebuilt frames.
 */
class StartTlsZeroAllocationTest
{
    private static final int CONNECTIONS = 3000;
    private static final int ATTEMPTS = 5;

    @Test
    void startTlsConnectionsAllocateNothing()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());

        final Handshake handshake = InspectedFlows.sampleHandshakes().get(0);
        final List<Dialogue> dialogues = Dialogues.all();
        final List<byte[][]> connections = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++)
        {
            final Dialogue d = dialogues.get(i % dialogues.size());
            final List<Message> messages = new ArrayList<>(d.messages());
            messages.add(new Message(true, handshake.clientHello()));
            messages.add(new Message(false, handshake.serverFlight()));
            connections.add(InspectedFlows.frames(d.port(), 10000 + i, messages, 1460).toArray(new byte[0][]));
        }
        final int[] records = new int[1];
        final PacketInspector inspector = new PacketInspector(new InspectorConfig(1, 8192, 60_000_000_000L,
            3_600_000_000_000L, 64, 32 * 1024), new SingleSlotRecordSink((buffer, offset, length) -> records[0]++));
        final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
        long now = 1_700_000_000_000_000_000L;
        for (final byte[][] connection : connections)
        {
            now = run(inspector, frame, connection, now);
        }
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS && allocated > 0; attempt++)
        {
            final long before = counter.getCurrentThreadAllocatedBytes();
            for (final byte[][] connection : connections)
            {
                now = run(inspector, frame, connection, now);
            }
            allocated = counter.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(records[0] > 2 * CONNECTIONS, "records written: " + records[0]);
        assertEquals(0, inspector.counters().parserErrors());
        assertTrue(allocated < CONNECTIONS, allocated + " bytes allocated in " + CONNECTIONS + " connections");
    }

    private static long run(final PacketInspector inspector, final UnsafeBuffer frame, final byte[][] connection,
        final long start)
    {
        long now = start;
        for (final byte[] bytes : connection)
        {
            frame.wrap(bytes);
            now += 1_000_000;
            inspector.onPacket(LinkType.ETHERNET, frame, bytes.length, now);
        }
        return now;
    }
}
