package org.stasensor.appliance.capture.dpdk;

import java.util.List;

import org.stasensor.appliance.capture.CaptureSetupException;

/**
 * What {@link DpdkCapture#open} opens: DPDK's Environment Abstraction Layer started with the operator's arguments,
 * and every port it then finds receiving on {@code queuesPerPort} queues, one worker per queue.
 * <p>
 * EAL arguments are passed as given (e.g. {@code -l 0-3 -a 0000:01:00.0}, or for tests and labs {@code --no-huge
 * --no-pci -m 256 --vdev net_pcap0,rx_pcap=FILE}), plus {@code --no-shconf} unless they name a shared-config
 * option ({@code --no-shconf}, {@code --file-prefix}, {@code --proc-type}, {@code --in-memory}): without it two
 * sensors on one host would fight over {@code /var/run/dpdk/rte}. EAL starts once per process, so every open in
 * one process must give the same arguments.
 * <p>
 * Memory: each queue gets its own mbuf pool of {@code mbufsPerQueue} buffers of {@code mbufDataRoom} bytes (plus
 * 128-byte mbuf headers and mempool overhead, about 2.4 KiB per mbuf with the defaults, so 8191 mbufs take about
 * 19 MiB per queue) from EAL's memory: hugepages, or with {@code --no-huge} the {@code -m} megabytes given.
 *
 * @param ealArguments  EAL's command line, without a program name.
 * @param queuesPerPort receive queues per port, or 0 for the default: every queue the port has when it does not
 *                      hash flows to queues (a PMD without RSS, such as net_pcap with one queue per
 *                      {@code rx_pcap} file, where each queue is a separate input), else as many queues as this
 *                      process may use CPUs, at most what the port offers.
 * @param mbufsPerQueue mbufs in each queue's pool; must exceed {@code rxDescriptors} by at least two bursts (the
 *                      NIC holds one mbuf per descriptor and the worker a burst).
 * @param rxDescriptors receive descriptors per queue (the NIC's ring; packets beyond it are counted as imissed).
 * @param burstSize     most packets one poll receives, 1..64.
 * @param mbufDataRoom  buffer bytes per mbuf including DPDK's 128-byte headroom; a frame longer than the rest is
 *                      split over chained mbufs by the PMD, and only its first segment reaches the pipeline.
 */
public record DpdkSettings(List<String> ealArguments, int queuesPerPort, int mbufsPerQueue, int rxDescriptors,
    int burstSize, int mbufDataRoom)
{
    /** Default mbufs per queue pool: 2^13 - 1, the size the mempool library lays out best. */
    public static final int DEFAULT_MBUFS_PER_QUEUE = 8191;
    /** Default receive descriptors per queue. */
    public static final int DEFAULT_RX_DESCRIPTORS = 1024;
    /** Default and largest burst. */
    public static final int MAX_BURST = 64;
    /** Default buffer bytes per mbuf: RTE_MBUF_DEFAULT_BUF_SIZE (2048 bytes of data + 128 of headroom). */
    public static final int DEFAULT_MBUF_DATA_ROOM = 2048 + 128;
    /** Most receive queues per port. */
    public static final int MAX_QUEUES_PER_PORT = 1024;

    private static final int HEADROOM = 128;
    private static final int MAX_DATA_ROOM = 0xFFFF;

    /** Copies the argument list. */
    public DpdkSettings
    {
        ealArguments = List.copyOf(ealArguments);
    }

    /**
     * The defaults for some EAL arguments: queues as the port suggests, 8191 mbufs and 1024 descriptors per queue,
     * bursts of 64, 2176-byte buffers.
     *
     * @param ealArguments  EAL's command line.
     * @param queuesPerPort receive queues per port, 0 for the default.
     * @return the settings.
     */
    public static DpdkSettings of(final List<String> ealArguments, final int queuesPerPort)
    {
        return new DpdkSettings(ealArguments, queuesPerPort, DEFAULT_MBUFS_PER_QUEUE, DEFAULT_RX_DESCRIPTORS,
            MAX_BURST, DEFAULT_MBUF_DATA_ROOM);
    }

    /**
     * The same with another pool size.
     *
     * @param mbufs mbufs per queue.
     * @return new settings.
     */
    public DpdkSettings withMbufsPerQueue(final int mbufs)
    {
        return new DpdkSettings(ealArguments, queuesPerPort, mbufs, rxDescriptors, burstSize, mbufDataRoom);
    }

    /**
     * The same with another burst size.
     *
     * @param packets 1..64.
     * @return new settings.
     */
    public DpdkSettings withBurstSize(final int packets)
    {
        return new DpdkSettings(ealArguments, queuesPerPort, mbufsPerQueue, rxDescriptors, packets, mbufDataRoom);
    }

    /**
     * The same with another buffer size.
     *
     * @param bytes buffer bytes per mbuf, headroom included.
     * @return new settings.
     */
    public DpdkSettings withMbufDataRoom(final int bytes)
    {
        return new DpdkSettings(ealArguments, queuesPerPort, mbufsPerQueue, rxDescriptors, burstSize, bytes);
    }

    /**
     * Checks the values; {@link DpdkCapture#open} calls it first.
     *
     * @throws CaptureSetupException naming the bad value, one line for the operator.
     */
    public void validate() throws CaptureSetupException
    {
        for (final String argument : ealArguments)
        {
            if ("-h".equals(argument) || "--help".equals(argument))
            {
                // EAL prints its usage and calls exit(): the sensor would end without a word.
                throw new CaptureSetupException("EAL argument " + argument + " is not accepted here (EAL would end "
                    + "the process); `dpdk-testpmd --help` lists EAL's options");
            }
        }
        if (queuesPerPort < 0 || queuesPerPort > MAX_QUEUES_PER_PORT)
        {
            throw new CaptureSetupException("dpdk queues per port must be 0.." + MAX_QUEUES_PER_PORT + " (0: as the "
                + "port suggests): " + queuesPerPort);
        }
        if (burstSize < 1 || burstSize > MAX_BURST)
        {
            throw new CaptureSetupException("dpdk burst size must be 1.." + MAX_BURST + ": " + burstSize);
        }
        if (rxDescriptors < 1 || rxDescriptors > 0xFFFF)
        {
            throw new CaptureSetupException("dpdk receive descriptors must be 1..65535: " + rxDescriptors);
        }
        if (mbufsPerQueue < rxDescriptors + 2 * burstSize)
        {
            throw new CaptureSetupException("dpdk mbufs per queue (" + mbufsPerQueue + ") must be at least the "
                + "receive descriptors (" + rxDescriptors + ") plus two bursts (" + 2 * burstSize + ")");
        }
        if (mbufDataRoom <= HEADROOM + 64 || mbufDataRoom > MAX_DATA_ROOM)
        {
            throw new CaptureSetupException("dpdk mbuf data room must be " + (HEADROOM + 65) + ".." + MAX_DATA_ROOM
                + " bytes (128 of them headroom): " + mbufDataRoom);
        }
    }

    /**
     * EAL's arguments as they are passed: the operator's, plus {@code --no-shconf} unless a shared-config option is
     * among them.
     *
     * @return the arguments, without a program name.
     */
    public List<String> effectiveEalArguments()
    {
        for (final String argument : ealArguments)
        {
            if (argument.equals("--no-shconf") || argument.startsWith("--file-prefix")
                || argument.startsWith("--proc-type") || argument.equals("--in-memory"))
            {
                return ealArguments;
            }
        }
        final java.util.ArrayList<String> arguments = new java.util.ArrayList<>(ealArguments);
        arguments.add("--no-shconf");
        return List.copyOf(arguments);
    }
}
