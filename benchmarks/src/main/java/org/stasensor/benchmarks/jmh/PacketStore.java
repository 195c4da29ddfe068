package org.stasensor.benchmarks.jmh;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.stasensor.benchmarks.capture.CaptureFiles;
import org.stasensor.benchmarks.capture.CaptureMultiplier;
import org.stasensor.benchmarks.capture.SeedTemplate;
import org.stasensor.pipeline.packet.LinkType;

/**
 * A fixed number of packets preloaded into one native segment, laid out as in a classic pcap file (a 16-byte gap,
 * where the record header would be, before each packet), so that reading them costs what reading an mmap'ed capture
 * costs, without the page cache or the disk in the measurement. An index on the heap gives each packet's offset,
 * lengths, link type and time.
 */
public final class PacketStore implements AutoCloseable
{
    private static final int RECORD_GAP = 16;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory;
    private final long[] offsets;
    private final int[] capturedLengths;
    private final int[] wireLengths;
    private final int[] linkTypes;
    private final long[] timestamps;
    private final long spanNanos;
    private final String description;

    private PacketStore(final Packets packets, final String description)
    {
        final int count = packets.count;
        memory = arena.allocate(Math.max(1, packets.bytes), 64);
        offsets = new long[count];
        capturedLengths = new int[count];
        wireLengths = new int[count];
        linkTypes = new int[count];
        timestamps = new long[count];
        this.description = description;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long position = 0;
        for (int i = 0; i < count; i++)
        {
            position += RECORD_GAP;
            final byte[] bytes = packets.frames[i];
            MemorySegment.copy(bytes, 0, memory, ValueLayout.JAVA_BYTE, position, bytes.length);
            offsets[i] = position;
            capturedLengths[i] = bytes.length;
            wireLengths[i] = packets.wireLengths[i];
            linkTypes[i] = packets.linkTypes[i];
            timestamps[i] = packets.timestamps[i];
            first = Math.min(first, timestamps[i]);
            last = Math.max(last, timestamps[i]);
            position += bytes.length;
        }
        spanNanos = count == 0 ? 0 : last - first;
    }

    /**
     * Packets made by the {@link CaptureMultiplier} from seed captures, without any file in between.
     *
     * @param seeds       seed captures.
     * @param count       packets wanted.
     * @param concurrency copies of the seeds in flight at once.
     * @return the store.
     * @throws IOException when a seed cannot be read.
     */
    public static PacketStore fromSeeds(final List<Path> seeds, final int count, final int concurrency)
        throws IOException
    {
        final SeedTemplate template = SeedTemplate.load(seeds);
        final Packets packets = new Packets(count);
        CaptureMultiplier.write(template, CaptureMultiplier.copiesForPackets(template, count), count, concurrency,
            (timestampNanos, frame, length, wireLength) ->
                packets.add(LinkType.ETHERNET, frame, length, wireLength, timestampNanos));
        return new PacketStore(packets, count + " packets of " + template.seedCount() + " seeds x "
            + CaptureMultiplier.copiesForPackets(template, count) + " copies");
    }

    /**
     * The first packets of a capture file.
     *
     * @param file  a pcap or pcapng file.
     * @param count packets wanted.
     * @return the store.
     * @throws IOException when the file cannot be read.
     * @throws IllegalArgumentException when the file holds fewer packets.
     */
    public static PacketStore fromFile(final Path file, final int count) throws IOException
    {
        final Packets packets = new Packets(count);
        CaptureFiles.read(file, (linkType, segment, offset, captured, wire, timestampNanos) ->
        {
            if (packets.count < count)
            {
                packets.add(linkType, segment.asSlice(offset, captured).toArray(ValueLayout.JAVA_BYTE), captured,
                    wire, timestampNanos);
            }
        });
        if (packets.count < count)
        {
            throw new IllegalArgumentException(file + " holds " + packets.count + " packets, the benchmark needs "
                + count + "; make a bigger one with CaptureMultiplier (see benchmarks/README.md)");
        }
        return new PacketStore(packets, count + " packets of " + file);
    }

    /**
     * @return packets held.
     */
    public int count()
    {
        return offsets.length;
    }

    /**
     * @return the memory all packets are in.
     */
    public MemorySegment memory()
    {
        return memory;
    }

    /**
     * @param index packet number.
     * @return its offset in {@link #memory()}.
     */
    public long offset(final int index)
    {
        return offsets[index];
    }

    /**
     * @param index packet number.
     * @return captured bytes.
     */
    public int capturedLength(final int index)
    {
        return capturedLengths[index];
    }

    /**
     * @param index packet number.
     * @return bytes on the wire.
     */
    public int wireLength(final int index)
    {
        return wireLengths[index];
    }

    /**
     * @param index packet number.
     * @return its LINKTYPE.
     */
    public int linkType(final int index)
    {
        return linkTypes[index];
    }

    /**
     * @param index packet number.
     * @return capture time in nanoseconds.
     */
    public long timestampNanos(final int index)
    {
        return timestamps[index];
    }

    /**
     * @return time from the first to the last packet.
     */
    public long spanNanos()
    {
        return spanNanos;
    }

    /**
     * @return total bytes captured.
     */
    public long capturedBytes()
    {
        long sum = 0;
        for (final int length : capturedLengths)
        {
            sum += length;
        }
        return sum;
    }

    @Override
    public String toString()
    {
        return description;
    }

    @Override
    public void close()
    {
        arena.close();
    }

    /** Packets collected on the heap before they are laid out off-heap. */
    private static final class Packets
    {
        final byte[][] frames;
        final int[] wireLengths;
        final int[] linkTypes;
        final long[] timestamps;
        int count;
        long bytes;

        Packets(final int capacity)
        {
            frames = new byte[capacity][];
            wireLengths = new int[capacity];
            linkTypes = new int[capacity];
            timestamps = new long[capacity];
        }

        void add(final int linkType, final byte[] frame, final int length, final int wireLength,
            final long timestampNanos)
        {
            frames[count] = Arrays.copyOf(frame, length);
            wireLengths[count] = wireLength;
            linkTypes[count] = linkType;
            timestamps[count] = timestampNanos;
            count++;
            bytes += RECORD_GAP + length;
        }
    }
}
