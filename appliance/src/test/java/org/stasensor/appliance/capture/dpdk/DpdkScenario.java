package org.stasensor.appliance.capture.dpdk;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.stasensor.appliance.capture.CaptureRun;
import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.CaptureSources;
import org.stasensor.appliance.capture.CaptureWorker;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.QueueStatistics;
import org.stasensor.appliance.output.InterleavedLines;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.appliance.enrich.Enrichments;
import org.stasensor.appliance.output.JsonWorkers;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;

/**
 * One DPDK scenario in a JVM of its own (EAL starts once per process), wired as {@code sta capture --source dpdk}
 * wires the product's classes: {@link DpdkCapture} opened with the given EAL arguments, one {@link CaptureRun}
 * worker per receive queue, each with its own inspector, records interleaved by whole lines into a file. Test code.
 * <pre>
 * DpdkScenario OUTPUT EXPECTED_PACKETS QUEUES_PER_PORT MBUF_DATA_ROOM MBUFS_PER_QUEUE -- EAL-ARGUMENTS...
 * </pre>
 * (0 for the data room or the mbufs: the default.)
 * Runs until DPDK counted {@code EXPECTED_PACKETS} received (net_pcap then has read its files to the end), then stops
 * the workers, which end their flows. Prints on standard error one line per port and per queue ({@code queue NAME
 * lcore N}), then {@code received N}; exit 0. A {@link CaptureSetupException} is printed as its one line, exit 2.
 */
public final class DpdkScenario
{
    private static final long WAIT_SECONDS = 60;

    private DpdkScenario()
    {
    }

    /**
     * Runs the scenario.
     *
     * @param args see the class comment.
     * @throws Exception when a worker failed or the packets did not all arrive.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path output = Path.of(args[0]);
        final long expected = Long.parseLong(args[1]);
        final int queues = Integer.parseInt(args[2]);
        final int dataRoom = Integer.parseInt(args[3]);
        final int mbufs = Integer.parseInt(args[4]);
        final List<String> eal = Arrays.asList(args).subList(6, args.length);
        DpdkSettings settings = DpdkSettings.of(eal, queues);
        settings = dataRoom > 0 ? settings.withMbufDataRoom(dataRoom) : settings;
        settings = mbufs > 0 ? settings.withMbufsPerQueue(mbufs) : settings;
        final DpdkCapture capture;
        try
        {
            capture = DpdkCapture.open(settings);
        }
        catch (final CaptureSetupException ex)
        {
            System.err.println("sta: " + ex.getMessage());
            System.exit(2);
            return;
        }
        capture.describePorts().forEach(System.err::println);
        final OutputStream file = new BufferedOutputStream(Files.newOutputStream(output));
        final InterleavedLines lines = new InterleavedLines(file);
        final CaptureSources.Opened opened = new CaptureSources.Opened(capture.sources(),
            () -> new BackoffIdleStrategy(10, 20, 1_000L, 1_000_000L), capture::close);
        final ByteArrayOutputStream summary = new ByteArrayOutputStream();
        // Enriched as sta capture enriches, so that the records compare with sta analyze's.
        final Enrichments enrichments = Enrichments.open(StaConfig.Enrichment.DEFAULT, null, line -> { });
        final CaptureRun run = CaptureRun.create(opened, null, JsonWorkers.printing(lines, enrichments, null),
            new PrintStream(summary, true, StandardCharsets.UTF_8));
        run.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (capture.receivedPackets() < expected && System.nanoTime() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        run.stopAndJoin();
        lines.flush();
        file.close();
        final QueueStatistics drops = new QueueStatistics();
        for (final CaptureWorker worker : run.workers())
        {
            final PacketSource source = worker.source();
            source.statistics(drops);
            System.err.println("queue " + source.name() + " lcore " + ((DpdkQueueSource)source).lcore());
        }
        final long received = capture.receivedPackets();
        opened.release().run();
        System.err.println("drops nic " + drops.nicDrops() + " software " + drops.softwareDrops());
        System.err.println("received " + received);
        if (run.failed())
        {
            throw new IllegalStateException("a worker failed", run.firstFailure());
        }
        System.exit(received == expected ? 0 : 3);
    }
}
