package org.stasensor.appliance.capture.dpdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Splits a capture into files so that each flow (both directions) lies in exactly one, as RSS would spread flows
 * over queues: tshark names each packet's addresses and ports, flows are dealt out in order of first appearance,
 * and tshark writes each file (classic pcap, microsecond timestamps, which is what DPDK 22.11's net_pcap reads)
 * with a display filter on the frame numbers (editcap takes at most 512 selections).
 * Packets without IP go to the first file. Neither tool is the code under test.
 */
final class FlowSplit
{
    private FlowSplit()
    {
    }

    /**
     * Writes {@code parts} files {@code prefix-0.pcap} ... next to each other.
     *
     * @param capture the capture (pcap or pcapng, Ethernet).
     * @param parts   how many files.
     * @param prefix  path prefix of the files.
     * @return the files, and how many packets each holds.
     * @throws Exception when a tool fails.
     */
    static List<Part> split(final Path capture, final int parts, final Path prefix) throws Exception
    {
        final String fields = run(List.of("tshark", "-n", "-r", capture.toString(), "-T", "fields", "-E",
            "separator=/t", "-e", "frame.number", "-e", "ip.src", "-e", "ip.dst", "-e", "ipv6.src", "-e",
            "ipv6.dst", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport", "-e", "udp.dstport"));
        final Map<String, Integer> partOfFlow = new HashMap<>();
        final List<List<String>> frames = new ArrayList<>();
        for (int i = 0; i < parts; i++)
        {
            frames.add(new ArrayList<>());
        }
        for (final String line : fields.split("\n"))
        {
            if (line.isBlank() || !Character.isDigit(line.charAt(0)))
            {
                continue;
            }
            final String[] f = (line + "\t\t\t\t\t\t\t\t\t").split("\t", -1);
            final String source = f[1] + f[3] + "|" + f[5] + f[7];
            final String destination = f[2] + f[4] + "|" + f[6] + f[8];
            final boolean ip = !(f[1] + f[3]).isEmpty();
            final String flow = source.compareTo(destination) < 0 ? source + "-" + destination :
                destination + "-" + source;
            final int part = ip ? partOfFlow.computeIfAbsent(flow, key -> partOfFlow.size() % parts) : 0;
            frames.get(part).add(f[0]);
        }
        final List<Part> written = new ArrayList<>();
        for (int i = 0; i < parts; i++)
        {
            final Path file = Path.of(prefix + "-" + i + ".pcap");
            final String filter = "frame.number in {" + (frames.get(i).isEmpty() ? "0" : ranges(frames.get(i)))
                + "}";
            run(List.of("tshark", "-n", "-r", capture.toString(), "-Y", filter, "-F", "pcap", "-w",
                file.toString()));
            written.add(new Part(file, frames.get(i).size()));
        }
        return written;
    }

    /** Frame numbers in increasing order as a display-filter set: "1, 3..7, 9". */
    private static String ranges(final List<String> frames)
    {
        final StringBuilder set = new StringBuilder();
        int i = 0;
        while (i < frames.size())
        {
            final int first = Integer.parseInt(frames.get(i));
            int last = first;
            while (i + 1 < frames.size() && Integer.parseInt(frames.get(i + 1)) == last + 1)
            {
                last++;
                i++;
            }
            set.append(set.isEmpty() ? "" : ", ").append(first).append(last > first ? ".." + last : "");
            i++;
        }
        return set.toString();
    }

    /**
     * One file of a split.
     *
     * @param file    the file.
     * @param packets packets in it.
     */
    record Part(Path file, int packets)
    {
    }

    static String run(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                throw new IOException(command.getFirst() + " failed: " + command);
            }
            return output;
        }
        finally
        {
            process.destroyForcibly();
        }
    }
}
