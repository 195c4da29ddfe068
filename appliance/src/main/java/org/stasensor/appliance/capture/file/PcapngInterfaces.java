package org.stasensor.appliance.capture.file;

import java.util.Arrays;

/**
 * The interfaces of the current pcapng section, indexed by interface id (the order of their Interface Description
 * Blocks). Arrays grow by doubling when a section describes more interfaces than seen before, up to
 * {@value #MAX_INTERFACES}; that happens per IDB, never per packet, and the capacity is kept for the next file.
 */
final class PcapngInterfaces
{
    /** More interfaces than this in one section is taken as corruption. */
    static final int MAX_INTERFACES = 1 << 16;
    private static final int INITIAL_CAPACITY = 8;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private int count;
    private int[] linkTypes = new int[INITIAL_CAPACITY];
    private long[] snapLengths = new long[INITIAL_CAPACITY];
    private int[] resolutions = new int[INITIAL_CAPACITY];
    private long[] offsetNanos = new long[INITIAL_CAPACITY];

    /** A new section starts: interface ids restart at 0. */
    void clear()
    {
        count = 0;
    }

    /**
     * Describes the next interface.
     *
     * @return false when the section already has {@value #MAX_INTERFACES} interfaces.
     */
    boolean add(final int linkType, final long snapLength, final int resolution, final long offsetSeconds)
    {
        if (count == MAX_INTERFACES)
        {
            return false;
        }
        if (count == linkTypes.length)
        {
            final int capacity = count * 2;
            linkTypes = Arrays.copyOf(linkTypes, capacity);
            snapLengths = Arrays.copyOf(snapLengths, capacity);
            resolutions = Arrays.copyOf(resolutions, capacity);
            offsetNanos = Arrays.copyOf(offsetNanos, capacity);
        }
        linkTypes[count] = linkType;
        snapLengths[count] = snapLength;
        resolutions[count] = resolution;
        offsetNanos[count] = offsetSeconds * NANOS_PER_SECOND;
        count++;
        return true;
    }

    int count()
    {
        return count;
    }

    /** Whether {@code id} (unsigned, as read from the file) names an interface of this section. */
    boolean known(final long id)
    {
        return id < count;
    }

    int linkType(final int id)
    {
        return linkTypes[id];
    }

    /** The interface's snapshot length; 0 means unlimited. */
    long snapLength(final int id)
    {
        return snapLengths[id];
    }

    long timestampNanos(final int id, final long units)
    {
        return TimestampResolution.toNanos(units, resolutions[id]) + offsetNanos[id];
    }
}
