package org.stasensor.rules.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.stasensor.rules.RuleIdentity;

/**
 * One rule of a policy, checked and ready: the common parts (name, kind, severity, allow-lists, suppression) and the
 * settings of its kind. Settings a kind does not use keep their defaults.
 *
 * @param identity          what alerts say about the rule.
 * @param kind              the kind.
 * @param suppressNanos     same rule and same key alert at most once per this span; 0 means every time.
 * @param hosts             never_internet: the hosts watched.
 * @param allowHosts        records with either end in here are ignored.
 * @param allowDomains      records naming one of these domains (or a name below one) are ignored.
 * @param learningNanos     new_public_dns_server: how long servers are learnt before alerts start.
 * @param minTlsRank        old_tls_to_public: the lowest acceptable version, as {@link TlsVersions#rank}.
 * @param threshold         ssh_auth_attempts: attempts; dga_domain: score; rate_anomaly: z-score.
 * @param windowNanos       ssh_auth_attempts: the sliding window.
 * @param maxAgeDays        young_domain: domains younger than this many days alert.
 * @param ciphers           ssh_cipher_policy: allowed ciphers, null when not checked.
 * @param macs              ssh_cipher_policy: allowed MACs, null when not checked.
 * @param kex               ssh_cipher_policy: allowed key exchanges, null when not checked.
 * @param rate              rate_anomaly: what is measured.
 */
record PolicyRule(RuleIdentity identity, RuleKind kind, long suppressNanos, HostSet hosts, HostSet allowHosts,
    List<String> allowDomains, long learningNanos, int minTlsRank, double threshold, long windowNanos,
    long maxAgeDays, Set<String> ciphers, Set<String> macs, Set<String> kex, RateSettings rate)
{
    /**
     * The rule's name (its id in alerts).
     *
     * @return the name.
     */
    String name()
    {
        return identity.id();
    }

    /**
     * Whether a domain name is on the allow-list: equal to an entry, or below one.
     *
     * @param name a DNS name, any case, with or without a trailing dot.
     * @return true when allowed.
     */
    boolean allowsDomain(final String name)
    {
        if (name == null || allowDomains.isEmpty())
        {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith("."))
        {
            lower = lower.substring(0, lower.length() - 1);
        }
        for (final String allowed : allowDomains)
        {
            if (lower.equals(allowed) || lower.endsWith("." + allowed))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * What a rate_anomaly rule measures and how its baseline adapts.
     *
     * @param bytes         true for bytes per minute, false for connections per minute.
     * @param perService    true to key by destination port and transport, false by source host.
     * @param warmupMinutes minutes a key must have been measured before it may alert.
     * @param alpha         EWMA weight of each new minute, from the half-life.
     * @param minValue      a minute below this never alerts, whatever its score.
     */
    record RateSettings(boolean bytes, boolean perService, int warmupMinutes, double alpha, double minValue)
    {
    }
}
