package org.stasensor.benchmarks.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The seed captures merged into one time line: every seed starts at time 0, packets become Ethernet frames and are
 * ordered by their time since their seed's first packet. One copy of the template is one "round" of the multiplied
 * capture.
 */
public final class SeedTemplate
{
    private final List<String> seedNames;
    private final byte[][] frames;
    private final int[] wireLengths;
    private final int[] seeds;
    private final long[] relativeNanos;
    private final long baseNanos;
    private final long spanNanos;
    private final long frameBytes;
    private final long skipped;
    private final long reordered;

    private SeedTemplate(final List<String> seedNames, final List<Packet> packets, final long baseNanos,
        final long skipped, final long reordered)
    {
        this.seedNames = List.copyOf(seedNames);
        final int count = packets.size();
        frames = new byte[count][];
        wireLengths = new int[count];
        seeds = new int[count];
        relativeNanos = new long[count];
        long bytes = 0;
        long span = 0;
        for (int i = 0; i < count; i++)
        {
            final Packet p = packets.get(i);
            frames[i] = p.frame;
            wireLengths[i] = p.wireLength;
            seeds[i] = p.seed;
            relativeNanos[i] = p.relativeNanos;
            bytes += p.frame.length;
            span = Math.max(span, p.relativeNanos);
        }
        this.baseNanos = baseNanos;
        this.spanNanos = span;
        this.frameBytes = bytes;
        this.skipped = skipped;
        this.reordered = reordered;
    }

    /**
     * Reads seed captures (pcap or pcapng).
     *
     * @param files the seeds, each given its own flow identities in every copy.
     * @return the template.
     * @throws IOException when a seed cannot be read.
     * @throws IllegalArgumentException when no seed holds a usable packet.
     */
    public static SeedTemplate load(final List<Path> files) throws IOException
    {
        final List<Packet> packets = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        long base = Long.MAX_VALUE;
        final long[] skippedAndReordered = new long[2];
        for (final Path file : files)
        {
            final int seed = names.size();
            names.add(file.getFileName().toString());
            final List<Packet> seedPackets = new ArrayList<>();
            CaptureFiles.read(file, (linkType, memory, offset, captured, wire, timestampNanos) ->
            {
                final byte[] frame = EthernetFraming.toEthernet(linkType, memory, offset, captured);
                if (frame == null)
                {
                    skippedAndReordered[0]++;
                    return;
                }
                final int wireLength = Math.max(frame.length, wire + EthernetFraming.lengthChange(linkType));
                seedPackets.add(new Packet(seed, timestampNanos, frame, wireLength));
            });
            if (seedPackets.isEmpty())
            {
                continue;
            }
            final long first = seedPackets.getFirst().relativeNanos;
            base = Math.min(base, first);
            long previous = 0;
            for (final Packet p : seedPackets)
            {
                long relative = p.relativeNanos - first;
                if (relative < previous)
                {
                    // Keep file order and make time follow it, so that the output is time-ordered.
                    skippedAndReordered[1]++;
                    relative = previous;
                }
                p.relativeNanos = relative;
                previous = relative;
            }
            packets.addAll(seedPackets);
        }
        if (packets.isEmpty())
        {
            throw new IllegalArgumentException("no usable packet in the seeds " + files);
        }
        packets.sort(Comparator.comparingLong((final Packet p) -> p.relativeNanos).thenComparingInt(p -> p.seed));
        return new SeedTemplate(names, packets, base, skippedAndReordered[0], skippedAndReordered[1]);
    }

    /**
     * @return packets in one copy.
     */
    public int packets()
    {
        return frames.length;
    }

    /**
     * @return number of seeds (each has its own identity per copy).
     */
    public int seedCount()
    {
        return seedNames.size();
    }

    /**
     * @return seed file names, in the order given.
     */
    public List<String> seedNames()
    {
        return seedNames;
    }

    /**
     * @return frame bytes in one copy.
     */
    public long frameBytes()
    {
        return frameBytes;
    }

    /**
     * @return time from the first to the last packet of one copy.
     */
    public long spanNanos()
    {
        return spanNanos;
    }

    /**
     * @return the earliest timestamp of any seed: copy 0 starts there.
     */
    public long baseNanos()
    {
        return baseNanos;
    }

    /**
     * @return seed packets left out (link type that cannot be framed as Ethernet).
     */
    public long skipped()
    {
        return skipped;
    }

    /**
     * @return seed packets whose time went backwards and was set to their predecessor's.
     */
    public long reordered()
    {
        return reordered;
    }

    byte[] frame(final int index)
    {
        return frames[index];
    }

    int wireLength(final int index)
    {
        return wireLengths[index];
    }

    int seed(final int index)
    {
        return seeds[index];
    }

    long relativeNanos(final int index)
    {
        return relativeNanos[index];
    }

    private static final class Packet
    {
        final int seed;
        final byte[] frame;
        final int wireLength;
        long relativeNanos;

        Packet(final int seed, final long timestampNanos, final byte[] frame, final int wireLength)
        {
            this.seed = seed;
            this.relativeNanos = timestampNanos;
            this.frame = frame;
            this.wireLength = wireLength;
        }
    }
}
