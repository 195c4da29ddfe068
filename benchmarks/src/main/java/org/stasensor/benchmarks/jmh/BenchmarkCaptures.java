package org.stasensor.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.stasensor.benchmarks.capture.CaptureMultiplier;

/**
 * Resolves the {@code capture} parameter of the benchmarks: {@value #SEEDS} (the default) multiplies the project
 * sample and the corpus seeds in memory; anything else is a path to a pcap or pcapng file with at least
 * {@link #PACKETS_PER_OPERATION} packets.
 */
public final class BenchmarkCaptures
{
    /** The parameter value that selects the built-in seed mix. */
    public static final String SEEDS = "seeds";
    /**
     * Packets fed per benchmark operation (one invocation); a constant because {@code @OperationsPerInvocation} needs
     * one, which makes JMH report packets/s and {@code gc.alloc.rate.norm} in bytes per packet.
     */
    public static final int PACKETS_PER_OPERATION = 100_000;

    private BenchmarkCaptures()
    {
    }

    /**
     * Loads the packets of one benchmark operation.
     *
     * @param capture {@value #SEEDS} or a file path.
     * @return the packets, off-heap.
     * @throws IOException when a file cannot be read.
     */
    public static PacketStore load(final String capture) throws IOException
    {
        if (SEEDS.equals(capture))
        {
            final Path root = CaptureMultiplier.projectRoot();
            final List<Path> seeds = CaptureMultiplier.defaultSeeds(root, CaptureMultiplier.corpus(root));
            if (seeds.isEmpty())
            {
                throw new IllegalStateException("no seed capture found under " + root + " or its ../shared/corpus; "
                    + "run from the project root or pass -Dsta.home=PROJECT -Dsta.corpus.dir=CORPUS");
            }
            return PacketStore.fromSeeds(seeds, PACKETS_PER_OPERATION, CaptureMultiplier.DEFAULT_CONCURRENCY);
        }
        return PacketStore.fromFile(Path.of(capture), PACKETS_PER_OPERATION);
    }
}
