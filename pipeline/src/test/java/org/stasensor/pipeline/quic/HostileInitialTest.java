package org.stasensor.pipeline.quic;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.testing.TestPackets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile datagrams: every truncation and many mutations of real Initials, random bytes behind a plausible long
 * header, lying length fields in headers, and authentic (correctly sealed) packets whose frames lie. Nothing throws,
 * and nothing but the whole, authentic hello completes.
 */
class HostileInitialTest
{
    private static final byte[] DCID = TestPackets.hex("0102030405060708");
    private static final byte[] SCID = TestPackets.hex("");

    private final QuicInitialSessions sessions = new QuicInitialSessions(1, QuicInitialSessions.DEFAULT_CRYPTO_BYTES);
    private final QuicInitialInspector inspector = new QuicInitialInspector(sessions);
    private final QuicRecordWriter records = new QuicRecordWriter(null, null, null);
    private final RecordWriter writer = new RecordWriter();
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[65536]);

    @Test
    void everyTruncationOfTheRfcPacketsIsRefusedQuietly()
    {
        for (final byte[] packet : List.of(RfcVectors.v1Packet(), RfcVectors.v2Packet()))
        {
            for (int length = 0; length < packet.length; length++)
            {
                final int result = feedOnce(Arrays.copyOf(packet, length));
                assertNotEquals(QuicInitialInspector.RESULT_COMPLETE, result, "truncated to " + length);
            }
            assertEquals(QuicInitialInspector.RESULT_COMPLETE, feedOnce(packet));
        }
    }

    @Test
    void mutatedPacketsNeverThrowAndNeverCompleteUnauthenticated()
    {
        final SplittableRandom random = new SplittableRandom(9001);
        final byte[] original = RfcVectors.v1Packet();
        for (int i = 0; i < 3000; i++)
        {
            final byte[] packet = original.clone();
            final int flips = 1 + random.nextInt(4);
            boolean changed = false;
            for (int f = 0; f < flips; f++)
            {
                // Mostly the header, where the lengths are.
                final int at = random.nextInt(4) == 0 ? random.nextInt(packet.length) : random.nextInt(30);
                final byte before = packet[at];
                packet[at] ^= (byte)(1 + random.nextInt(255));
                changed |= packet[at] != before;
            }
            final int result = feedOnce(packet);
            if (changed && result == QuicInitialInspector.RESULT_COMPLETE)
            {
                // Only bits outside the authenticated bytes may change without failing: none exist here except
                // a DCID change, which changes the keys and so fails too.
                assertTrue(Arrays.equals(packet, original), "a mutated packet completed: " + i);
            }
        }
    }

    @Test
    void randomBytesBehindAPlausibleHeaderNeverThrow()
    {
        final SplittableRandom random = new SplittableRandom(9369);
        for (int i = 0; i < 3000; i++)
        {
            final byte[] packet = new byte[random.nextInt(1, 1500)];
            random.nextBytes(packet);
            final int version = random.nextBoolean() ? QuicVersion.V1 : QuicVersion.V2;
            packet[0] = (byte)(0xC0 | (QuicVersion.initialType(version) << 4) | (packet[0] & 0x0F));
            if (packet.length > 5)
            {
                packet[1] = (byte)(version >>> 24);
                packet[2] = (byte)(version >>> 16);
                packet[3] = (byte)(version >>> 8);
                packet[4] = (byte)version;
            }
            if (packet.length > 6)
            {
                packet[5] = (byte)random.nextInt(24);
            }
            assertNotEquals(QuicInitialInspector.RESULT_COMPLETE, feedOnce(packet));
        }
    }

    @Test
    void lyingHeaderLengthsAreMalformed()
    {
        for (final String header : new String[]{
            "c000000001" + "15" + "00".repeat(21),                      // DCID length 21
            "c000000001" + "08" + "0102030405060708" + "ff",            // SCID length 255
            "c000000001" + "08" + "0102030405060708" + "00" + "bfffffff", // token length 2^30-1
            "c000000001" + "08" + "0102030405060708" + "00" + "00" + "7fff", // Length 16383
            "c000000001" + "08" + "0102030405060708" + "00" + "00" + "c0",   // Length cut after its first byte
            "c000000001" + "08" + "0102030405060708" + "00" + "00" + "10",   // Length 16: no room for a sample
        })
        {
            final byte[] start = TestPackets.hex(header);
            final byte[] datagram = Arrays.copyOf(start, Math.max(start.length, header.endsWith("10") ? 40 : 0));
            final int session = sessions.acquire();
            assertEquals(QuicInitialInspector.RESULT_IGNORED, inspector.onClientDatagram(session,
                new UnsafeBuffer(datagram), 0, datagram.length), header);
            assertTrue((sessions.flags(session) & QuicInitialSessions.FLAG_MALFORMED) != 0, header);
            sessions.release(session);
        }
    }

    @Test
    void authenticFramesThatLieAreMalformed()
    {
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        for (final String frames : new String[]{
            "06" + "00" + "7fff" + "0100",                 // CRYPTO length 16383 past the payload
            "06" + "00" + "bfffffff",                      // CRYPTO length 2^30-1
            "06" + "ffffffffffffffff" + "01" + "01",        // CRYPTO offset 2^62-1
            "06" + "c0",                                   // CRYPTO offset cut
            "02" + "00" + "00" + "bfffffff" + "00",          // ACK range count 2^30-1
            "03" + "00" + "00" + "00" + "00" + "01",          // ACK_ECN without its three counts
            "1c" + "00" + "00" + "bfffffff",                 // CONNECTION_CLOSE reason past the payload
            "08" + "00",                                   // STREAM, not allowed in Initial
            "40" + "06",                                   // a two-byte frame type
        })
        {
            // PINGs first so that the crafter adds no padding: the lie must run into the end of the payload.
            final byte[] packet = crafter.packet(0, TestPackets.hex("01".repeat(16) + frames), 0);
            final byte[] datagram = InitialPacketCrafter.concat(packet, new byte[1200]);
            final int result = feedOnce(datagram);
            final int flags = sessions.flags(0);
            assertTrue(result == QuicInitialInspector.RESULT_PENDING || result == QuicInitialInspector.RESULT_FAILED,
                frames + " gave " + result);
            assertTrue((flags & (QuicInitialSessions.FLAG_MALFORMED | QuicInitialSessions.FLAG_CRYPTO_OVER_LIMIT))
                != 0, frames + " flags " + flags);
        }
    }

    @Test
    void aStreamThatIsNotAClientHelloFails()
    {
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final byte[] serverHello = TestPackets.hex("020000280303");
        final int result = feedOnce(crafter.packet(0, InitialPacketCrafter.crypto(serverHello, 0, 6), 1200));
        assertEquals(QuicInitialInspector.RESULT_FAILED, result);
        assertTrue((sessions.flags(0) & QuicInitialSessions.FLAG_NOT_CLIENT_HELLO) != 0);
    }

    @Test
    void aWholeButMalformedHelloIsFlaggedInTheRecord()
    {
        final byte[] hello = RfcVectors.clientHello();
        hello[38] = 33;  // legacy_session_id length 33, over the limit of 32
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final int result = feedOnce(crafter.packet(0, InitialPacketCrafter.crypto(hello, 0, hello.length), 1200));
        assertEquals(QuicInitialInspector.RESULT_COMPLETE, result);
        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(
            List.of(crafter.packet(0, InitialPacketCrafter.crypto(hello, 0, hello.length), 1200)));
        assertTrue(outcome.record().strings(org.stasensor.pipeline.record.Fields.STA_FLAGS)
            .contains("malformed_client_hello"));
        assertFalse(outcome.record().has(org.stasensor.pipeline.record.Fields.TLS_CLIENT_JA4));
    }

    /** One datagram into a fresh session, and the record written, as the packet inspector will. */
    private int feedOnce(final byte[] datagram)
    {
        sessions.release(0);
        final int session = sessions.acquire();
        final int result = inspector.onClientDatagram(session, new UnsafeBuffer(datagram), 0, datagram.length);
        writer.begin(slot, 0, slot.capacity(), Dataset.QUIC, 0);
        records.write(writer, sessions, session);
        writer.finish();
        return result;
    }
}
