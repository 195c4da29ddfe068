package org.stasensor.rules.policy;

import java.util.Locale;

/**
 * Orders TLS and SSL versions as the record writes them ({@code tls.version} "1.2", with {@code
 * tls.version_protocol} "tls"; SSL 3.0 as "3.0" with "ssl"), and as a policy writes them ("1.2", "tls1.2",
 * "ssl3").
 */
final class TlsVersions
{
    private TlsVersions()
    {
    }

    /**
     * A version's place: SSL 2.0 = 1, SSL 3.0 = 2, TLS 1.0 = 3, 1.1 = 4, 1.2 = 5, 1.3 = 6.
     *
     * @param protocol "tls", "ssl" or null.
     * @param version  e.g. "1.2", "3.0".
     * @return the rank, 0 when unknown.
     */
    static int rank(final String protocol, final String version)
    {
        if (version == null)
        {
            return 0;
        }
        if ("ssl".equals(protocol))
        {
            return switch (version)
            {
                case "2.0", "2" -> 1;
                case "3.0", "3" -> 2;
                default -> 0;
            };
        }
        return switch (version)
        {
            case "1.0" -> 3;
            case "1.1" -> 4;
            case "1.2" -> 5;
            case "1.3" -> 6;
            // A TLS record writer that labels SSL by number only.
            case "3.0" -> 2;
            case "2.0" -> 1;
            default -> 0;
        };
    }

    /**
     * A version written in a policy.
     *
     * @param text "1.2", "tls1.2", "TLSv1.2", "ssl3"...
     * @return the rank, 0 when not a version.
     */
    static int parse(final String text)
    {
        final String lower = text.strip().toLowerCase(Locale.ROOT).replace("v", "");
        if (lower.startsWith("ssl"))
        {
            final String number = lower.substring(3);
            return rank("ssl", number.contains(".") ? number : number + ".0");
        }
        return rank("tls", lower.startsWith("tls") ? lower.substring(3) : lower);
    }

    /**
     * A rank as people write it.
     *
     * @param rank from {@link #rank}.
     * @return e.g. "TLS 1.0".
     */
    static String name(final int rank)
    {
        return switch (rank)
        {
            case 1 -> "SSL 2.0";
            case 2 -> "SSL 3.0";
            case 3 -> "TLS 1.0";
            case 4 -> "TLS 1.1";
            case 5 -> "TLS 1.2";
            case 6 -> "TLS 1.3";
            default -> "unknown";
        };
    }
}
