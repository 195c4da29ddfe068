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
 */
public record StaConfig(Sensor sensor, Capture capture, Pipeline pipeline, Rings rings, Journal journal,
    Metrics metrics)
{
    /** Fills in left-out sections and checks the required ones. */
    public StaConfig
    {
        sensor = sensor != null ? sensor : new Sensor(null);
        pipeline = pipeline != null ? pipeline : new Pipeline(null, null, null, null, null, null);
        rings = rings != null ? rings : new Rings(null, null, null);
        metrics = metrics != null ? metrics : new Metrics(null, null, null, null, null);
        if (capture == null)
        {
            throw new IllegalArgumentException("the 'capture' section is required (source: pcap | af_packet | dpdk)");
        }
        if (journal == null)
        {
            throw new IllegalArgumentException("the 'journal' section is required (path: where records are kept)");
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
}
