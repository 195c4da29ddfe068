package org.stasensor.benchmarks.capture;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

import org.stasensor.pipeline.packet.LinkType;

/**
 * Makes a large, time-ordered capture from small seed captures: copy {@code k} of the {@link SeedTemplate} starts
 * {@code k * stride} after the first, where {@code stride = (span + 1 ms) / concurrency}, so about
 * {@code concurrency} copies are in flight at any time; every (copy, seed) pair gets its own addresses and
 * ephemeral ports from a {@link FlowRewriter}, so flows never merge across copies. Checksums are updated so that each
 * packet keeps the checksum status it had.
 * <p>
 * Why a Java program and not tcprewrite + mergecap: a copy per tcprewrite run means thousands of processes and
 * temporary files for a few million packets, then a k-way mergecap over all of them; here one pass writes the file
 * at disk speed, the identity of each copy is a documented bijection (so tests can check "copies x flows"), seeds
 * of any link type (pcapng, Linux cooked, raw IP) end up in one classic Ethernet pcap that every peer tool reads,
 * and the same code fills off-heap memory for the JMH benchmarks without any file.
 */
public final class CaptureMultiplier
{
    /** Copies in flight at once unless told otherwise. */
    public static final int DEFAULT_CONCURRENCY = 4;
    private static final long MIN_STRIDE_NANOS = 1_000_000L;
    private static final int PCAP_RECORD_HEADER = 16;

    /** Seeds used when none are named: the project sample and TLS, SSH and DNS captures of the shared corpus. */
    public static final List<String> DEFAULT_CORPUS_SEEDS = List.of(
        "ja3/Traces/ssl-chrome.pcap",
        "ja3/Traces/ssl-curl.pcap",
        "ja4/pcap/tls3.pcapng",
        "ja4/pcap/tls-handshake.pcapng",
        "ja4/pcap/tls-sni.pcapng",
        "ja4/pcap/latest.pcapng",
        "ja4/pcap/browsers-x509.pcapng",
        "ja4/pcap/ssh.pcapng",
        "ja4/pcap/ssh2.pcapng",
        "ja4/pcap/ssh-scp-1050.pcap",
        "ja4/pcap/v6.pcap",
        "nDPI/pcap/443-firefox.pcap",
        "nDPI/pcap/443-curl.pcap",
        "nDPI/pcap/443-safari.pcap",
        "nDPI/pcap/443-git.pcap",
        "nDPI/pcap/googledns_android10.pcap",
        "nDPI/pcap/bad-dns-traffic.pcap",
        "nDPI/pcap/dns_exfiltration.pcap",
        "nDPI/pcap/tls_long_cert.pcap",
        "nDPI/pcap/tls_verylong_certificate.pcap");

    /** The project's own sample capture, relative to the project root. */
    public static final String PROJECT_SAMPLE = "appliance/samples/sample.pcap";

    /**
     * What was written.
     *
     * @param copies     copies started.
     * @param packets    packets written.
     * @param frameBytes frame bytes written (without pcap record headers).
     * @param firstNanos time of the first packet.
     * @param lastNanos  time of the last packet.
     */
    public record Summary(long copies, long packets, long frameBytes, long firstNanos, long lastNanos)
    {
    }

    private CaptureMultiplier()
    {
    }

    /**
     * The default seeds that exist: the project sample and the corpus captures listed in
     * {@link #DEFAULT_CORPUS_SEEDS}.
     *
     * @param projectRoot the project root (where {@code appliance/} is).
     * @param corpus      the shared corpus root.
     * @return the seed files found; missing ones are left out.
     */
    public static List<Path> defaultSeeds(final Path projectRoot, final Path corpus)
    {
        final List<Path> seeds = new ArrayList<>();
        final Path sample = projectRoot.resolve(PROJECT_SAMPLE);
        if (Files.isRegularFile(sample))
        {
            seeds.add(sample);
        }
        for (final String relative : DEFAULT_CORPUS_SEEDS)
        {
            final Path seed = corpus.resolve(relative);
            if (Files.isRegularFile(seed))
            {
                seeds.add(seed);
            }
        }
        return seeds;
    }

    /**
     * The project root: the {@code sta.home} or {@code sta.project.dir} property, else the nearest directory up from
     * the working directory that holds {@code pipeline/} and {@code benchmarks/}.
     *
     * @return the project root.
     */
    public static Path projectRoot()
    {
        for (final String property : new String[]{"sta.home", "sta.project.dir"})
        {
            final String configured = System.getProperty(property);
            if (configured != null)
            {
                return Path.of(configured).toAbsolutePath().normalize();
            }
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("pipeline")) && Files.isDirectory(dir.resolve(
            "benchmarks"))))
        {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }

    /**
     * The shared corpus: the {@code sta.corpus.dir} property, else {@code ../shared/corpus} from the project root.
     *
     * @param projectRoot the project root.
     * @return the corpus root.
     */
    public static Path corpus(final Path projectRoot)
    {
        final String configured = System.getProperty("sta.corpus.dir");
        return (configured != null ? Path.of(configured) : projectRoot.resolve("../shared/corpus"))
            .toAbsolutePath().normalize();
    }

    /**
     * Writes copies of the template in time order.
     *
     * @param template    the seeds.
     * @param copies      copies to start.
     * @param maxPackets  stop after this many packets (Long.MAX_VALUE for all copies in full).
     * @param concurrency copies in flight at once (1 = back to back).
     * @param sink        gets the frames.
     * @return what was written.
     */
    public static Summary write(final SeedTemplate template, final long copies, final long maxPackets,
        final int concurrency, final FrameSink sink)
    {
        if (copies < 1 || concurrency < 1)
        {
            throw new IllegalArgumentException("copies and concurrency must be at least 1, got " + copies + " and "
                + concurrency);
        }
        final long identities = copies * template.seedCount();
        if (identities > (1 << 24))
        {
            throw new IllegalArgumentException(copies + " copies of " + template.seedCount()
                + " seeds exceed the 2^24 distinct address masks; use fewer copies or seeds");
        }
        final long stride = Math.max(MIN_STRIDE_NANOS, (template.spanNanos() + MIN_STRIDE_NANOS) / concurrency);
        final FlowRewriter rewriter = new FlowRewriter();
        final byte[] scratch = new byte[maxFrameLength(template)];
        final PriorityQueue<Cursor> inFlight = new PriorityQueue<>();
        final long firstRelative = template.relativeNanos(0);
        long nextCopy = 0;
        long packets = 0;
        long bytes = 0;
        long first = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        while (packets < maxPackets)
        {
            while (nextCopy < copies && (inFlight.isEmpty()
                || template.baseNanos() + nextCopy * stride + firstRelative <= inFlight.peek().timestampNanos))
            {
                inFlight.add(new Cursor(nextCopy, template.baseNanos() + nextCopy * stride, template));
                nextCopy++;
            }
            final Cursor cursor = inFlight.poll();
            if (cursor == null)
            {
                break;
            }
            final int index = cursor.index;
            final byte[] frame = template.frame(index);
            System.arraycopy(frame, 0, scratch, 0, frame.length);
            rewriter.copy(cursor.copy * template.seedCount() + template.seed(index)).rewrite(scratch, frame.length);
            sink.frame(cursor.timestampNanos, scratch, frame.length, template.wireLength(index));
            if (first == Long.MIN_VALUE)
            {
                first = cursor.timestampNanos;
            }
            last = cursor.timestampNanos;
            packets++;
            bytes += frame.length;
            if (cursor.advance(template))
            {
                inFlight.add(cursor);
            }
        }
        return new Summary(nextCopy, packets, bytes, first, last);
    }

    /**
     * Copies needed for a packet count.
     *
     * @param template the seeds.
     * @param packets  packets wanted.
     * @return copies.
     */
    public static long copiesForPackets(final SeedTemplate template, final long packets)
    {
        return Math.max(1, (packets + template.packets() - 1) / template.packets());
    }

    /**
     * Copies needed for a classic pcap file of about this size.
     *
     * @param template the seeds.
     * @param bytes    file size wanted.
     * @return copies.
     */
    public static long copiesForBytes(final SeedTemplate template, final long bytes)
    {
        final long perCopy = template.frameBytes() + (long)PCAP_RECORD_HEADER * template.packets();
        return Math.max(1, (bytes + perCopy - 1) / perCopy);
    }

    private static int maxFrameLength(final SeedTemplate template)
    {
        int max = 0;
        for (int i = 0; i < template.packets(); i++)
        {
            max = Math.max(max, template.frame(i).length);
        }
        return max;
    }

    /**
     * Command line: {@code CaptureMultiplier --out FILE [--packets N | --size 1g | --copies K] [--concurrency C]
     * [SEED...]}. Without seeds, the project sample and the default corpus seeds are used.
     *
     * @param args the arguments.
     * @throws IOException when a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        try
        {
            run(args, System.out);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("CaptureMultiplier: " + ex.getMessage());
            System.exit(2);
        }
    }

    private static void run(final String[] args, final PrintStream out) throws IOException
    {
        Path output = null;
        long packets = -1;
        long size = -1;
        long copies = -1;
        int concurrency = DEFAULT_CONCURRENCY;
        final List<Path> seeds = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--out", "-o" -> output = Path.of(value(args, ++i));
                case "--packets" -> packets = parseSize(value(args, ++i));
                case "--size" -> size = parseSize(value(args, ++i));
                case "--copies" -> copies = parseSize(value(args, ++i));
                case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i));
                case "-h", "--help" ->
                {
                    usage(out);
                    return;
                }
                default ->
                {
                    if (args[i].startsWith("-"))
                    {
                        usage(System.err);
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    seeds.add(Path.of(args[i]));
                }
            }
        }
        if (output == null)
        {
            usage(System.err);
            throw new IllegalArgumentException("--out FILE is required");
        }
        if (seeds.isEmpty())
        {
            final Path root = projectRoot();
            seeds.addAll(defaultSeeds(root, corpus(root)));
        }
        final SeedTemplate template = SeedTemplate.load(seeds);
        long maxPackets = Long.MAX_VALUE;
        if (packets > 0)
        {
            copies = copiesForPackets(template, packets);
            maxPackets = packets;
        }
        else if (size > 0)
        {
            copies = copiesForBytes(template, size);
        }
        else if (copies < 1)
        {
            copies = 1;
        }
        final long started = System.nanoTime();
        final Summary summary;
        try (PcapWriter writer = new PcapWriter(output, LinkType.ETHERNET))
        {
            summary = write(template, copies, maxPackets, concurrency, writer);
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "seeds: %d files, %d packets, %d frame bytes, span %.3f s (skipped %d, re-timed %d)%n",
            template.seedCount(), template.packets(), template.frameBytes(), template.spanNanos() / 1e9,
            template.skipped(), template.reordered());
        out.printf(Locale.ROOT, "wrote %s: %d copies, %d packets, %d bytes, capture time %.3f s, in %.1f s%n",
            output, summary.copies(), summary.packets(), Files.size(output),
            (summary.lastNanos() - summary.firstNanos()) / 1e9, seconds);
    }

    private static String value(final String[] args, final int index)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    /** Parses a count or size with an optional decimal suffix: "2000000", "2m" (2 x 10^6), "1.5g". */
    static long parseSize(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        final char unit = t.charAt(t.length() - 1);
        final long factor = switch (unit)
        {
            case 'k' -> 1_000L;
            case 'm' -> 1_000_000L;
            case 'g' -> 1_000_000_000L;
            default -> 1L;
        };
        final String digits = factor == 1 ? t : t.substring(0, t.length() - 1);
        return (long)(Double.parseDouble(digits) * factor);
    }

    private static void usage(final PrintStream out)
    {
        out.println("usage: CaptureMultiplier --out FILE [--packets N | --size BYTES | --copies K] "
            + "[--concurrency C] [SEED.pcap|SEED.pcapng ...]");
        out.println("  sizes take k/m/g suffixes (decimal); default seeds: " + PROJECT_SAMPLE
            + " and " + DEFAULT_CORPUS_SEEDS.size() + " TLS/SSH/DNS captures of ../shared/corpus");
    }

    /** Where one copy is in the template. */
    private static final class Cursor implements Comparable<Cursor>
    {
        final long copy;
        final long startNanos;
        int index;
        long timestampNanos;

        Cursor(final long copy, final long startNanos, final SeedTemplate template)
        {
            this.copy = copy;
            this.startNanos = startNanos;
            this.timestampNanos = startNanos + template.relativeNanos(0);
        }

        boolean advance(final SeedTemplate template)
        {
            index++;
            if (index >= template.packets())
            {
                return false;
            }
            timestampNanos = startNanos + template.relativeNanos(index);
            return true;
        }

        @Override
        public int compareTo(final Cursor other)
        {
            final int byTime = Long.compare(timestampNanos, other.timestampNanos);
            return byTime != 0 ? byTime : Long.compare(copy, other.copy);
        }
    }
}
