package org.stasensor.pipeline.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The oracle: tshark's dissection of every DNS message of a capture, over UDP (the datagram's payload, IP fragments
 * reassembled by tshark) and over TCP (the stream's bytes per direction, cut into messages by the framing walker
 * under test and paired in order with the frames where tshark finished each message).
 */
final class TsharkDns
{
    /** Fields asked from tshark; the comparison uses those {@link WiresharkView} also produces. */
    static final String[] FIELDS = {
        "dns.id", "dns.flags", "dns.count.queries", "dns.count.zones", "dns.count.answers",
        "dns.count.prerequisites", "dns.count.auth_rr", "dns.count.updates", "dns.count.add_rr", "dns.qry.name",
        "dns.qry.type", "dns.qry.class", "dns.resp.name", "dns.resp.type", "dns.resp.class", "dns.resp.ttl",
        "dns.resp.len", "dns.a", "dns.aaaa", "dns.cname", "dns.ns", "dns.ptr.domain_name", "dns.mx.preference",
        "dns.mx.mail_exchange", "dns.txt", "dns.soa.mname", "dns.soa.rname", "dns.soa.serial_number",
        "dns.soa.refresh_interval", "dns.soa.retry_interval", "dns.soa.expire_limit", "dns.soa.minimum_ttl",
        "dns.srv.priority", "dns.srv.weight", "dns.srv.port", "dns.srv.target", "dns.svcb.svcpriority",
        "dns.svcb.targetname", "dns.svcb.svcparam.alpn", "dns.svcb.svcparam.port", "dns.rr.udp_payload_size",
        "dns.resp.ext_rcode", "dns.resp.edns0_version", "dns.resp.z.do", "dns.opt.code", "dns.opt.client.family",
        "dns.opt.client.netmask", "dns.opt.client.scope", "dns.opt.client.addr4", "dns.opt.client.addr6",
        "dns.length"};

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TSHARK_TIMEOUT_SECONDS = 60;

    /**
     * One message and tshark's fields for it.
     *
     * @param where  capture and frame, for messages.
     * @param bytes  the message (no TCP prefix).
     * @param tcp    whether it came over TCP.
     * @param fields tshark's values per field name, in tree order.
     * @param malformed whether tshark flagged the frame malformed.
     */
    record Message(String where, byte[] bytes, boolean tcp, Map<String, List<String>> fields, boolean malformed)
    {
        List<String> values(final String field)
        {
            return fields.getOrDefault(field, List.of());
        }
    }

    /**
     * Counts of what {@link #read} found.
     *
     * @param tcpMessagesUnpaired TCP messages the walker found that tshark did not dissect alone in a frame.
     * @param tcpFramesSeen       TCP frames with DNS.
     * @param maxMessagesPerStream most messages the framing walker found in one direction of one TCP stream.
     */
    record Tally(int tcpMessagesUnpaired, int tcpFramesSeen, int maxMessagesPerStream)
    {
    }

    private TsharkDns()
    {
    }

    /**
     * Every DNS message of a capture with tshark's fields.
     *
     * @param capture the capture.
     * @param out     receives the messages.
     * @return counts of TCP pairing.
     */
    static Tally read(final Path capture, final List<Message> out)
    {
        final List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-Y",
            "dns && !icmp && !icmpv6", "-T", "json", "-e", "frame.number", "-e", "udp.payload", "-e", "tcp.stream",
            "-e", "tcp.srcport", "-e", "_ws.malformed", "-e", "_ws.expert.severity"));
        for (final String field : FIELDS)
        {
            command.add("-e");
            command.add(field);
        }
        final Map<String, List<Map<String, List<String>>>> tcpFrames = new LinkedHashMap<>();
        int tcpFramesSeen = 0;
        for (final JsonNode packet : json(command))
        {
            final Map<String, List<String>> fields = layers(packet);
            final String frame = first(fields, "frame.number");
            final String udpPayload = first(fields, "udp.payload");
            final boolean malformed = fields.containsKey("_ws.malformed");
            if (udpPayload != null)
            {
                out.add(new Message(capture.getFileName() + " frame " + frame,
                    HexFormat.of().parseHex(udpPayload.replace(":", "")), false, fields, malformed));
            }
            else if (first(fields, "tcp.stream") != null)
            {
                tcpFramesSeen++;
                fields.put("frame.number", List.of(frame));
                tcpFrames.computeIfAbsent(first(fields, "tcp.stream") + "/" + first(fields, "tcp.srcport"),
                    k -> new ArrayList<>()).add(fields);
            }
        }
        final int[] counts = new int[2];
        if (!tcpFrames.isEmpty())
        {
            pairTcp(capture, tcpFrames, out, counts);
        }
        return new Tally(counts[0], tcpFramesSeen, counts[1]);
    }

    /**
     * Cuts each TCP direction into messages; {@code counts} receives the messages not paired with a frame and the
     * most messages of one direction.
     */
    private static void pairTcp(final Path capture, final Map<String, List<Map<String, List<String>>>> frames,
        final List<Message> out, final int[] counts)
    {
        final Map<String, java.io.ByteArrayOutputStream> streams = new LinkedHashMap<>();
        final List<String> command = List.of("tshark", "-n", "-r", capture.toString(), "-Y",
            "tcp.len > 0 && !tcp.analysis.retransmission", "-T", "json", "-e", "tcp.stream", "-e", "tcp.srcport",
            "-e", "tcp.payload");
        for (final JsonNode packet : json(command))
        {
            final Map<String, List<String>> fields = layers(packet);
            final String key = first(fields, "tcp.stream") + "/" + first(fields, "tcp.srcport");
            if (frames.containsKey(key))
            {
                streams.computeIfAbsent(key, k -> new java.io.ByteArrayOutputStream())
                    .writeBytes(HexFormat.of().parseHex(first(fields, "tcp.payload").replace(":", "")));
            }
        }
        int unpaired = 0;
        final DnsTcpFraming framing = new DnsTcpFraming();
        for (final Map.Entry<String, List<Map<String, List<String>>>> entry : frames.entrySet())
        {
            final byte[] stream = streams.get(entry.getKey()).toByteArray();
            framing.wrap(new UnsafeBuffer(stream), 0, stream.length);
            int frameIndex = 0;
            while (framing.next())
            {
                final byte[] message = java.util.Arrays.copyOfRange(stream, framing.messageOffset(),
                    framing.messageOffset() + framing.messageLength());
                final Map<String, List<String>> fields = frameIndex < entry.getValue().size() ?
                    entry.getValue().get(frameIndex) : null;
                frameIndex++;
                if (fields == null || fields.getOrDefault("dns.id", List.of()).size() != 1)
                {
                    unpaired++;
                    continue;
                }
                out.add(new Message(capture.getFileName() + " frame " + first(fields, "frame.number") + " (tcp)",
                    message, true, fields, fields.containsKey("_ws.malformed")));
            }
            counts[1] = Math.max(counts[1], framing.messages());
        }
        counts[0] = unpaired;
    }

    private static Map<String, List<String>> layers(final JsonNode packet)
    {
        final Map<String, List<String>> fields = new LinkedHashMap<>();
        packet.path("_source").path("layers").properties().forEach(field ->
        {
            final List<String> values = new ArrayList<>();
            field.getValue().forEach(value -> values.add(value.asText()));
            fields.put(field.getKey(), values);
        });
        return fields;
    }

    private static String first(final Map<String, List<String>> fields, final String name)
    {
        final List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Runs tshark with its output in a file, so that a stuck tshark is killed at the deadline instead of blocking a
     * pipe read forever.
     */
    private static JsonNode json(final List<String> command)
    {
        java.nio.file.Path output = null;
        Process process = null;
        try
        {
            output = java.nio.file.Files.createTempFile("tshark-dns", ".json");
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(output.toFile()).start();
            if (!process.waitFor(TSHARK_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("tshark did not finish in " + TSHARK_TIMEOUT_SECONDS + " s: "
                    + command);
            }
            final byte[] bytes = java.nio.file.Files.readAllBytes(output);
            return bytes.length == 0 ? JSON.createArrayNode() : JSON.readTree(bytes);
        }
        catch (final IOException ex)
        {
            assumeTrue(process != null, "tshark not available: " + ex.getMessage());
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        finally
        {
            if (process != null && process.isAlive())
            {
                process.destroyForcibly();
            }
            if (output != null)
            {
                output.toFile().delete();
            }
        }
    }
}
