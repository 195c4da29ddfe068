package org.stasensor.rules.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.rules.AlertSink;
import org.stasensor.rules.Detector;

/**
 * Runs a {@link Policy}'s rules over every record, with the state its stateful rules need (DNS servers each LAN host
 * has used, SSH attempts per source, rate baselines, suppression times). The state belongs to the engine, not to the
 * rules: {@link #reload(Policy)} swaps the rules and keeps it, and {@link #save()}/{@link #load()} carry it across
 * restarts. Every table is bounded by the same cap with least-recently-used eviction (docs/rules.md, "State").
 * <p>
 * Threading: {@link #onRecord}, {@link #save()} and {@link #load()} run on the detection thread (the journal
 * writer's); {@link #reload(Policy)} and {@link #counters()} may be called from any thread.
 */
public final class PolicyEngine implements Detector
{
    /** Cap of each state table when none is given: about 60 MB of heap with every table full (docs/rules.md). */
    public static final int DEFAULT_CAPACITY = 50_000;

    private static final long DAY_NANOS = 86_400_000_000_000L;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Path stateDirectory;
    private final int capacity;
    private final RecordFacts facts = new RecordFacts();
    private final Map<String, AtomicLong> alertCounts = new ConcurrentHashMap<>();
    private final AtomicLong suppressed = new AtomicLong();
    private volatile Policy policy;
    private PolicyState state;
    /** Set by {@link #learn} for a DNS record from a LAN client to a public server. */
    private HostKey dnsClient;
    private HostKey dnsServer;
    private boolean newDnsPair;

    /**
     * An engine with empty state.
     *
     * @param policy         the rules.
     * @param stateDirectory where {@link #save()} and {@link #load()} keep the state; null for none.
     * @param capacity       the cap of each state table (hosts, host-server pairs, rate keys, suppression keys).
     */
    public PolicyEngine(final Policy policy, final Path stateDirectory, final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("state capacity " + capacity + " is not at least 1");
        }
        this.policy = policy;
        this.stateDirectory = stateDirectory;
        this.capacity = capacity;
        this.state = new PolicyState(capacity);
    }

    /**
     * Swaps the rules (SIGHUP), keeping all detector state: what was learnt about DNS servers, SSH attempts and the
     * baselines of rate rules whose name stays the same. The next record sees the new rules.
     *
     * @param replacement the new policy.
     */
    public void reload(final Policy replacement)
    {
        policy = replacement;
    }

    /**
     * Reads the saved state, replacing the current one. A missing file means a first start; a damaged one is set
     * aside (the engine starts fresh) and reported.
     *
     * @return null when the state was loaded or there was none; else why it could not be used, for the log.
     */
    public String load()
    {
        if (stateDirectory == null)
        {
            return null;
        }
        try
        {
            state = PolicyState.load(stateDirectory, capacity);
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            state = new PolicyState(capacity);
            return "policy detector state discarded, starting fresh: " + ex.getMessage();
        }
    }

    /**
     * Writes the state (call periodically and at stop, on the detection thread). Atomic: a crash leaves the previous
     * file whole.
     *
     * @throws IOException when it cannot be written.
     */
    public void save() throws IOException
    {
        if (stateDirectory != null)
        {
            state.save(stateDirectory);
        }
    }

    /**
     * Counters for metrics: {@code alerts.<rule>}, {@code suppressed}, and per table {@code state.<table>.size}
     * and {@code state.<table>.evictions}. Sizes read from another thread are approximate.
     *
     * @return a new map, names to values.
     */
    public Map<String, Long> counters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        alertCounts.forEach((rule, count) -> counters.put("alerts." + rule, count.get()));
        counters.put("suppressed", suppressed.get());
        final PolicyState current = state;
        table(counters, "dns_servers_used", current.dnsServersUsed);
        table(counters, "dns_answerers", current.dnsAnswerers);
        table(counters, "ssh_sources", current.sshAttempts);
        table(counters, "rate_keys", current.rates);
        table(counters, "suppression_keys", current.lastAlerts);
        counters.put("state.capacity", (long)capacity);
        return counters;
    }

    private static void table(final Map<String, Long> counters, final String name, final BoundedMap<?, ?> map)
    {
        counters.put("state." + name + ".size", (long)map.size());
        counters.put("state." + name + ".evictions", map.evictions());
    }

    @Override
    public void onRecord(final RecordReader record, final AlertSink alerts)
    {
        final Policy current = policy;
        facts.read(record);
        if (facts.dataset == null || facts.dataset == Dataset.ALERT)
        {
            return;
        }
        learn(current.scope());
        for (final PolicyRule rule : current.rules())
        {
            if (allowed(rule))
            {
                continue;
            }
            switch (rule.kind())
            {
                case NEVER_INTERNET -> neverInternet(current.scope(), rule, record, alerts);
                case NEW_PUBLIC_DNS_SERVER -> newPublicDnsServer(rule, record, alerts);
                case NON_DNS_ON_DNS_PORT -> nonDnsOnDnsPort(rule, record, alerts);
                case OLD_TLS_TO_PUBLIC -> oldTls(current.scope(), rule, record, alerts);
                case OUTBOUND_SSH -> outboundSsh(current.scope(), rule, record, alerts);
                case SSH_AUTH_ATTEMPTS -> sshAttempts(rule, record, alerts);
                case SSH_CIPHER_POLICY -> sshCiphers(rule, record, alerts);
                case DGA_DOMAIN -> dga(rule, record, alerts);
                case YOUNG_DOMAIN -> youngDomain(rule, record, alerts);
                case RATE_ANOMALY -> rate(rule, record, alerts);
                default -> throw new IllegalStateException("no detector for " + rule.kind());
            }
        }
    }

    /** State every rule of a kind relies on is kept whatever rules are loaded, so a reload finds it learnt. */
    private void learn(final AddressScope scope)
    {
        newDnsPair = false;
        dnsClient = null;
        dnsServer = null;
        if (!facts.hasAddresses())
        {
            return;
        }
        if (facts.dataset == Dataset.DNS)
        {
            if (state.dnsLearningStart == Long.MIN_VALUE)
            {
                state.dnsLearningStart = facts.time;
            }
            if ("answer".equals(facts.dnsType))
            {
                // The responder of a DNS exchange answers queries: a resolver or forwarder, exempt from the rule.
                state.dnsAnswerers.put(Addresses.key(facts.buffer, facts.destinationOffset, facts.ipVersion),
                    facts.time);
            }
            if (scope.isLan(facts.buffer, facts.sourceOffset, facts.ipVersion)
                && scope.isPublic(facts.buffer, facts.destinationOffset, facts.ipVersion))
            {
                // Learnt whatever rules are loaded, so that a rule added by a reload knows the servers already used.
                dnsClient = Addresses.key(facts.buffer, facts.sourceOffset, facts.ipVersion);
                dnsServer = Addresses.key(facts.buffer, facts.destinationOffset, facts.ipVersion);
                newDnsPair = state.dnsServersUsed.put(new PolicyState.ClientServer(dnsClient, dnsServer), facts.time)
                    == null;
            }
        }
        if (facts.dataset == Dataset.SSH && facts.sshAttempts > 0)
        {
            final HostKey source = Addresses.key(facts.buffer, facts.sourceOffset, facts.ipVersion);
            SshAttemptWindow window = state.sshAttempts.get(source);
            if (window == null)
            {
                window = new SshAttemptWindow();
                state.sshAttempts.put(source, window);
            }
            window.add(facts.time, (int)Math.min(Integer.MAX_VALUE, facts.sshAttempts));
        }
    }

    private boolean allowed(final PolicyRule rule)
    {
        if (facts.hasAddresses() && !rule.allowHosts().isEmpty()
            && (rule.allowHosts().contains(facts.buffer, facts.sourceOffset, facts.ipVersion)
            || rule.allowHosts().contains(facts.buffer, facts.destinationOffset, facts.ipVersion)))
        {
            return true;
        }
        return !rule.allowDomains().isEmpty() && (rule.allowsDomain(facts.anyDomain())
            || rule.allowsDomain(facts.registeredDomain) || rule.allowsDomain(facts.questionName)
            || rule.allowsDomain(facts.serverName));
    }

    private void neverInternet(final AddressScope scope, final PolicyRule rule, final RecordReader record,
        final AlertSink alerts)
    {
        if (!facts.hasAddresses() || facts.dataset == Dataset.DOMAIN)
        {
            return;
        }
        final HostSet hosts = rule.hosts();
        final boolean sourceWatched = hosts.contains(facts.buffer, facts.sourceOffset, facts.ipVersion);
        final boolean destinationWatched = hosts.contains(facts.buffer, facts.destinationOffset, facts.ipVersion);
        if (sourceWatched && scope.isPublic(facts.buffer, facts.destinationOffset, facts.ipVersion))
        {
            final String host = facts.source();
            final String peer = facts.destination();
            raise(rule, host + ">" + peer, record, alerts, host + " must never reach the Internet but connected to "
                + peer + " port " + facts.service() + " (" + facts.dataset.id() + ")");
        }
        else if (destinationWatched && scope.isPublic(facts.buffer, facts.sourceOffset, facts.ipVersion))
        {
            final String host = facts.destination();
            final String peer = facts.source();
            raise(rule, host + "<" + peer, record, alerts, host + " must never talk to the Internet but public "
                + peer + " connected to it on " + facts.service() + " (" + facts.dataset.id() + ")");
        }
    }

    private void newPublicDnsServer(final PolicyRule rule, final RecordReader record, final AlertSink alerts)
    {
        if (!newDnsPair || state.dnsAnswerers.containsKey(dnsClient)
            || facts.time - state.dnsLearningStart < rule.learningNanos())
        {
            return;
        }
        final HostKey client = dnsClient;
        final HostKey server = dnsServer;
        raise(rule, client + ">" + server, record, alerts, client + " used public DNS server " + server
            + " for the first time" + (facts.questionName == null ? "" : " (asking " + facts.questionName + ")"));
    }

    private void nonDnsOnDnsPort(final PolicyRule rule, final RecordReader record, final AlertSink alerts)
    {
        if (facts.dataset != Dataset.FLOW || !facts.notDnsOnDnsPort || !facts.hasAddresses())
        {
            return;
        }
        final String source = facts.source();
        final String destination = facts.destination();
        raise(rule, source + ">" + destination + ":" + facts.service(), record, alerts, "traffic that is not DNS ("
            + (facts.networkProtocol == null ? "unknown" : facts.networkProtocol) + ") on DNS port "
            + facts.service() + " from " + source + " to " + destination);
    }

    private void oldTls(final AddressScope scope, final PolicyRule rule, final RecordReader record,
        final AlertSink alerts)
    {
        if ((facts.dataset != Dataset.TLS && facts.dataset != Dataset.QUIC) || !facts.hasAddresses())
        {
            return;
        }
        final int rank = TlsVersions.rank(facts.tlsVersionProtocol, facts.tlsVersion);
        if (rank == 0 || rank >= rule.minTlsRank()
            || !scope.isPublic(facts.buffer, facts.destinationOffset, facts.ipVersion))
        {
            return;
        }
        final String source = facts.source();
        final String destination = facts.destination();
        raise(rule, source + ">" + destination, record, alerts, TlsVersions.name(rank) + " negotiated with public "
            + "server " + destination + " port " + facts.service()
            + (facts.serverName == null ? "" : " (" + facts.serverName + ")") + " by " + source + ", below "
            + TlsVersions.name(rule.minTlsRank()) + ": old server or a downgrade");
    }

    private void outboundSsh(final AddressScope scope, final PolicyRule rule, final RecordReader record,
        final AlertSink alerts)
    {
        if (facts.dataset != Dataset.SSH || !facts.hasAddresses()
            || !scope.isLan(facts.buffer, facts.sourceOffset, facts.ipVersion)
            || !scope.isPublic(facts.buffer, facts.destinationOffset, facts.ipVersion))
        {
            return;
        }
        final String source = facts.source();
        final String destination = facts.destination();
        raise(rule, source + ">" + destination, record, alerts, "SSH from " + source + " to public " + destination
            + " port " + facts.service());
    }

    private void sshAttempts(final PolicyRule rule, final RecordReader record, final AlertSink alerts)
    {
        if (facts.dataset != Dataset.SSH || facts.sshAttempts <= 0 || !facts.hasAddresses())
        {
            return;
        }
        final HostKey source = Addresses.key(facts.buffer, facts.sourceOffset, facts.ipVersion);
        final SshAttemptWindow window = state.sshAttempts.get(source);
        final long sum = window == null ? 0 : window.sum(facts.time, rule.windowNanos());
        if (sum >= rule.threshold())
        {
            raise(rule, source.toString(), record, alerts, source + " made " + sum + " SSH authentication attempts "
                + "in " + span(rule.windowNanos()) + " (threshold " + (long)rule.threshold() + "), latest to "
                + facts.destination());
        }
    }

    private void sshCiphers(final PolicyRule rule, final RecordReader record, final AlertSink alerts)
    {
        if (facts.dataset != Dataset.SSH || !facts.hasAddresses())
        {
            return;
        }
        final StringBuilder refused = new StringBuilder();
        refuse(refused, "kex", facts.sshKex, rule.kex());
        refuse(refused, "cipher client to server", facts.sshCipherC2s, rule.ciphers());
        refuse(refused, "cipher server to client", facts.sshCipherS2c, rule.ciphers());
        // With an AEAD cipher the negotiated MAC is not used (RFC 5647 section 5.1, OpenSSH PROTOCOL.chacha20poly1305).
        if (!aead(facts.sshCipherC2s))
        {
            refuse(refused, "MAC client to server", facts.sshMacC2s, rule.macs());
        }
        if (!aead(facts.sshCipherS2c))
        {
            refuse(refused, "MAC server to client", facts.sshMacS2c, rule.macs());
        }
        if (refused.isEmpty())
        {
            return;
        }
        final String source = facts.source();
        final String destination = facts.destination();
        raise(rule, source + ">" + destination + ":" + refused, record, alerts, "SSH " + source + " to "
            + destination + " negotiated algorithms outside the policy: " + refused);
    }

    private static void refuse(final StringBuilder refused, final String what, final String negotiated,
        final Set<String> allowed)
    {
        if (allowed == null || negotiated == null || allowed.contains(negotiated))
        {
            return;
        }
        if (!refused.isEmpty())
        {
            refused.append(", ");
        }
        refused.append(what).append(' ').append(negotiated);
    }

    private static boolean aead(final String cipher)
    {
        return cipher != null && (cipher.contains("gcm") || cipher.startsWith("chacha20-poly1305"));
    }

    private void dga(final PolicyRule rule, final RecordReader record, final AlertSink alerts)
    {
        if (Double.isNaN(facts.dgaScore) || facts.dgaScore < rule.threshold())
        {
            return;
        }
        final String domain = facts.registeredDomain != null ? facts.registeredDomain : facts.anyDomain();
        final String who = facts.hasAddresses() ? facts.source() : "";
        raise(rule, who + ">" + domain, record, alerts, "domain " + domain + " looks machine-generated (score "
            + String.format(Locale.ROOT, "%.2f", facts.dgaScore) + " >= " + rule.threshold() + ")"
            + (who.isEmpty() ? "" : ", named by " + who));
    }

    private void youngDomain(final PolicyRule rule, final RecordReader record, final AlertSink alerts)
    {
        long age = facts.ageDays;
        if (age == Long.MIN_VALUE && facts.hasCreationDate)
        {
            age = Math.floorDiv(facts.time - facts.creationDate, DAY_NANOS);
        }
        if (age == Long.MIN_VALUE || age >= rule.maxAgeDays() || age < 0)
        {
            return;
        }
        final String domain = facts.registeredDomain != null ? facts.registeredDomain : facts.anyDomain();
        if (domain == null)
        {
            return;
        }
        raise(rule, domain, record, alerts, "domain " + domain + " was registered " + age + " day"
            + (age == 1 ? "" : "s") + " ago (younger than " + rule.maxAgeDays() + " days)"
            + (facts.hasAddresses() ? ", named by " + facts.source() : ""));
    }

    private void rate(final PolicyRule rule, final RecordReader record, final AlertSink alerts)
    {
        if (facts.dataset != Dataset.FLOW || !facts.hasAddresses())
        {
            return;
        }
        final PolicyRule.RateSettings settings = rule.rate();
        final double value;
        if (settings.bytes())
        {
            value = (double)facts.sourceBytes + facts.destinationBytes;
        }
        else
        {
            // An active timeout cuts a long flow into periods; only its first record is a new connection.
            value = "active_timeout".equals(facts.eventReason) ? 0 : 1;
        }
        final PolicyState.RateKey key;
        if (settings.perService())
        {
            key = new PolicyState.RateKey(rule.name(), facts.transport, facts.destinationPort);
        }
        else
        {
            final HostKey host = Addresses.key(facts.buffer, facts.sourceOffset, facts.ipVersion);
            key = new PolicyState.RateKey(rule.name(), host.high(), host.low());
        }
        final long minute = Math.floorDiv(facts.time, MINUTE_NANOS);
        RateBaseline baseline = state.rates.get(key);
        if (baseline == null)
        {
            baseline = new RateBaseline(minute);
            state.rates.put(key, baseline);
        }
        baseline.advance(minute, settings.alpha());
        baseline.current += value;
        if (baseline.alerted || baseline.observedMinutes < settings.warmupMinutes()
            || baseline.current < settings.minValue())
        {
            return;
        }
        final double score = baseline.score();
        if (score >= rule.threshold())
        {
            baseline.alerted = true;
            final String subject = settings.perService() ? "service " + facts.service() : "host " + facts.source();
            final String metric = settings.bytes() ? "bytes" : "connections";
            raise(rule, subject + " " + metric, record, alerts, subject + ": " + (long)baseline.current + " " + metric
                + " this minute against a baseline of " + String.format(Locale.ROOT, "%.1f +/- %.1f",
                baseline.mean, Math.sqrt(baseline.variance)) + " (score " + String.format(Locale.ROOT,
                "%.1f", score) + ")");
        }
    }

    private void raise(final PolicyRule rule, final String key, final RecordReader record, final AlertSink alerts,
        final String message)
    {
        final String suppressionKey = rule.name() + "|" + key;
        final Long last = state.lastAlerts.get(suppressionKey);
        if (last != null && rule.suppressNanos() > 0 && facts.time - last < rule.suppressNanos()
            && facts.time >= last)
        {
            suppressed.incrementAndGet();
            return;
        }
        state.lastAlerts.put(suppressionKey, facts.time);
        alertCounts.computeIfAbsent(rule.name(), name -> new AtomicLong()).incrementAndGet();
        record.rewind();
        alerts.raise(record, rule.identity(), message);
    }

    private static String span(final long nanos)
    {
        if (nanos % DAY_NANOS == 0)
        {
            return nanos / DAY_NANOS + "d";
        }
        if (nanos % (60 * MINUTE_NANOS) == 0)
        {
            return nanos / (60 * MINUTE_NANOS) + "h";
        }
        if (nanos % MINUTE_NANOS == 0)
        {
            return nanos / MINUTE_NANOS + "m";
        }
        return nanos / 1_000_000_000L + "s";
    }
}
