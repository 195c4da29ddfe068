package org.stasensor.pipeline.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.JsonRecordEncoder;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.tls.TsharkHandshakes.Handshake;
import org.stasensor.pipeline.tls.TsharkTcpConnections.Connection;
import org.stasensor.pipeline.tls.TsharkTcpConnections.Segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS 1.3 HelloRetryRequest exchanges in real captures (Chrome against Microsoft's CDN in FoxIO's
 * tls-handshake.pcapng, a DoH client in nDPI's dnscrypt-v2-doh.pcap): the server sends HelloRetryRequest and a
 * middlebox-compatibility change_cipher_spec, the client change_cipher_spec and a second ClientHello, then the
 * server the real ServerHello in a plaintext handshake record (RFC 8446 4.1.4, D.4). Every TCP connection of these
 * captures and of TLS 1.2 captures (where the handshake record after change_cipher_spec is the encrypted Finished,
 * and resumed sessions where the client sends change_cipher_spec right after its only ClientHello) is replayed
 * segment by segment, in capture order, through {@link TlsStreamScanner} and {@link TlsRecordBuilder} as the packet
 * inspector drives them, and compared with tshark: the hellos and handshake message types each direction sent in
 * plaintext, the JA3 of the first ClientHello, the JA3S, version and cipher of the ServerHello that is not a
 * HelloRetryRequest, and, after a HelloRetryRequest, that the record is written at the frame of that ServerHello.
 */
class HelloRetryRequestMatchesTsharkTest
{
    private static final String[] CAPTURES = {
        "ja4/pcap/tls-handshake.pcapng", "nDPI/pcap/dnscrypt-v2-doh.pcap", "ja4/pcap/tls12.pcap",
        "ja3/Traces/ssl-curl.pcap", "nDPI/pcap/tls_2_reasms.pcapng", "nDPI/pcap/tunnelbear.pcap"};
    private static final String HELLO_RETRY_REQUEST_RANDOM =
        "cf:21:ad:74:e5:9a:61:11:be:1d:8c:02:1e:65:b8:91:c2:a2:11:16:7a:bb:8c:5e:07:9e:09:e2:c8:a8:33:9c";
    /** Large enough that no handshake of these captures is cut: tshark's message types are compared in full. */
    private static final int BUFFER = 1 << 20;
    private static final int CLIENT = 0;
    private static final int SERVER = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnsafeBuffer streams = new UnsafeBuffer(new byte[2 * BUFFER]);
    private final UnsafeBuffer scannerState = new UnsafeBuffer(new byte[128]);
    private final TlsStreamScanner scanner = new TlsStreamScanner(scannerState);
    private final TlsRecordBuilder builder = new TlsRecordBuilder(BUFFER);
    private final TlsHandshakeMessages messages = new TlsHandshakeMessages(BUFFER);
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
    private final RecordWriter writer = new RecordWriter();
    private final JsonRecordEncoder encoder = new JsonRecordEncoder(null);
    private final int[] contiguous = new int[2];

    @Test
    void handshakesAroundHelloRetryRequestsAndChangeCipherSpecMatchTshark()
        throws InterruptedException, ExecutionException
    {
        final List<String> differences = new ArrayList<>();
        int connections = 0;
        int helloRetries = 0;
        int tls12 = 0;
        int tls12Resumed = 0;
        final List<Path> captures = Stream.of(CAPTURES).map(TestFiles::corpusFile).toList();
        // tshark is the slow part: TsharkHandshakes runs two at a time, and the segment readers run beside them.
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        final Map<Path, Future<List<Connection>>> connectionsByCapture = new LinkedHashMap<>();
        captures.forEach(capture -> connectionsByCapture.put(capture,
            pool.submit(() -> TsharkTcpConnections.read(capture))));
        pool.shutdown();
        final Map<Path, List<Handshake>> hellosByCapture = TsharkHandshakes.tls(captures);
        for (final Path capture : captures)
        {
            final List<Handshake> hellos = hellosByCapture.get(capture);
            for (final Connection connection : connectionsByCapture.get(capture).get())
            {
                connections++;
                final Expected expected = Expected.of(connection, hellos);
                helloRetries += expected.helloRetry ? 1 : 0;
                tls12 += "1.2".equals(expected.version) ? 1 : 0;
                // Abbreviated handshake: ClientHello, later change_cipher_spec and the encrypted Finished.
                tls12Resumed += "1.2".equals(expected.version) && connection.clientTypes().equals(List.of(1)) ? 1 : 0;
                compare(connection, expected, connection.segments(), differences);
                if (expected.helloRetry)
                {
                    // A HelloRetryRequest random and hellos spread over records of a few bytes each (RFC 8446 5.1).
                    compare(connection, expected, HandshakeRecordReframer.reframe(connection.segments(), 7),
                        differences);
                    clientAloneMatches(connection, differences);
                }
            }
        }
        System.out.printf("connections %d, with HelloRetryRequest %d, TLS 1.2 %d (resumed %d), differences %d%n",
            connections, helloRetries, tls12, tls12Resumed, differences.size());
        assertEquals(6, helloRetries, "HelloRetryRequest connections tshark shows in these captures");
        assertTrue(tls12 > tls12Resumed && tls12Resumed > 0, "TLS 1.2 full and resumed handshakes present");
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    /** What tshark shows of one connection. */
    private record Expected(String ja3, String ja3String, String ja3s, String ja3sString, String version,
        String cipherId, boolean helloRetry, int serverHelloFrame)
    {
        static Expected of(final Connection connection, final List<Handshake> hellos)
        {
            Handshake clientHello = null;
            Handshake serverHello = null;
            boolean retry = false;
            for (final Handshake hello : hellos)
            {
                if (hello.stream() != connection.stream() || hello.udp())
                {
                    continue;
                }
                if (hello.type() == ClientHelloParser.CLIENT_HELLO && clientHello == null)
                {
                    clientHello = hello;
                }
                else if (hello.type() == ServerHelloParser.SERVER_HELLO && serverHello == null)
                {
                    if (HELLO_RETRY_REQUEST_RANDOM.equals(hello.first("handshake.random")))
                    {
                        retry = true;
                    }
                    else
                    {
                        serverHello = hello;
                    }
                }
            }
            if (serverHello == null)
            {
                return new Expected(clientHello.first("handshake.ja3"), clientHello.first("handshake.ja3_full"),
                    null, null, null, null, retry, -1);
            }
            final String supported = serverHello.first("handshake.extensions.supported_version");
            final int version = Integer.decode(supported != null ? supported : serverHello.first("handshake.version"));
            return new Expected(clientHello.first("handshake.ja3"), clientHello.first("handshake.ja3_full"),
                serverHello.first("handshake.ja3s"), serverHello.first("handshake.ja3s_full"),
                version == 0x0304 ? "1.3" : version == 0x0303 ? "1.2" : String.format("%04x", version),
                String.format("%04x", Integer.decode(serverHello.first("handshake.ciphersuite"))), retry,
                serverHello.frame());
        }
    }

    private void compare(final Connection connection, final Expected expected, final List<Segment> segments,
        final List<String> differences)
    {
        final String where = connection.where() + (segments == connection.segments() ? "" : " (reframed)");
        final Replay replay = replay(segments);
        check(differences, where, "client hellos", count(connection.clientTypes(), 1), scanner.hellos(0, CLIENT));
        check(differences, where, "server hellos", count(connection.serverTypes(), 2), scanner.hellos(0, SERVER));
        check(differences, where, "client types the scanner completed", typeSet(connection.clientTypes()),
            completedTypes(CLIENT));
        check(differences, where, "server types the scanner completed", typeSet(connection.serverTypes()),
            completedTypes(SERVER));
        messages.gather(streams, BUFFER, contiguous[SERVER]);
        final boolean serverRetried = messages.sawHelloRetryRequest();
        check(differences, where, "server handshake types", connection.serverTypes(), types(messages));
        check(differences, where, "HelloRetryRequest gathered", expected.helloRetry, serverRetried);
        messages.gather(streams, 0, contiguous[CLIENT], serverRetried);
        check(differences, where, "client handshake types", connection.clientTypes(), types(messages));
        final JsonNode record = replay.record;
        check(differences, where, "tls.client.ja3", expected.ja3, text(record, "/tls/client/ja3"));
        check(differences, where, "tls.client.ja3_string", expected.ja3String, text(record, "/tls/client/ja3_string"));
        check(differences, where, "tls.server.ja3s", expected.ja3s, text(record, "/tls/server/ja3s"));
        check(differences, where, "tls.server.ja3s_string", expected.ja3sString,
            text(record, "/tls/server/ja3s_string"));
        check(differences, where, "tls.version", expected.version, text(record, "/tls/version"));
        check(differences, where, "tls.cipher_id", expected.cipherId, text(record, "/tls/cipher_id"));
        check(differences, where, "tls.established", String.valueOf(expected.ja3s != null),
            text(record, "/tls/established"));
        check(differences, where, "tls.hello_retry_request", expected.helloRetry ? "true" : null,
            text(record, "/tls/hello_retry_request"));
        if (expected.helloRetry)
        {
            check(differences, where, "record written at the frame of the ServerHello", expected.serverHelloFrame,
                replay.frame);
        }
    }

    /** Without the server's side (a one-way capture), the client's second ClientHello is still found. */
    private void clientAloneMatches(final Connection connection, final List<String> differences)
    {
        final List<Segment> clientOnly = connection.segments().stream().filter(Segment::fromClient).toList();
        replay(clientOnly);
        check(differences, connection.where() + " (client side only)", "client hellos",
            count(connection.clientTypes(), 1), scanner.hellos(0, CLIENT));
        messages.gather(streams, 0, contiguous[CLIENT], false);
        check(differences, connection.where() + " (client side only)", "client handshake types",
            connection.clientTypes(), types(messages));
    }

    private record Replay(JsonNode record, int frame)
    {
    }

    /**
     * Segments placed at their sequence numbers in the two stream buffers; after each, the scanner walks the new
     * contiguous bytes and, once it says the server side is complete, the record is built, as PacketInspector does.
     * A record not written by the last segment is written as at the flow's end. The scanner goes on to the last
     * segment (PacketInspector stops inspecting once the record is written), so that what it reads of the encrypted
     * part of the connection is checked too.
     */
    private Replay replay(final List<Segment> segments)
    {
        final BitSet[] covered = {new BitSet(), new BitSet()};
        final long[] base = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (final Segment segment : segments)
        {
            final int direction = segment.fromClient() ? CLIENT : SERVER;
            base[direction] = Math.min(base[direction], segment.sequence());
        }
        contiguous[CLIENT] = 0;
        contiguous[SERVER] = 0;
        scanner.reset(0);
        JsonNode record = null;
        int frame = -1;
        for (final Segment segment : segments)
        {
            final int direction = segment.fromClient() ? CLIENT : SERVER;
            final long at = segment.sequence() - base[direction];
            final int length = (int)Math.min(segment.payload().length, Math.max(0, BUFFER - at));
            for (int i = 0; i < length; i++)
            {
                if (!covered[direction].get((int)at + i))
                {
                    streams.putByte(direction * BUFFER + (int)at + i, segment.payload()[i]);
                    covered[direction].set((int)at + i);
                }
            }
            contiguous[direction] = Math.min(BUFFER, covered[direction].nextClearBit(0));
            scanner.scan(0, direction, streams, direction * BUFFER, contiguous[direction]);
            if (record == null && scanner.serverComplete(0))
            {
                if (parse())
                {
                    record = record();
                    frame = segment.frame();
                }
                else
                {
                    scanner.expectSecondServerHello(0);
                }
            }
        }
        if (record == null)
        {
            parse();
            record = record();
        }
        return new Replay(record, frame);
    }

    private boolean parse()
    {
        return builder.parse(streams, 0, contiguous[CLIENT], 0, BUFFER, contiguous[SERVER], 0);
    }

    private JsonNode record()
    {
        writer.begin(slot, 0, slot.capacity(), Dataset.TLS, 0);
        writer.connection(1, 4, 6, new UnsafeBuffer(new byte[8]), 0, 4, 50000, 443);
        builder.write(writer);
        writer.finish();
        final int length = encoder.encode(slot, 0);
        final byte[] json = new byte[length];
        encoder.buffer().getBytes(0, json);
        try
        {
            return JSON.readTree(json);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<Integer> types(final TlsHandshakeMessages gathered)
    {
        final List<Integer> types = new ArrayList<>();
        for (int i = 0; i < gathered.count(); i++)
        {
            types.add(gathered.type(i));
        }
        return types;
    }

    private List<Integer> completedTypes(final int direction)
    {
        final List<Integer> types = new ArrayList<>();
        for (int type = 0; type < 32; type++)
        {
            if (scanner.completed(0, direction, type))
            {
                types.add(type);
            }
        }
        return types;
    }

    private static List<Integer> typeSet(final List<Integer> types)
    {
        return types.stream().filter(type -> type < 32).distinct().sorted().toList();
    }

    private static int count(final List<Integer> types, final int type)
    {
        return (int)types.stream().filter(t -> t == type).count();
    }

    private static String text(final JsonNode record, final String pointer)
    {
        final JsonNode node = record.at(pointer);
        return node.isMissingNode() ? null : node.asText();
    }

    private static void check(final List<String> differences, final String where, final String what,
        final Object expected, final Object actual)
    {
        if (!Objects.equals(expected, actual))
        {
            differences.add(where + ": " + what + ": tshark=" + expected + " sensor=" + actual);
        }
    }
}
