package org.stasensor.appliance.capture.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stasensor.appliance.capture.file.FrameAssertions.assertSameFrames;
import static org.stasensor.appliance.capture.file.FrameAssertions.readComplete;

/**
 * Every capture of the third-party corpus (pcap and pcapng written by tcpdump, dumpcap, Wireshark and others, with
 * Ethernet, BSD loopback and Linux cooked link types, micro- and nanosecond resolutions) read by the reader and by
 * Wireshark's own tools, which must agree on every packet.
 */
class CorpusCapturesTest
{
    private static final Comparator<Frame> CANONICAL = Comparator.comparingLong(Frame::timestampNanos)
        .thenComparing(Frame::md5).thenComparingInt(Frame::capturedLength).thenComparingInt(Frame::wireLength)
        .thenComparingInt(Frame::linkType);

    @TempDir
    Path temp;

    @Test
    void everyCorpusCaptureAgreesWithCapinfosOnFormatLinkTypeCountBytesAndTimeSpan() throws Exception
    {
        final List<Path> files = corpusCaptures();
        final List<String[]> rows = WiresharkTools.capinfos(List.of("-t", "-E", "-c", "-d", "-S", "-a", "-e"), files);
        assertEquals(files.size(), rows.size(), "one capinfos row per file");
        for (int i = 0; i < files.size(); i++)
        {
            final Path file = files.get(i);
            final String[] row = rows.get(i);
            final PacketLog log = new PacketLog();
            final CaptureFileResult result = new CaptureFileReader().read(file, log);
            assertEquals(ReadStatus.OK, result.status(), result.message());
            assertEquals(row[1], switch (result.format())
            {
                case PCAP -> "pcap";
                case PCAP_NANOSECOND -> "nsecpcap";
                case PCAPNG -> "pcapng";
            }, file + ": format");
            final int linkType = WiresharkTools.ENCAPSULATION_TO_LINKTYPE.get(row[2]);
            assertTrue(log.frames.stream().allMatch(f -> f.linkType() == linkType), file + ": link type " + row[2]);
            assertEquals(Long.parseLong(row[3]), log.frames.size(), file + ": packets");
            // capinfos' "data size" is the sum of original (wire) lengths
            assertEquals(Long.parseLong(row[4]), log.frames.stream().mapToLong(Frame::wireLength).sum(),
                file + ": data bytes");
            assertEquals(WiresharkTools.epochNanos(row[5]),
                log.frames.stream().mapToLong(Frame::timestampNanos).min().orElseThrow(), file + ": first time");
            assertEquals(WiresharkTools.epochNanos(row[6]),
                log.frames.stream().mapToLong(Frame::timestampNanos).max().orElseThrow(), file + ": last time");
        }
    }

    /**
     * mergecap puts every corpus packet into one multi-interface pcapng, which tshark reads once (fast); the reader
     * must find exactly tshark's packets both in the merged file, in order, and across the original files.
     */
    @Test
    void everyCorpusPacketAgreesWithTsharkOnBytesLengthsTimeAndLinkType() throws Exception
    {
        final List<Path> files = corpusCaptures();
        final Path merged = temp.resolve("corpus.pcapng");
        final List<String> args = new ArrayList<>(List.of("-F", "pcapng", "-w", merged.toString()));
        files.forEach(file -> args.add(file.toString()));
        WiresharkTools.mergecap(args);
        final List<Frame> tshark = WiresharkTools.tsharkFrames(merged);
        assertTrue(tshark.size() > 10_000, "corpus holds thousands of packets: " + tshark.size());

        assertSameFrames(tshark, readComplete(merged).frames, "merged corpus, in order");

        final List<Frame> fromOriginals = new ArrayList<>();
        for (final Path file : files)
        {
            fromOriginals.addAll(readComplete(file).frames);
        }
        final List<Frame> expected = new ArrayList<>(tshark);
        expected.sort(CANONICAL);
        fromOriginals.sort(CANONICAL);
        assertSameFrames(expected, fromOriginals, "original corpus files");
    }

    static List<Path> corpusCaptures() throws IOException
    {
        final Path corpus = TestFiles.corpus();
        try (Stream<Path> walk = Files.walk(corpus))
        {
            final List<Path> files = walk.filter(Files::isRegularFile).filter(f ->
            {
                final String name = f.getFileName().toString();
                return name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap");
            }).sorted().toList();
            assertTrue(files.size() > 50, "corpus captures found: " + files.size());
            return files;
        }
    }
}
