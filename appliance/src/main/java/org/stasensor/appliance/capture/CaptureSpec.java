package org.stasensor.appliance.capture;

import java.nio.file.Path;
import java.util.List;

/**
 * What to capture from, as given on the command line ({@code sta capture}) or in {@code sta.yaml} ({@code sta
 * run}); {@link CaptureSources#open} turns it into receive queues.
 *
 * @param source        pcap, af_packet or dpdk.
 * @param files         capture files, in order (pcap).
 * @param replaySpeed   0 for full speed, else capture time per wall time (pcap).
 * @param interfaceName the interface (af_packet).
 * @param workers       fanout members (af_packet).
 * @param queues        rx queues per port, 0 for all the port offers (dpdk).
 * @param ealArguments  EAL arguments (dpdk).
 * @param cores         CPUs for the workers in order, or null for those the process may use.
 */
public record CaptureSpec(String source, List<Path> files, double replaySpeed, String interfaceName, int workers,
    int queues, List<String> ealArguments, int[] cores)
{
    /** Copies the lists. */
    public CaptureSpec
    {
        files = List.copyOf(files);
        ealArguments = List.copyOf(ealArguments);
        cores = cores != null ? cores.clone() : null;
    }
}
