package org.stasensor.pipeline.enrich.rdap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DomainAgeService} looks creation dates up (docs/rdap.md).
 *
 * @param enabled                    send RDAP queries; when false every lookup answers
 *                                   {@link DomainAgeStatus#OFFLINE} and nothing leaves the sensor.
 * @param bootstrapFile              an IANA {@code dns.json} (RFC 9224), or null for the bundled copy.
 * @param cacheFile                  where the cache is kept across restarts, or null for memory only.
 * @param cacheEntries               most registered domains remembered (least recently used go first).
 * @param positiveTtl                how long a found creation date (or an answer without one) is kept.
 * @param negativeTtl                how long "not registered" and "no RDAP server" are kept.
 * @param errorTtl                   how long a failure is kept before the domain is asked about again.
 * @param requestsPerSecondPerServer sustained request rate to any one RDAP server host.
 * @param burstPerServer             requests a server host may get at once after a quiet spell.
 * @param requestTimeout             connect and response timeout of one request.
 * @param maxPending                 most lookups queued or in flight at once.
 */
public record RdapSettings(boolean enabled, Path bootstrapFile, Path cacheFile, int cacheEntries,
    Duration positiveTtl, Duration negativeTtl, Duration errorTtl, double requestsPerSecondPerServer,
    int burstPerServer, Duration requestTimeout, int maxPending)
{
    /** Checks. */
    public RdapSettings
    {
        Objects.requireNonNull(positiveTtl, "positiveTtl");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        Objects.requireNonNull(errorTtl, "errorTtl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (cacheEntries < 1)
        {
            throw new IllegalArgumentException("cacheEntries must be at least 1: " + cacheEntries);
        }
        if (!(requestsPerSecondPerServer > 0) || Double.isInfinite(requestsPerSecondPerServer))
        {
            throw new IllegalArgumentException("requestsPerSecondPerServer must be > 0: "
                + requestsPerSecondPerServer);
        }
        if (burstPerServer < 1 || maxPending < 1)
        {
            throw new IllegalArgumentException("burstPerServer and maxPending must be at least 1: "
                + burstPerServer + ", " + maxPending);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero())
        {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
    }

    /**
     * The default: lookups disabled, a memory-only cache, the defaults of {@code sta.yaml} otherwise.
     *
     * @return settings under which no request is ever made.
     */
    public static RdapSettings offline()
    {
        return defaults(false, null);
    }

    /**
     * The defaults of {@code sta.yaml} (docs/rdap.md): 100000 entries, 30 d / 1 d / 10 min, 1 request/s and a burst
     * of 5 per server, 5 s timeout, 1000 pending, the bundled bootstrap.
     *
     * @param enabled   send queries.
     * @param cacheFile the persistent cache, or null.
     * @return the settings.
     */
    public static RdapSettings defaults(final boolean enabled, final Path cacheFile)
    {
        return new RdapSettings(enabled, null, cacheFile, 100_000, Duration.ofDays(30), Duration.ofDays(1),
            Duration.ofMinutes(10), 1.0, 5, Duration.ofSeconds(5), 1000);
    }
}
