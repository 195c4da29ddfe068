package org.stasensor.pipeline.enrich.x509;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The names a leaf certificate is valid for, and the check of a client's server name (SNI) against them by RFC 6125
 * section 6.4: DNS names compared without case and without a trailing dot; a wildcard only as the whole left-most
 * label of a name with at least two more labels ({@code *.example.com}, not {@code *.com}, not
 * {@code w*.example.com}),
 * standing for exactly one label; the subject's common names only when the certificate has no DNS name at all (RFC
 * 6125 section 6.4.4; RFC 9525 drops even that, browsers did long ago, OpenSSL still does it, and so do we, so that
 * old internal servers are not all reported as mismatches). A server name that is an IP literal (RFC 6066 forbids it,
 * clients send it anyway) is compared with the IP address names only. Immutable.
 */
final class ServerNames
{
    private static final int NAMES_IN_REASON = 4;
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private final String[] dnsNames;
    private final byte[][] addresses;
    private final boolean fromCommonName;
    private final String description;

    private ServerNames(final String[] dnsNames, final byte[][] addresses, final boolean fromCommonName)
    {
        this.dnsNames = dnsNames;
        this.addresses = addresses;
        this.fromCommonName = fromCommonName;
        this.description = describe(dnsNames, addresses.length, fromCommonName);
    }

    /**
     * The names of a leaf.
     *
     * @param leaf the server's certificate.
     * @return its names; none when its extensions cannot be read.
     */
    static ServerNames of(final X509Certificate leaf)
    {
        final List<String> dns = new ArrayList<>();
        final List<byte[]> ips = new ArrayList<>();
        try
        {
            final Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null)
            {
                for (final List<?> entry : alternatives)
                {
                    final int type = (Integer)entry.get(0);
                    if (type == SAN_DNS && entry.get(1) instanceof final String name)
                    {
                        dns.add(normalise(name));
                    }
                    else if (type == SAN_IP && entry.get(1) instanceof final String address)
                    {
                        final byte[] bytes = ipLiteral(address);
                        if (bytes != null)
                        {
                            ips.add(bytes);
                        }
                    }
                }
            }
        }
        catch (final CertificateParsingException | RuntimeException ex)
        {
            // A damaged extension leaves the certificate without names, so every server name mismatches.
            dns.clear();
            ips.clear();
        }
        final boolean fromCommonName = dns.isEmpty();
        if (fromCommonName)
        {
            dns.addAll(commonNames(leaf.getSubjectX500Principal()));
        }
        return new ServerNames(dns.toArray(new String[0]), ips.toArray(new byte[0][]), fromCommonName);
    }

    /**
     * Whether the certificate is valid for a server name.
     *
     * @param serverName the name the client asked for (SNI).
     * @return true when one of the certificate's names matches it.
     */
    boolean matches(final String serverName)
    {
        final String name = normalise(serverName);
        if (name.isEmpty() || name.indexOf('*') >= 0)
        {
            return false;
        }
        if (looksLikeIpLiteral(name))
        {
            final byte[] address = ipLiteral(name);
            if (address != null)
            {
                for (final byte[] candidate : addresses)
                {
                    if (Arrays.equals(candidate, address))
                    {
                        return true;
                    }
                }
                return false;
            }
        }
        for (final String pattern : dnsNames)
        {
            if (pattern.equals(name) || matchesWildcard(pattern, name))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The names for a reason text: a few DNS names and how many more.
     *
     * @return e.g. "DNS names leaf.example, *.leaf.example".
     */
    String description()
    {
        return description;
    }

    /**
     * Whether the names are the subject's common names, the certificate having no DNS name.
     *
     * @return true for the common-name fallback.
     */
    boolean fromCommonName()
    {
        return fromCommonName;
    }

    static boolean matchesWildcard(final String pattern, final String name)
    {
        if (pattern.length() < 2 || pattern.charAt(0) != '*' || pattern.charAt(1) != '.')
        {
            return false;
        }
        final String suffix = pattern.substring(1);
        // At least two labels after the wildcard, as OpenSSL demands: "*.com" would cover a whole top-level domain.
        if (suffix.indexOf('.', 1) < 0 || suffix.indexOf('*') >= 0)
        {
            return false;
        }
        final int labelLength = name.length() - suffix.length();
        return labelLength > 0 && name.endsWith(suffix) && name.lastIndexOf('.', labelLength - 1) < 0;
    }

    private static String normalise(final String name)
    {
        final int end = name.endsWith(".") ? name.length() - 1 : name.length();
        final StringBuilder lower = new StringBuilder(end);
        for (int i = 0; i < end; i++)
        {
            final char c = name.charAt(i);
            // ASCII only: DNS names in certificates and SNI are A-labels; Unicode case rules do not apply.
            lower.append(c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c);
        }
        return lower.toString();
    }

    private static boolean looksLikeIpLiteral(final String name)
    {
        if (name.indexOf(':') >= 0)
        {
            return true;
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c != '.' && (c < '0' || c > '9'))
            {
                return false;
            }
        }
        return true;
    }

    private static byte[] ipLiteral(final String text)
    {
        try
        {
            // ofLiteral never asks DNS: a name that is not a literal is an exception, not a lookup.
            return InetAddress.ofLiteral(text).getAddress();
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static List<String> commonNames(final X500Principal subject)
    {
        final List<String> names = new ArrayList<>();
        try
        {
            for (final Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns())
            {
                if ("CN".equalsIgnoreCase(rdn.getType()) && rdn.getValue() instanceof final String value)
                {
                    names.add(normalise(value));
                }
            }
        }
        catch (final InvalidNameException | RuntimeException ex)
        {
            names.clear();
        }
        return names;
    }

    private static String describe(final String[] dnsNames, final int addressCount, final boolean fromCommonName)
    {
        final StringBuilder text = new StringBuilder(fromCommonName ? "common names " : "DNS names ");
        if (dnsNames.length == 0)
        {
            text.append("(none)");
        }
        for (int i = 0; i < Math.min(dnsNames.length, NAMES_IN_REASON); i++)
        {
            text.append(i == 0 ? "" : ", ").append(dnsNames[i]);
        }
        if (dnsNames.length > NAMES_IN_REASON)
        {
            text.append(" and ").append(dnsNames.length - NAMES_IN_REASON).append(" more");
        }
        if (addressCount > 0)
        {
            text.append(", ").append(addressCount).append(" IP address").append(addressCount == 1 ? "" : "es");
        }
        return text.toString();
    }
}
