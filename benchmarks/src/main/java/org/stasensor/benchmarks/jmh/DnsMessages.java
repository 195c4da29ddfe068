package org.stasensor.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.benchmarks.capture.CaptureFiles;
import org.stasensor.benchmarks.capture.CaptureMultiplier;
import org.stasensor.pipeline.decode.DecodeResult;
import org.stasensor.pipeline.decode.DecodedPacket;
import org.stasensor.pipeline.decode.IpProtocol;
import org.stasensor.pipeline.decode.PacketDecoder;

/**
 * Real DNS messages for the DNS benchmarks: the UDP payloads to or from port 53 of the project sample and a few
 * corpus captures, read with the product's capture reader and packet decoder. Set-up code, not on the measured path.
 */
public final class DnsMessages
{
    /** DNS over UDP, RFC 1035 4.2.1. */
    public static final int PORT = 53;
    /**
     * Corpus captures with plain DNS over UDP, read in place under the corpus directory: A/AAAA/NS queries and
     * answers, EDNS with NSID and Client Subnet options, CNAME chains, a root NS answer with 13 records.
     */
    public static final List<String> DEFAULT_CORPUS_CAPTURES = List.of(
        "nDPI/pcap/dns.pcap",
        "nDPI/pcap/dns-google-nsid.pcapng",
        "nDPI/pcap/mullvad_dns.pcap",
        "nDPI/pcap/bt-dns.pcap");

    /** DNS header flags byte holding QR (RFC 1035 4.1.1): its top bit is set in responses. */
    private static final int FLAGS_HIGH_BYTE = 2;
    private static final int QR_BIT = 0x80;

    private DnsMessages()
    {
    }

    /**
     * The default captures that exist: the project sample and {@link #DEFAULT_CORPUS_CAPTURES}.
     *
     * @return paths.
     */
    public static List<Path> defaultCaptures()
    {
        final Path root = CaptureMultiplier.projectRoot();
        final Path corpus = CaptureMultiplier.corpus(root);
        final List<Path> captures = new ArrayList<>();
        captures.add(root.resolve(CaptureMultiplier.PROJECT_SAMPLE));
        for (final String name : DEFAULT_CORPUS_CAPTURES)
        {
            captures.add(corpus.resolve(name));
        }
        captures.removeIf(path -> !Files.isRegularFile(path));
        return captures;
    }

    /**
     * The UDP payloads of port 53 in the captures, in file order.
     *
     * @param captures pcap or pcapng files.
     * @param responses true for responses (QR set), false for queries.
     * @return copies of the messages.
     * @throws IOException when a capture cannot be read.
     */
    public static List<byte[]> read(final List<Path> captures, final boolean responses) throws IOException
    {
        final List<byte[]> messages = new ArrayList<>();
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket packet = decoder.packet();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        for (final Path capture : captures)
        {
            CaptureFiles.read(capture, (linkType, memory, offset, captured, wire, timestampNanos) ->
            {
                view.wrap(memory.address() + offset, captured);
                if (decoder.decode(linkType, view, captured) == DecodeResult.OK
                    && packet.transport() == IpProtocol.UDP
                    && (packet.sourcePort() == PORT || packet.destinationPort() == PORT)
                    && packet.payloadLength() > FLAGS_HIGH_BYTE
                    && ((view.getByte(packet.payloadOffset() + FLAGS_HIGH_BYTE) & QR_BIT) != 0) == responses)
                {
                    final byte[] message = new byte[packet.payloadLength()];
                    view.getBytes(packet.payloadOffset(), message);
                    messages.add(message);
                }
            });
        }
        return messages;
    }
}
