package org.stasensor.rules.policy;

import java.util.List;
import java.util.Locale;

/**
 * The kinds of policy rule, as written in {@code kind:}. Each names the keys it takes besides the common ones
 * (docs/rules.md).
 */
enum RuleKind
{
    /** Hosts that must never talk to a public address. */
    NEVER_INTERNET(List.of("hosts")),
    /** A LAN host asks a public DNS server it never used before. */
    NEW_PUBLIC_DNS_SERVER(List.of("learning")),
    /** Traffic on a DNS port that is not DNS (the parser's flow marking). */
    NON_DNS_ON_DNS_PORT(List.of()),
    /** A TLS/SSL version below a minimum, negotiated with a public server. */
    OLD_TLS_TO_PUBLIC(List.of("min_version")),
    /** SSH from the LAN to a public address. */
    OUTBOUND_SSH(List.of()),
    /** SSH authentication attempts per source over a sliding window, across connections. */
    SSH_AUTH_ATTEMPTS(List.of("threshold", "window")),
    /** Negotiated SSH algorithms outside an allowed list. */
    SSH_CIPHER_POLICY(List.of("ciphers", "macs", "kex")),
    /** A machine-generated looking domain. */
    DGA_DOMAIN(List.of("threshold")),
    /** A domain registered fewer than N days ago. */
    YOUNG_DOMAIN(List.of("max_age_days")),
    /** Connections or bytes per minute far above their adaptive baseline. */
    RATE_ANOMALY(List.of("metric", "per", "threshold", "warmup", "half_life", "min_value"));

    /** Keys every rule may have. */
    static final List<String> COMMON_KEYS = List.of("name", "kind", "title", "severity", "suppress", "allow",
        "enabled");

    private final List<String> keys;

    RuleKind(final List<String> keys)
    {
        this.keys = keys;
    }

    /**
     * Keys of this kind besides the common ones.
     *
     * @return the keys.
     */
    List<String> keys()
    {
        return keys;
    }

    /**
     * The name as written in a policy.
     *
     * @return e.g. {@code never_internet}.
     */
    String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind with a name.
     *
     * @param id as written.
     * @return the kind or null.
     */
    static RuleKind ofId(final String id)
    {
        for (final RuleKind kind : values())
        {
            if (kind.id().equals(id))
            {
                return kind;
            }
        }
        return null;
    }
}
