package org.stasensor.pipeline.tcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stasensor.pipeline.decode.DecodedPacket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reassembler against the plain truth of a known byte stream: a random stream is cut into segments that arrive
 * out of order, duplicated and overlapping, with sequence numbers anywhere in the 32-bit space (also across 2^32);
 * whatever the reassembler reports as contiguous must be exactly the first bytes of the original stream.
 */
class TcpReassemblerTest
{
    private static final int BUFFER = 4096;
    private static final int SYN = DecodedPacket.TCP_SYN;
    private static final int ACK = DecodedPacket.TCP_ACK;
    private static final int FIN = DecodedPacket.TCP_FIN;
    /** Payloads sit behind some header bytes in the packet buffer, as in a real frame. */
    private static final int PAYLOAD_OFFSET = 54;

    private HandshakeSessions sessions;
    private TcpReassembler reassembler;
    private int session;

    @BeforeEach
    void setUp()
    {
        sessions = new HandshakeSessions(4, BUFFER);
        reassembler = new TcpReassembler(sessions);
        session = sessions.acquire();
    }

    /** A segment of {@code stream} bytes {@code [from, to)} of a direction whose first data byte is at isn + 1. */
    private int send(final int direction, final long isn, final byte[] stream, final int from, final int to,
        final int flags)
    {
        final byte[] packet = new byte[PAYLOAD_OFFSET + (to - from) + 7];
        Arrays.fill(packet, (byte)0xEE);
        System.arraycopy(stream, from, packet, PAYLOAD_OFFSET, to - from);
        final long sequence = (isn + 1 + from) & 0xFFFF_FFFFL;
        return reassembler.onSegment(session, direction, sequence, flags, new UnsafeBuffer(packet), PAYLOAD_OFFSET,
            to - from);
    }

    private void syn(final int direction, final long isn)
    {
        reassembler.onSegment(session, direction, isn & 0xFFFF_FFFFL, direction == 0 ? SYN : SYN | ACK,
            new UnsafeBuffer(new byte[60]), 54, 0);
    }

    private byte[] held(final int direction)
    {
        final byte[] bytes = new byte[reassembler.contiguous(session, direction)];
        sessions.streams().getBytes(sessions.streamOffset(session, direction), bytes);
        return bytes;
    }

    private void assertPrefixOf(final byte[] stream, final int direction, final String where)
    {
        final byte[] held = held(direction);
        assertTrue(held.length <= stream.length, where + ": more bytes than sent");
        assertArrayEquals(Arrays.copyOf(stream, held.length), held, where + ": prefix differs from the stream");
    }

    private static byte[] randomStream(final Random random, final int length)
    {
        final byte[] stream = new byte[length];
        random.nextBytes(stream);
        return stream;
    }

    private static List<int[]> cut(final Random random, final int length, final int maxSegment)
    {
        final List<int[]> segments = new ArrayList<>();
        int at = 0;
        while (at < length)
        {
            final int end = Math.min(length, at + 1 + random.nextInt(maxSegment));
            segments.add(new int[] {at, end});
            at = end;
        }
        return segments;
    }

    @ParameterizedTest(name = "initial sequence number {0}")
    @ValueSource(longs = {0L, 1L, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0xFFFF_FFFEL, 0xFFFF_FC00L,
        0xFFFF_FFF0L, 123_456_789L})
    void reorderedDuplicatedOverlappingSegmentsReassembleToTheOriginal(final long isn)
    {
        final Random random = new Random(isn ^ 0x5A5A);
        for (int round = 0; round < 40; round++)
        {
            setUp();
            final byte[] stream = randomStream(random, 200 + random.nextInt(BUFFER - 200));
            final List<int[]> segments = cut(random, stream.length, 300);
            // Reordering within windows of up to five segments keeps the holes within the documented bound.
            for (int i = 0; i < segments.size(); i += 5)
            {
                Collections.shuffle(segments.subList(i, Math.min(segments.size(), i + 5)), random);
            }
            syn(0, isn);
            int sentEnd = 0;
            for (final int[] segment : segments)
            {
                send(0, isn, stream, segment[0], segment[1], ACK);
                sentEnd = Math.max(sentEnd, segment[1]);
                if (random.nextInt(4) == 0)
                {
                    final int[] again = segments.get(random.nextInt(segments.size()));
                    send(0, isn, stream, again[0], again[1], ACK); // duplicate, possibly of a future segment
                }
                if (random.nextInt(4) == 0)
                {
                    final int from = random.nextInt(sentEnd);
                    final int to = Math.min(stream.length, from + 1 + random.nextInt(400));
                    send(0, isn, stream, from, to, ACK); // re-segmented retransmission over several segments
                }
                assertPrefixOf(stream, 0, "round " + round);
            }
            final String where = "round " + round + ", isn " + isn + ", " + stream.length + " bytes";
            assertEquals(stream.length, reassembler.contiguous(session, 0), where);
            assertArrayEquals(stream, held(0), where);
            assertEquals(0, reassembler.flags(session, 0)
                & (StreamState.FLAG_GAP | StreamState.FLAG_INCONSISTENT_OVERLAP | StreamState.FLAG_BUFFER_FULL
                | StreamState.FLAG_MIDSTREAM), where);
            assertFalse(reassembler.hasHoles(session, 0), where);
            assertEquals(0, reassembler.contiguous(session, 1), "the other direction is untouched");
        }
    }

    @Test
    void anyDeliveryOrderNeverYieldsWrongBytes()
    {
        final Random random = new Random(42);
        for (int round = 0; round < 300; round++)
        {
            setUp();
            final long isn = random.nextLong() & 0xFFFF_FFFFL;
            final byte[] stream = randomStream(random, 1 + random.nextInt(2 * BUFFER));
            final List<int[]> segments = cut(random, stream.length, 1 + random.nextInt(600));
            final List<int[]> deliveries = new ArrayList<>(segments);
            for (int i = 0; i < segments.size() / 3; i++)
            {
                deliveries.add(segments.get(random.nextInt(segments.size())));
            }
            Collections.shuffle(deliveries, random);
            syn(0, isn);
            for (final int[] segment : deliveries)
            {
                send(0, isn, stream, segment[0], segment[1], ACK);
                assertPrefixOf(stream, 0, "round " + round);
            }
            final int flags = reassembler.flags(session, 0);
            final String where = "round " + round + " flags " + flags;
            assertEquals(0, flags & StreamState.FLAG_INCONSISTENT_OVERLAP, where);
            if ((flags & StreamState.FLAG_GAP) == 0)
            {
                assertEquals(Math.min(stream.length, BUFFER), reassembler.contiguous(session, 0),
                    where + ": every byte arrived and no gap was declared");
            }
            if (stream.length <= BUFFER)
            {
                assertEquals(0, flags & StreamState.FLAG_BUFFER_FULL, where + ": the stream fits the buffer");
            }
            else if ((flags & StreamState.FLAG_GAP) == 0)
            {
                assertTrue((flags & StreamState.FLAG_BUFFER_FULL) != 0, where + ": the stream overran the buffer");
            }
        }
    }

    @Test
    void aStreamLongerThanTheBufferKeepsItsFirstBytes()
    {
        final byte[] stream = randomStream(new Random(7), 3 * BUFFER + 11);
        final long isn = 0xFFFF_F000L;
        syn(1, isn);
        for (final int[] segment : cut(new Random(8), stream.length, 1460))
        {
            send(1, isn, stream, segment[0], segment[1], ACK);
        }
        assertEquals(BUFFER, reassembler.contiguous(session, 1));
        assertArrayEquals(Arrays.copyOf(stream, BUFFER), held(1));
        assertTrue((reassembler.flags(session, 1) & StreamState.FLAG_BUFFER_FULL) != 0);
    }

    @Test
    void aRetransmissionWithOtherBytesIsFlaggedAndTheFirstBytesStay()
    {
        final byte[] stream = randomStream(new Random(9), 1000);
        final long isn = 5000;
        syn(0, isn);
        send(0, isn, stream, 0, 600, ACK);
        final byte[] forged = stream.clone();
        for (int i = 300; i < 700; i++)
        {
            forged[i] ^= 0x55;
        }
        send(0, isn, forged, 300, 700, ACK);
        send(0, isn, stream, 700, 1000, ACK);
        assertTrue((reassembler.flags(session, 0) & StreamState.FLAG_INCONSISTENT_OVERLAP) != 0);
        final byte[] expected = stream.clone();
        System.arraycopy(forged, 600, expected, 600, 100); // bytes 600..700 were first seen in the forged segment
        assertArrayEquals(expected, held(0));
    }

    /**
     * "Overlap: first wins, inconsistent overlap flagged" must hold for bytes that wait behind a hole as well: an
     * attacker can send the same out-of-order range twice with different bytes (a classic IDS evasion).
     */
    @Test
    void outOfOrderBytesAreNotOverwrittenByALaterDifferentOverlap()
    {
        final byte[] stream = randomStream(new Random(10), 900);
        final long isn = 77;
        syn(0, isn);
        send(0, isn, stream, 300, 600, ACK); // held behind the hole 0..300
        final byte[] forged = stream.clone();
        for (int i = 0; i < forged.length; i++)
        {
            forged[i] ^= 0x5A;
        }
        send(0, isn, forged, 400, 500, ACK); // same range again, other bytes
        send(0, isn, stream, 0, 300, ACK);
        send(0, isn, stream, 600, 900, ACK);
        assertEquals(900, reassembler.contiguous(session, 0));
        assertArrayEquals(stream, held(0), "the first bytes seen for 400..500 win");
        assertTrue((reassembler.flags(session, 0) & StreamState.FLAG_INCONSISTENT_OVERLAP) != 0,
            "the differing overlap is flagged");
    }

    /** The same, when the in-order segment that fills the hole overlaps bytes already held behind it. */
    @Test
    void aHoleFillingSegmentDoesNotOverwriteHeldBytesWithOtherOnes()
    {
        final byte[] stream = randomStream(new Random(11), 600);
        final long isn = 0xFFFF_FFF0L;
        syn(0, isn);
        send(0, isn, stream, 200, 400, ACK);
        final byte[] forged = stream.clone();
        for (int i = 0; i < forged.length; i++)
        {
            forged[i] ^= 0x33;
        }
        final byte[] filler = stream.clone();
        System.arraycopy(forged, 200, filler, 200, 100); // bytes 0..200 true, 200..300 differ from what is held
        send(0, isn, filler, 0, 300, ACK);
        send(0, isn, stream, 400, 600, ACK);
        assertEquals(600, reassembler.contiguous(session, 0));
        assertArrayEquals(stream, held(0), "bytes 200..300 were seen first in the held segment");
        assertTrue((reassembler.flags(session, 0) & StreamState.FLAG_INCONSISTENT_OVERLAP) != 0);
    }

    @Test
    void aStreamPickedUpMidwayStartsAtItsFirstSegmentAndKeepsOnlyTheNewTailOfOlderOnes()
    {
        final byte[] stream = randomStream(new Random(12), 1000);
        final long isn = 0xFFFF_FF00L; // stream byte i has sequence number isn + 1 + i
        send(0, isn, stream, 100, 200, ACK); // first seen: the stream starts here
        assertTrue((reassembler.flags(session, 0) & StreamState.FLAG_MIDSTREAM) != 0);
        send(0, isn, stream, 50, 250, ACK); // older bytes and a new tail
        send(0, isn, stream, 0, 80, ACK); // only older bytes
        send(0, isn, stream, 250, 1000, ACK);
        assertArrayEquals(Arrays.copyOfRange(stream, 100, 1000), held(0));
        assertEquals(0, reassembler.flags(session, 0) & StreamState.FLAG_INCONSISTENT_OVERLAP);
    }

    @Test
    void pureAcknowledgementsDoNotStartAMidstreamDirection()
    {
        final byte[] stream = randomStream(new Random(13), 100);
        send(1, 1000, stream, 0, 0, ACK);
        assertEquals(0, reassembler.flags(session, 1) & StreamState.FLAG_STARTED);
        send(1, 1000, stream, 10, 100, ACK);
        assertArrayEquals(Arrays.copyOfRange(stream, 10, 100), held(1));
    }

    /** RFC 7413 (TCP Fast Open): data carried on the SYN starts at ISN + 1. */
    @Test
    void dataOnTheSynIsTheStartOfTheStream()
    {
        final byte[] stream = randomStream(new Random(14), 700);
        final long isn = 0xFFFF_FFFFL;
        final byte[] packet = new byte[PAYLOAD_OFFSET + 300];
        System.arraycopy(stream, 0, packet, PAYLOAD_OFFSET, 300);
        reassembler.onSegment(session, 0, isn, SYN, new UnsafeBuffer(packet), PAYLOAD_OFFSET, 300);
        send(0, isn, stream, 300, 700, ACK);
        assertArrayEquals(stream, held(0));
        assertEquals(0, reassembler.flags(session, 0) & StreamState.FLAG_MIDSTREAM);
    }

    @Test
    void bytesAcknowledgedThreeTimesButNeverSeenAreAGap()
    {
        final byte[] stream = randomStream(new Random(15), 3000);
        final long isn = 0xFFFF_FA00L; // the lost range straddles 2^32
        syn(0, isn);
        send(0, isn, stream, 0, 1000, ACK);
        send(0, isn, stream, 2000, 3000, ACK); // 1000..2000 lost before the capture point
        final long ackedEnd = (isn + 1 + 3000) & 0xFFFF_FFFFL;
        final long ackedInPrefix = (isn + 1 + 1000) & 0xFFFF_FFFFL;
        assertFalse(reassembler.onAcknowledgement(session, 0, ackedInPrefix), "acknowledging what is held");
        assertFalse(reassembler.onAcknowledgement(session, 0, ackedInPrefix));
        assertFalse(reassembler.onAcknowledgement(session, 0, ackedInPrefix));
        assertEquals(0, reassembler.flags(session, 0) & StreamState.FLAG_GAP);
        assertFalse(reassembler.onAcknowledgement(session, 0, ackedEnd));
        assertFalse(reassembler.onAcknowledgement(session, 0, ackedEnd));
        assertTrue(reassembler.onAcknowledgement(session, 0, ackedEnd), "third acknowledgement past the hole");
        assertTrue((reassembler.flags(session, 0) & StreamState.FLAG_GAP) != 0);
        assertEquals(1000, reassembler.contiguous(session, 0));
        assertArrayEquals(Arrays.copyOf(stream, 1000), held(0));
    }

    /**
     * A lost segment early in the stream, then later segments of which one runs past the buffer: the prefix is far
     * from full, so bytes acknowledged but never seen are still a gap the parser must hear about.
     */
    @Test
    void aHoleIsStillDetectedWhenALaterSegmentRanPastTheBuffer()
    {
        final byte[] stream = randomStream(new Random(19), 6000);
        final long isn = 4242;
        syn(0, isn);
        send(0, isn, stream, 0, 1000, ACK);
        // 1000..2460 lost before the capture point
        send(0, isn, stream, 2460, 3920, ACK);
        send(0, isn, stream, 3920, 5380, ACK); // crosses the 4096-byte buffer end
        final long acknowledged = (isn + 1 + 5380) & 0xFFFF_FFFFL;
        boolean gap = false;
        for (int i = 0; i < 3; i++)
        {
            gap |= reassembler.onAcknowledgement(session, 0, acknowledged);
        }
        assertEquals(1000, reassembler.contiguous(session, 0));
        assertTrue(gap, "three acknowledgements past a hole in a buffer that is not full");
        assertTrue((reassembler.flags(session, 0) & StreamState.FLAG_GAP) != 0);
    }

    @Test
    void acknowledgingTheFinIsNotAGap()
    {
        final byte[] stream = randomStream(new Random(16), 500);
        final long isn = 0xFFFF_FE0BL; // the FIN's sequence number is exactly 2^32
        syn(1, isn);
        send(1, isn, stream, 0, 500, ACK | FIN);
        final long finAcknowledged = (isn + 1 + 500 + 1) & 0xFFFF_FFFFL;
        for (int i = 0; i < 5; i++)
        {
            assertFalse(reassembler.onAcknowledgement(session, 1, finAcknowledged));
        }
        assertEquals(0, reassembler.flags(session, 1) & StreamState.FLAG_GAP);
        assertTrue((reassembler.flags(session, 1) & StreamState.FLAG_FIN) != 0);
    }

    @Test
    void moreHolesThanTheBoundGiveTheDirectionUp()
    {
        final byte[] stream = randomStream(new Random(17), 2000);
        final long isn = 1;
        syn(0, isn);
        for (int i = 1; i <= StreamState.MAX_RANGES; i++)
        {
            send(0, isn, stream, i * 100, i * 100 + 50, ACK);
        }
        assertEquals(0, reassembler.flags(session, 0) & StreamState.FLAG_GAP, "MAX_RANGES holes are held");
        assertTrue(reassembler.hasHoles(session, 0));
        send(0, isn, stream, 1500, 1550, ACK);
        assertTrue((reassembler.flags(session, 0) & StreamState.FLAG_GAP) != 0, "one more is a gap");
        assertPrefixOf(stream, 0, "after the gap");
    }

    @Test
    void aReusedSessionStartsAfresh()
    {
        final byte[] stream = randomStream(new Random(18), 300);
        syn(0, 10);
        send(0, 10, stream, 0, 300, ACK | FIN);
        sessions.release(session);
        session = sessions.acquire();
        assertEquals(0, reassembler.flags(session, 0));
        assertEquals(0, reassembler.contiguous(session, 0));
        assertFalse(reassembler.hasHoles(session, 0));
    }

    @Test
    void sessionsAreBoundedAndExhaustionIsCounted()
    {
        final HandshakeSessions pool = new HandshakeSessions(2, 1024);
        final int a = pool.acquire();
        final int b = pool.acquire();
        assertTrue(a >= 0 && b >= 0 && a != b);
        assertEquals(-1, pool.acquire());
        assertEquals(1, pool.exhausted());
        assertEquals(2, pool.inUse());
        pool.release(a);
        assertEquals(a, pool.acquire());
        // Stream buffers of different sessions and directions do not overlap.
        assertEquals(1024, Math.abs(pool.streamOffset(a, 1) - pool.streamOffset(a, 0)));
        assertTrue(Math.abs(pool.streamOffset(a, 0) - pool.streamOffset(b, 0)) >= 2048);
    }
}
