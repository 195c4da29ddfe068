package org.stasensor.pipeline.inspect;

import java.nio.file.Path;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.packet.LinkType;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.SingleSlotRecordSink;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.testing.TestPackets;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100,000 TLS flows through a table of 4,096 and 1,024 handshake sessions: every flow is accounted for (a flow
 * record each; a TLS record each, or a count of flows that found no free session), memory stays at the configured
 * bounds, evictions are counted, and the fingerprint of every record equals the one tshark computes for the real
 * ClientHello all flows carry.
 */
class ManyFlowsStayBoundedTest
{
    private static final int FLOWS = 100_000;
    private static final int CAPACITY = 4096;
    /** Fewer handshake sessions than flows: the flows that find none must be counted, not lost silently. */
    private static final int SESSIONS = 1024;

    @Test
    void hundredThousandFlowsThroughASmallTableAreAllAccountedFor()
    {
        final Path sample = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
        final List<String[]> hellos = Tshark.fields(sample, "tls.handshake.type==1 && tcp.len > 500",
            "tls.handshake.ja3", "tcp.payload");
        assertFalse(hellos.isEmpty(), "the sample has a ClientHello in one segment");
        final String expectedJa3 = hellos.get(0)[0];
        final byte[] clientHello = TestPackets.hex(hellos.get(0)[1]);

        final CheckingSink sink = new CheckingSink(expectedJa3);
        final PacketInspector inspector = new PacketInspector(
            new InspectorConfig(1, CAPACITY, 60_000_000_000L, 3_600_000_000_000L, SESSIONS, 4096),
            new SingleSlotRecordSink(sink));
        final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
        final int server = 0xC0000201;
        long now = 1_700_000_000_000_000_000L;
        for (int i = 0; i < FLOWS; i++)
        {
            final int client = 0x0A000000 | i;
            final byte[] syn = TestPackets.tcp(client, server, 40000 + (i & 0x3FFF), 443, 1000, 0, 0x02,
                new byte[0]);
            final byte[] hello = TestPackets.tcp(client, server, 40000 + (i & 0x3FFF), 443, 1001, 1, 0x18,
                clientHello);
            frame.wrap(syn);
            inspector.onPacket(LinkType.ETHERNET, frame, syn.length, now);
            frame.wrap(hello);
            inspector.onPacket(LinkType.ETHERNET, frame, hello.length, now + 1000);
            now += 10_000;
            if (i > CAPACITY)
            {
                assertEquals(CAPACITY, inspector.flows().size(), "the table holds at most its capacity");
            }
        }
        inspector.finish();

        final InspectorCounters counters = inspector.counters();
        assertEquals(FLOWS, counters.flowsCreated());
        assertEquals(FLOWS, counters.flowsEnded());
        assertEquals(FLOWS - CAPACITY, inspector.flows().evictions());
        assertEquals(FLOWS, sink.tls + inspector.sessions().exhausted(),
            "one TLS record per flow that found a handshake session, the others counted");
        assertTrue(sink.tls >= SESSIONS, "at least as many TLS records as sessions: " + sink.tls);
        assertEquals(FLOWS, sink.flow, "one flow record per flow");
        assertEquals(0, sink.wrongJa3, "JA3 equal to tshark's for every record");
        assertEquals(0, counters.parserErrors());
        assertEquals(0, inspector.flows().size());
        assertEquals(0, inspector.sessions().inUse(), "every handshake session was given back");
    }

    private static final class CheckingSink implements SingleSlotRecordSink.RecordHandler
    {
        private final RecordReader reader = new RecordReader();
        private final String expectedJa3;
        private int tls;
        private int flow;
        private int wrongJa3;

        CheckingSink(final String expectedJa3)
        {
            this.expectedJa3 = expectedJa3;
        }

        @Override
        public void onRecord(final MutableDirectBuffer buffer, final int offset, final int length)
        {
            reader.wrap(buffer, offset);
            if (reader.dataset() == Dataset.TLS)
            {
                tls++;
                if (!expectedJa3.equals(reader.string(Fields.TLS_CLIENT_JA3)))
                {
                    wrongJa3++;
                }
            }
            else if (reader.dataset() == Dataset.FLOW)
            {
                flow++;
            }
        }
    }
}
