package org.stasensor.appliance.capture;

/**
 * Drop counters of one receive queue as the source reports them. Packets, bytes and malformed packets are counted
 * by the pipeline for every source alike; what only the source can know is here.
 */
public final class QueueStatistics
{
    private long nicDrops;
    private long softwareDrops;

    /**
     * Adds drops the NIC or kernel made before the source saw the packets (DPDK {@code imissed} + {@code ierrors},
     * AF_PACKET {@code tp_drops}).
     *
     * @param count packets dropped.
     */
    public void addNicDrops(final long count)
    {
        nicDrops += count;
    }

    /**
     * Adds drops made because the receiving software had no buffer (DPDK {@code rx_nombuf}, AF_PACKET frozen
     * queue).
     *
     * @param count packets dropped.
     */
    public void addSoftwareDrops(final long count)
    {
        softwareDrops += count;
    }

    /**
     * Packets the NIC or kernel dropped.
     *
     * @return the count.
     */
    public long nicDrops()
    {
        return nicDrops;
    }

    /**
     * Packets the receiving software dropped.
     *
     * @return the count.
     */
    public long softwareDrops()
    {
        return softwareDrops;
    }

    /** Back to zero, to be filled again. */
    public void clear()
    {
        nicDrops = 0;
        softwareDrops = 0;
    }
}
