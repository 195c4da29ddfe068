package org.stasensor.pipeline.enrich.x509;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;

/**
 * Judges a server's certificate chain at the time it was captured, for {@code tls.server.validation}. Thread-safe:
 * one instance serves every enrichment thread.
 * <p>
 * Trust is decided by the JDK's PKIX {@link CertPathBuilder} (RFC 5280 path validation, revocation off) from the leaf
 * to one of the {@link TrustAnchors}, the other certificates the server sent serving as intermediates in any order
 * (extras are ignored). Validity is judged at the capture time of the packet, not the wall clock, over every
 * certificate on the path including the anchor (as OpenSSL does). The host name is checked against the client's SNI
 * by {@link ServerNames}. Precedence when several problems apply: see {@link ValidationStatus}.
 * <p>
 * PKIX is costly (signatures, path search), so its outcome is cached by the SHA-256 of the leaf in a bounded LRU map:
 * the trust outcome and the path's validity window, which do not depend on the capture time or the SNI. Later
 * records of the same server cost a digest of the chain, a map look-up and two comparisons. Two threads that see a
 * new leaf at the same moment may both run PKIX; the second answer replaces the first.
 */
public final class CertificateValidator
{
    /** Reason given when the leaf is not a certificate. */
    public static final String UNPARSABLE = "unparsable certificate";

    private static final int MAX_REASON_NAME = 120;
    private static final int MAX_CHAIN_SEARCH = 16;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final TrustAnchors anchors;
    private final int capacity;
    private final Map<LeafKey, ChainVerdict> cache;
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(CertificateValidator::newSha256);
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong pkixRuns = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    /**
     * A validator.
     *
     * @param anchors      what to trust.
     * @param cacheEntries how many leaves' outcomes to remember, at least 1.
     */
    public CertificateValidator(final TrustAnchors anchors, final int cacheEntries)
    {
        if (cacheEntries < 1)
        {
            throw new IllegalArgumentException("certificate cache must hold at least 1 entry, not " + cacheEntries);
        }
        this.anchors = anchors;
        this.capacity = cacheEntries;
        this.cache = new LinkedHashMap<>(Math.min(cacheEntries, 1 << 16) * 4 / 3 + 1, 0.75f, true)
        {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<LeafKey, ChainVerdict> eldest)
            {
                if (size() > capacity)
                {
                    evictions.incrementAndGet();
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * Judges certificates given one array each (tests, tools).
     *
     * @param certificates     DER of each certificate, leaf first.
     * @param captureTimeNanos when the packet was captured, nanoseconds since the epoch.
     * @param serverName       the client's SNI, or null when it sent none (the host name is then not judged).
     * @return the judgement.
     */
    public Validation validate(final List<byte[]> certificates, final long captureTimeNanos,
        final String serverName)
    {
        int total = 0;
        for (final byte[] der : certificates)
        {
            total += der.length;
        }
        final byte[] data = new byte[total];
        final int[] offsets = new int[certificates.size()];
        final int[] lengths = new int[certificates.size()];
        int at = 0;
        for (int i = 0; i < certificates.size(); i++)
        {
            final byte[] der = certificates.get(i);
            System.arraycopy(der, 0, data, at, der.length);
            offsets[i] = at;
            lengths[i] = der.length;
            at += der.length;
        }
        return validate(data, offsets, lengths, certificates.size(), captureTimeNanos, serverName);
    }

    /**
     * Judges certificates lying in one array, as the enrichment copies them out of a record.
     *
     * @param data             holds the DER of every certificate.
     * @param offsets          where each certificate starts in {@code data}, leaf first.
     * @param lengths          each certificate's length.
     * @param count            how many certificates, at least 1.
     * @param captureTimeNanos when the packet was captured, nanoseconds since the epoch.
     * @param serverName       the client's SNI, or null when it sent none (the host name is then not judged).
     * @return the judgement; never throws for hostile bytes.
     * @throws IllegalArgumentException when {@code count} is not between 1 and the arrays' length.
     */
    public Validation validate(final byte[] data, final int[] offsets, final int[] lengths, final int count,
        final long captureTimeNanos, final String serverName)
    {
        if (count < 1 || count > offsets.length || count > lengths.length)
        {
            throw new IllegalArgumentException("need 1.." + Math.min(offsets.length, lengths.length) +
                " certificates, not " + count);
        }
        final long captureMillis = Math.floorDiv(captureTimeNanos, NANOS_PER_MILLI);
        final MessageDigest digest = sha256.get();
        digest.update(data, offsets[0], lengths[0]);
        final LeafKey key = new LeafKey(digest.digest());
        for (int i = 1; i < count; i++)
        {
            digest.update(data, offsets[i], lengths[i]);
        }
        final byte[] othersDigest = digest.digest();

        ChainVerdict verdict;
        synchronized (cache)
        {
            verdict = cache.get(key);
        }
        if (verdict != null && verdict.sameOthers(othersDigest))
        {
            hits.incrementAndGet();
        }
        else
        {
            misses.incrementAndGet();
            verdict = examine(data, offsets, lengths, count, captureMillis, othersDigest);
            synchronized (cache)
            {
                cache.put(key, verdict);
            }
        }
        return verdict.judge(captureMillis, serverName);
    }

    /**
     * Look-ups answered from the cache.
     *
     * @return a count that only grows.
     */
    public long hits()
    {
        return hits.get();
    }

    /**
     * Look-ups that had to examine the chain.
     *
     * @return a count that only grows.
     */
    public long misses()
    {
        return misses.get();
    }

    /**
     * PKIX path builds run (one or two per miss; none for self-signed leaves, anchors and unparsable leaves).
     *
     * @return a count that only grows.
     */
    public long pkixRuns()
    {
        return pkixRuns.get();
    }

    /**
     * Outcomes dropped to make room.
     *
     * @return a count that only grows.
     */
    public long evictions()
    {
        return evictions.get();
    }

    /**
     * Leaves remembered now.
     *
     * @return the count, at most {@link #capacity()}.
     */
    public long size()
    {
        synchronized (cache)
        {
            return cache.size();
        }
    }

    /**
     * The cache bound given to the constructor.
     *
     * @return entries.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * The anchors judged against.
     *
     * @return the anchors.
     */
    public TrustAnchors anchors()
    {
        return anchors;
    }

    private ChainVerdict examine(final byte[] data, final int[] offsets, final int[] lengths, final int count,
        final long captureMillis, final byte[] othersDigest)
    {
        final CertificateFactory factory;
        try
        {
            factory = CertificateFactory.getInstance("X.509");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", ex);
        }
        final X509Certificate leaf = parse(factory, data, offsets[0], lengths[0]);
        if (leaf == null)
        {
            final Validation unparsable = new Validation(ValidationStatus.UNTRUSTED, UNPARSABLE);
            return new ChainVerdict(othersDigest, Long.MIN_VALUE, Long.MAX_VALUE, unparsable, unparsable,
                unparsable, unparsable, unparsable, null);
        }
        final List<X509Certificate> sent = new ArrayList<>(count);
        sent.add(leaf);
        for (int i = 1; i < count; i++)
        {
            // A damaged extra is ignored like any other extra: the path may not need it.
            final X509Certificate certificate = parse(factory, data, offsets[i], lengths[i]);
            if (certificate != null)
            {
                sent.add(certificate);
            }
        }
        try
        {
            return examine(leaf, sent, captureMillis, othersDigest);
        }
        catch (final RuntimeException ex)
        {
            // The JDK's parsers and checkers are not meant for hostile input; a failure is a verdict, not a crash.
            final Validation failed = new Validation(ValidationStatus.UNTRUSTED, "validation failed: " + ex);
            return new ChainVerdict(othersDigest, Long.MIN_VALUE, Long.MAX_VALUE, failed, failed, failed, failed,
                failed, null);
        }
    }

    private ChainVerdict examine(final X509Certificate leaf, final List<X509Certificate> sent,
        final long captureMillis, final byte[] othersDigest)
    {
        final ServerNames names = ServerNames.of(leaf);
        if (anchors.isAnchor(leaf))
        {
            return verdict(othersDigest, List.of(leaf), null, names,
                "the certificate is itself a trust anchor");
        }
        if (isSelfSigned(leaf))
        {
            return verdict(othersDigest, List.of(leaf),
                new Validation(ValidationStatus.SELF_SIGNED, "self-signed " + name(leaf.getSubjectX500Principal()) +
                    " is not a trust anchor"), names, null);
        }

        final List<X509Certificate> issuerChain = issuerChain(leaf, sent);
        PKIXCertPathBuilderResult result = build(leaf, sent, captureMillis);
        if (result == null)
        {
            // Perhaps only the time was wrong: build again at a time the certificates can all be valid, so that an
            // expired chain is told from an untrusted one and the outcome does not depend on this record's time.
            final long[] window = window(issuerChain);
            final long inside = window[0] <= window[1] ? window[0] + (window[1] - window[0]) / 2 :
                leaf.getNotBefore().getTime() + (leaf.getNotAfter().getTime() - leaf.getNotBefore().getTime()) / 2;
            if (captureMillis < window[0] || captureMillis > window[1] || window[0] > window[1])
            {
                result = build(leaf, sent, inside);
            }
            if (result == null)
            {
                return verdict(othersDigest, issuerChain, new Validation(ValidationStatus.UNTRUSTED,
                    untrustedReason(issuerChain, inside)), names, null);
            }
        }
        final List<X509Certificate> path = new ArrayList<>();
        for (final java.security.cert.Certificate certificate : result.getCertPath().getCertificates())
        {
            path.add((X509Certificate)certificate);
        }
        final X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
        if (anchor != null)
        {
            path.add(anchor);
        }
        final X500Principal anchorName = anchor != null ? anchor.getSubjectX500Principal() :
            result.getTrustAnchor().getCA();
        return verdict(othersDigest, path, null, names, "chain of " + path.size() + " to trust anchor " +
            name(anchorName));
    }

    private ChainVerdict verdict(final byte[] othersDigest, final List<X509Certificate> path,
        final Validation trustProblem, final ServerNames names, final String trustedChain)
    {
        long notBefore = Long.MIN_VALUE;
        long notAfter = Long.MAX_VALUE;
        int notBeforeDepth = 0;
        int notAfterDepth = 0;
        for (int depth = 0; depth < path.size(); depth++)
        {
            final X509Certificate certificate = path.get(depth);
            if (certificate.getNotBefore().getTime() > notBefore)
            {
                notBefore = certificate.getNotBefore().getTime();
                notBeforeDepth = depth;
            }
            if (certificate.getNotAfter().getTime() < notAfter)
            {
                notAfter = certificate.getNotAfter().getTime();
                notAfterDepth = depth;
            }
        }
        final Validation expired = new Validation(ValidationStatus.EXPIRED, "certificate " +
            name(path.get(notAfterDepth).getSubjectX500Principal()) + " (depth " + notAfterDepth + ") expired at " +
            Instant.ofEpochMilli(notAfter));
        final Validation notYetValid = new Validation(ValidationStatus.NOT_YET_VALID, "certificate " +
            name(path.get(notBeforeDepth).getSubjectX500Principal()) + " (depth " + notBeforeDepth +
            ") is not valid before " + Instant.ofEpochMilli(notBefore));
        final Validation validForName = trustProblem != null ? trustProblem :
            new Validation(ValidationStatus.VALID, trustedChain + "; server name matches");
        final Validation validWithoutName = trustProblem != null ? trustProblem :
            new Validation(ValidationStatus.VALID, trustedChain + "; no server name to check");
        return new ChainVerdict(othersDigest, notBefore, notAfter, expired, notYetValid, trustProblem,
            validForName, validWithoutName, names);
    }

    private PKIXCertPathBuilderResult build(final X509Certificate leaf, final List<X509Certificate> sent,
        final long atMillis)
    {
        try
        {
            final X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            final PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors.anchors(), target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(new Date(atMillis));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(sent)));
            pkixRuns.incrementAndGet();
            return (PKIXCertPathBuilderResult)CertPathBuilder.getInstance("PKIX").build(parameters);
        }
        catch (final GeneralSecurityException ex)
        {
            return null;
        }
    }

    /** Why no path was found, in words: the end of the chain as sent, or PKIX's own complaint about it. */
    private String untrustedReason(final List<X509Certificate> issuerChain, final long atMillis)
    {
        final int depth = issuerChain.size() - 1;
        final X509Certificate top = issuerChain.get(depth);
        if (depth > 0 && isSelfIssued(top) && !anchors.isAnchor(top))
        {
            return "chain ends at self-signed " + name(top.getSubjectX500Principal()) + " (depth " + depth +
                "), which is not a trust anchor";
        }
        if (!isSelfIssued(top) && !anchors.hasSubject(top.getIssuerX500Principal()))
        {
            return "issuer " + name(top.getIssuerX500Principal()) + " of certificate at depth " + depth +
                " was not sent and is not a trust anchor";
        }
        if (depth == 0 && isSelfIssued(top))
        {
            return "certificate names itself as issuer but its signature does not verify with its own key";
        }
        try
        {
            final List<X509Certificate> path = isSelfIssued(top) ? issuerChain.subList(0, depth) : issuerChain;
            final PKIXParameters parameters = new PKIXParameters(anchors.anchors());
            parameters.setRevocationEnabled(false);
            parameters.setDate(new Date(atMillis));
            CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return "PKIX found no valid certification path";
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return "PKIX: " + ex.getMessage();
        }
    }

    /** The leaf and its issuers among the certificates sent, by name, as far as they go. */
    private static List<X509Certificate> issuerChain(final X509Certificate leaf, final List<X509Certificate> sent)
    {
        final List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        while (!isSelfIssued(current) && chain.size() < MAX_CHAIN_SEARCH)
        {
            X509Certificate issuer = null;
            for (final X509Certificate candidate : sent)
            {
                if (!chain.contains(candidate) &&
                    candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal()))
                {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null)
            {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    /** {latest notBefore, earliest notAfter} of some certificates, epoch milliseconds. */
    private static long[] window(final List<X509Certificate> certificates)
    {
        long notBefore = Long.MIN_VALUE;
        long notAfter = Long.MAX_VALUE;
        for (final X509Certificate certificate : certificates)
        {
            notBefore = Math.max(notBefore, certificate.getNotBefore().getTime());
            notAfter = Math.min(notAfter, certificate.getNotAfter().getTime());
        }
        return new long[]{notBefore, notAfter};
    }

    private static boolean isSelfIssued(final X509Certificate certificate)
    {
        return certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
    }

    private static boolean isSelfSigned(final X509Certificate certificate)
    {
        if (!isSelfIssued(certificate))
        {
            return false;
        }
        try
        {
            certificate.verify(certificate.getPublicKey());
            return true;
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return false;
        }
    }

    private static X509Certificate parse(final CertificateFactory factory, final byte[] data, final int offset,
        final int length)
    {
        try
        {
            return (X509Certificate)factory.generateCertificate(new ByteArrayInputStream(data, offset, length));
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return null;
        }
    }

    private static String name(final X500Principal principal)
    {
        final String text = principal.getName(X500Principal.RFC2253);
        return text.length() <= MAX_REASON_NAME ? text : text.substring(0, MAX_REASON_NAME) + "...";
    }

    private static MessageDigest newSha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK has no SHA-256", ex);
        }
    }

    /** A leaf's SHA-256 as a map key. */
    private static final class LeafKey
    {
        private final byte[] digest;
        private final int hash;

        LeafKey(final byte[] digest)
        {
            this.digest = digest;
            this.hash = Arrays.hashCode(digest);
        }

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof final LeafKey key && Arrays.equals(digest, key.digest);
        }

        @Override
        public int hashCode()
        {
            return hash;
        }
    }
}
