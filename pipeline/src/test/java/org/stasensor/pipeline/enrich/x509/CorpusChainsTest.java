package org.stasensor.pipeline.enrich.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real servers' chains from the shared corpus, pulled out by tshark with their capture time and the client's SNI,
 * judged against Debian's ca-certificates bundle at capture time and compared with
 * {@code openssl verify -attime CAPTURE -CAfile /etc/ssl/certs/ca-certificates.crt -untrusted OTHERS
 * -verify_hostname SNI LEAF} on the same bytes.
 */
class CorpusChainsTest
{
    private static final List<String> CAPTURES = List.of(
        "ja4/pcap/browsers-x509.pcapng",
        "ja4/pcap/latest.pcapng",
        "ja4/pcap/tls-handshake.pcapng",
        "ja4/pcap/https3-301-get.pcap",
        "ja4/pcap/badcurveball.pcap",
        "ja3/Traces/ssl-curl.pcap",
        "nDPI/pcap/443-git.pcap",
        "nDPI/pcap/443-curl.pcap",
        "nDPI/pcap/tls_malicious_sha1.pcapng",
        "nDPI/pcap/imap-starttls.pcap",
        "nDPI/pcap/6in4tunnel.pcap",
        "nDPI/pcap/tunnelbear.pcap",
        "nDPI/pcap/ja3_lots_of_cipher_suites_2_anon.pcap",
        "nDPI/pcap/tls_long_cert.pcap");

    private static final List<CapturedChain> CHAINS = new ArrayList<>();

    @TempDir
    static Path directory;

    /** One Certificate message: when it was captured, the SNI of its connection, the PEM files written for openssl. */
    private record CapturedChain(String label, Instant captured, String serverName, List<byte[]> ders,
        List<String> names)
    {
    }

    @BeforeAll
    static void extractWithTshark()
    {
        assumeTrue(Files.isRegularFile(TrustAnchors.SYSTEM_BUNDLE), "no ca-certificates bundle here");
        // One tshark run over all captures merged: tshark's start-up, not the packets, is what costs.
        final List<String> merge = new ArrayList<>(List.of("mergecap", "-a", "-F", "pcapng", "-w", "merged.pcapng"));
        for (final String capture : CAPTURES)
        {
            merge.add(TestFiles.corpusFile(capture).toString());
        }
        TestChains.run(directory, merge, false);
        final Set<String> seen = new TreeSet<>();
        for (final CapturedChain chain : extract(directory.resolve("merged.pcapng")))
        {
            if (seen.add(HexFormat.of().formatHex(chain.ders().get(0)) + chain.serverName()))
            {
                CHAINS.add(chain);
            }
        }
        assertTrue(CHAINS.size() >= 15, "chains found: " + CHAINS.size());
    }

    @Test
    void everyChainIsJudgedAsOpenSslJudgesIt() throws IOException
    {
        final CertificateValidator validator = new CertificateValidator(TrustAnchors.system(), 1000);
        final Map<String, Integer> statuses = new HashMap<>();
        final List<String> disagreements = new ArrayList<>();
        for (final CapturedChain chain : CHAINS)
        {
            final Validation ours = validator.validate(chain.ders(), CertificateValidatorTest.nanos(chain.captured()),
                chain.serverName());
            final String openssl = openssl(chain, chain.captured());
            statuses.merge(openssl, 1, Integer::sum);
            if (!openssl.equals(ours.status().word()))
            {
                disagreements.add(chain.label() + ": openssl " + openssl + ", we " + ours);
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(statuses.getOrDefault("valid", 0) >= 10, "well-known chains valid at capture time: " + statuses);
        assertTrue(statuses.getOrDefault("untrusted", 0) >= 2, "chains to roots no longer shipped: " + statuses);
    }

    @Test
    void wellKnownChainsExpireLaterAsOpenSslSays() throws IOException
    {
        final CertificateValidator validator = new CertificateValidator(TrustAnchors.system(), 1000);
        int compared = 0;
        for (final CapturedChain chain : CHAINS)
        {
            final long captured = CertificateValidatorTest.nanos(chain.captured());
            if (validator.validate(chain.ders(), captured, chain.serverName()).status() != ValidationStatus.VALID)
            {
                continue;
            }
            final long runs = validator.pkixRuns();
            final Instant later = chain.captured().plusSeconds(5L * 365 * 24 * 3600);
            final Validation ours = validator.validate(chain.ders(), CertificateValidatorTest.nanos(later),
                chain.serverName());
            assertEquals(openssl(chain, later), ours.status().word(), chain.label() + " five years on: " + ours);
            assertEquals(ValidationStatus.EXPIRED, ours.status(), chain.label());
            assertEquals(runs, validator.pkixRuns(), "judged from the cache");
            compared++;
        }
        assertTrue(compared >= 10, "compared " + compared);
    }

    private static String openssl(final CapturedChain chain, final Instant at)
    {
        final String[] others = chain.names().subList(1, chain.names().size()).toArray(new String[0]);
        return TestChains.opensslVerify(directory, TrustAnchors.SYSTEM_BUNDLE, at, chain.serverName(),
            chain.names().get(0), others);
    }

    private static List<CapturedChain> extract(final Path file)
    {
        final List<String[]> rows = Tshark.fields(file, "tls.handshake.type == 1 || tls.handshake.certificate",
            "frame.time_epoch", "tcp.stream", "tls.handshake.extensions_server_name", "tls.handshake.certificate");
        final Map<String, String> serverNames = new HashMap<>();
        for (final String[] row : rows)
        {
            if (!row[2].isEmpty())
            {
                serverNames.putIfAbsent(row[1], row[2]);
            }
        }
        final List<CapturedChain> chains = new ArrayList<>();
        for (final String[] row : rows)
        {
            if (row[3].isEmpty())
            {
                continue;
            }
            final String serverName = serverNames.get(row[1]);
            final List<byte[]> ders = new ArrayList<>();
            final List<String> names = new ArrayList<>();
            for (final String hex : row[3].split(","))
            {
                final byte[] der = HexFormat.of().parseHex(hex);
                final String name = "corpus-" + Integer.toHexString(java.util.Arrays.hashCode(der)) + "-" + der.length;
                writePem(directory.resolve(name + ".pem"), der);
                ders.add(der);
                names.add(name);
            }
            chains.add(new CapturedChain("stream " + row[1] + " at " + row[0] + " for " + serverName,
                epoch(row[0]), serverName, ders, names));
        }
        return chains;
    }

    private static Instant epoch(final String seconds)
    {
        final BigDecimal value = new BigDecimal(seconds);
        final long whole = value.longValue();
        return Instant.ofEpochSecond(whole, value.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
    }

    private static void writePem(final Path file, final byte[] der)
    {
        try
        {
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" +
                Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END CERTIFICATE-----\n");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
