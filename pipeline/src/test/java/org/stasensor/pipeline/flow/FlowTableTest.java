package org.stasensor.pipeline.flow;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.decode.DecodedPacket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flow table behaviours stated in its Javadoc, one at a time.
 */
class FlowTableTest
{
    private static final byte[] CLIENT = {10, 0, 0, 1};
    private static final byte[] SERVER = {(byte)192, 0, 2, 80};
    private static final byte[] CLIENT6 = {0x20, 1, 0x0d, (byte)0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] SERVER6 = {0x20, 1, 0x0d, (byte)0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    private static final int SYN = DecodedPacket.TCP_SYN;
    private static final int ACK = DecodedPacket.TCP_ACK;

    private final FlowPackets packets = new FlowPackets();

    @Test
    void firstSenderIsTheClient()
    {
        final FlowTable table = new FlowTable(16, 0);
        final int flow = table.findOrCreate(packets.packet(6, CLIENT, 50000, SERVER, 443, SYN, 0), 10, 20);
        assertTrue(table.lastCreated());
        assertTrue(table.lastFromClient());
        assertEquals(50000, table.clientPort(flow));
        assertEquals(443, table.serverPort(flow));
        assertEquals(1, table.slab().getByte(table.clientAddressOffset(flow) + 3), "client address 10.0.0.1");
        assertTrue((table.flags(flow) & FlowDescriptor.FLAG_SAW_SYN) != 0, "a SYN without ACK first");
        assertEquals(flow, table.findOrCreate(packets.packet(6, SERVER, 443, CLIENT, 50000, SYN | ACK, 0), 20, 20));
        assertFalse(table.lastCreated());
        assertFalse(table.lastFromClient());
        assertEquals(1, table.clientPackets(flow));
        assertEquals(1, table.serverPackets(flow));
        assertEquals(SYN, table.clientTcpFlags(flow));
        assertEquals(SYN | ACK, table.serverTcpFlags(flow));
        assertEquals(10, table.firstSeen(flow));
        assertEquals(20, table.lastSeen(flow));
    }

    @Test
    void aSynAckSeenFirstMakesItsDestinationTheClient()
    {
        final FlowTable table = new FlowTable(16, 0);
        final int flow = table.findOrCreate(packets.packet(6, SERVER6, 443, CLIENT6, 50000, SYN | ACK, 0), 5, 40);
        assertTrue(table.lastCreated());
        assertFalse(table.lastFromClient(), "the SYN-ACK came from the server");
        assertEquals(50000, table.clientPort(flow));
        assertEquals(443, table.serverPort(flow));
        assertEquals(1, table.slab().getByte(table.clientAddressOffset(flow) + 15));
        assertEquals(0, table.clientPackets(flow));
        assertEquals(1, table.serverPackets(flow));
        assertEquals(40, table.serverBytes(flow));
        assertEquals(0, table.flags(flow) & FlowDescriptor.FLAG_SAW_SYN);
        assertEquals(flow, table.findOrCreate(packets.packet(6, CLIENT6, 50000, SERVER6, 443, ACK, 0), 6, 20));
        assertTrue(table.lastFromClient());
        assertEquals(1, table.clientPackets(flow));
    }

    @Test
    void sameAddressesAndPortsOverAnotherTransportOrVersionAreAnotherFlow()
    {
        final FlowTable table = new FlowTable(16, 0);
        final int tcp = table.findOrCreate(packets.packet(6, CLIENT, 5353, SERVER, 53, 0, 0), 1, 1);
        final int udp = table.findOrCreate(packets.packet(17, CLIENT, 5353, SERVER, 53, 0, 0), 1, 1);
        final byte[] mapped = new byte[16];
        System.arraycopy(CLIENT, 0, mapped, 0, 4);
        final byte[] mappedServer = new byte[16];
        System.arraycopy(SERVER, 0, mappedServer, 0, 4);
        final int v6 = table.findOrCreate(packets.packet(17, mapped, 5353, mappedServer, 53, 0, 0), 1, 1);
        assertNotEquals(tcp, udp);
        assertNotEquals(udp, v6);
        assertEquals(3, table.size());
    }

    @Test
    void capacityIsRoundedUpToAPowerOfTwoAndBoundsAreChecked()
    {
        assertEquals(2, new FlowTable(2, 0).capacity());
        assertEquals(4, new FlowTable(3, 0).capacity());
        assertEquals(1024, new FlowTable(1000, 0).capacity());
        assertEquals(1024, new FlowTable(1024, 0).capacity());
        assertThrows(IllegalArgumentException.class, () -> new FlowTable(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new FlowTable((1 << 26) + 1, 0));
    }

    /**
     * The constructor accepts up to 2^26 flows, but 2^25 flows x 128 bytes is 2^32: the slab size overflows an int.
     * A capacity the constructor accepts must either work or be refused with an IllegalArgumentException.
     */
    @Test
    void aCapacityTheConstructorAcceptsWorks()
    {
        final FlowTable table;
        try
        {
            table = new FlowTable(1 << 25, 0);
        }
        catch (final IllegalArgumentException refused)
        {
            return; // refusing is fine, if said up front
        }
        final int flow = table.findOrCreate(packets.packet(6, CLIENT, 50000, SERVER, 443, SYN, 0), 1, 1);
        assertEquals(flow, table.find(packets.packet(6, SERVER, 443, CLIENT, 50000, ACK, 0)));
    }

    @Test
    void expireIdleEndsTheOldestFirstAndStopsAtTheFirstRecentFlow()
    {
        final FlowTable table = new FlowTable(16, 0);
        final List<Integer> ended = new ArrayList<>();
        table.endHandler((flow, reason) ->
        {
            assertEquals(FlowEndReason.IDLE_TIMEOUT, reason);
            ended.add(table.clientPort(flow));
        });
        for (int i = 0; i < 5; i++)
        {
            table.findOrCreate(packets.packet(17, CLIENT, 1000 + i, SERVER, 53, 0, 0), 100 * i, 10);
        }
        // Flow 1000 is touched again: it is now the most recent.
        table.findOrCreate(packets.packet(17, SERVER, 53, CLIENT, 1000, 0, 0), 450, 10);
        assertEquals(2, table.expireIdle(400, 150));
        assertEquals(List.of(1001, 1002), ended);
        assertEquals(3, table.size());
        assertEquals(0, table.expireIdle(400, 150));
        assertEquals(3, table.expireIdle(10_000, 150));
        assertEquals(List.of(1001, 1002, 1003, 1004, 1000), ended);
        assertEquals(0, table.size());
    }

    @Test
    void aFullTableEvictsTheLeastRecentlyActiveFlow()
    {
        final FlowTable table = new FlowTable(4, 0);
        final List<Integer> ended = new ArrayList<>();
        table.endHandler((flow, reason) ->
        {
            assertEquals(FlowEndReason.EVICTED, reason);
            ended.add(table.clientPort(flow));
        });
        for (int i = 0; i < 4; i++)
        {
            table.findOrCreate(packets.packet(6, CLIENT, 2000 + i, SERVER, 443, SYN, 0), i, 60);
        }
        table.findOrCreate(packets.packet(6, SERVER, 443, CLIENT, 2000, SYN | ACK, 0), 10, 60);
        table.findOrCreate(packets.packet(6, CLIENT, 3000, SERVER, 443, SYN, 0), 11, 60);
        assertEquals(List.of(2001), ended);
        assertEquals(1, table.evictions());
        assertEquals(4, table.size());
        assertTrue(table.find(packets.packet(6, CLIENT, 2001, SERVER, 443, ACK, 0)) < 0);
        assertTrue(table.find(packets.packet(6, CLIENT, 2000, SERVER, 443, ACK, 0)) >= 0);
    }

    @Test
    void restartedCountersKeepTheFlowAndItsDirection()
    {
        final FlowTable table = new FlowTable(16, 3);
        final int flow = table.findOrCreate(packets.packet(6, CLIENT, 50000, SERVER, 443, SYN, 0), 1, 40);
        table.findOrCreate(packets.packet(6, SERVER, 443, CLIENT, 50000, SYN | ACK, 0), 2, 40);
        final long uid = table.uid(flow);
        table.restartCounters(flow, 100);
        assertEquals(0, table.clientPackets(flow));
        assertEquals(0, table.serverPackets(flow));
        assertEquals(100, table.firstSeen(flow));
        assertEquals(uid, table.uid(flow));
        // A retransmitted SYN-ACK from the server after the restart still counts for the server.
        assertEquals(flow, table.findOrCreate(packets.packet(6, SERVER, 443, CLIENT, 50000, SYN | ACK, 0), 101, 40));
        assertFalse(table.lastFromClient());
        assertEquals(1, table.serverPackets(flow));
    }
}
