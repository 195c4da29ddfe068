package org.stasensor.appliance.capture.afpacket;

import org.stasensor.appliance.capture.CaptureSetupException;

/**
 * What {@link AfPacketCapture#open} opens: one TPACKET_V3 ring per worker on one interface, the workers joined in
 * one fanout group so that the kernel spreads flows over them.
 * <p>
 * Memory: each worker maps {@code blockSize * blockCount} bytes of kernel memory (pinned, not swappable). The
 * defaults, 64 blocks of 1 MiB, hold about half a second of a saturated 1 Gbit/s link per worker.
 *
 * @param interfaceName      the interface, e.g. {@code eth1}.
 * @param workers            fanout members, one ring and one worker thread each (1..256).
 * @param blockSize          bytes per ring block: a multiple of 4096, at least 64 KiB so a 64 KiB GRO packet fits.
 * @param blockCount         blocks per ring.
 * @param blockTimeoutMillis after this many milliseconds the kernel hands over a block that is not yet full, so that
 *                           packets on a quiet link still reach the pipeline (1..1000).
 * @param promiscuous        put the interface in promiscuous mode while the capture runs (a SPAN port needs it).
 * @param fanoutGroupId      the fanout group (0..65535); two captures with the same id on one interface would share
 *                           packets, so the default is derived from the process id.
 * @param pollTimeoutMillis  how long a poll that finds no block ready waits in the kernel for one (0..100); with 0
 *                           it only asks, and the worker's idle strategy alone decides how it waits; more lets the
 *                           core sleep until the kernel hands over a block. A worker stops within this plus its idle
 *                           strategy's longest pause.
 */
public record AfPacketSettings(String interfaceName, int workers, int blockSize, int blockCount,
    int blockTimeoutMillis, boolean promiscuous, int fanoutGroupId, int pollTimeoutMillis)
{
    /** Default bytes per block: 1 MiB. */
    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    /** Default blocks per ring. */
    public static final int DEFAULT_BLOCK_COUNT = 64;
    /** Default block timeout: a quiet link's packets wait at most this long. */
    public static final int DEFAULT_BLOCK_TIMEOUT_MILLIS = 10;
    /** Default longest wait in the kernel when no block is ready. */
    public static final int DEFAULT_POLL_TIMEOUT_MILLIS = 10;
    /** Most fanout members; worker ids are one byte of the flow uid. */
    public static final int MAX_WORKERS = 256;

    private static final int PAGE_SIZE = 4096;
    private static final int MIN_BLOCK_SIZE = 1 << 16;
    private static final int MAX_BLOCK_TIMEOUT_MILLIS = 1000;
    private static final int MAX_POLL_TIMEOUT_MILLIS = 100;

    /**
     * Checks the values; {@link AfPacketCapture#open} calls it first.
     *
     * @throws CaptureSetupException naming the bad value, one line for the operator.
     */
    public void validate() throws CaptureSetupException
    {
        if (interfaceName == null || interfaceName.isEmpty())
        {
            throw new CaptureSetupException("af_packet needs an interface name (--interface)");
        }
        if (workers < 1 || workers > MAX_WORKERS)
        {
            throw new CaptureSetupException("af_packet workers must be 1.." + MAX_WORKERS + ": " + workers);
        }
        if (blockSize < MIN_BLOCK_SIZE || blockSize % PAGE_SIZE != 0)
        {
            throw new CaptureSetupException("af_packet block size must be a multiple of " + PAGE_SIZE
                + " and at least " + MIN_BLOCK_SIZE + ": " + blockSize);
        }
        if (blockCount < 1)
        {
            throw new CaptureSetupException("af_packet block count must be at least 1: " + blockCount);
        }
        if (blockTimeoutMillis < 1 || blockTimeoutMillis > MAX_BLOCK_TIMEOUT_MILLIS)
        {
            throw new CaptureSetupException("af_packet block timeout must be 1.." + MAX_BLOCK_TIMEOUT_MILLIS
                + " ms: " + blockTimeoutMillis);
        }
        if (pollTimeoutMillis < 0 || pollTimeoutMillis > MAX_POLL_TIMEOUT_MILLIS)
        {
            throw new CaptureSetupException("af_packet poll timeout must be 0.." + MAX_POLL_TIMEOUT_MILLIS
                + " ms: " + pollTimeoutMillis);
        }
        if (fanoutGroupId < 0 || fanoutGroupId > 0xFFFF)
        {
            throw new CaptureSetupException("af_packet fanout group id must be 0..65535: " + fanoutGroupId);
        }
    }

    /**
     * The defaults for an interface: 1 MiB blocks, 64 per worker, 10 ms block timeout, promiscuous, a fanout group
     * id from this process's id, idle polls waiting up to 10 ms in the kernel.
     *
     * @param interfaceName the interface.
     * @param workers       fanout members.
     * @return the settings.
     */
    public static AfPacketSettings of(final String interfaceName, final int workers)
    {
        return new AfPacketSettings(interfaceName, workers, DEFAULT_BLOCK_SIZE, DEFAULT_BLOCK_COUNT,
            DEFAULT_BLOCK_TIMEOUT_MILLIS, true, defaultFanoutGroupId(), DEFAULT_POLL_TIMEOUT_MILLIS);
    }

    /**
     * The same with another ring geometry.
     *
     * @param size  bytes per block.
     * @param count blocks per ring.
     * @return new settings.
     */
    public AfPacketSettings withBlocks(final int size, final int count)
    {
        return new AfPacketSettings(interfaceName, workers, size, count, blockTimeoutMillis, promiscuous,
            fanoutGroupId, pollTimeoutMillis);
    }

    /**
     * The same with or without promiscuous mode.
     *
     * @param promiscuous whether to ask for it.
     * @return new settings.
     */
    public AfPacketSettings withPromiscuous(final boolean promiscuous)
    {
        return new AfPacketSettings(interfaceName, workers, blockSize, blockCount, blockTimeoutMillis, promiscuous,
            fanoutGroupId, pollTimeoutMillis);
    }

    /**
     * The same with another fanout group id.
     *
     * @param id the group, 0..65535.
     * @return new settings.
     */
    public AfPacketSettings withFanoutGroupId(final int id)
    {
        return new AfPacketSettings(interfaceName, workers, blockSize, blockCount, blockTimeoutMillis, promiscuous,
            id, pollTimeoutMillis);
    }

    /**
     * The same with another wait for idle polls.
     *
     * @param millis 0..100.
     * @return new settings.
     */
    public AfPacketSettings withPollTimeoutMillis(final int millis)
    {
        return new AfPacketSettings(interfaceName, workers, blockSize, blockCount, blockTimeoutMillis, promiscuous,
            fanoutGroupId, millis);
    }

    /**
     * Bytes each worker's ring maps.
     *
     * @return block size times block count.
     */
    public long ringBytes()
    {
        return (long)blockSize * blockCount;
    }

    /**
     * The low 16 bits of the process id: two sensors on one host do not join each other's group.
     *
     * @return the id.
     */
    public static int defaultFanoutGroupId()
    {
        return (int)(ProcessHandle.current().pid() & 0xFFFF);
    }
}
