package org.stasensor.pipeline.quic;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.testing.TestPackets;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ClientHellos spread over several Initial packets and CRYPTO frames in any order, coalesced packets, a Retry's new
 * connection id, and the bounds. Packets are sealed with the JDK's AES/GCM; where tshark reads the same datagrams
 * its SNI and JA3 are the oracle, else the hello's own bytes are.
 */
class CryptoReassemblyTest
{
    private static final byte[] DCID = TestPackets.hex("0011223344556677");
    private static final byte[] SCID = TestPackets.hex("a1a2a3a4");

    @TempDir
    Path temp;

    /** The RFC 9001 A.2 hello with a padding extension (RFC 7685) of {@code extra} bytes, as a large PQ hello. */
    static byte[] largeHello(final int extra)
    {
        final byte[] hello = RfcVectors.clientHello();
        final byte[] large = new byte[hello.length + 4 + extra];
        System.arraycopy(hello, 0, large, 0, hello.length);
        final int bodyLength = hello.length - 4 + 4 + extra;
        large[1] = (byte)(bodyLength >>> 16);
        large[2] = (byte)(bodyLength >>> 8);
        large[3] = (byte)bodyLength;
        final int extensionsLength = (((hello[47] & 0xFF) << 8) | (hello[48] & 0xFF)) + 4 + extra;
        large[47] = (byte)(extensionsLength >>> 8);
        large[48] = (byte)extensionsLength;
        large[hello.length] = 0x00;
        large[hello.length + 1] = 0x15;
        large[hello.length + 2] = (byte)(extra >>> 8);
        large[hello.length + 3] = (byte)extra;
        return large;
    }

    @Test
    void aLargeHelloInThreePacketsWithFramesOutOfOrderIsReassembled()
    {
        for (final int version : new int[]{QuicVersion.V1, QuicVersion.V2})
        {
            final byte[] hello = largeHello(1800);
            final InitialPacketCrafter crafter = new InitialPacketCrafter(version, DCID, SCID);
            final byte[] first = crafter.packet(0, InitialPacketCrafter.concat(
                InitialPacketCrafter.crypto(hello, 700, 1100), InitialPacketCrafter.crypto(hello, 0, 300)), 1200);
            final byte[] second = crafter.packet(1, InitialPacketCrafter.concat(new byte[]{1},
                InitialPacketCrafter.crypto(hello, 1100, hello.length)), 1200);
            final byte[] third = crafter.packet(2, InitialPacketCrafter.crypto(hello, 250, 720), 1200);

            final QuicInitialSessions sessions = new QuicInitialSessions(2, QuicInitialSessions.DEFAULT_CRYPTO_BYTES);
            final QuicInitialInspector inspector = new QuicInitialInspector(sessions);
            final int session = sessions.acquire();
            assertEquals(QuicInitialInspector.RESULT_PENDING, feed(inspector, session, third));
            assertEquals(QuicInitialInspector.RESULT_PENDING, feed(inspector, session, first));
            assertEquals(QuicInitialInspector.RESULT_COMPLETE, feed(inspector, session, second));
            assertEquals(0, sessions.flags(session));
            assertEquals(3, sessions.initialPackets(session));
            assertArrayEquals(hello, Arrays.copyOfRange(sessions.cryptoArray(), sessions.cryptoOffset(session),
                sessions.cryptoOffset(session) + hello.length));
            final RecordReader record = QuicTestSupport.record(sessions, session);
            assertEquals("example.com", record.string(Fields.TLS_CLIENT_SERVER_NAME));
        }
    }

    @Test
    void framesOutOfOrderAcrossPacketsGiveTsharksSniAndJa3()
    {
        final byte[] hello = largeHello(1500);
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final List<byte[]> datagrams = List.of(
            crafter.packet(0, InitialPacketCrafter.concat(InitialPacketCrafter.crypto(hello, 900, hello.length),
                InitialPacketCrafter.crypto(hello, 0, 120)), 1200),
            crafter.packet(1, InitialPacketCrafter.concat(InitialPacketCrafter.crypto(hello, 500, 900),
                InitialPacketCrafter.crypto(hello, 120, 500)), 1200));
        final List<String[]> rows = Tshark.fields(QuicTestSupport.writePcap(temp.resolve("split.pcap"), datagrams),
            "tls.handshake.type == 1", "tls.handshake.extensions_server_name", "tls.handshake.ja3",
            "tls.handshake.ja3_full");
        assertEquals(1, rows.size(), "tshark reassembles the hello");
        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(datagrams);
        assertEquals(QuicInitialInspector.RESULT_COMPLETE, outcome.result());
        assertEquals(rows.get(0)[0], outcome.record().string(Fields.TLS_CLIENT_SERVER_NAME));
        assertEquals(rows.get(0)[1], outcome.record().string(Fields.TLS_CLIENT_JA3));
        assertEquals(rows.get(0)[2], outcome.record().string(Fields.TLS_CLIENT_JA3_STRING));
    }

    @Test
    void anInitialCoalescedWithHandshakeAndShortHeaderPacketsIsRead()
    {
        final byte[] hello = RfcVectors.clientHello();
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final byte[] initial = crafter.packet(0, InitialPacketCrafter.crypto(hello, 0, hello.length), 400);
        // A Handshake packet (type 2) whose Length covers its 40 bytes, then a 1-RTT packet to the datagram's end.
        final byte[] handshake = InitialPacketCrafter.concat(TestPackets.hex("e000000001"), new byte[]{8}, DCID,
            new byte[]{4}, SCID, new byte[]{40}, new byte[40]);
        final byte[] shortHeader = new byte[800];
        shortHeader[0] = 0x41;
        final byte[] datagram = InitialPacketCrafter.concat(initial, handshake, shortHeader);
        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(List.of(datagram));
        assertEquals(QuicInitialInspector.RESULT_COMPLETE, outcome.result());
        assertEquals(0, outcome.sessions().flags(outcome.session()));
    }

    @Test
    void theInitialMayFollowAnotherLongHeaderPacketInTheDatagram()
    {
        final byte[] hello = RfcVectors.clientHello();
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final byte[] first = crafter.packet(0, InitialPacketCrafter.crypto(hello, 0, 100), 1200);
        final byte[] zeroRtt = InitialPacketCrafter.concat(TestPackets.hex("d000000001"), new byte[]{8}, DCID,
            new byte[]{4}, SCID, new byte[]{30}, new byte[30]);
        final byte[] second = crafter.packet(1, InitialPacketCrafter.crypto(hello, 100, hello.length), 200);
        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(List.of(first,
            InitialPacketCrafter.concat(zeroRtt, second, new byte[1000])));
        assertEquals(QuicInitialInspector.RESULT_COMPLETE, outcome.result());
    }

    @Test
    void pingAckAndConnectionCloseFramesAreSkipped()
    {
        final byte[] hello = RfcVectors.clientHello();
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final byte[] frames = InitialPacketCrafter.concat(
            TestPackets.hex("01"),
            TestPackets.hex("020a0001050102"),
            TestPackets.hex("030a000005010203"),
            InitialPacketCrafter.crypto(hello, 0, hello.length),
            TestPackets.hex("1c0a0003616263"));
        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(List.of(crafter.packet(0, frames, 1200)));
        assertEquals(QuicInitialInspector.RESULT_COMPLETE, outcome.result());
        assertEquals(0, outcome.sessions().flags(outcome.session()));
    }

    @Test
    void afterARetryTheNewDestinationIdKeysTheRest()
    {
        final byte[] hello = RfcVectors.clientHello();
        final byte[] retried = TestPackets.hex("f0f1f2f3f4f5f6f7f8");
        final InitialPacketCrafter before = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final InitialPacketCrafter after = new InitialPacketCrafter(QuicVersion.V1, retried, SCID);
        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(List.of(
            before.packet(0, InitialPacketCrafter.crypto(hello, 0, 100), 1200),
            after.packet(1, InitialPacketCrafter.crypto(hello, 0, hello.length), 1200)));
        assertEquals(QuicInitialInspector.RESULT_COMPLETE, outcome.result());
        assertTrue(outcome.record().strings(Fields.STA_FLAGS).contains("quic_retry_rekeyed"));
        assertEquals("0011223344556677", outcome.destinationId(), "the first Initial's id is reported");
    }

    @Test
    void aPacketUnderAnotherConnectionsKeysIsFlaggedAndTheOriginalKeysKept()
    {
        final byte[] hello = RfcVectors.clientHello();
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final InitialPacketCrafter stranger = new InitialPacketCrafter(QuicVersion.V1,
            TestPackets.hex("9999999999999999"), TestPackets.hex("abcdef0123456789"), SCID);
        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(List.of(
            crafter.packet(0, InitialPacketCrafter.crypto(hello, 0, 100), 1200),
            stranger.packet(1, InitialPacketCrafter.crypto(hello, 0, hello.length), 1200),
            crafter.packet(2, InitialPacketCrafter.crypto(hello, 100, hello.length), 1200)));
        assertEquals(QuicInitialInspector.RESULT_COMPLETE, outcome.result());
        assertTrue(outcome.record().strings(Fields.STA_FLAGS).contains("quic_decrypt_failed"));
    }

    @Test
    void cryptoDataBeyondTheBoundIsDroppedAndAHelloTooLargeFails()
    {
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final byte[] far = new byte[20_000];
        QuicTestSupport.Outcome outcome = QuicTestSupport.run(List.of(
            crafter.packet(0, InitialPacketCrafter.crypto(far, 19_000, 19_100), 1200)));
        assertEquals(QuicInitialInspector.RESULT_PENDING, outcome.result());
        assertTrue(outcome.record().strings(Fields.STA_FLAGS).contains("quic_crypto_over_limit"));

        final byte[] huge = TestPackets.hex("01010000");
        outcome = QuicTestSupport.run(List.of(crafter.packet(0, InitialPacketCrafter.crypto(huge, 0, 4), 1200)));
        assertEquals(QuicInitialInspector.RESULT_FAILED, outcome.result());
        assertTrue(outcome.record().strings(Fields.STA_FLAGS).contains("quic_crypto_over_limit"));
        assertTrue(outcome.record().strings(Fields.STA_FLAGS).contains("incomplete_client_hello"));
    }

    @Test
    void moreInitialPacketsThanTheBoundFail()
    {
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final byte[] ping = {1};
        final QuicInitialSessions sessions = new QuicInitialSessions(1, QuicInitialSessions.DEFAULT_CRYPTO_BYTES);
        final QuicInitialInspector inspector = new QuicInitialInspector(sessions);
        final int session = sessions.acquire();
        for (int i = 0; i < QuicInitialSessions.MAX_INITIAL_PACKETS; i++)
        {
            assertEquals(QuicInitialInspector.RESULT_PENDING, feed(inspector, session, crafter.packet(i, ping, 1200)));
        }
        assertEquals(QuicInitialInspector.RESULT_FAILED, feed(inspector, session, crafter.packet(99, ping, 1200)));
        assertTrue((sessions.flags(session) & QuicInitialSessions.FLAG_PACKET_LIMIT) != 0);
    }

    @Test
    void aFrameTypeNotAllowedInInitialMarksTheConnectionMalformed()
    {
        final byte[] hello = RfcVectors.clientHello();
        final InitialPacketCrafter crafter = new InitialPacketCrafter(QuicVersion.V1, DCID, SCID);
        final byte[] frames = InitialPacketCrafter.concat(InitialPacketCrafter.crypto(hello, 0, 50),
            TestPackets.hex("0800"), InitialPacketCrafter.crypto(hello, 50, hello.length));
        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(List.of(crafter.packet(0, frames, 1200)));
        assertEquals(QuicInitialInspector.RESULT_PENDING, outcome.result());
        assertEquals(50, outcome.sessions().contiguousCryptoBytes(outcome.session()));
        assertTrue(outcome.record().strings(Fields.STA_FLAGS).contains("quic_malformed"));
    }

    private static int feed(final QuicInitialInspector inspector, final int session, final byte[] datagram)
    {
        return inspector.onClientDatagram(session, new UnsafeBuffer(datagram), 0, datagram.length);
    }
}
