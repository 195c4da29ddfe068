package org.stasensor.pipeline.enrich.x509;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chains made by openssl, each judged by the validator against a trust store holding the test root, and by
 * {@code openssl verify -attime -CAfile root.pem -untrusted ...} on the same files: the statuses must agree. Where
 * several problems apply, openssl (which stops at the first error it meets, in its own order) is asked about each
 * problem alone, and the precedence is the documented one.
 */
class CertificateValidatorTest
{
    private static final long CAPTURE_NANOS = nanos(TestChains.CAPTURE);

    @TempDir
    static Path directory;

    private static Path rootFile;
    private static TrustAnchors anchors;

    @BeforeAll
    static void makeChains() throws IOException
    {
        TestChains.generate(directory);
        rootFile = directory.resolve("root.pem");
        anchors = TrustAnchors.load(rootFile);
    }

    @Test
    void trustedChainWithinItsDatesIsValid()
    {
        assertAgreesWithOpenSsl("valid", null, "leaf", "intermediate");
        assertAgreesWithOpenSsl("valid", "leaf.example", "leaf", "intermediate");
        assertAgreesWithOpenSsl("valid", "leaf.example", "leaf", "intermediate", "root");
    }

    @Test
    void intermediatesInAnyOrderWithExtrasAreValid()
    {
        assertAgreesWithOpenSsl("valid", "leaf.example", "leaf", "unknown-root", "short-intermediate", "root",
            "stranger", "intermediate");
    }

    @Test
    void expiredLeafIsExpired()
    {
        final Validation validation = assertAgreesWithOpenSsl("expired", "expired.example", "expired",
            "intermediate");
        assertTrue(validation.reason().contains("CN=expired.example (depth 0) expired at 2023-01-01T00:00:00Z"),
            validation.reason());
    }

    @Test
    void notYetValidLeafIsNotYetValid()
    {
        final Validation validation = assertAgreesWithOpenSsl("not_yet_valid", "future.example", "future",
            "intermediate");
        assertTrue(validation.reason().contains("not valid before 2026-01-01T00:00:00Z"), validation.reason());
    }

    @Test
    void expiredIntermediateMakesTheChainExpired()
    {
        final Validation validation = assertAgreesWithOpenSsl("expired", "short.example", "short",
            "short-intermediate");
        assertTrue(validation.reason().contains("CN=STA Short Intermediate (depth 1)"), validation.reason());
    }

    @Test
    void selfSignedLeafIsSelfSigned()
    {
        final Validation validation = assertAgreesWithOpenSsl("self_signed", "self.example", "self");
        assertTrue(validation.reason().contains("CN=self.example"), validation.reason());
    }

    @Test
    void selfSignedLeafThatIsTrustedIsValid() throws IOException
    {
        final CertificateValidator validator = new CertificateValidator(TrustAnchors.load(directory.resolve(
            "self.pem")), 8);
        final Validation validation = validator.validate(TestChains.ders(directory, "self"), CAPTURE_NANOS,
            "self.example");
        assertEquals(TestChains.opensslVerify(directory, directory.resolve("self.pem"), TestChains.CAPTURE,
            "self.example", "self"), validation.status().word());
        assertEquals(ValidationStatus.VALID, validation.status());
    }

    @Test
    void chainToAnUnknownRootIsUntrusted()
    {
        assertAgreesWithOpenSsl("untrusted", "stranger.example", "stranger", "unknown-intermediate");
        final Validation withRoot = assertAgreesWithOpenSsl("untrusted", "stranger.example", "stranger",
            "unknown-intermediate", "unknown-root");
        assertTrue(withRoot.reason().contains("self-signed CN=Unknown Root (depth 2)"), withRoot.reason());
    }

    @Test
    void missingIntermediateIsUntrusted()
    {
        final Validation validation = assertAgreesWithOpenSsl("untrusted", "leaf.example", "leaf");
        assertTrue(validation.reason().contains("CN=STA Cert Test Intermediate"), validation.reason());
    }

    @Test
    void hostNamesAreMatchedAsOpenSslMatchesThem()
    {
        for (final String name : List.of("leaf.example", "LEAF.Example", "a.wild.example",
            "xn--bcher-kva.wild.example",
            "www.leaf.example", "b.a.wild.example", "wild.example", "other.example", "leaf.example.com",
            "192.0.2.7", "192.0.2.8", "a*.wild.example", "leaf..example", ".leaf.example"))
        {
            assertAgreesWithOpenSsl(null, name, "leaf", "intermediate");
        }
        assertAgreesWithOpenSsl("hostname_mismatch", "other.example", "leaf", "intermediate");
        assertAgreesWithOpenSsl("valid", "a.wild.example", "leaf", "intermediate");
    }

    @Test
    void commonNameCountsOnlyWithoutDnsNames()
    {
        assertAgreesWithOpenSsl("valid", "cn-only.example", "cn-only", "intermediate");
        assertAgreesWithOpenSsl("hostname_mismatch", "other.example", "cn-only", "intermediate");
        assertAgreesWithOpenSsl("hostname_mismatch", "cn.example", "cn-differs", "intermediate");
        assertAgreesWithOpenSsl("valid", "san.example", "cn-differs", "intermediate");
    }

    @Test
    void serverNameWithAWildcardMatchesNothing()
    {
        // RFC 6125 6.4.3: wildcards belong to presented identifiers only. OpenSSL compares such a name literally
        // with the certificate's "*.wild.example" and accepts it; a client asking for "*" is not asking for a host.
        final Validation validation = new CertificateValidator(anchors, 8).validate(
            TestChains.ders(directory, "leaf", "intermediate"), CAPTURE_NANOS, "*.wild.example");
        assertEquals(ValidationStatus.HOSTNAME_MISMATCH, validation.status());
    }

    @Test
    void trailingDotOfTheServerNameIsIgnored()
    {
        final Validation validation = new CertificateValidator(anchors, 8).validate(
            TestChains.ders(directory, "leaf", "intermediate"), CAPTURE_NANOS, "leaf.example.");
        assertEquals(ValidationStatus.VALID, validation.status());
    }

    @Test
    void withoutServerNameTheHostNameIsNotJudged()
    {
        final Validation validation = assertAgreesWithOpenSsl("valid", null, "cn-differs", "intermediate");
        assertTrue(validation.reason().contains("no server name"), validation.reason());
    }

    @Test
    void validityIsJudgedAtCaptureTimeNotTheWallClock()
    {
        final CertificateValidator validator = new CertificateValidator(anchors, 8);
        final List<byte[]> chain = TestChains.ders(directory, "leaf", "intermediate");
        final List<Instant> times = List.of(Instant.parse("2023-06-01T00:00:00Z"), Instant.parse(
            "2023-12-31T23:59:59Z"), Instant.parse("2024-01-01T00:00:00Z"), TestChains.CAPTURE,
            Instant.parse("2024-12-31T23:59:59Z"), Instant.parse("2025-01-01T00:00:01Z"),
            Instant.parse("2026-06-01T00:00:00Z"));
        final List<String> ours = new ArrayList<>();
        final List<String> openssl = new ArrayList<>();
        for (final Instant at : times)
        {
            ours.add(validator.validate(chain, nanos(at), "leaf.example").status().word());
            openssl.add(TestChains.opensslVerify(directory, rootFile, at, "leaf.example", "leaf", "intermediate"));
        }
        assertEquals(openssl, ours);
        assertEquals(List.of("not_yet_valid", "not_yet_valid", "valid", "valid", "valid", "expired", "expired"),
            ours);
        assertEquals(1, validator.misses(), "one chain, one examination, whatever the times");
    }

    @Test
    void notAfterItselfIsStillValidAsRfc5280Says()
    {
        // RFC 5280 4.1.2.5: the validity period is "from notBefore through notAfter, inclusive". OpenSSL calls a
        // certificate expired from its notAfter second on (X509_cmp_time treats equal as earlier); this one second
        // is the only place where the two disagree, so it is checked against the RFC rather than openssl.
        final CertificateValidator validator = new CertificateValidator(anchors, 8);
        final List<byte[]> chain = TestChains.ders(directory, "leaf", "intermediate");
        assertEquals(ValidationStatus.VALID, validator.validate(chain, nanos(Instant.parse("2025-01-01T00:00:00Z")),
            null).status());
        assertEquals(ValidationStatus.EXPIRED, validator.validate(chain,
            nanos(Instant.parse("2025-01-01T00:00:00.001Z")), null).status());
        assertEquals(ValidationStatus.VALID, validator.validate(chain, nanos(Instant.parse("2024-01-01T00:00:00Z")),
            null).status());
        assertEquals(ValidationStatus.NOT_YET_VALID, validator.validate(chain,
            nanos(Instant.parse("2023-12-31T23:59:59.999Z")), null).status());
    }

    @Test
    void expiredOutranksEveryOtherProblem()
    {
        final CertificateValidator validator = new CertificateValidator(anchors, 8);
        // Expired and named for another host: openssl finds each problem when asked about it alone.
        assertEquals("expired", TestChains.opensslVerify(directory, rootFile, TestChains.CAPTURE, null, "expired",
            "intermediate"));
        assertEquals("hostname_mismatch", TestChains.opensslVerify(directory, rootFile,
            Instant.parse("2022-06-01T00:00:00Z"), "other.example", "expired", "intermediate"));
        assertEquals(ValidationStatus.EXPIRED, validator.validate(TestChains.ders(directory, "expired",
            "intermediate"), CAPTURE_NANOS, "other.example").status());
        // Expired and self-signed.
        assertEquals("self_signed", TestChains.opensslVerify(directory, rootFile, Instant.parse(
            "2019-06-01T00:00:00Z"), null, "old-self"));
        assertEquals("expired", TestChains.opensslVerify(directory, directory.resolve("old-self.pem"),
            TestChains.CAPTURE, null, "old-self"));
        assertEquals(ValidationStatus.EXPIRED, validator.validate(TestChains.ders(directory, "old-self"),
            CAPTURE_NANOS, null).status());
        assertEquals(ValidationStatus.SELF_SIGNED, validator.validate(TestChains.ders(directory, "old-self"),
            nanos(Instant.parse("2019-06-01T00:00:00Z")), null).status());
        // Untrusted and named for another host: untrusted wins.
        assertEquals(ValidationStatus.UNTRUSTED, validator.validate(TestChains.ders(directory, "stranger",
            "unknown-intermediate"), CAPTURE_NANOS, "other.example").status());
    }

    @Test
    void garbageIsUntrustedAndUnparsable()
    {
        final CertificateValidator validator = new CertificateValidator(anchors, 8);
        for (final byte[] garbage : List.of(new byte[]{0x30, (byte)0x82, 0x7F, 0x7F, 1, 2, 3}, new byte[]{0},
            "not a certificate".getBytes()))
        {
            final Validation validation = validator.validate(List.of(garbage), CAPTURE_NANOS, "leaf.example");
            assertEquals(ValidationStatus.UNTRUSTED, validation.status());
            assertEquals(CertificateValidator.UNPARSABLE, validation.reason());
        }
        final byte[] truncated = TestChains.der(directory.resolve("leaf.pem"));
        final List<byte[]> chain = new ArrayList<>(List.of(java.util.Arrays.copyOf(truncated,
            truncated.length - 10)));
        chain.add(TestChains.der(directory.resolve("intermediate.pem")));
        assertEquals(CertificateValidator.UNPARSABLE, validator.validate(chain, CAPTURE_NANOS, null).reason());
        // A damaged extra certificate is ignored like any extra.
        final List<byte[]> withDamagedExtra = new ArrayList<>(TestChains.ders(directory, "leaf", "intermediate"));
        withDamagedExtra.add(new byte[]{0x30, 0x03, 1, 2, 3});
        assertEquals(ValidationStatus.VALID, validator.validate(withDamagedExtra, CAPTURE_NANOS, "leaf.example")
            .status());
    }

    @Test
    void secondRecordOfTheSameLeafDoesNotRunPkix()
    {
        final CertificateValidator validator = new CertificateValidator(anchors, 8);
        final List<byte[]> chain = TestChains.ders(directory, "leaf", "intermediate");
        assertEquals(ValidationStatus.VALID, validator.validate(chain, CAPTURE_NANOS, "leaf.example").status());
        final long runs = validator.pkixRuns();
        assertTrue(runs >= 1);
        assertEquals(List.of(1L, 0L, 1L), List.of(validator.misses(), validator.hits(), validator.size()));

        assertEquals(ValidationStatus.HOSTNAME_MISMATCH, validator.validate(chain, CAPTURE_NANOS, "other.example")
            .status());
        assertEquals(ValidationStatus.EXPIRED, validator.validate(chain, nanos(Instant.parse(
            "2025-02-01T00:00:00Z")), "leaf.example").status());
        assertEquals(runs, validator.pkixRuns(), "answered from the cache");
        assertEquals(List.of(1L, 2L, 1L), List.of(validator.misses(), validator.hits(), validator.size()));

        // The same leaf sent without its intermediate is another question.
        assertEquals(ValidationStatus.UNTRUSTED, validator.validate(TestChains.ders(directory, "leaf"),
            CAPTURE_NANOS, "leaf.example").status());
        assertEquals(2, validator.misses());
    }

    @Test
    void cacheIsBoundedLeastRecentlyUsedFirst()
    {
        final CertificateValidator validator = new CertificateValidator(anchors, 2);
        final List<byte[]> leaf = TestChains.ders(directory, "leaf", "intermediate");
        final List<byte[]> cnOnly = TestChains.ders(directory, "cn-only", "intermediate");
        final List<byte[]> expired = TestChains.ders(directory, "expired", "intermediate");
        validator.validate(leaf, CAPTURE_NANOS, null);
        validator.validate(cnOnly, CAPTURE_NANOS, null);
        validator.validate(leaf, CAPTURE_NANOS, null);
        validator.validate(expired, CAPTURE_NANOS, null);
        assertEquals(2, validator.size());
        assertEquals(1, validator.evictions());
        validator.validate(leaf, CAPTURE_NANOS, null);
        assertEquals(2, validator.hits(), "the recently used leaf stayed");
        validator.validate(cnOnly, CAPTURE_NANOS, null);
        assertEquals(4, validator.misses(), "the least recently used one went");
    }

    @Test
    void concurrentThreadsGetTheSameAnswers() throws Exception
    {
        final CertificateValidator validator = new CertificateValidator(anchors, 4);
        final List<byte[]> leaf = TestChains.ders(directory, "leaf", "intermediate");
        final List<byte[]> expired = TestChains.ders(directory, "expired", "intermediate");
        final List<Thread> threads = new ArrayList<>();
        final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++)
        {
            final Thread thread = new Thread(() ->
            {
                try
                {
                    for (int i = 0; i < 200; i++)
                    {
                        assertEquals(ValidationStatus.VALID, validator.validate(leaf, CAPTURE_NANOS, "leaf.example")
                            .status());
                        assertEquals(ValidationStatus.EXPIRED, validator.validate(expired, CAPTURE_NANOS, null)
                            .status());
                    }
                }
                catch (final Throwable ex)
                {
                    failures.add(ex);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join(30_000);
        }
        assertEquals(List.of(), failures);
        assertEquals(1600, validator.hits() + validator.misses());
        assertTrue(validator.misses() <= 8, "at most one examination per leaf and thread: " + validator.misses());
    }

    /**
     * Judges a chain at {@link TestChains#CAPTURE} and checks that openssl says the same.
     *
     * @param expected the status both must give, or null to require agreement only.
     */
    private static Validation assertAgreesWithOpenSsl(final String expected, final String serverName,
        final String leaf, final String... others)
    {
        final String[] names = new String[others.length + 1];
        names[0] = leaf;
        System.arraycopy(others, 0, names, 1, others.length);
        final Validation validation = new CertificateValidator(anchors, 8).validate(
            TestChains.ders(directory, names), CAPTURE_NANOS, serverName);
        final String openssl = TestChains.opensslVerify(directory, rootFile, TestChains.CAPTURE, serverName, leaf,
            others);
        final String label = leaf + " " + List.of(others) + " for " + serverName + ": " + validation;
        assertEquals(openssl, validation.status().word(), label);
        if (expected != null)
        {
            assertEquals(expected, validation.status().word(), label);
        }
        return validation;
    }

    static long nanos(final Instant instant)
    {
        return ChronoUnit.NANOS.between(Instant.EPOCH, instant);
    }
}
