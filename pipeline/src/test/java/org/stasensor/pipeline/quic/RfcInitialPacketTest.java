package org.stasensor.pipeline.quic;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample client Initial packets of RFC 9001 A.2 (v1) and RFC 9369 A.2 (v2) open to the RFCs' ClientHello, and
 * the record's TLS fields are tshark's for the same packet.
 */
class RfcInitialPacketTest
{
    @TempDir
    Path temp;

    @Test
    void version1SamplePacketOpensToTheRfcClientHello()
    {
        opensToTheRfcClientHello(RfcVectors.v1Packet(), QuicVersion.V1);
    }

    @Test
    void version2SamplePacketOpensToTheRfcClientHello()
    {
        opensToTheRfcClientHello(RfcVectors.v2Packet(), QuicVersion.V2);
    }

    private static void opensToTheRfcClientHello(final byte[] packet, final int version)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        assertTrue(QuicInitialInspector.looksLikeClientInitial(buffer, 0, packet.length));
        final QuicInitialSessions sessions = new QuicInitialSessions(1, QuicInitialSessions.DEFAULT_CRYPTO_BYTES);
        final QuicInitialInspector inspector = new QuicInitialInspector(sessions);
        final int session = sessions.acquire();
        assertEquals(QuicInitialInspector.RESULT_COMPLETE, inspector.onClientDatagram(session, buffer, 0,
            packet.length));
        assertEquals(0, sessions.flags(session));
        assertEquals(version, sessions.version(session));
        assertEquals(2, sessions.largestPacketNumber(session), "packet number of the RFC sample");
        final byte[] hello = RfcVectors.clientHello();
        assertEquals(hello.length, sessions.contiguousCryptoBytes(session));
        assertArrayEquals(hello, Arrays.copyOfRange(sessions.cryptoArray(), sessions.cryptoOffset(session),
            sessions.cryptoOffset(session) + hello.length));
        assertTrue(Arrays.equals(packet, version == QuicVersion.V1 ? RfcVectors.v1Packet() : RfcVectors.v2Packet()),
            "the caller's packet is left as it was");

        final RecordReader record = QuicTestSupport.record(sessions, session);
        assertEquals("example.com", record.string(Fields.TLS_CLIENT_SERVER_NAME));
        assertEquals(List.of("alpn"), record.strings(Fields.TLS_CLIENT_ALPN));
        assertEquals("quic", record.string(Fields.NETWORK_PROTOCOL));
        assertTrue(record.string(Fields.TLS_CLIENT_JA4).startsWith("q13d"), record.string(Fields.TLS_CLIENT_JA4));
    }

    @Test
    void recordFieldsOfTheVersion1SampleAreTsharks()
    {
        final Path pcap = QuicTestSupport.writePcap(temp.resolve("rfc9001.pcap"), List.of(RfcVectors.v1Packet()));
        final List<String[]> rows = Tshark.fields(pcap, "tls.handshake.type == 1", "quic.version", "quic.dcid",
            "tls.handshake.extensions_server_name", "tls.handshake.extensions_alpn_str", "tls.handshake.ja3",
            "tls.handshake.ja3_full");
        assertEquals(1, rows.size(), "tshark decrypts the sample");
        final String[] tshark = rows.get(0);
        assertEquals("0x00000001", tshark[0]);
        assertEquals(RfcVectors.DCID, tshark[1]);

        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(List.of(RfcVectors.v1Packet()));
        final RecordReader record = outcome.record();
        assertEquals(tshark[2], record.string(Fields.TLS_CLIENT_SERVER_NAME));
        assertEquals(tshark[3], String.join(",", record.strings(Fields.TLS_CLIENT_ALPN)));
        assertEquals(tshark[4], record.string(Fields.TLS_CLIENT_JA3));
        assertEquals(tshark[5], record.string(Fields.TLS_CLIENT_JA3_STRING));
    }

    @Test
    void aCorruptedTagIsRefused()
    {
        final byte[] packet = RfcVectors.v1Packet();
        packet[packet.length - 1] ^= 1;
        final QuicTestSupport.Outcome outcome = QuicTestSupport.run(List.of(packet));
        assertEquals(QuicInitialInspector.RESULT_IGNORED, outcome.result());
        assertFalse(outcome.record().has(Fields.TLS_CLIENT_SERVER_NAME));
        assertTrue(outcome.record().strings(Fields.STA_FLAGS).contains("quic_decrypt_failed"));
    }
}
