package org.stasensor.appliance.enrich;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.appliance.metrics.CacheGauges;
import org.stasensor.pipeline.domain.PublicSuffixList;
import org.stasensor.pipeline.enrich.DomainEnrichment;
import org.stasensor.pipeline.enrich.DomainScorer;
import org.stasensor.pipeline.enrich.EnrichmentStage;
import org.stasensor.pipeline.enrich.LateRecords;
import org.stasensor.pipeline.enrich.RecordEnrichment;
import org.stasensor.pipeline.flow.CommunityId;
import org.stasensor.pipeline.enrich.geo.GeoIpDatabases;
import org.stasensor.pipeline.enrich.rdap.DomainAgeService;
import org.stasensor.pipeline.enrich.rdap.RdapSettings;
import org.stasensor.pipeline.enrich.geo.GeoIpEnrichment;
import org.stasensor.pipeline.enrich.software.FingerprintDatabase;
import org.stasensor.pipeline.enrich.software.SoftwareIdentificationEnrichment;
import org.stasensor.pipeline.enrich.x509.CertificateValidationEnrichment;
import org.stasensor.pipeline.enrich.x509.CertificateValidator;
import org.stasensor.pipeline.enrich.x509.TrustAnchors;

/**
 * The enrichment services a sensor shares between its enrichment threads (databases, models, caches, the RDAP
 * client), opened from the configuration, and the per-thread stages made over them. Files the configuration names
 * must load; bundled defaults that are not installed are left out with a note, so that a sensor without GeoIP data
 * still runs and says why its records have no countries.
 */
public final class Enrichments implements AutoCloseable
{
    private static final int LATE_RECORDS_BYTES = 1 << 22;

    private final StaConfig.Enrichment config;
    private final List<String> notes = new ArrayList<>();
    private final List<GeoIpEnrichment> geoStages = new CopyOnWriteArrayList<>();
    private final List<EnrichmentStage> stages = new CopyOnWriteArrayList<>();
    private final LateRecords lateRecords = new LateRecords(LATE_RECORDS_BYTES);
    private GeoIpDatabases geoIp;
    private CertificateValidator certificates;
    private FingerprintDatabase fingerprints;
    private PublicSuffixList suffixes;
    private DomainScorer dgaModel;
    private DomainAgeService domainAges;
    private DomainEnrichment.Triggers triggers;
    private final List<DomainEnrichment> domainStages = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService watcher;

    private Enrichments(final StaConfig.Enrichment config)
    {
        this.config = config;
    }

    /**
     * Opens every enabled service.
     *
     * @param config   the enrichment section.
     * @param stateDir where persistent caches live.
     * @param log      where reloads and other events are reported.
     * @return the services.
     * @throws IOException naming the file or setting that cannot be used; whatever was opened is closed again.
     */
    public static Enrichments open(final StaConfig.Enrichment config, final Path stateDir, final Consumer<String> log)
        throws IOException
    {
        final Enrichments enrichments = new Enrichments(config);
        try
        {
            if (config.enabled())
            {
                enrichments.openGeoIp(config.geoip(), log);
                enrichments.openCertificates(config.certificates());
                enrichments.openFingerprints(config.fingerprints());
                enrichments.openDomains(config.domains(), stateDir, log);
            }
            return enrichments;
        }
        catch (final IOException | RuntimeException ex)
        {
            enrichments.close();
            throw ex;
        }
    }

    private void openGeoIp(final StaConfig.Geoip geoip, final Consumer<String> log) throws IOException
    {
        if (!geoip.enabled())
        {
            notes.add("geoip: disabled");
            return;
        }
        Path country = geoip.country();
        if (country == null && Files.isReadable(GeoIpDatabases.BUNDLED_COUNTRY))
        {
            country = GeoIpDatabases.BUNDLED_COUNTRY;
        }
        List<Path> asn = geoip.asn();
        if (asn == null)
        {
            asn = GeoIpDatabases.BUNDLED_ASN.stream().filter(Files::isReadable).toList();
        }
        if (country == null && asn.isEmpty())
        {
            notes.add("geoip: no database (bin/setup installs the bundled ones into "
                + GeoIpDatabases.BUNDLED_DIRECTORY + "; or set enrichment.geoip.country / asn)");
            return;
        }
        geoIp = GeoIpDatabases.open(country, asn, log);
        notes.add("geoip: " + geoIp.describe());
        final long interval = Math.max(1_000_000_000L, geoip.reloadInterval().nanos());
        watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sta-geoip-watch")
            .factory());
        watcher.scheduleWithFixedDelay(geoIp::reloadIfChanged, interval, interval, TimeUnit.NANOSECONDS);
    }

    private void openCertificates(final StaConfig.Certificates settings) throws IOException
    {
        if (!settings.enabled())
        {
            notes.add("certificates: validation disabled");
            return;
        }
        final TrustAnchors anchors = TrustAnchors.load(settings.trustStore());
        certificates = new CertificateValidator(anchors, settings.cacheEntries());
        notes.add("certificates: " + anchors.count() + " trust anchors from " + settings.trustStore());
    }

    private void openDomains(final StaConfig.Domains settings, final Path stateDir, final Consumer<String> log)
        throws IOException
    {
        if (!Files.isReadable(PublicSuffixList.DEFAULT_PATH))
        {
            notes.add("domains: no Public Suffix List at " + PublicSuffixList.DEFAULT_PATH + " (apt publicsuffix): "
                + "no domain fields");
            return;
        }
        suffixes = PublicSuffixList.load();
        if (settings.dga())
        {
            dgaModel = DgaScores.bundled(notes);
        }
        triggers = new DomainEnrichment.Triggers(settings.rdap().maxPending(), lateRecords);
        final StaConfig.Rdap rdap = settings.rdap();
        if (rdap.enabled())
        {
            domainAges = DomainAgeService.open(new RdapSettings(true, rdap.bootstrap(),
                stateDir == null ? null : stateDir.resolve("rdap-cache.tsv"), rdap.cacheEntries(),
                Duration.ofNanos(rdap.positiveTtl().nanos()), Duration.ofNanos(rdap.negativeTtl().nanos()),
                Duration.ofNanos(rdap.errorTtl().nanos()), rdap.requestsPerSecond(), rdap.burst(),
                Duration.ofNanos(rdap.timeout().nanos()), rdap.maxPending()), triggers::onUpdate);
            if (domainAges.cacheLoadProblem() != null)
            {
                log.accept("rdap: " + domainAges.cacheLoadProblem());
            }
            notes.add("rdap: creation dates looked up (bootstrap " + domainAges.bootstrapPublication() + ", cache "
                + (stateDir == null ? "in memory" : stateDir.resolve("rdap-cache.tsv")) + ")");
        }
        else
        {
            notes.add("rdap: offline (records say domain.creation_date_status: offline)");
        }
    }

    private void openFingerprints(final StaConfig.Fingerprints settings) throws IOException
    {
        if (!settings.enabled())
        {
            notes.add("fingerprints: software names disabled");
            return;
        }
        try
        {
            fingerprints = FingerprintDatabase.load(settings.files() != null ? settings.files()
                : List.of(FingerprintDatabase.DEFAULT_USER_FILE));
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
        notes.add("fingerprints: " + fingerprints.size() + " entries (shipped lists"
            + (settings.files() != null ? " + " + settings.files() : "") + ")");
        fingerprints.notes().forEach(note -> notes.add("fingerprints: " + note));
    }

    /**
     * A stage for one enrichment thread (one ring, or {@code sta analyze}'s worker).
     *
     * @param slotCapacity bytes a record may grow to.
     * @return the stage.
     */
    public EnrichmentStage newStage(final int slotCapacity)
    {
        final List<RecordEnrichment> chain = new ArrayList<>();
        if (!config.enabled())
        {
            return remember(new EnrichmentStage(chain, slotCapacity));
        }
        // One per stage: the Community ID's digest is the thread's own.
        final CommunityId communityId = new CommunityId(config.communityIdSeed());
        chain.add(communityId::append);
        if (geoIp != null)
        {
            final GeoIpEnrichment geo = new GeoIpEnrichment(geoIp, config.geoip().cacheEntries());
            geoStages.add(geo);
            chain.add(geo);
        }
        if (certificates != null)
        {
            chain.add(new CertificateValidationEnrichment(certificates));
        }
        if (suffixes != null)
        {
            final DomainEnrichment domains = new DomainEnrichment(suffixes, dgaModel, domainAges, triggers,
                config.domains().cacheEntries());
            domainStages.add(domains);
            chain.add(domains);
        }
        if (fingerprints != null)
        {
            chain.add(new SoftwareIdentificationEnrichment(fingerprints));
        }
        return remember(new EnrichmentStage(chain, slotCapacity));
    }

    private EnrichmentStage remember(final EnrichmentStage stage)
    {
        stages.add(stage);
        return stage;
    }

    /**
     * What went wrong in enrichment, for the run's summary: records that went on without some of their fields
     * because an enrichment threw (a bug to report).
     *
     * @return a line, or null when nothing failed.
     */
    public String failureSummary()
    {
        long failures = 0;
        RuntimeException last = null;
        for (final EnrichmentStage stage : stages)
        {
            failures += stage.failures();
            last = stage.lastFailure() != null ? stage.lastFailure() : last;
        }
        return failures == 0 ? null : "enrichment failed on " + failures + " record(s) (a bug: please report), last: "
            + last;
    }

    /**
     * Records that enrichment makes later (creation dates arriving after the records that named the domain).
     *
     * @return the queue the journal thread drains.
     */
    public LateRecords lateRecords()
    {
        return lateRecords;
    }

    /**
     * Lookups still waiting for an answer.
     *
     * @return the count.
     */
    public long pendingLookups()
    {
        return triggers == null ? 0 : triggers.pending();
    }

    /**
     * The caches, for metrics.
     *
     * @return one entry per cache.
     */
    public List<CacheGauges> caches()
    {
        final List<CacheGauges> caches = new ArrayList<>();
        if (geoIp != null)
        {
            caches.add(new CacheTotals("geoip", () -> geoStages.stream().mapToLong(GeoIpEnrichment::hits).sum(),
                () -> geoStages.stream().mapToLong(GeoIpEnrichment::misses).sum(),
                () -> geoStages.stream().mapToLong(GeoIpEnrichment::size).sum()));
        }
        if (suffixes != null)
        {
            caches.add(new CacheTotals("domains", () -> domainStages.stream().mapToLong(DomainEnrichment::scoreHits)
                .sum(), () -> domainStages.stream().mapToLong(DomainEnrichment::scoreMisses).sum(),
                () -> domainStages.stream().mapToLong(DomainEnrichment::scoresHeld).sum()));
        }
        if (domainAges != null)
        {
            final DomainAgeService ages = domainAges;
            caches.add(new CacheTotals("rdap", ages::cacheHits, ages::cacheMisses, ages::cacheSize));
        }
        if (certificates != null)
        {
            final CertificateValidator validator = certificates;
            caches.add(new CacheTotals("certificates", validator::hits, validator::misses, validator::size));
        }
        return caches;
    }

    /**
     * What is enabled and from which files, one line each, for the log and {@code --check}.
     *
     * @return the lines.
     */
    public List<String> describe()
    {
        return List.copyOf(notes);
    }

    @Override
    public void close()
    {
        if (watcher != null)
        {
            watcher.shutdownNow();
        }
        if (geoIp != null)
        {
            geoIp.close();
        }
        if (domainAges != null)
        {
            domainAges.close();
        }
    }
}
