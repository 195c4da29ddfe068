package org.stasensor.pipeline.quic;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Once a connection's keys are set, opening its Initial packets, reassembling the ClientHello and writing the quic
 * record (JA3, JA4) allocate nothing, measured with the JVM's per-thread allocation counter. Keying a new connection
 * allocates inside the JDK; that cost is measured and bounded here, and printed.
 */
class QuicZeroAllocationTest
{
    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 5_000;
    private static final int ATTEMPTS = 5;

    @Test
    void packetsOfAKeyedConnectionAllocateNothing()
    {
        final com.sun.management.ThreadMXBean counter = allocationCounter();
        final List<byte[][]> connections = new ArrayList<>();
        connections.add(new byte[][]{RfcVectors.v1Packet()});
        connections.add(new byte[][]{RfcVectors.v2Packet()});
        connections.add(chromeConnection());
        final int count = connections.size();
        final QuicInitialSessions sessions = new QuicInitialSessions(count, QuicInitialSessions.DEFAULT_CRYPTO_BYTES);
        final QuicInitialInspector inspector = new QuicInitialInspector(sessions);
        final QuicRecordWriter records = new QuicRecordWriter(null, null, null);
        final RecordWriter writer = new RecordWriter();
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[65536]);
        final UnsafeBuffer[][] datagrams = new UnsafeBuffer[count][];
        final int[] session = new int[count];
        for (int c = 0; c < count; c++)
        {
            session[c] = sessions.acquire();
            datagrams[c] = new UnsafeBuffer[connections.get(c).length];
            for (int d = 0; d < datagrams[c].length; d++)
            {
                datagrams[c][d] = new UnsafeBuffer(connections.get(c)[d]);
            }
        }
        long work = 0;
        for (int i = 0; i < WARM_UP; i++)
        {
            work += round(sessions, inspector, records, writer, slot, datagrams, session, i % count);
        }
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS && allocated > 0; attempt++)
        {
            final long started = System.nanoTime();
            final long before = counter.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++)
            {
                work += round(sessions, inspector, records, writer, slot, datagrams, session, i % count);
            }
            allocated = counter.getCurrentThreadAllocatedBytes() - before;
            System.out.println("QUIC: " + allocated + " bytes allocated, " + (System.nanoTime() - started) / MEASURED
                + " ns per connection replayed (open its Initials, reassemble, write the record)");
        }
        assertTrue(work >= WARM_UP + MEASURED, "every round completed a hello");
        assertTrue(allocated < MEASURED, allocated + " bytes allocated in " + MEASURED + " connections' packets");
    }

    @Test
    void keyingANewConnectionCostsAboutAKibibyte()
    {
        final com.sun.management.ThreadMXBean counter = allocationCounter();
        final QuicInitialSessions sessions = new QuicInitialSessions(1, QuicInitialSessions.DEFAULT_CRYPTO_BYTES);
        final QuicInitialInspector inspector = new QuicInitialInspector(sessions);
        final UnsafeBuffer packet = new UnsafeBuffer(RfcVectors.v1Packet());
        for (int i = 0; i < WARM_UP; i++)
        {
            connection(sessions, inspector, packet);
        }
        final long before = counter.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++)
        {
            connection(sessions, inspector, packet);
        }
        final long perConnection = (counter.getCurrentThreadAllocatedBytes() - before) / MEASURED;
        System.out.println("QUIC: bytes allocated per new connection (JCE keying): " + perConnection);
        assertTrue(perConnection < 4096, perConnection + " bytes per connection");
    }

    @Test
    void aKeyedSessionRetainsItsCryptoBoundAndAFewKibibytes()
    {
        final int count = 1024;
        final long before = usedAfterGc();
        final QuicInitialSessions sessions = new QuicInitialSessions(count, QuicInitialSessions.DEFAULT_CRYPTO_BYTES);
        final QuicInitialInspector inspector = new QuicInitialInspector(sessions);
        final UnsafeBuffer packet = new UnsafeBuffer(RfcVectors.v1Packet());
        for (int i = 0; i < count; i++)
        {
            inspector.onClientDatagram(sessions.acquire(), packet, 0, packet.capacity());
        }
        final long perSession = (usedAfterGc() - before) / count;
        System.out.println("QUIC: heap retained per keyed session " + perSession + " bytes (" + count
            + " sessions and one inspector)");
        assertEquals(count, sessions.inUse());
        assertTrue(perSession < QuicInitialSessions.DEFAULT_CRYPTO_BYTES + 8192, perSession + " bytes per session");
    }

    private static long usedAfterGc()
    {
        final Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void connection(final QuicInitialSessions sessions, final QuicInitialInspector inspector,
        final UnsafeBuffer packet)
    {
        final int session = sessions.acquire();
        assertEquals(QuicInitialInspector.RESULT_COMPLETE,
            inspector.onClientDatagram(session, packet, 0, packet.capacity()));
        sessions.release(session);
    }

    private static int round(final QuicInitialSessions sessions, final QuicInitialInspector inspector,
        final QuicRecordWriter records, final RecordWriter writer, final UnsafeBuffer slot,
        final UnsafeBuffer[][] datagrams, final int[] session, final int c)
    {
        sessions.rewind(session[c]);
        int result = QuicInitialInspector.RESULT_IGNORED;
        for (final UnsafeBuffer datagram : datagrams[c])
        {
            result = inspector.onClientDatagram(session[c], datagram, 0, datagram.capacity());
        }
        writer.begin(slot, 0, slot.capacity(), Dataset.QUIC, 0);
        records.write(writer, sessions, session[c]);
        writer.finish();
        return result == QuicInitialInspector.RESULT_COMPLETE ? 1 : 0;
    }

    /** Chrome's client datagrams from FoxIO's capture, up to its whole ClientHello. */
    private static byte[][] chromeConnection()
    {
        final List<QuicTestSupport.Datagram> all = QuicTestSupport.datagrams(
            TestFiles.corpusFile("ja4/pcap/quic-with-several-tls-frames.pcapng"));
        final List<byte[]> client = new ArrayList<>();
        for (final List<QuicTestSupport.Datagram> flow : QuicTestSupport.clientDatagrams(all).values())
        {
            flow.forEach(datagram -> client.add(datagram.payload()));
        }
        return client.toArray(new byte[0][]);
    }

    private static com.sun.management.ThreadMXBean allocationCounter()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());
        return counter;
    }
}
