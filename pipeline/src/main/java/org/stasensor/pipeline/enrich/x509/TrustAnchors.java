package org.stasensor.pipeline.enrich.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;

/**
 * The certificates a validator trusts, loaded once from a file: a PEM bundle (Debian's
 * {@code /etc/ssl/certs/ca-certificates.crt}), a directory of PEM files ({@code /etc/ssl/certs}), or a PKCS12/JKS
 * keystore (the JDK's {@code cacerts}). Immutable, so one instance is shared by every enrichment thread.
 * <p>
 * Loading is strict: a file that cannot be read, a PEM block that is not a certificate, a keystore that does not open
 * and a source with no certificate at all are {@link IOException}s naming the file, since a sensor that silently
 * trusts nothing would call every server untrusted.
 */
public final class TrustAnchors
{
    /** Debian's ca-certificates bundle, the default trust store. */
    public static final Path SYSTEM_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    /** Password tried for keystores when none is given: the JDK's and Debian's convention for {@code cacerts}. */
    public static final String DEFAULT_KEYSTORE_PASSWORD = "changeit";

    private static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String PEM_END = "-----END CERTIFICATE-----";

    private final String source;
    private final Set<TrustAnchor> anchors;
    private final Map<X500Principal, List<PublicKey>> keysBySubject;

    private TrustAnchors(final String source, final Set<X509Certificate> certificates)
    {
        this.source = source;
        final Set<TrustAnchor> set = new LinkedHashSet<>();
        final Map<X500Principal, List<PublicKey>> keys = new HashMap<>();
        for (final X509Certificate certificate : certificates)
        {
            set.add(new TrustAnchor(certificate, null));
            keys.computeIfAbsent(certificate.getSubjectX500Principal(), subject -> new ArrayList<>())
                .add(certificate.getPublicKey());
        }
        this.anchors = Collections.unmodifiableSet(set);
        this.keysBySubject = keys;
    }

    /**
     * Loads the system bundle, {@link #SYSTEM_BUNDLE}.
     *
     * @return the anchors.
     * @throws IOException when the bundle is missing, unreadable or holds no certificate.
     */
    public static TrustAnchors system() throws IOException
    {
        return load(SYSTEM_BUNDLE);
    }

    /**
     * Loads trust anchors from a PEM bundle, a directory of PEM files or a PKCS12/JKS keystore (password
     * {@value #DEFAULT_KEYSTORE_PASSWORD}).
     *
     * @param path the file or directory.
     * @return the anchors.
     * @throws IOException naming the file when it cannot be read, is neither PEM nor a keystore, holds a damaged
     *                     certificate, or no certificate at all.
     */
    public static TrustAnchors load(final Path path) throws IOException
    {
        return load(path, DEFAULT_KEYSTORE_PASSWORD.toCharArray());
    }

    /**
     * Loads trust anchors from a PEM bundle, a directory of PEM files or a PKCS12/JKS keystore.
     *
     * @param path     the file or directory.
     * @param password the keystore's password; unused for PEM.
     * @return the anchors.
     * @throws IOException naming the file when it cannot be read, is neither PEM nor a keystore, holds a damaged
     *                     certificate, or no certificate at all.
     */
    public static TrustAnchors load(final Path path, final char[] password) throws IOException
    {
        final Set<X509Certificate> certificates = new LinkedHashSet<>();
        if (Files.isDirectory(path))
        {
            final List<Path> files;
            try (Stream<Path> listing = Files.list(path))
            {
                files = listing.filter(Files::isRegularFile).sorted().toList();
            }
            for (final Path file : files)
            {
                final byte[] content = read(file);
                // A directory such as /etc/ssl/certs also holds files that are not certificates; only PEM counts.
                if (containsPem(content))
                {
                    readPem(file, content, certificates);
                }
            }
        }
        else
        {
            final byte[] content = read(path);
            if (containsPem(content))
            {
                readPem(path, content, certificates);
            }
            else
            {
                readKeyStore(path, password, certificates);
            }
        }
        if (certificates.isEmpty())
        {
            throw new IOException("trust store " + path + " holds no certificate: give a PEM bundle, a directory " +
                "of PEM files or a PKCS12/JKS keystore with trusted certificates");
        }
        return new TrustAnchors(path.toString(), certificates);
    }

    /**
     * Anchors made from certificates already in memory (tests, tools).
     *
     * @param source       a name for messages.
     * @param certificates the trusted certificates.
     * @return the anchors.
     */
    public static TrustAnchors of(final String source, final List<X509Certificate> certificates)
    {
        return new TrustAnchors(source, new LinkedHashSet<>(certificates));
    }

    /**
     * The anchors, for {@link java.security.cert.PKIXParameters}.
     *
     * @return an unmodifiable set.
     */
    public Set<TrustAnchor> anchors()
    {
        return anchors;
    }

    /**
     * How many distinct certificates are trusted.
     *
     * @return the count.
     */
    public int count()
    {
        return anchors.size();
    }

    /**
     * Where the anchors came from.
     *
     * @return the path or name given when loading.
     */
    public String source()
    {
        return source;
    }

    /**
     * Whether a certificate is trusted as it is: an anchor has its subject and public key (which is how PKIX matches
     * an anchor, so a re-issued root with the same key counts).
     *
     * @param certificate the certificate.
     * @return true when it is an anchor.
     */
    public boolean isAnchor(final X509Certificate certificate)
    {
        final List<PublicKey> keys = keysBySubject.get(certificate.getSubjectX500Principal());
        return keys != null && keys.contains(certificate.getPublicKey());
    }

    /**
     * Whether some anchor has a subject: a path whose top names it as issuer could end here.
     *
     * @param subject a distinguished name.
     * @return true when an anchor has that subject.
     */
    public boolean hasSubject(final X500Principal subject)
    {
        return keysBySubject.containsKey(subject);
    }

    @Override
    public String toString()
    {
        return count() + " trust anchors from " + source;
    }

    private static byte[] read(final Path file) throws IOException
    {
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot read trust store file " + file + ": " + ex, ex);
        }
    }

    private static boolean containsPem(final byte[] content)
    {
        return new String(content, StandardCharsets.ISO_8859_1).contains(PEM_BEGIN);
    }

    private static void readPem(final Path file, final byte[] content, final Set<X509Certificate> into)
        throws IOException
    {
        final String text = new String(content, StandardCharsets.ISO_8859_1);
        final CertificateFactory factory = x509Factory();
        int from = 0;
        int block = 0;
        int line = 1;
        while (true)
        {
            final int begin = text.indexOf(PEM_BEGIN, from);
            if (begin < 0)
            {
                return;
            }
            block++;
            final int end = text.indexOf(PEM_END, begin);
            line += newlines(text, from, begin);
            if (end < 0)
            {
                throw new IOException(file + ": certificate " + block + " (line " + line + ") has no END line");
            }
            try
            {
                final byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + PEM_BEGIN.length(), end));
                into.add((X509Certificate)factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            catch (final IllegalArgumentException | CertificateException ex)
            {
                throw new IOException(file + ": certificate " + block + " (line " + line +
                    ") is not a valid X.509 certificate: " + ex.getMessage(), ex);
            }
            line += newlines(text, begin, end);
            from = end;
        }
    }

    private static void readKeyStore(final Path file, final char[] password, final Set<X509Certificate> into)
        throws IOException
    {
        final KeyStore store;
        try
        {
            store = KeyStore.getInstance(file.toFile(), password);
        }
        catch (final IOException | GeneralSecurityException | IllegalArgumentException ex)
        {
            throw new IOException("trust store " + file + " is neither a PEM certificate bundle nor a PKCS12/JKS " +
                "keystore that opens with the given password: " + ex.getMessage(), ex);
        }
        try
        {
            final Enumeration<String> aliases = store.aliases();
            while (aliases.hasMoreElements())
            {
                final String alias = aliases.nextElement();
                final Certificate certificate = store.getCertificate(alias);
                if (store.isCertificateEntry(alias) && certificate instanceof final X509Certificate x509)
                {
                    into.add(x509);
                }
            }
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException("trust store " + file + ": cannot list its certificates: " + ex.getMessage(), ex);
        }
    }

    private static CertificateFactory x509Factory() throws IOException
    {
        try
        {
            return CertificateFactory.getInstance("X.509");
        }
        catch (final CertificateException ex)
        {
            throw new IOException("the JDK has no X.509 certificate factory", ex);
        }
    }

    private static int newlines(final String text, final int from, final int to)
    {
        int count = 0;
        for (int i = from; i < to; i++)
        {
            if (text.charAt(i) == '\n')
            {
                count++;
            }
        }
        return count;
    }
}
