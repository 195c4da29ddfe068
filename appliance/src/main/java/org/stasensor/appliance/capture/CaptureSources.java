package org.stasensor.appliance.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.stasensor.appliance.capture.afpacket.AfPacketCapture;
import org.stasensor.appliance.capture.afpacket.AfPacketSettings;
import org.stasensor.appliance.capture.dpdk.DpdkCapture;
import org.stasensor.appliance.capture.dpdk.DpdkSettings;
import org.stasensor.appliance.capture.file.CaptureFileSource;

/**
 * Opens the receive queues a {@link CaptureSpec} names, and says how their workers wait: DPDK workers busy-spin
 * (waking up costs packets and the core is theirs), AF_PACKET and file workers back off (the kernel or the disk
 * paces them, and the core may be shared).
 */
public final class CaptureSources
{
    private static final long SPIN_NANOS = 1_000L;
    private static final long MAX_BACKOFF_NANOS = 1_000_000L;

    private CaptureSources()
    {
    }

    /**
     * The queues of a capture and how their workers wait.
     *
     * @param sources      one per worker.
     * @param idleStrategy makes one idle strategy per worker.
     * @param release      releases what the sources share (a DPDK port), after every worker ended.
     */
    public record Opened(List<PacketSource> sources, Supplier<IdleStrategy> idleStrategy, Runnable release)
    {
        /** Closes every queue and releases what they share: for a capture that never started its workers. */
        public void abandon()
        {
            sources.forEach(PacketSource::close);
            release.run();
        }
    }

    /**
     * Opens the queues.
     *
     * @param spec what to capture.
     * @return the queues.
     * @throws CaptureSetupException when they cannot be opened; one line for the operator.
     */
    public static Opened open(final CaptureSpec spec) throws CaptureSetupException
    {
        return switch (spec.source())
        {
            case "pcap" -> pcap(spec);
            case "af_packet" -> afPacket(spec);
            case "dpdk" -> dpdk(spec);
            default -> throw new CaptureSetupException("unknown capture source '" + spec.source()
                + "'; expected dpdk, af_packet or pcap");
        };
    }

    private static Opened pcap(final CaptureSpec spec) throws CaptureSetupException
    {
        if (spec.files().isEmpty())
        {
            throw new CaptureSetupException("capture: --source pcap needs at least one capture file");
        }
        if (spec.workers() > 1)
        {
            throw new CaptureSetupException("capture files are read in order by one worker (flows spanning files "
                + "are joined); workers must be 1 for source pcap");
        }
        checkReadable(spec.files());
        final CaptureFileSource source = new CaptureFileSource(spec.files(), spec.replaySpeed());
        return new Opened(List.of(source), CaptureSources::backoff, () ->
        {
        });
    }

    /**
     * Checks that capture files can be read, before anything is opened.
     *
     * @param files the files.
     * @throws CaptureSetupException naming the first file that cannot be read.
     */
    public static void checkReadable(final List<Path> files) throws CaptureSetupException
    {
        for (final Path file : files)
        {
            if (!Files.isReadable(file) || Files.isDirectory(file))
            {
                throw new CaptureSetupException(file + ": cannot read (no such file, a directory, or no permission)");
            }
        }
    }

    private static Opened afPacket(final CaptureSpec spec) throws CaptureSetupException
    {
        if (spec.interfaceName() == null || spec.interfaceName().isBlank())
        {
            throw new CaptureSetupException("capture: --source af_packet needs --interface IF");
        }
        final AfPacketSettings settings = AfPacketSettings.of(spec.interfaceName(), Math.max(1, spec.workers()));
        return new Opened(AfPacketCapture.open(settings), CaptureSources::backoff, () ->
        {
        });
    }

    private static Opened dpdk(final CaptureSpec spec) throws CaptureSetupException
    {
        if (spec.ealArguments().isEmpty())
        {
            throw new CaptureSetupException("capture: --source dpdk needs EAL arguments after '--', e.g. -- --no-huge "
                + "--no-pci -m 256 --vdev net_pcap0,rx_pcap=a.pcap");
        }
        final DpdkCapture dpdk = DpdkCapture.open(DpdkSettings.of(spec.ealArguments(), spec.queues()));
        return new Opened(dpdk.sources(), BusySpinIdleStrategy::new, dpdk::close);
    }

    private static IdleStrategy backoff()
    {
        return new BackoffIdleStrategy(10, 20, SPIN_NANOS, MAX_BACKOFF_NANOS);
    }
}
