package org.stasensor.pipeline.flow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stasensor.pipeline.decode.DecodedPacket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flow table against a model built from the JDK's {@link LinkedHashMap} in access order (the textbook LRU):
 * random packets in both directions over a small set of endpoints (so that the tiny index collides all the time and
 * backward-shift deletion is exercised), forced evictions, idle expiry, explicit ends and end-all. After every step
 * the table must hold the same flows as the model, with the same direction, counters and flags, and must have
 * reported the same ended flows, in the same order, with the same reasons.
 */
class FlowTableModelTest
{
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SYN = DecodedPacket.TCP_SYN;
    private static final int ACK = DecodedPacket.TCP_ACK;
    private static final int[] FLAG_CHOICES = {SYN, SYN | ACK, ACK, ACK | DecodedPacket.TCP_PSH,
        ACK | DecodedPacket.TCP_FIN, DecodedPacket.TCP_RST, 0};

    /** One side of a flow. */
    private static final class Endpoint
    {
        private final byte[] address;
        private final int port;
        private final String text;

        Endpoint(final byte[] address, final int port)
        {
            this.address = address;
            this.port = port;
            final StringBuilder s = new StringBuilder();
            for (final byte b : address)
            {
                s.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            this.text = s.append('/').append(port).toString();
        }

        byte[] address()
        {
            return address;
        }

        int port()
        {
            return port;
        }

        String text()
        {
            return text;
        }
    }

    /** What the model knows of one flow. */
    private static final class ModelFlow
    {
        Endpoint client;
        Endpoint server;
        int transport;
        long clientBytes;
        long serverBytes;
        long clientPackets;
        long serverPackets;
        int clientFlags;
        int serverFlags;
        long first;
        long last;
        boolean sawSyn;
    }

    private record Ended(String key, FlowEndReason reason)
    {
    }

    @ParameterizedTest(name = "capacity {0}, {1} endpoints per version, seed {2}")
    @CsvSource({"2, 4, 1", "4, 6, 2", "8, 8, 3", "16, 10, 4", "64, 20, 5", "5, 6, 6"})
    void tableBehavesLikeAnLruMapModel(final int requestedCapacity, final int endpointsPerVersion, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final FlowTable table = new FlowTable(requestedCapacity, 7);
        final int capacity = Integer.highestOneBit(requestedCapacity - 1) << 1; // documented: next power of two
        assertEquals(capacity, table.capacity());
        final List<Ended> reported = new ArrayList<>();
        table.endHandler((flow, reason) -> reported.add(new Ended(identity(table, flow), reason)));
        final FlowPackets packets = new FlowPackets();
        final List<Endpoint> v4 = endpoints(random, 4, endpointsPerVersion);
        final List<Endpoint> v6 = endpoints(random, 16, endpointsPerVersion);
        final LinkedHashMap<String, ModelFlow> model = new LinkedHashMap<>(16, 0.75f, true);
        final Set<Long> uids = new HashSet<>();
        long now = 1_000_000_000L;
        long expectedEvictions = 0;

        for (int step = 0; step < 20_000; step++)
        {
            final String where = "step " + step;
            final List<Ended> expected = new ArrayList<>();
            reported.clear();
            final int op = random.nextInt(100);
            now += random.nextInt(1000);
            if (op < 85)
            {
                final List<Endpoint> pool = random.nextBoolean() ? v4 : v6;
                final Endpoint source = pool.get(random.nextInt(pool.size()));
                Endpoint destination = pool.get(random.nextInt(pool.size()));
                while (destination == source)
                {
                    destination = pool.get(random.nextInt(pool.size()));
                }
                final int transport = random.nextBoolean() ? TCP : UDP;
                final int flags = transport == TCP ? FLAG_CHOICES[random.nextInt(FLAG_CHOICES.length)] : 0;
                final int bytes = random.nextInt(1500);
                final DecodedPacket p = packets.packet(transport, source.address(), source.port(),
                    destination.address(), destination.port(), flags, bytes);
                final int wireBytes = p.ipPayloadLength();
                final String key = key(transport, source, destination);
                ModelFlow flow = model.get(key);
                final boolean created = flow == null;
                boolean fromClient;
                if (created)
                {
                    if (model.size() == capacity)
                    {
                        final String victim = model.keySet().iterator().next();
                        model.remove(victim);
                        expected.add(new Ended(victim, FlowEndReason.EVICTED));
                        expectedEvictions++;
                    }
                    flow = new ModelFlow();
                    flow.transport = transport;
                    final boolean synAck = (flags & (SYN | ACK)) == (SYN | ACK);
                    flow.client = synAck ? destination : source;
                    flow.server = synAck ? source : destination;
                    flow.first = now;
                    flow.sawSyn = (flags & (SYN | ACK)) == SYN;
                    model.put(key, flow);
                    fromClient = !synAck;
                }
                else
                {
                    fromClient = flow.client.text().equals(source.text());
                }
                if (fromClient)
                {
                    flow.clientBytes += wireBytes;
                    flow.clientPackets++;
                    flow.clientFlags |= flags;
                }
                else
                {
                    flow.serverBytes += wireBytes;
                    flow.serverPackets++;
                    flow.serverFlags |= flags;
                }
                flow.last = now;
                final int slot = table.findOrCreate(p, now, wireBytes);
                assertEquals(created, table.lastCreated(), where + " created");
                assertEquals(fromClient, table.lastFromClient(), where + " direction of " + key);
                assertEquals(key, identity(table, slot), where + " slot identity");
                if (created)
                {
                    assertTrue(uids.add(table.uid(slot)), where + " uid unique");
                    assertEquals(7L, table.uid(slot) >>> 56, where + " worker id in uid");
                }
                checkFlow(table, slot, flow, where);
            }
            else if (op < 92)
            {
                final long idle = random.nextInt(20_000);
                final Iterator<Map.Entry<String, ModelFlow>> it = model.entrySet().iterator();
                while (it.hasNext())
                {
                    final Map.Entry<String, ModelFlow> e = it.next();
                    if (now - e.getValue().last > idle)
                    {
                        expected.add(new Ended(e.getKey(), FlowEndReason.IDLE_TIMEOUT));
                        it.remove();
                    }
                    else
                    {
                        break;
                    }
                }
                assertEquals(expected.size(), table.expireIdle(now, idle), where + " expired count");
            }
            else if (op < 99)
            {
                if (!model.isEmpty())
                {
                    final List<String> keys = new ArrayList<>(model.keySet());
                    final String key = keys.get(random.nextInt(keys.size()));
                    final ModelFlow flow = model.get(key);
                    final DecodedPacket p = packets.packet(flow.transport, flow.server.address(), flow.server.port(),
                        flow.client.address(), flow.client.port(), ACK, 0);
                    final int slot = table.find(p);
                    assertTrue(slot >= 0, where + " find " + key);
                    assertEquals(false, table.lastFromClient(), where + " find direction");
                    model.remove(key);
                    expected.add(new Ended(key, FlowEndReason.RST));
                    table.end(slot, FlowEndReason.RST);
                }
            }
            else
            {
                for (final String key : model.keySet())
                {
                    expected.add(new Ended(key, FlowEndReason.END_OF_CAPTURE));
                }
                model.clear();
                table.endAll(FlowEndReason.END_OF_CAPTURE);
            }
            assertEquals(expected, reported, where + " ended flows");
            assertEquals(model.size(), table.size(), where + " size");
            assertEquals(expectedEvictions, table.evictions(), where + " evictions");
            if (step % 25 == 0)
            {
                checkAll(table, packets, model, v4, v6, random, where);
            }
        }
    }

    private static void checkAll(final FlowTable table, final FlowPackets packets,
        final Map<String, ModelFlow> model, final List<Endpoint> v4, final List<Endpoint> v6,
        final SplittableRandom random, final String where)
    {
        // Snapshot first: get() on an access-order map would reorder it.
        final List<Map.Entry<String, ModelFlow>> entries = new ArrayList<>(model.entrySet());
        for (final Map.Entry<String, ModelFlow> entry : entries)
        {
            final ModelFlow flow = entry.getValue();
            final DecodedPacket p = packets.packet(flow.transport, flow.client.address(), flow.client.port(),
                flow.server.address(), flow.server.port(), ACK, 0);
            final int slot = table.find(p);
            assertTrue(slot >= 0, where + " present " + entry.getKey());
            assertEquals(true, table.lastFromClient(), where + " find direction");
            checkFlow(table, slot, flow, where);
        }
        for (int i = 0; i < 50; i++)
        {
            final List<Endpoint> pool = random.nextBoolean() ? v4 : v6;
            final Endpoint a = pool.get(random.nextInt(pool.size()));
            final Endpoint b = pool.get(random.nextInt(pool.size()));
            if (a == b)
            {
                continue;
            }
            final int transport = random.nextBoolean() ? TCP : UDP;
            final String key = key(transport, a, b);
            if (!model.containsKey(key))
            {
                final int slot = table.find(packets.packet(transport, a.address(), a.port(), b.address(), b.port(),
                    ACK, 0));
                assertEquals(-1, slot, where + " absent " + key);
            }
        }
    }

    private static void checkFlow(final FlowTable table, final int slot, final ModelFlow flow, final String where)
    {
        assertEquals(flow.clientPackets, table.clientPackets(slot), where + " client packets");
        assertEquals(flow.serverPackets, table.serverPackets(slot), where + " server packets");
        assertEquals(flow.clientBytes, table.clientBytes(slot), where + " client bytes");
        assertEquals(flow.serverBytes, table.serverBytes(slot), where + " server bytes");
        assertEquals(flow.clientFlags, table.clientTcpFlags(slot), where + " client tcp flags");
        assertEquals(flow.serverFlags, table.serverTcpFlags(slot), where + " server tcp flags");
        assertEquals(flow.first, table.firstSeen(slot), where + " first seen");
        assertEquals(flow.last, table.lastSeen(slot), where + " last seen");
        assertEquals(flow.sawSyn, (table.flags(slot) & FlowDescriptor.FLAG_SAW_SYN) != 0, where + " saw syn");
        assertEquals(flow.client.port(), table.clientPort(slot), where + " client port");
        assertEquals(flow.server.port(), table.serverPort(slot), where + " server port");
    }

    /** The flow as the table holds it, in the model's key form. */
    private static String identity(final FlowTable table, final int flow)
    {
        final int length = table.ipVersion(flow) == 6 ? 16 : 4;
        final byte[] client = new byte[length];
        final byte[] server = new byte[length];
        table.slab().getBytes(table.clientAddressOffset(flow), client);
        table.slab().getBytes(table.serverAddressOffset(flow), server);
        return key(table.transport(flow), new Endpoint(client, table.clientPort(flow)),
            new Endpoint(server, table.serverPort(flow)));
    }

    private static String key(final int transport, final Endpoint a, final Endpoint b)
    {
        final String x = a.text();
        final String y = b.text();
        return transport + ":" + (x.compareTo(y) < 0 ? x + "-" + y : y + "-" + x);
    }

    private static List<Endpoint> endpoints(final SplittableRandom random, final int addressLength, final int count)
    {
        // Few addresses and few ports: flows share addresses and ports, as real traffic does.
        final List<byte[]> addresses = new ArrayList<>();
        for (int i = 0; i < Math.max(2, count / 2); i++)
        {
            final byte[] address = new byte[addressLength];
            address[0] = (byte)(addressLength == 4 ? 10 : 0x20);
            address[addressLength - 1] = (byte)(i + 1);
            if (random.nextBoolean())
            {
                address[1] = (byte)random.nextInt(256);
            }
            addresses.add(address);
        }
        final int[] ports = {443, 53, 40000, 40001};
        final List<Endpoint> endpoints = new ArrayList<>();
        while (endpoints.size() < count)
        {
            final Endpoint e = new Endpoint(addresses.get(random.nextInt(addresses.size())),
                ports[random.nextInt(ports.length)]);
            boolean duplicate = false;
            for (final Endpoint other : endpoints)
            {
                duplicate |= other.text().equals(e.text());
            }
            if (!duplicate)
            {
                endpoints.add(e);
            }
        }
        return endpoints;
    }
}
