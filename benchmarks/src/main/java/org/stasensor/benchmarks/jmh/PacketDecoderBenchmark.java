package org.stasensor.benchmarks.jmh;

import java.io.IOException;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.stasensor.pipeline.decode.DecodeResult;
import org.stasensor.pipeline.decode.DecodedPacket;
import org.stasensor.pipeline.decode.PacketDecoder;

/**
 * Decoding alone: link, network and transport headers of {@value BenchmarkCaptures#PACKETS_PER_OPERATION}
 * preloaded packets per operation, read in place through the same kind of view {@code PacketInspector} wraps around
 * each packet. The difference to {@link PacketInspectorBenchmark} is what flows, reassembly and parsers cost.
 */
@State(Scope.Thread)
public class PacketDecoderBenchmark extends PerPacketBenchmark
{
    /** {@value BenchmarkCaptures#SEEDS} or a capture file path. */
    @Param(BenchmarkCaptures.SEEDS)
    public String capture;

    private PacketStore packets;
    private final PacketDecoder decoder = new PacketDecoder();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    /**
     * Loads the packets.
     *
     * @throws IOException when the capture cannot be read.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        packets = BenchmarkCaptures.load(capture);
    }

    /**
     * Frees the packets.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        packets.close();
    }

    /**
     * Decodes every packet.
     *
     * @return a sum over the decoded fields, so the work cannot be dropped.
     */
    @Benchmark
    public long decode()
    {
        final PacketStore store = packets;
        final long address = store.memory().address();
        final PacketDecoder d = decoder;
        final DecodedPacket p = d.packet();
        final int count = store.count();
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            final int length = store.capturedLength(i);
            view.wrap(address + store.offset(i), length);
            final DecodeResult result = d.decode(store.linkType(i), view, length);
            sum += result.ordinal();
            if (result == DecodeResult.OK)
            {
                sum += p.sourcePort() + p.destinationPort() + p.payloadLength();
            }
        }
        return sum;
    }
}
