package org.stasensor.pipeline.flow;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.decode.DecodedPacket;

import static org.stasensor.pipeline.flow.FlowDescriptor.*;

/**
 * Worker-local, bounded, bidirectional flow table. Flows live in one preallocated off-heap slab
 * ({@link FlowDescriptor} layout); an open-addressing index with linear probing maps a symmetric 5-tuple hash to a
 * slot; a doubly linked LRU list ordered by last packet time gives both the idle-timeout sweep and the victim when
 * the table is full. No locks: one worker owns a table. Nothing is allocated after construction.
 */
public final class FlowTable
{
    /** Called before a flow's slot is freed, so that its record can be written. */
    @FunctionalInterface
    public interface FlowEndHandler
    {
        /**
         * A flow ends.
         *
         * @param flow   the flow's slot index; still readable during the call.
         * @param reason why.
         */
        void onFlowEnd(int flow, FlowEndReason reason);
    }

    /** Largest table: a 1 GiB slab, the most one int-indexed buffer holds. */
    public static final int MAX_CAPACITY = 1 << 23;
    private static final int NONE = -1;

    private final int capacity;
    private final int indexMask;
    private final int[] index;
    private final int[] freeSlots;
    private final UnsafeBuffer slab;
    private final int workerId;
    private int freeCount;
    private int size;
    private int lruHead = NONE;
    private int lruTail = NONE;
    private long uidCounter;
    private long evictions;
    private boolean lastFromClient;
    private boolean lastCreated;
    private FlowEndHandler endHandler = (flow, reason) -> { };

    /**
     * A table of fixed capacity.
     *
     * @param capacity most flows held at once (rounded up to a power of two).
     * @param workerId the owning worker, folded into flow uids so that they are unique per sensor.
     */
    public FlowTable(final int capacity, final int workerId)
    {
        if (capacity < 2 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("flow table capacity must be 2.." + MAX_CAPACITY + ", got " + capacity);
        }
        this.capacity = Integer.highestOneBit(capacity - 1) << 1;
        this.index = new int[this.capacity * 2];
        this.indexMask = index.length - 1;
        this.freeSlots = new int[this.capacity];
        for (int i = 0; i < this.capacity; i++)
        {
            freeSlots[i] = this.capacity - 1 - i;
        }
        this.freeCount = this.capacity;
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(this.capacity * SLOT_LENGTH, 64);
        this.slab = new UnsafeBuffer(memory);
        this.workerId = workerId & 0xFF;
    }

    /**
     * Sets who hears about flows that end.
     *
     * @param handler the handler.
     */
    public void endHandler(final FlowEndHandler handler)
    {
        this.endHandler = handler;
    }

    /**
     * Most flows held at once.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Flows held now.
     *
     * @return the count.
     */
    public int size()
    {
        return size;
    }

    /**
     * Flows pushed out because the table was full.
     *
     * @return the count since start.
     */
    public long evictions()
    {
        return evictions;
    }

    /**
     * Whether the packet of the last {@link #findOrCreate} came from the flow's client (initiator).
     *
     * @return true for client-to-server.
     */
    public boolean lastFromClient()
    {
        return lastFromClient;
    }

    /**
     * Whether the last {@link #findOrCreate} created the flow.
     *
     * @return true for a new flow.
     */
    public boolean lastCreated()
    {
        return lastCreated;
    }

    /**
     * The slab holding flow slots, for readers of individual fields.
     *
     * @return the slab.
     */
    public DirectBuffer slab()
    {
        return slab;
    }

    /**
     * Finds the flow of a decoded packet or creates it, evicting the least recently active flow when full; counts
     * the packet and moves the flow to the head of the LRU list.
     *
     * @param p         the decoded packet.
     * @param nowNanos  the packet's time.
     * @param wireBytes bytes to count for the packet (IP length).
     * @return the flow's slot index.
     */
    public int findOrCreate(final DecodedPacket p, final long nowNanos, final int wireBytes)
    {
        final int found = find(p);
        lastCreated = found < 0;
        if (found >= 0)
        {
            count(found, nowNanos, wireBytes, p.tcpFlags(), lastFromClient);
            return found;
        }
        final int hash = hash(p, p.addressLength());
        int bucket = hash & indexMask;
        while (index[bucket] != 0)
        {
            bucket = (bucket + 1) & indexMask;
        }
        if (freeCount == 0)
        {
            evictions++;
            end(lruTail, FlowEndReason.EVICTED);
            // The eviction may have shifted index entries; probe again for a free bucket.
            bucket = hash & indexMask;
            while (index[bucket] != 0)
            {
                bucket = (bucket + 1) & indexMask;
            }
        }
        final int flow = freeSlots[--freeCount];
        index[bucket] = flow + 1;
        size++;
        initialise(flow, hash, p, nowNanos, p.addressLength());
        // A SYN-ACK seen first came from the server: initialise() stored the endpoints swapped.
        lastFromClient = (p.tcpFlags() & (DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK))
            != (DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK);
        count(flow, nowNanos, wireBytes, p.tcpFlags(), lastFromClient);
        return flow;
    }

    /**
     * Finds the flow of a decoded packet without creating or counting anything.
     *
     * @param p the decoded packet.
     * @return the flow's slot index, or -1; {@link #lastFromClient()} tells the direction of a found flow.
     */
    public int find(final DecodedPacket p)
    {
        final DirectBuffer packet = p.buffer();
        final int addressLength = p.addressLength();
        final int hash = hash(p, addressLength);
        int bucket = hash & indexMask;
        while (true)
        {
            final int entry = index[bucket];
            if (entry == 0)
            {
                return NONE;
            }
            final int flow = entry - 1;
            final int base = flow * SLOT_LENGTH;
            if (slab.getInt(base + HASH) == hash && slab.getByte(base + TRANSPORT) == (byte)p.transport()
                && slab.getByte(base + IP_VERSION) == (byte)p.ipVersion())
            {
                final int clientPort = slab.getShort(base + CLIENT_PORT) & 0xFFFF;
                final int serverPort = slab.getShort(base + SERVER_PORT) & 0xFFFF;
                if (clientPort == p.sourcePort() && serverPort == p.destinationPort()
                    && sameAddress(base + CLIENT_ADDRESS, packet, p.sourceAddressOffset(), addressLength)
                    && sameAddress(base + SERVER_ADDRESS, packet, p.destinationAddressOffset(), addressLength))
                {
                    lastFromClient = true;
                    return flow;
                }
                if (clientPort == p.destinationPort() && serverPort == p.sourcePort()
                    && sameAddress(base + CLIENT_ADDRESS, packet, p.destinationAddressOffset(), addressLength)
                    && sameAddress(base + SERVER_ADDRESS, packet, p.sourceAddressOffset(), addressLength))
                {
                    lastFromClient = false;
                    return flow;
                }
            }
            bucket = (bucket + 1) & indexMask;
        }
    }

    /**
     * Ends a flow: tells the end handler, then frees the slot.
     *
     * @param flow   the slot index.
     * @param reason why.
     */
    public void end(final int flow, final FlowEndReason reason)
    {
        endHandler.onFlowEnd(flow, reason);
        remove(flow);
    }

    /**
     * Ends every flow idle for longer than {@code idleNanos}; oldest first, stops at the first recent one.
     *
     * @param nowNanos  current time.
     * @param idleNanos idle timeout.
     * @return flows ended.
     */
    public int expireIdle(final long nowNanos, final long idleNanos)
    {
        int ended = 0;
        while (lruTail != NONE && nowNanos - lastSeen(lruTail) > idleNanos)
        {
            end(lruTail, FlowEndReason.IDLE_TIMEOUT);
            ended++;
        }
        return ended;
    }

    /**
     * Ends every flow, e.g. at the end of a capture.
     *
     * @param reason why.
     */
    public void endAll(final FlowEndReason reason)
    {
        while (lruTail != NONE)
        {
            end(lruTail, reason);
        }
    }

    /**
     * Restarts a flow's counters after an active timeout record, keeping its identity and parse state.
     *
     * @param flow     the slot index.
     * @param nowNanos the time the new period starts.
     */
    public void restartCounters(final int flow, final long nowNanos)
    {
        final int base = flow * SLOT_LENGTH;
        slab.putLong(base + FIRST_SEEN, nowNanos);
        slab.putLong(base + CLIENT_BYTES, 0);
        slab.putLong(base + SERVER_BYTES, 0);
        slab.putLong(base + CLIENT_PACKETS, 0);
        slab.putLong(base + SERVER_PACKETS, 0);
    }

    // Field accessors: flyweight-style reads of one flow's slot.

    /**
     * @param flow slot index.
     * @return the uid that joins this flow's records.
     */
    public long uid(final int flow)
    {
        return slab.getLong(flow * SLOT_LENGTH + UID);
    }

    /**
     * @param flow slot index.
     * @return first packet time, ns.
     */
    public long firstSeen(final int flow)
    {
        return slab.getLong(flow * SLOT_LENGTH + FIRST_SEEN);
    }

    /**
     * @param flow slot index.
     * @return last packet time, ns.
     */
    public long lastSeen(final int flow)
    {
        return slab.getLong(flow * SLOT_LENGTH + LAST_SEEN);
    }

    /**
     * @param flow slot index.
     * @return bytes from the client.
     */
    public long clientBytes(final int flow)
    {
        return slab.getLong(flow * SLOT_LENGTH + CLIENT_BYTES);
    }

    /**
     * @param flow slot index.
     * @return bytes from the server.
     */
    public long serverBytes(final int flow)
    {
        return slab.getLong(flow * SLOT_LENGTH + SERVER_BYTES);
    }

    /**
     * @param flow slot index.
     * @return packets from the client.
     */
    public long clientPackets(final int flow)
    {
        return slab.getLong(flow * SLOT_LENGTH + CLIENT_PACKETS);
    }

    /**
     * @param flow slot index.
     * @return packets from the server.
     */
    public long serverPackets(final int flow)
    {
        return slab.getLong(flow * SLOT_LENGTH + SERVER_PACKETS);
    }

    /**
     * @param flow slot index.
     * @return 4 or 6.
     */
    public int ipVersion(final int flow)
    {
        return slab.getByte(flow * SLOT_LENGTH + IP_VERSION);
    }

    /**
     * @param flow slot index.
     * @return IP protocol number.
     */
    public int transport(final int flow)
    {
        return slab.getByte(flow * SLOT_LENGTH + TRANSPORT) & 0xFF;
    }

    /**
     * @param flow slot index.
     * @return client port.
     */
    public int clientPort(final int flow)
    {
        return slab.getShort(flow * SLOT_LENGTH + CLIENT_PORT) & 0xFFFF;
    }

    /**
     * @param flow slot index.
     * @return server port.
     */
    public int serverPort(final int flow)
    {
        return slab.getShort(flow * SLOT_LENGTH + SERVER_PORT) & 0xFFFF;
    }

    /**
     * @param flow slot index.
     * @return offset of the client address in {@link #slab()}.
     */
    public int clientAddressOffset(final int flow)
    {
        return flow * SLOT_LENGTH + CLIENT_ADDRESS;
    }

    /**
     * @param flow slot index.
     * @return offset of the server address in {@link #slab()}.
     */
    public int serverAddressOffset(final int flow)
    {
        return flow * SLOT_LENGTH + SERVER_ADDRESS;
    }

    /**
     * @param flow slot index.
     * @return the {@link AppProtocol} recognised.
     */
    public int appProtocol(final int flow)
    {
        return slab.getByte(flow * SLOT_LENGTH + APP_PROTOCOL);
    }

    /**
     * @param flow     slot index.
     * @param protocol the {@link AppProtocol} recognised.
     */
    public void appProtocol(final int flow, final int protocol)
    {
        slab.putByte(flow * SLOT_LENGTH + APP_PROTOCOL, (byte)protocol);
    }

    /**
     * @param flow slot index.
     * @return {@link FlowDescriptor} flag bits.
     */
    public int flags(final int flow)
    {
        return slab.getByte(flow * SLOT_LENGTH + FLAGS) & 0xFF;
    }

    /**
     * @param flow slot index.
     * @param bits flag bits to set.
     */
    public void setFlags(final int flow, final int bits)
    {
        final int at = flow * SLOT_LENGTH + FLAGS;
        slab.putByte(at, (byte)((slab.getByte(at) & 0xFF) | bits));
    }

    /**
     * @param flow slot index.
     * @return TCP flags seen from the client, OR'ed.
     */
    public int clientTcpFlags(final int flow)
    {
        return slab.getByte(flow * SLOT_LENGTH + CLIENT_TCP_FLAGS) & 0xFF;
    }

    /**
     * @param flow slot index.
     * @return TCP flags seen from the server, OR'ed.
     */
    public int serverTcpFlags(final int flow)
    {
        return slab.getByte(flow * SLOT_LENGTH + SERVER_TCP_FLAGS) & 0xFF;
    }

    /**
     * @param flow slot index.
     * @return the handshake session index, -1 when none.
     */
    public int session(final int flow)
    {
        return slab.getInt(flow * SLOT_LENGTH + SESSION);
    }

    /**
     * @param flow    slot index.
     * @param session handshake session index, -1 for none.
     */
    public void session(final int flow, final int session)
    {
        slab.putInt(flow * SLOT_LENGTH + SESSION, session);
    }

    private void initialise(final int flow, final int hash, final DecodedPacket p, final long nowNanos,
        final int addressLength)
    {
        final int base = flow * SLOT_LENGTH;
        slab.setMemory(base, SLOT_LENGTH, (byte)0);
        slab.putInt(base + HASH, hash);
        slab.putInt(base + SESSION, NONE);
        slab.putLong(base + UID, ((long)workerId << 56) | (++uidCounter & 0x00FF_FFFF_FFFF_FFFFL));
        slab.putLong(base + FIRST_SEEN, nowNanos);
        slab.putByte(base + IP_VERSION, (byte)p.ipVersion());
        slab.putByte(base + TRANSPORT, (byte)p.transport());
        // A SYN-ACK seen first means the server spoke first in this capture: swap so that source is the client.
        final boolean synAck = (p.tcpFlags() & (DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK))
            == (DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK);
        final DirectBuffer packet = p.buffer();
        if (synAck)
        {
            slab.putShort(base + CLIENT_PORT, (short)p.destinationPort());
            slab.putShort(base + SERVER_PORT, (short)p.sourcePort());
            slab.putBytes(base + CLIENT_ADDRESS, packet, p.destinationAddressOffset(), addressLength);
            slab.putBytes(base + SERVER_ADDRESS, packet, p.sourceAddressOffset(), addressLength);
        }
        else
        {
            slab.putShort(base + CLIENT_PORT, (short)p.sourcePort());
            slab.putShort(base + SERVER_PORT, (short)p.destinationPort());
            slab.putBytes(base + CLIENT_ADDRESS, packet, p.sourceAddressOffset(), addressLength);
            slab.putBytes(base + SERVER_ADDRESS, packet, p.destinationAddressOffset(), addressLength);
        }
        if ((p.tcpFlags() & (DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK)) == DecodedPacket.TCP_SYN)
        {
            slab.putByte(base + FLAGS, (byte)FLAG_SAW_SYN);
        }
        linkAtHead(flow);
    }

    private void count(final int flow, final long nowNanos, final int wireBytes, final int tcpFlags,
        final boolean fromClient)
    {
        final int base = flow * SLOT_LENGTH;
        if (fromClient)
        {
            slab.putLong(base + CLIENT_BYTES, slab.getLong(base + CLIENT_BYTES) + wireBytes);
            slab.putLong(base + CLIENT_PACKETS, slab.getLong(base + CLIENT_PACKETS) + 1);
            slab.putByte(base + CLIENT_TCP_FLAGS, (byte)(slab.getByte(base + CLIENT_TCP_FLAGS) | tcpFlags));
        }
        else
        {
            slab.putLong(base + SERVER_BYTES, slab.getLong(base + SERVER_BYTES) + wireBytes);
            slab.putLong(base + SERVER_PACKETS, slab.getLong(base + SERVER_PACKETS) + 1);
            slab.putByte(base + SERVER_TCP_FLAGS, (byte)(slab.getByte(base + SERVER_TCP_FLAGS) | tcpFlags));
        }
        if (nowNanos > slab.getLong(base + LAST_SEEN))
        {
            slab.putLong(base + LAST_SEEN, nowNanos);
        }
        if (lruHead != flow)
        {
            unlink(flow);
            linkAtHead(flow);
        }
    }

    private void remove(final int flow)
    {
        final int hash = slab.getInt(flow * SLOT_LENGTH + HASH);
        int bucket = hash & indexMask;
        while (index[bucket] != flow + 1)
        {
            if (index[bucket] == 0)
            {
                throw new IllegalStateException("flow " + flow + " is not in the index");
            }
            bucket = (bucket + 1) & indexMask;
        }
        // Backward-shift deletion keeps linear probing correct without tombstones.
        int hole = bucket;
        int next = (hole + 1) & indexMask;
        while (index[next] != 0)
        {
            final int home = slab.getInt((index[next] - 1) * SLOT_LENGTH + HASH) & indexMask;
            final boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable)
            {
                index[hole] = index[next];
                hole = next;
            }
            next = (next + 1) & indexMask;
        }
        index[hole] = 0;
        unlink(flow);
        freeSlots[freeCount++] = flow;
        size--;
    }

    private void linkAtHead(final int flow)
    {
        final int base = flow * SLOT_LENGTH;
        slab.putInt(base + LRU_PREVIOUS, NONE);
        slab.putInt(base + LRU_NEXT, lruHead);
        if (lruHead != NONE)
        {
            slab.putInt(lruHead * SLOT_LENGTH + LRU_PREVIOUS, flow);
        }
        lruHead = flow;
        if (lruTail == NONE)
        {
            lruTail = flow;
        }
    }

    private void unlink(final int flow)
    {
        final int base = flow * SLOT_LENGTH;
        final int previous = slab.getInt(base + LRU_PREVIOUS);
        final int next = slab.getInt(base + LRU_NEXT);
        if (previous != NONE)
        {
            slab.putInt(previous * SLOT_LENGTH + LRU_NEXT, next);
        }
        else
        {
            lruHead = next;
        }
        if (next != NONE)
        {
            slab.putInt(next * SLOT_LENGTH + LRU_PREVIOUS, previous);
        }
        else
        {
            lruTail = previous;
        }
        slab.putInt(base + LRU_PREVIOUS, NONE);
        slab.putInt(base + LRU_NEXT, NONE);
    }

    private boolean sameAddress(final int slabOffset, final DirectBuffer packet, final int packetOffset,
        final int length)
    {
        if (slab.getInt(slabOffset) != packet.getInt(packetOffset))
        {
            return false;
        }
        for (int i = 4; i < length; i += 4)
        {
            if (slab.getInt(slabOffset + i) != packet.getInt(packetOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Symmetric in the two endpoints so that both directions of a flow land in the same bucket. */
    private static int hash(final DecodedPacket p, final int addressLength)
    {
        final DirectBuffer packet = p.buffer();
        final int a = endpointHash(packet, p.sourceAddressOffset(), addressLength, p.sourcePort());
        final int b = endpointHash(packet, p.destinationAddressOffset(), addressLength, p.destinationPort());
        int h = (a + b) ^ (a * b) ^ (p.transport() * 0x9E3779B9);
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    private static int endpointHash(final DirectBuffer packet, final int offset, final int length, final int port)
    {
        int h = port * 0x27D4EB2F;
        for (int i = 0; i < length; i += 4)
        {
            h = (h ^ packet.getInt(offset + i)) * 0x165667B1;
            h ^= h >>> 15;
        }
        return h;
    }
}
