package org.stasensor.appliance.capture.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small capture files byte by byte for tests, from the layouts of draft-ietf-opsawg-pcap and
 * draft-ietf-opsawg-pcapng. Each test file made this way is also read by tshark, the oracle; this writer only saves
 * the test from needing a tool that writes SPBs, obsolete PBs, big-endian sections or odd resolutions.
 */
final class CraftedCapture
{
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int PB = 2;
    static final int SPB = 3;
    static final int NRB = 4;
    static final int ISB = 5;
    static final int EPB = 6;
    static final int DSB = 0x0000000A;
    static final int CUSTOM = 0x00000BAD;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    /**
     * A classic pcap file header.
     */
    static CraftedCapture pcap(final ByteOrder order, final boolean nanos, final int snaplen, final int linkTypeField)
    {
        final CraftedCapture capture = new CraftedCapture();
        capture.order = order;
        capture.put(capture.buffer(24).putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short)2).putShort((short)4)
            .putInt(0).putInt(0).putInt(snaplen).putInt(linkTypeField));
        return capture;
    }

    /**
     * An empty pcapng file: sections are added with {@link #section}.
     */
    static CraftedCapture pcapng()
    {
        return new CraftedCapture();
    }

    CraftedCapture pcapRecord(final long seconds, final long fraction, final byte[] data, final int wireLength)
    {
        put(buffer(16).putInt((int)seconds).putInt((int)fraction).putInt(data.length).putInt(wireLength));
        out.writeBytes(data);
        return this;
    }

    /** A Section Header Block; it and the blocks after it use {@code sectionOrder}. */
    CraftedCapture section(final ByteOrder sectionOrder)
    {
        order = sectionOrder;
        return block(SHB, buffer(16).putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1L));
    }

    /** An Interface Description Block with optional if_tsresol (negative: none) and if_tsoffset (null: none). */
    CraftedCapture interfaceBlock(final int linkType, final int snaplen, final int tsresol, final Long tsoffset)
    {
        final ByteBuffer body = buffer(64).putShort((short)linkType).putShort((short)0).putInt(snaplen);
        if (tsresol >= 0)
        {
            body.putShort((short)9).putShort((short)1).put((byte)tsresol).put(new byte[3]);
        }
        if (tsoffset != null)
        {
            body.putShort((short)14).putShort((short)8).putLong(tsoffset);
        }
        body.putShort((short)0).putShort((short)0);
        return block(IDB, body);
    }

    /** An Enhanced Packet Block, with an opt_comment after the data so options are exercised too. */
    CraftedCapture enhancedPacket(final int interfaceId, final long units, final byte[] data, final int wireLength)
    {
        final ByteBuffer body = buffer(20 + padded(data.length) + 16).putInt(interfaceId)
            .putInt((int)(units >>> 32)).putInt((int)units).putInt(data.length).putInt(wireLength);
        body.put(data).put(new byte[padded(data.length) - data.length]);
        body.putShort((short)1).putShort((short)5).put("hello".getBytes()).put(new byte[3]);
        body.putShort((short)0).putShort((short)0);
        return block(EPB, body);
    }

    /** An obsolete Packet Block (type 2). */
    CraftedCapture obsoletePacket(final int interfaceId, final long units, final byte[] data, final int wireLength)
    {
        final ByteBuffer body = buffer(20 + padded(data.length)).putShort((short)interfaceId).putShort((short)0)
            .putInt((int)(units >>> 32)).putInt((int)units).putInt(data.length).putInt(wireLength);
        body.put(data).put(new byte[padded(data.length) - data.length]);
        return block(PB, body);
    }

    /** A Simple Packet Block holding {@code data} (already cut to the snaplen by the caller when it wants that). */
    CraftedCapture simplePacket(final byte[] data, final int wireLength)
    {
        final ByteBuffer body = buffer(4 + padded(data.length)).putInt(wireLength);
        body.put(data).put(new byte[padded(data.length) - data.length]);
        return block(SPB, body);
    }

    /** Any block with the given body (padded to 32 bits). */
    CraftedCapture block(final int type, final ByteBuffer body)
    {
        body.flip();
        final int bodyLength = padded(body.remaining());
        final int total = 12 + bodyLength;
        final ByteBuffer block = buffer(total).putInt(type).putInt(total);
        block.put(body).put(new byte[bodyLength - body.limit()]).putInt(total);
        return put(block);
    }

    /** Raw bytes, as they are. */
    CraftedCapture raw(final byte[] bytes)
    {
        out.writeBytes(bytes);
        return this;
    }

    /** Bytes written so far: the offset of the next block or record. */
    int size()
    {
        return out.size();
    }

    byte[] bytes()
    {
        return out.toByteArray();
    }

    Path write(final Path file)
    {
        try
        {
            return Files.write(file, bytes());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    ByteBuffer buffer(final int capacity)
    {
        return ByteBuffer.allocate(capacity).order(order);
    }

    static int padded(final int length)
    {
        return (length + 3) & ~3;
    }

    private CraftedCapture put(final ByteBuffer buffer)
    {
        buffer.flip();
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.writeBytes(bytes);
        return this;
    }
}
