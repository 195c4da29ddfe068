package org.stasensor.appliance.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.stasensor.appliance.metrics.MetricsSettings;
import org.stasensor.pipeline.inspect.InspectorConfig;

/**
 * The whole of {@code sta.yaml}: what {@code sta run} captures, how it bounds memory, where records go. Every
 * section may be left out and then takes its defaults, except {@code capture} and {@code journal}. Keys are
 * snake_case; an unknown key or a value of the wrong type stops the sensor at start (see {@link ConfigLoader}).
 *
 * @param sensor   who the sensor is.
 * @param capture  where packets come from.
 * @param pipeline per-worker bounds of the parsing path.
 * @param rings    the Disruptor rings between workers and stages.
 * @param journal  the Chronicle Queue journal.
 * @param metrics  the metrics and health endpoint.
 * @param enrichment GeoIP, domain age and DGA score, certificate validation, software names.
 * @param rules    detections: policy rules, signatures, block lists.
 * @param state    where caches and detector state survive restarts.
 */
public record StaConfig(Sensor sensor, Capture capture, Pipeline pipeline, Rings rings, Journal journal,
    Metrics metrics, Enrichment enrichment, Rules rules, State state)
{
    /** Fills in left-out sections and checks the required ones. */
    public StaConfig
    {
        sensor = sensor != null ? sensor : new Sensor(null);
        pipeline = pipeline != null ? pipeline : new Pipeline(null, null, null, null, null, null);
        rings = rings != null ? rings : new Rings(null, null, null);
        metrics = metrics != null ? metrics : new Metrics(null, null, null, null, null);
        enrichment = enrichment != null ? enrichment : Enrichment.DEFAULT;
        rules = rules != null ? rules : Rules.NONE;
        if (capture == null)
        {
            throw new IllegalArgumentException("the 'capture' section is required (source: pcap | af_packet | dpdk)");
        }
        if (journal == null)
        {
            throw new IllegalArgumentException("the 'journal' section is required (path: where records are kept)");
        }
        state = state != null ? state : new State(journal.path().toAbsolutePath().resolveSibling(
            journal.path().getFileName() + "-state"));
    }

    /**
     * @param path directory for the domain age cache and the detectors' state; default: beside the journal,
     *             {@code <journal>-state}.
     */
    public record State(Path path)
    {
        /** Checks. */
        public State
        {
            if (path == null)
            {
                throw new IllegalArgumentException("'path' is required (a directory)");
            }
        }
    }

    /**
     * @param name {@code observer.hostname} in every record; the host name when left out.
     */
    public record Sensor(String name)
    {
    }

    /**
     * @param source       pcap, af_packet or dpdk.
     * @param files        capture files, read in order (pcap).
     * @param replaySpeed  capture time per wall time; left out for full speed (pcap).
     * @param interfaceName the interface to capture on (af_packet).
     * @param workers      fanout members sharing the interface (af_packet); default 1.
     * @param eal          DPDK EAL arguments, e.g. {@code [--no-huge, --vdev, net_pcap0,rx_pcap=x.pcap]} (dpdk).
     * @param queues       rx queues per port, left out for all the port offers (dpdk).
     * @param cores        CPUs for the workers, {@code 0,2-3}; left out for those the process may use.
     */
    public record Capture(String source, List<Path> files, Double replaySpeed,
        @JsonProperty("interface") String interfaceName, Integer workers,
        List<String> eal, Integer queues, String cores)
    {
        /** Checks that what the source needs is there and nothing of another source is. */
        public Capture
        {
            if (source == null)
            {
                throw new IllegalArgumentException("'source' is required: pcap, af_packet or dpdk");
            }
            source = source.toLowerCase(Locale.ROOT);
            files = files != null ? List.copyOf(files) : List.of();
            eal = eal != null ? List.copyOf(eal) : List.of();
            switch (source)
            {
                case "pcap" ->
                {
                    if (files.isEmpty())
                    {
                        throw new IllegalArgumentException("source pcap needs 'files' (a list of capture files)");
                    }
                    if (replaySpeed != null && !(replaySpeed > 0 && Double.isFinite(replaySpeed)))
                    {
                        throw new IllegalArgumentException("'replay_speed' must be a positive number");
                    }
                }
                case "af_packet" ->
                {
                    if (interfaceName == null || interfaceName.isBlank())
                    {
                        throw new IllegalArgumentException("source af_packet needs 'interface'");
                    }
                    if (workers != null && (workers < 1 || workers > 256))
                    {
                        throw new IllegalArgumentException("'workers' must be 1..256");
                    }
                }
                case "dpdk" ->
                {
                    if (eal.isEmpty())
                    {
                        throw new IllegalArgumentException("source dpdk needs 'eal' (the EAL arguments, a list)");
                    }
                    if (queues != null && queues < 0)
                    {
                        throw new IllegalArgumentException("'queues' cannot be negative");
                    }
                }
                default -> throw new IllegalArgumentException("unknown source '" + source
                    + "': expected pcap, af_packet or dpdk");
            }
        }
    }

    /**
     * @param flowsPerWorker       flows held at once per worker.
     * @param handshakeSessions    connections in their handshake at once per worker.
     * @param handshakeBuffer      bytes kept of each direction of a handshake.
     * @param idleTimeout          a flow without packets for this long ends.
     * @param activeTimeout        a flow older than this gets an interim record.
     * @param dnsPorts             ports parsed as DNS.
     */
    public record Pipeline(Integer flowsPerWorker, Integer handshakeSessions, ByteSize handshakeBuffer,
        TimeSpan idleTimeout, TimeSpan activeTimeout, List<Integer> dnsPorts)
    {
        /** Defaults from {@link InspectorConfig#DEFAULT}; checked here so that a mistake names its line. */
        public Pipeline
        {
            final InspectorConfig defaults = InspectorConfig.DEFAULT;
            flowsPerWorker = flowsPerWorker != null ? flowsPerWorker : defaults.flowCapacity();
            handshakeSessions = handshakeSessions != null ? handshakeSessions : defaults.handshakeSessions();
            handshakeBuffer = handshakeBuffer != null ? handshakeBuffer : new ByteSize(defaults.handshakeBufferBytes());
            idleTimeout = idleTimeout != null ? idleTimeout : new TimeSpan(defaults.idleTimeoutNanos());
            activeTimeout = activeTimeout != null ? activeTimeout : new TimeSpan(defaults.activeTimeoutNanos());
            dnsPorts = dnsPorts != null ? List.copyOf(dnsPorts)
                : Arrays.stream(defaults.dnsPorts()).boxed().toList();
            if (flowsPerWorker < 1024 || handshakeSessions < 1 || handshakeBuffer.bytes() < 1024
                || handshakeBuffer.bytes() > 1 << 20)
            {
                throw new IllegalArgumentException("flows_per_worker must be at least 1024, handshake_sessions at "
                    + "least 1, handshake_buffer 1KiB..1MiB");
            }
            inspector(0, flowsPerWorker, handshakeSessions, handshakeBuffer, idleTimeout, activeTimeout, dnsPorts);
        }

        /**
         * The parsing path's configuration for one worker.
         *
         * @param workerId the worker.
         * @return its configuration.
         */
        public InspectorConfig inspector(final int workerId)
        {
            return inspector(workerId, flowsPerWorker, handshakeSessions, handshakeBuffer, idleTimeout, activeTimeout,
                dnsPorts);
        }

        private static InspectorConfig inspector(final int workerId, final int flows, final int sessions,
            final ByteSize buffer, final TimeSpan idle, final TimeSpan active, final List<Integer> dnsPorts)
        {
            return new InspectorConfig(workerId, flows, idle.nanos(), active.nanos(), sessions, (int)buffer.bytes(),
                dnsPorts.stream().mapToInt(Integer::intValue).toArray(), InspectorConfig.DEFAULT.quicSessions());
        }
    }

    /**
     * @param slots     slots per worker ring, a power of two; default 4096.
     * @param slotSize  bytes per slot, the largest record; default 16KiB.
     * @param claimWait how long a worker waits for a free slot before dropping a record; default 50us.
     */
    public record Rings(Integer slots, ByteSize slotSize, TimeSpan claimWait)
    {
        /** Defaults and checks. */
        public Rings
        {
            slots = slots != null ? slots : 4096;
            slotSize = slotSize != null ? slotSize : new ByteSize(16 * 1024);
            claimWait = claimWait != null ? claimWait : new TimeSpan(50_000L);
            if (slots < 2 || Integer.bitCount(slots) != 1)
            {
                throw new IllegalArgumentException("'slots' must be a power of two, at least 2: " + slots);
            }
            if (slotSize.bytes() < 512 || slotSize.bytes() > 16 * 1024)
            {
                throw new IllegalArgumentException("'slot_size' must be 512B..16KiB: " + slotSize.bytes());
            }
        }
    }

    /**
     * @param path       the journal directory.
     * @param rollCycle  how often a new cycle file starts: minutely, hourly or daily; default hourly.
     * @param retainAge  cycles older than this are deleted; default 7d.
     * @param retainSize the oldest cycles are deleted while the journal is larger; default 10GiB.
     */
    public record Journal(Path path, String rollCycle, TimeSpan retainAge, ByteSize retainSize)
    {
        /** Defaults and checks. */
        public Journal
        {
            if (path == null)
            {
                throw new IllegalArgumentException("'path' is required (the journal directory)");
            }
            rollCycle = rollCycle != null ? rollCycle.toLowerCase(Locale.ROOT) : "hourly";
            retainAge = retainAge != null ? retainAge : TimeSpan.parse("7d");
            retainSize = retainSize != null ? retainSize : ByteSize.parse("10GiB");
        }
    }

    /**
     * @param address          address of the metrics and health endpoint; default 127.0.0.1 (loopback only).
     * @param port             its port; default 9477.
     * @param allowNonLoopback true to let {@code address} be a non-loopback address; default false.
     * @param journalLagLimit  {@code /health} fails when the journal is further behind; default 10s.
     * @param enabled          false to serve nothing; default true.
     */
    public record Metrics(String address, Integer port, Boolean allowNonLoopback, TimeSpan journalLagLimit,
        Boolean enabled)
    {
        /** Defaults, checked as the endpoint will check them, so that a mistake names its line. */
        public Metrics
        {
            address = address != null ? address : MetricsSettings.DEFAULT_BIND_ADDRESS;
            port = port != null ? port : MetricsSettings.DEFAULT_PORT;
            allowNonLoopback = allowNonLoopback != null && allowNonLoopback;
            journalLagLimit = journalLagLimit != null ? journalLagLimit
                : new TimeSpan(MetricsSettings.DEFAULT_JOURNAL_LAG_LIMIT.toNanos());
            enabled = enabled == null || enabled;
            settings(address, port, allowNonLoopback, journalLagLimit);
        }

        /**
         * The endpoint's settings.
         *
         * @return the settings.
         */
        public MetricsSettings settings()
        {
            return settings(address, port, allowNonLoopback, journalLagLimit);
        }

        private static MetricsSettings settings(final String address, final int port, final boolean allowNonLoopback,
            final TimeSpan lagLimit)
        {
            return new MetricsSettings(address, port, allowNonLoopback, Duration.ofNanos(lagLimit.nanos()));
        }
    }

    /**
     * @param enabled      false to journal records as the workers wrote them; default true.
     * @param geoip        countries and AS numbers.
     * @param domains      DGA score and creation date of the names records carry.
     * @param certificates chain validation.
     * @param fingerprints software named from JA3/JA4/HASSH.
     * @param communityIdSeed seed of the Community ID hash; default 0 as Zeek and Suricata use.
     */
    public record Enrichment(Boolean enabled, Geoip geoip, Domains domains, Certificates certificates,
        Fingerprints fingerprints, Integer communityIdSeed)
    {
        /** Everything at its default. */
        public static final Enrichment DEFAULT = new Enrichment(null, null, null, null, null, null);

        /** Defaults and checks. */
        public Enrichment
        {
            enabled = enabled == null || enabled;
            geoip = geoip != null ? geoip : new Geoip(null, null, null, null, null);
            domains = domains != null ? domains : new Domains(null, null, null);
            certificates = certificates != null ? certificates : new Certificates(null, null, null);
            fingerprints = fingerprints != null ? fingerprints : new Fingerprints(null, null);
            communityIdSeed = communityIdSeed != null ? communityIdSeed : 0;
            if (communityIdSeed < 0 || communityIdSeed > 0xFFFF)
            {
                throw new IllegalArgumentException("'community_id_seed' must be 0..65535");
            }
        }
    }

    /**
     * @param enabled        false for no GeoIP; default true.
     * @param country        a Country or City {@code .mmdb}; default: the bundled database that {@code bin/setup}
     *                       installs, when present.
     * @param asn            ASN {@code .mmdb} or {@code .csv} files; default: the bundled ones, when present.
     * @param cacheEntries   addresses remembered per enrichment thread; default 65536.
     * @param reloadInterval how often the files are checked for a new version; default 60s.
     */
    public record Geoip(Boolean enabled, Path country, List<Path> asn, Integer cacheEntries,
        TimeSpan reloadInterval)
    {
        /** Defaults and checks (files are checked by {@code sta run --check} and at start). */
        public Geoip
        {
            enabled = enabled == null || enabled;
            asn = asn != null ? List.copyOf(asn) : null;
            cacheEntries = cacheEntries != null ? cacheEntries : 65536;
            reloadInterval = reloadInterval != null ? reloadInterval : TimeSpan.parse("60s");
            if (cacheEntries < 0 || cacheEntries > 1 << 24)
            {
                throw new IllegalArgumentException("'cache_entries' must be 0..16777216");
            }
        }
    }

    /**
     * @param dga          score names for machine generation; default true.
     * @param cacheEntries registered domains whose score and age are remembered; default 100000.
     * @param rdap         creation dates over RDAP; off unless enabled (the sensor then sends queries out).
     */
    public record Domains(Boolean dga, Integer cacheEntries, Rdap rdap)
    {
        /** Defaults and checks. */
        public Domains
        {
            dga = dga == null || dga;
            cacheEntries = cacheEntries != null ? cacheEntries : 100_000;
            rdap = rdap != null ? rdap : new Rdap(null, null, null, null, null, null, null, null, null, null);
            if (cacheEntries < 16 || cacheEntries > 10_000_000)
            {
                throw new IllegalArgumentException("'cache_entries' must be 16..10000000");
            }
        }
    }

    /**
     * @param enabled           look creation dates up; default false (offline: records say so).
     * @param bootstrap         IANA dns.json to use instead of the bundled copy.
     * @param cacheEntries      domains kept in the persistent cache; default 100000.
     * @param positiveTtl       how long a found date is kept; default 30d.
     * @param negativeTtl       how long "not registered" is kept; default 1d.
     * @param errorTtl          how long a failure is kept before asking again; default 10m.
     * @param requestsPerSecond per RDAP server; default 1.
     * @param burst             requests a server may get at once; default 5.
     * @param timeout           per request; default 5s.
     * @param maxPending        lookups queued or in flight; default 1000.
     */
    public record Rdap(Boolean enabled, Path bootstrap, Integer cacheEntries, TimeSpan positiveTtl,
        TimeSpan negativeTtl, TimeSpan errorTtl, Double requestsPerSecond, Integer burst, TimeSpan timeout,
        Integer maxPending)
    {
        /** Defaults and checks. */
        public Rdap
        {
            enabled = enabled != null && enabled;
            cacheEntries = cacheEntries != null ? cacheEntries : 100_000;
            positiveTtl = positiveTtl != null ? positiveTtl : TimeSpan.parse("30d");
            negativeTtl = negativeTtl != null ? negativeTtl : TimeSpan.parse("1d");
            errorTtl = errorTtl != null ? errorTtl : TimeSpan.parse("10m");
            requestsPerSecond = requestsPerSecond != null ? requestsPerSecond : 1.0;
            burst = burst != null ? burst : 5;
            timeout = timeout != null ? timeout : TimeSpan.parse("5s");
            maxPending = maxPending != null ? maxPending : 1000;
            if (!(requestsPerSecond > 0) || burst < 1 || maxPending < 1 || cacheEntries < 16)
            {
                throw new IllegalArgumentException("requests_per_second must be > 0, burst and max_pending at least 1, "
                    + "cache_entries at least 16");
            }
        }
    }

    /**
     * @param enabled      validate chains; default true.
     * @param trustStore   PEM bundle, directory of PEM files, or PKCS12/JKS keystore; default the system bundle.
     * @param cacheEntries leaf certificates whose validation is remembered; default 10000.
     */
    public record Certificates(Boolean enabled, Path trustStore, Integer cacheEntries)
    {
        /** Debian's ca-certificates bundle. */
        public static final Path SYSTEM_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

        /** Defaults and checks. */
        public Certificates
        {
            enabled = enabled == null || enabled;
            trustStore = trustStore != null ? trustStore : SYSTEM_BUNDLE;
            cacheEntries = cacheEntries != null ? cacheEntries : 10_000;
            if (cacheEntries < 1)
            {
                throw new IllegalArgumentException("'cache_entries' must be at least 1");
            }
        }
    }

    /**
     * @param enabled name client and server software from JA4/JA3/HASSH (docs/fingerprints.md); default true.
     * @param files   the operator's fingerprint files over the shipped lists, later ones win; default the file
     *                {@code sta fingerprints import} writes, when it exists.
     */
    public record Fingerprints(Boolean enabled, List<Path> files)
    {
        /** Defaults and checks. */
        public Fingerprints
        {
            enabled = enabled == null || enabled;
            files = files != null ? List.copyOf(files) : null;
        }
    }

    /**
     * @param policy      the policy rules file (docs/rules.md); none when left out.
     * @param signatures  Suricata-syntax {@code .rules} files (docs/signatures.md).
     * @param blocklists  fingerprint block lists.
     * @param vars        signature variables such as {@code HOME_NET: "[10.0.0.0/8]"}.
     * @param saveInterval how often detector state is saved (it is also saved at stop); default 5m.
     */
    public record Rules(Path policy, List<Path> signatures, List<Blocklist> blocklists,
        java.util.Map<String, String> vars, TimeSpan saveInterval)
    {
        /** No rules. */
        public static final Rules NONE = new Rules(null, null, null, null, null);

        /** Defaults and checks. */
        public Rules
        {
            signatures = signatures != null ? List.copyOf(signatures) : List.of();
            blocklists = blocklists != null ? List.copyOf(blocklists) : List.of();
            vars = vars != null ? java.util.Map.copyOf(vars) : java.util.Map.of();
            saveInterval = saveInterval != null ? saveInterval : TimeSpan.parse("5m");
        }

        /**
         * Whether any rule is configured.
         *
         * @return false when detection has nothing to do.
         */
        public boolean any()
        {
            return policy != null || !signatures.isEmpty() || !blocklists.isEmpty();
        }
    }

    /**
     * @param file   the list.
     * @param kind   ja3, ja3s, ja4, hassh or hassh_server.
     * @param format sslbl_csv (abuse.ch JA3 list, a .csv file) or plain (one per line); default plain.
     */
    public record Blocklist(Path file, String kind, String format)
    {
        /** Checks. */
        public Blocklist
        {
            if (file == null || kind == null)
            {
                throw new IllegalArgumentException("a block list needs 'file' and 'kind' (ja3, ja3s, ja4, hassh, "
                    + "hassh_server)");
            }
            kind = kind.toLowerCase(Locale.ROOT);
            format = format != null ? format.toLowerCase(Locale.ROOT) : "plain";
            if (!List.of("ja3", "ja3s", "ja4", "hassh", "hassh_server").contains(kind))
            {
                throw new IllegalArgumentException("unknown block list kind '" + kind + "': ja3, ja3s, ja4, hassh, "
                    + "hassh_server");
            }
            if (!List.of("plain", "sslbl_csv").contains(format))
            {
                throw new IllegalArgumentException("unknown block list format '" + format + "': plain, sslbl_csv");
            }
            if ("sslbl_csv".equals(format) && (!"ja3".equals(kind) || !file.toString().endsWith(".csv")))
            {
                throw new IllegalArgumentException("an sslbl_csv block list is abuse.ch's JA3 list: kind ja3, a .csv "
                    + "file");
            }
        }
    }
}
