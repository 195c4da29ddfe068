package org.stasensor.pipeline.ssh;

import org.agrona.DirectBuffer;

/**
 * The clear start of one direction of an SSH connection: its identification line, then its SSH 2 binary packets up
 * to and including SSH_MSG_NEWKEYS, after which that direction is encrypted (RFC 4253 7.3). The first
 * SSH_MSG_KEXINIT is parsed into {@link #kexInit()} in place: the caller gives the direction's reassembled bytes from
 * its first byte, contiguous, so a KEXINIT spanning TCP segments is simply there.
 * <p>
 * {@link #scan} reads from the first byte each time, so it can be called again as the stream grows; its cost is
 * linear in the bytes up to NEWKEYS (a few KB), and it allocates nothing. One instance per direction and thread.
 */
public final class SshDirection
{
    /** Flag: the identification line was found. */
    public static final int FLAG_IDENTIFICATION = 1;
    /** Flag: the bytes end before NEWKEYS (or before the identification line ends); scan again with more. */
    public static final int FLAG_INCOMPLETE = 2;
    /** Flag: the start is not an SSH identification (a bound of RFC 4253 4.2 was crossed). */
    public static final int FLAG_NOT_SSH = 4;
    /** Flag: the protocol version is neither "2.0" nor "1.99", so no SSH 2 packets are read (e.g. SSH 1.5). */
    public static final int FLAG_NOT_SSH2 = 8;
    /** Flag: packet framing broke (inconsistent lengths); reading stopped there. */
    public static final int FLAG_MALFORMED = 16;
    /** Flag: the first KEXINIT was parsed into {@link #kexInit()}. */
    public static final int FLAG_KEXINIT = 32;
    /** Flag: a KEXINIT packet was framed but its payload did not parse. */
    public static final int FLAG_KEXINIT_MALFORMED = 64;
    /** Flag: NEWKEYS was seen; {@link #clearLength()} is where encryption starts. */
    public static final int FLAG_NEWKEYS = 128;
    /** Flag: some packet broke RFC 4253 6 padding or size rules (accepted anyway). */
    public static final int FLAG_NONCONFORMING = 256;
    /** Flag: SSH_MSG_DISCONNECT was sent before NEWKEYS. */
    public static final int FLAG_DISCONNECT = 512;

    private final SshIdentification identification = new SshIdentification();
    private final KexInit kexInit = new KexInit();
    private int flags;
    private int kexInitPacketOffset;
    private int clearLength;
    private int packetCount;

    /**
     * Reads a direction from its first byte.
     *
     * @param buffer holds the direction's bytes.
     * @param offset where its first byte is.
     * @param length contiguous bytes there.
     * @return the {@code FLAG_*} bits, also kept in {@link #flags()}.
     */
    public int scan(final DirectBuffer buffer, final int offset, final int length)
    {
        flags = 0;
        kexInitPacketOffset = -1;
        clearLength = -1;
        packetCount = 0;
        kexInit.reset(buffer, 0);
        final int found = SshIdentificationParser.parse(buffer, offset, length, identification);
        if (found != SshIdentificationParser.FOUND)
        {
            flags = found == SshIdentificationParser.INCOMPLETE ? FLAG_INCOMPLETE : FLAG_NOT_SSH;
            return flags;
        }
        flags = FLAG_IDENTIFICATION;
        if (!identification.isSsh2())
        {
            flags |= FLAG_NOT_SSH2;
            return flags;
        }
        packets(buffer, identification.endOffset(), offset + length, offset);
        return flags;
    }

    private void packets(final DirectBuffer buffer, final int start, final int end, final int streamStart)
    {
        int at = start;
        while (true)
        {
            final int size = SshPacket.frame(buffer, at, end - at);
            if (size == SshPacket.INCOMPLETE)
            {
                flags |= FLAG_INCOMPLETE;
                return;
            }
            if (size == SshPacket.MALFORMED)
            {
                flags |= FLAG_MALFORMED;
                return;
            }
            packetCount++;
            if (!SshPacket.isConforming(buffer, at))
            {
                flags |= FLAG_NONCONFORMING;
            }
            final int message = SshPacket.messageNumber(buffer, at);
            if (message == SshMessage.KEXINIT && (flags & (FLAG_KEXINIT | FLAG_KEXINIT_MALFORMED)) == 0)
            {
                kexInitPacketOffset = at;
                final boolean parsed = KexInitParser.parse(buffer, at + SshPacket.PAYLOAD_OFFSET,
                    SshPacket.payloadLength(buffer, at), kexInit);
                flags |= parsed ? FLAG_KEXINIT : FLAG_KEXINIT_MALFORMED;
            }
            else if (message == SshMessage.DISCONNECT)
            {
                flags |= FLAG_DISCONNECT;
            }
            at += size;
            if (message == SshMessage.NEWKEYS)
            {
                flags |= FLAG_NEWKEYS;
                clearLength = at - streamStart;
                return;
            }
        }
    }

    /**
     * The {@code FLAG_*} bits of the last scan.
     *
     * @return flags.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * Whether a flag is set.
     *
     * @param flag one {@code FLAG_*} bit.
     * @return true when set.
     */
    public boolean has(final int flag)
    {
        return (flags & flag) != 0;
    }

    /**
     * The identification line; valid when {@link #FLAG_IDENTIFICATION} is set.
     *
     * @return the holder.
     */
    public SshIdentification identification()
    {
        return identification;
    }

    /**
     * The first KEXINIT; valid when {@link #FLAG_KEXINIT} is set.
     *
     * @return the holder.
     */
    public KexInit kexInit()
    {
        return kexInit;
    }

    /**
     * Where the first KEXINIT packet starts (its packet_length).
     *
     * @return offset in the scanned buffer, or -1.
     */
    public int kexInitPacketOffset()
    {
        return kexInitPacketOffset;
    }

    /**
     * Bytes of the direction that are clear, counted from its first byte: the identification and every packet up
     * to and including NEWKEYS. Every byte after them is encrypted; {@link SshAuthEstimator} follows their sizes.
     *
     * @return bytes, or -1 before NEWKEYS is seen.
     */
    public int clearLength()
    {
        return clearLength;
    }

    /**
     * Binary packets framed (up to NEWKEYS, or up to where reading stopped).
     *
     * @return packets.
     */
    public int packetCount()
    {
        return packetCount;
    }
}
