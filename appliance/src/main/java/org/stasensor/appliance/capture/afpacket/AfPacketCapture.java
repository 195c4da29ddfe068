package org.stasensor.appliance.capture.afpacket;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.nativebindings.libc.Libc;
import org.stasensor.nativebindings.libc.packet_mreq;
import org.stasensor.nativebindings.libc.sockaddr_ll;
import org.stasensor.nativebindings.libc.tpacket_req3;

/**
 * Opens AF_PACKET capture on one interface: one TPACKET_V3 receive ring per worker, all in one fanout group, with
 * no C of our own (libc through the FFM API).
 * <p>
 * Per worker, in the order the kernel needs (Documentation/networking/packet_mmap.rst):
 * {@code socket(AF_PACKET, SOCK_RAW, 0)} (protocol 0: nothing is queued before the ring exists),
 * {@code PACKET_VERSION = TPACKET_V3}, {@code PACKET_RX_RING} (blocks, block timeout), {@code mmap} of the ring,
 * {@code bind} to the interface with {@code htons(ETH_P_ALL)}, {@code PACKET_ADD_MEMBERSHIP PACKET_MR_PROMISC}
 * when asked, and {@code PACKET_FANOUT} (a socket must be bound to join).
 * <p>
 * Fanout: {@code PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG}. The kernel picks the member by
 * {@code __skb_get_hash_symmetric()} of the packet (net/packet/af_packet.c, {@code fanout_demux_hash}), a flow
 * dissector hash whose addresses and ports are put in order first, so both directions of a TCP or UDP flow go to
 * the same worker, whatever hash the NIC computed (that one, Toeplitz, is not symmetric and is not used). The defrag
 * flag makes the kernel reassemble IPv4 fragments before hashing, since only the first fragment has ports; the
 * worker then sees the reassembled datagram. Until the last socket has joined (a few microseconds at start-up) a
 * bound socket receives every packet, so the first packets of a capture may be seen twice.
 * <p>
 * Link types: Ethernet (ARPHRD_ETHER) and loopback (ARPHRD_LOOPBACK, whose frames carry an Ethernet header with
 * zero addresses) are captured as {@code LinkType.ETHERNET}; on loopback the kernel shows every packet twice, as
 * sent (PACKET_OUTGOING) and as received, and the sent copy is skipped, as libpcap does. Other link types are
 * refused.
 */
public final class AfPacketCapture
{
    private static final int FRAME_SIZE = 2048;
    private static final long MAX_RING_BYTES = 0xFFFF_FFFFL;
    private static final String NEEDS_PRIVILEGE = "AF_PACKET needs root or CAP_NET_RAW";

    private AfPacketCapture()
    {
    }

    /**
     * Opens one receive ring per worker; on any failure closes what was opened.
     *
     * @param settings interface, workers and ring geometry.
     * @return one source per worker; worker i polls element i.
     * @throws CaptureSetupException one line for the operator: unknown interface, interface down, no permission,
     *                               ring too big, link type not supported, fanout group taken.
     */
    public static List<PacketSource> open(final AfPacketSettings settings) throws CaptureSetupException
    {
        settings.validate();
        final InterfaceCheck link = InterfaceCheck.of(settings.interfaceName());
        checkMemory(settings);
        final List<PacketSource> sources = new ArrayList<>(settings.workers());
        try
        {
            for (int i = 0; i < settings.workers(); i++)
            {
                sources.add(openRing(settings, link, i));
            }
            return sources;
        }
        catch (final CaptureSetupException | RuntimeException ex)
        {
            sources.forEach(PacketSource::close);
            throw ex;
        }
    }

    private static AfPacketSource openRing(final AfPacketSettings settings, final InterfaceCheck link,
        final int member) throws CaptureSetupException
    {
        final String name = settings.interfaceName();
        try (Arena setup = Arena.ofConfined())
        {
            final MemorySegment state = Libc.allocateCallState(setup);
            final int fd = Libc.socket(state, Libc.AF_PACKET(), Libc.SOCK_RAW() | Libc.SOCK_CLOEXEC(), 0);
            if (fd < 0)
            {
                final int errno = Libc.errno(state);
                throw new CaptureSetupException(errno == Libc.EPERM() || errno == Libc.EACCES() ? NEEDS_PRIVILEGE :
                    "cannot open an AF_PACKET socket: " + Libc.errorText(errno));
            }
            MemorySegment ring = MemorySegment.NULL;
            try
            {
                setInt(setup, state, fd, Libc.SOL_PACKET(), Libc.PACKET_VERSION(), Libc.TPACKET_V3(),
                    "this kernel has no TPACKET_V3 rings (Linux 3.2 or later is needed)");
                requestRing(setup, state, fd, settings);
                ring = Libc.mmap(state, MemorySegment.NULL, settings.ringBytes(), Libc.PROT_READ() | Libc.PROT_WRITE(),
                    Libc.MAP_SHARED(), fd, 0);
                if (ring.address() == -1L)
                {
                    throw new CaptureSetupException(ringTooBig(settings, Libc.errno(state)));
                }
                // Asking for receive timestamps turns on the kernel's stamping of packets as they enter the stack
                // (net_enable_timestamp), so tp_sec/tp_nsec say when a packet arrived from the NIC, not when it
                // reached this socket after fanout. (On a veth, TCP packets carry the sender's delivery time
                // instead, which af_packet ignores: there each socket still reads the clock itself.)
                setInt(setup, state, fd, Libc.SOL_SOCKET(), Libc.SO_TIMESTAMPNS(), 1,
                    "cannot ask for packet timestamps");
                bind(setup, state, fd, link);
                if (settings.promiscuous())
                {
                    promiscuous(setup, state, fd, link);
                }
                if (settings.workers() > 1)
                {
                    final int mode = Libc.PACKET_FANOUT_HASH() | Libc.PACKET_FANOUT_FLAG_DEFRAG();
                    final int fanout = settings.fanoutGroupId() | mode << 16;
                    setInt(setup, state, fd, Libc.SOL_PACKET(), Libc.PACKET_FANOUT(), fanout,
                        "cannot join fanout group " + settings.fanoutGroupId() + " on '" + name + "'"
                        + " (another capture may use it with other settings; choose another group id)");
                }
                return new AfPacketSource(name + "#" + member, fd, ring, settings.blockSize(), settings.blockCount(),
                    link.loopback(), settings.pollTimeoutMillis());
            }
            catch (final CaptureSetupException | RuntimeException ex)
            {
                if (ring.address() != 0 && ring.address() != -1L)
                {
                    Libc.munmap(state, ring, settings.ringBytes());
                }
                Libc.close(state, fd);
                throw ex;
            }
        }
    }

    private static void requestRing(final Arena setup, final MemorySegment state, final int fd,
        final AfPacketSettings settings) throws CaptureSetupException
    {
        final MemorySegment request = setup.allocate(tpacket_req3.layout());
        tpacket_req3.tp_block_size(request, settings.blockSize());
        tpacket_req3.tp_block_nr(request, settings.blockCount());
        tpacket_req3.tp_frame_size(request, FRAME_SIZE);
        tpacket_req3.tp_frame_nr(request, settings.blockSize() / FRAME_SIZE * settings.blockCount());
        tpacket_req3.tp_retire_blk_tov(request, settings.blockTimeoutMillis());
        tpacket_req3.tp_sizeof_priv(request, 0);
        tpacket_req3.tp_feature_req_word(request, 0);
        if (Libc.setsockopt(state, fd, Libc.SOL_PACKET(), Libc.PACKET_RX_RING(), request,
            (int)tpacket_req3.sizeof()) != 0)
        {
            final int errno = Libc.errno(state);
            if (errno == Libc.ENOMEM())
            {
                throw new CaptureSetupException(ringTooBig(settings, errno));
            }
            throw new CaptureSetupException("the kernel refused a receive ring of " + settings.blockCount()
                + " blocks of " + settings.blockSize() + " bytes: " + Libc.errorText(errno));
        }
    }

    private static void bind(final Arena setup, final MemorySegment state, final int fd, final InterfaceCheck link)
        throws CaptureSetupException
    {
        final MemorySegment address = setup.allocate(sockaddr_ll.layout());
        sockaddr_ll.sll_family(address, (short)Libc.AF_PACKET());
        sockaddr_ll.sll_protocol(address, (short)Libc.htons(Libc.ETH_P_ALL()));
        sockaddr_ll.sll_ifindex(address, link.index());
        if (Libc.bind(state, fd, address, (int)sockaddr_ll.sizeof()) != 0)
        {
            final int errno = Libc.errno(state);
            throw new CaptureSetupException(errno == Libc.ENODEV() || errno == Libc.ENXIO() ?
                "interface '" + link.name() + "' disappeared while the capture was being opened" :
                "cannot bind to interface '" + link.name() + "': " + Libc.errorText(errno));
        }
    }

    private static void promiscuous(final Arena setup, final MemorySegment state, final int fd,
        final InterfaceCheck link) throws CaptureSetupException
    {
        // A membership belongs to the socket: the kernel drops it (and promiscuous mode, once no one else asks for
        // it) when the socket is closed, also when the process dies.
        final MemorySegment membership = setup.allocate(packet_mreq.layout());
        packet_mreq.mr_ifindex(membership, link.index());
        packet_mreq.mr_type(membership, (short)Libc.PACKET_MR_PROMISC());
        if (Libc.setsockopt(state, fd, Libc.SOL_PACKET(), Libc.PACKET_ADD_MEMBERSHIP(), membership,
            (int)packet_mreq.sizeof()) != 0)
        {
            throw new CaptureSetupException("cannot put interface '" + link.name() + "' in promiscuous mode: "
                + Libc.errorText(Libc.errno(state)));
        }
    }

    private static void setInt(final Arena setup, final MemorySegment state, final int fd, final int level,
        final int option, final int value, final String failure) throws CaptureSetupException
    {
        final MemorySegment integer = setup.allocateFrom(ValueLayout.JAVA_INT, value);
        if (Libc.setsockopt(state, fd, level, option, integer, Integer.BYTES) != 0)
        {
            throw new CaptureSetupException(failure + ": " + Libc.errorText(Libc.errno(state)));
        }
    }

    private static void checkMemory(final AfPacketSettings settings) throws CaptureSetupException
    {
        if (settings.ringBytes() > MAX_RING_BYTES)
        {
            throw new CaptureSetupException("ring too big: " + describe(settings) + " per worker; the kernel takes "
                + "at most 4 GiB per ring");
        }
        final long total = settings.ringBytes() * settings.workers();
        final long available = availableMemory();
        // Ring pages are kernel memory that cannot be swapped: refuse before the kernel tries (a large request can
        // stall the host reclaiming memory, or wake the OOM killer).
        if (available > 0 && total > available / 2)
        {
            throw new CaptureSetupException("ring too big: " + settings.workers() + " worker(s) x "
                + describe(settings) + " = " + mebibytes(total) + " MiB, more than half the available memory ("
                + mebibytes(available) + " MiB); use fewer or smaller blocks");
        }
    }

    private static String ringTooBig(final AfPacketSettings settings, final int errno)
    {
        return "ring too big: the kernel could not allocate " + describe(settings) + " per worker ("
            + Libc.errorText(errno) + "); use fewer or smaller blocks";
    }

    private static String describe(final AfPacketSettings settings)
    {
        return settings.blockCount() + " blocks of " + settings.blockSize() + " bytes ("
            + mebibytes(settings.ringBytes()) + " MiB)";
    }

    private static long mebibytes(final long bytes)
    {
        return bytes >> 20;
    }

    private static long availableMemory()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/meminfo")))
            {
                if (line.startsWith("MemAvailable:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            // Not Linux-like enough to say; the kernel will refuse on its own.
        }
        return -1;
    }
}
