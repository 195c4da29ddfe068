package org.stasensor.appliance.run;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.stasensor.appliance.capture.CaptureRun;
import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.CaptureSources;
import org.stasensor.appliance.capture.CaptureSpec;
import org.stasensor.appliance.capture.CpuPlan;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.capture.file.CaptureFileSource;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.appliance.detect.Detections;
import org.stasensor.appliance.enrich.Enrichments;
import org.stasensor.appliance.journal.JournalAppender;
import org.stasensor.appliance.journal.JournalException;
import org.stasensor.appliance.journal.JournalLog;
import org.stasensor.appliance.journal.JournalRollCycle;
import org.stasensor.appliance.journal.JournalSettings;
import org.stasensor.appliance.metrics.MetricsInputs;
import org.stasensor.appliance.metrics.MetricsServer;
import org.stasensor.appliance.metrics.RingGauges;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.stage.RecordRing;

/**
 * The appliance as {@code sta run} starts it from {@code sta.yaml}: capture workers (one per receive queue, pinned),
 * each publishing into its own {@link RecordRing}, whose stages run off the capture cores and end in the journal;
 * the metrics endpoint over all of it. Stopping (a signal, or the capture files ending) stops the workers first,
 * which end their flows and publish the last records, then drains every ring into the journal, then closes the
 * journal: nothing captured is left in memory.
 */
public final class SensorRun implements AutoCloseable
{
    private static final long DRAIN_TIMEOUT_NANOS = 30_000_000_000L;

    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000L, 1_000_000L);
    private final StaConfig config;
    private final PrintStream err;
    private final List<RecordRing> rings = new ArrayList<>();
    private CaptureSources.Opened opened;
    private CaptureRun run;
    private JournalAppender journal;
    private JournalWriter journalWriter;
    private MetricsServer metrics;
    private Enrichments enrichments;
    private Detections detections;
    private volatile boolean reloadRequested;
    private long nextStateSaveNanos;
    private boolean started;
    private boolean released;

    private SensorRun(final StaConfig config, final PrintStream err)
    {
        this.config = config;
        this.err = err;
    }

    /**
     * Opens everything the configuration names, in the order that fails fastest and leaves nothing behind: the
     * journal (a disk problem), the capture queues, the rings and workers, the metrics endpoint.
     *
     * @param config the checked configuration.
     * @param err    where failures of workers and stages are reported.
     * @return the run, not started.
     * @throws SensorSetupException when something cannot be opened; everything opened so far is closed again.
     */
    public static SensorRun open(final StaConfig config, final PrintStream err) throws SensorSetupException
    {
        final SensorRun sensor = new SensorRun(config, err);
        try
        {
            // Enrichment and rules load first (seconds: databases, models): the journal and the capture open only
            // once the sensor can handle what they bring, so nothing waits on a journal nobody captures into.
            checkFiles(config);
            final Path stateDir = config.state().path();
            Files.createDirectories(stateDir);
            sensor.enrichments = Enrichments.open(config.enrichment(), stateDir, line -> err.println("sta: " + line));
            sensor.detections = Detections.load(config.rules(), stateDir, line -> err.println("sta: " + line));
            sensor.journal = JournalAppender.open(journalSettings(config.journal()), JournalLog.to(err));
            sensor.journalWriter = new JournalWriter(sensor.journal, sensor.rings, sensor.enrichments.lateRecords(),
                sensor.detections.detectors());
            sensor.opened = CaptureSources.open(spec(config.capture()));
            sensor.run = CaptureRun.create(sensor.opened, cores(config.capture().cores()), worker ->
            {
                final int slotBytes = (int)config.rings().slotSize().bytes();
                final RecordRing ring = new RecordRing("worker-" + worker, config.rings().slots(), slotBytes,
                    config.rings().claimWait().nanos(), List.of(sensor.enrichments.newStage(slotBytes)), true,
                    Thread.ofPlatform().name("sta-enrich-" + worker + "-", 0).factory());
                sensor.rings.add(ring);
                return new CaptureRun.WorkerPipeline(
                    new PacketInspector(config.pipeline().inspector(worker), ring.sink()), () ->
                    {
                    });
            }, err);
            if (config.metrics().enabled())
            {
                sensor.metrics = MetricsServer.start(config.metrics().settings(),
                    new MetricsInputs(sensorName(config), MetricsInputs.runningVersion(), sensor.run.workers(),
                        sensor.rings.stream().map(RingGauges::of).toList(), List.of(sensor.journal.gauges("records", sensor.journalWriter::lagNanos)),
                        sensor.enrichments.caches(), true));
            }
            return sensor;
        }
        catch (final CaptureSetupException ex)
        {
            sensor.close();
            throw new SensorSetupException(ex.getMessage());
        }
        catch (final IOException ex)
        {
            sensor.close();
            throw new SensorSetupException(sensor.metrics == null && sensor.run != null
                && config.metrics().enabled() ? "metrics endpoint: " + ex.getMessage() : ex.getMessage());
        }
        catch (final JournalException ex)
        {
            sensor.close();
            throw new SensorSetupException("journal.path: " + ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            sensor.close();
            throw ex;
        }
    }

    /**
     * What can be checked without opening anything: the capture files are readable, the journal directory exists
     * and is writable or can be created, the core list parses. {@code sta run --check} stops here.
     *
     * @param config the configuration.
     * @throws SensorSetupException naming the first problem, one line.
     */
    public static void check(final StaConfig config) throws SensorSetupException
    {
        try
        {
            CaptureSources.checkReadable(config.capture().files());
        }
        catch (final CaptureSetupException ex)
        {
            throw new SensorSetupException("capture.files: " + ex.getMessage());
        }
        final Path journal = config.journal().path().toAbsolutePath();
        Path existing = journal;
        while (existing != null && !Files.exists(existing))
        {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing))
        {
            throw new SensorSetupException("journal.path: " + journal + ": not a writable directory"
                + (existing != null && !existing.equals(journal) ? " (" + existing + " cannot be written)" : ""));
        }
        try
        {
            cores(config.capture().cores());
        }
        catch (final CaptureSetupException ex)
        {
            throw new SensorSetupException("capture.cores: " + ex.getMessage());
        }
        checkFiles(config);
    }

    /** Every file the enrichment and rules sections name must be readable; the first that is not is named. */
    private static void checkFiles(final StaConfig config) throws SensorSetupException
    {
        final StaConfig.Enrichment enrichment = config.enrichment();
        final StaConfig.Rules rules = config.rules();
        final List<Map.Entry<String, Path>> files = new ArrayList<>();
        if (enrichment.geoip().country() != null)
        {
            files.add(Map.entry("enrichment.geoip.country", enrichment.geoip().country()));
        }
        if (enrichment.geoip().asn() != null)
        {
            enrichment.geoip().asn().forEach(file -> files.add(Map.entry("enrichment.geoip.asn", file)));
        }
        if (enrichment.domains().rdap().bootstrap() != null)
        {
            files.add(Map.entry("enrichment.domains.rdap.bootstrap", enrichment.domains().rdap().bootstrap()));
        }
        if (enrichment.certificates().enabled())
        {
            final Path trustStore = enrichment.certificates().trustStore();
            if (!Files.isReadable(trustStore))
            {
                throw new SensorSetupException("enrichment.certificates.trust_store: " + trustStore
                    + ": cannot read");
            }
        }
        if (enrichment.fingerprints().files() != null)
        {
            enrichment.fingerprints().files().forEach(file -> files.add(Map.entry("enrichment.fingerprints.files",
                file)));
        }
        if (rules.policy() != null)
        {
            files.add(Map.entry("rules.policy", rules.policy()));
        }
        rules.signatures().forEach(file -> files.add(Map.entry("rules.signatures", file)));
        rules.blocklists().forEach(list -> files.add(Map.entry("rules.blocklists", list.file())));
        for (final Map.Entry<String, Path> file : files)
        {
            if (!Files.isRegularFile(file.getValue()) || !Files.isReadable(file.getValue()))
            {
                throw new SensorSetupException(file.getKey() + ": " + file.getValue() + ": no such readable file");
            }
        }
    }

    /**
     * Captures until the sources end (capture files) or {@link #requestStop()}, then stops the workers, drains the
     * rings into the journal and closes the journal.
     *
     * @return true when everything was drained and no worker failed.
     * @throws InterruptedException when the calling thread is interrupted while waiting.
     */
    public boolean run() throws InterruptedException
    {
        enrichments.describe().forEach(line -> err.println("sta: " + line));
        rings.forEach(RecordRing::start);
        started = true;
        run.start();
        // This thread opened the journal and is its only writer: it serves the rings until capture ends or a stop
        // is asked for, then lets the workers end their flows while it goes on draining, until nothing is left.
        while (!run.allEnded() && !run.stopRequested())
        {
            idle.idle(journalWriter.pollOnce());
            housekeeping();
        }
        run.stopWorkers();
        while (!run.allEnded() || !journalWriter.allDrained())
        {
            idle.idle(journalWriter.pollOnce());
        }
        run.stopAndJoin();
        release();
        detections.save();
        boolean drained = true;
        for (final RecordRing ring : rings)
        {
            if (!ring.drainAndStop(DRAIN_TIMEOUT_NANOS))
            {
                drained = false;
                err.println("sta: ring " + ring.name() + " not drained within 30 s; " + ring.occupancy()
                    + " records lost");
            }
            if (ring.stageFailures() > 0)
            {
                err.println("sta: ring " + ring.name() + ": " + ring.stageFailures() + " record(s) failed in a stage, "
                    + "last: " + ring.lastStageFailure());
            }
        }
        run.printSummary(err);
        if (enrichments.failureSummary() != null)
        {
            err.println("sta: " + enrichments.failureSummary());
        }
        if (journalWriter.detection().failureSummary() != null)
        {
            err.println("sta: " + journalWriter.detection().failureSummary());
        }
        for (final RecordRing ring : rings)
        {
            err.printf("sta: ring %s: %d records published, %d dropped (ring full)%n", ring.name(), ring.published(),
                ring.droppedFull());
        }
        err.printf("sta: journal %s: %d records appended, %d bytes%s%n", journal.directory(),
            journal.appendedRecords(), journal.appendedBytes(),
            journalWriter.refused() > 0 ? ", " + journalWriter.refused() + " refused (a bug: please report)" : "");
        journal.close();
        journal = null;
        for (final PacketSource source : opened.sources())
        {
            if (source instanceof CaptureFileSource files)
            {
                files.problems().forEach(problem -> err.println("sta: warning: " + problem));
            }
        }
        return drained && !run.failed();
    }

    private void release()
    {
        if (!released)
        {
            released = true;
            opened.release().run();
        }
    }

    /** Between polls, on the journal thread: rules reloaded when asked, detector state saved now and then. */
    private void housekeeping()
    {
        if (reloadRequested)
        {
            reloadRequested = false;
            journalWriter.replaceDetectors(detections.reload());
        }
        final long now = System.nanoTime();
        if (now - nextStateSaveNanos > 0)
        {
            if (nextStateSaveNanos != 0)
            {
                detections.save();
            }
            nextStateSaveNanos = now + config.rules().saveInterval().nanos();
        }
    }

    /** Makes {@link #run()} load the rule files again (SIGHUP): from a signal handler's thread. */
    public void requestReload()
    {
        reloadRequested = true;
    }

    /** Makes {@link #run()} stop: from a signal handler's thread. */
    public void requestStop()
    {
        if (run != null)
        {
            run.requestStop();
        }
    }

    /**
     * The workers' rings, for their counters.
     *
     * @return the rings, one per worker.
     */
    public List<RecordRing> rings()
    {
        return List.copyOf(rings);
    }

    /**
     * The enrichment services, for their caches' gauges.
     *
     * @return the services.
     */
    public Enrichments enrichments()
    {
        return enrichments;
    }

    /**
     * The metrics endpoint, when enabled.
     *
     * @return the server or null.
     */
    public MetricsServer metrics()
    {
        return metrics;
    }

    @Override
    public void close()
    {
        if (metrics != null)
        {
            metrics.close();
        }
        if (run != null && started)
        {
            // run() failed half-way: the workers must end before their rings' memory is freed.
            run.stopWorkers();
            try
            {
                run.stopAndJoin();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            release();
        }
        else if (opened != null && !released)
        {
            released = true;
            opened.abandon();
        }
        for (final RecordRing ring : rings)
        {
            ring.close();
        }
        if (journal != null)
        {
            journal.close();
        }
        if (enrichments != null)
        {
            enrichments.close();
        }
    }

    private static JournalSettings journalSettings(final StaConfig.Journal journal) throws SensorSetupException
    {
        final JournalRollCycle cycle;
        try
        {
            cycle = JournalRollCycle.of(journal.rollCycle());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new SensorSetupException("journal.roll_cycle: " + ex.getMessage());
        }
        return JournalSettings.defaults(journal.path()).withRollCycle(cycle)
            .withRetention(Duration.ofNanos(journal.retainAge().nanos()), journal.retainSize().bytes());
    }

    private static CaptureSpec spec(final StaConfig.Capture capture) throws CaptureSetupException
    {
        return new CaptureSpec(capture.source(), capture.files(),
            capture.replaySpeed() != null ? capture.replaySpeed() : CaptureFileSource.FULL_SPEED,
            capture.interfaceName(), capture.workers() != null ? capture.workers() : 1,
            capture.queues() != null ? capture.queues() : 0, capture.eal(), cores(capture.cores()));
    }

    private static int[] cores(final String cores) throws CaptureSetupException
    {
        return cores == null ? null : CpuPlan.parse(cores);
    }

    private static String sensorName(final StaConfig config)
    {
        if (config.sensor().name() != null)
        {
            return config.sensor().name();
        }
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final UnknownHostException ex)
        {
            return "sta";
        }
    }

}
