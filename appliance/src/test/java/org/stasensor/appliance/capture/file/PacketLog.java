package org.stasensor.appliance.capture.file;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.stasensor.pipeline.packet.PacketConsumer;

/**
 * A consumer for tests: keeps every packet as a {@link Frame} (with an MD5 of its bytes) and checks the one
 * invariant every delivery must keep whatever the file holds: the packet lies inside the memory handed over.
 */
final class PacketLog implements PacketConsumer
{
    final List<Frame> frames = new ArrayList<>();
    final List<Long> offsets = new ArrayList<>();
    int outOfBounds;
    MemorySegment lastMemory;

    @Override
    public void onPacket(final int linkType, final MemorySegment memory, final long offset, final int capturedLength,
        final int wireLength, final long timestampNanos)
    {
        lastMemory = memory;
        if (offset < 0 || capturedLength < 0 || offset + capturedLength > memory.byteSize())
        {
            outOfBounds++;
            return;
        }
        final byte[] bytes = memory.asSlice(offset, capturedLength).toArray(ValueLayout.JAVA_BYTE);
        frames.add(new Frame(linkType, capturedLength, wireLength, timestampNanos, md5(bytes)));
        offsets.add(offset);
    }

    static String md5(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
