package org.stasensor.pipeline.enrich.x509;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Trust stores in each supported form, counted against what openssl and keytool say they hold; and the errors for
 * files that are not trust stores, which must name the file.
 */
class TrustAnchorsTest
{
    private static final Path CERTS_DIRECTORY = Path.of("/etc/ssl/certs");

    @TempDir
    static Path directory;

    @BeforeAll
    static void makeChains()
    {
        TestChains.generate(directory);
    }

    @Test
    void systemBundleLoadsEveryCertificateOpenSslFinds() throws IOException
    {
        assumeTrue(Files.isRegularFile(TrustAnchors.SYSTEM_BUNDLE), "no ca-certificates bundle here");
        final TrustAnchors anchors = TrustAnchors.system();
        final String output = TestChains.run(directory, List.of("openssl", "storeutl", "-noout", "-certs",
            TrustAnchors.SYSTEM_BUNDLE.toString()), false);
        assertEquals(count(output, "Total found: (\\d+)"), anchors.count(), output);
        assertTrue(anchors.count() > 100, "Debian ships well over a hundred roots: " + anchors);
    }

    @Test
    void directoryOfPemFilesHoldsTheSameAnchorsAsTheBundle() throws IOException
    {
        assumeTrue(Files.isRegularFile(TrustAnchors.SYSTEM_BUNDLE), "no ca-certificates bundle here");
        // /etc/ssl/certs holds one file per root (and hash links and the bundle itself, all the same roots).
        assertEquals(certificates(TrustAnchors.system()), certificates(TrustAnchors.load(CERTS_DIRECTORY)));
    }

    @Test
    void jdkCacertsKeystoreLoadsAsKeytoolListsIt() throws IOException
    {
        final Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        assumeTrue(Files.isRegularFile(cacerts));
        final String output = TestChains.run(directory, List.of(keytool(), "-list", "-keystore", cacerts.toString(),
            "-storepass", "changeit"), false);
        assertEquals(count(output, "contains (\\d+) entries"), TrustAnchors.load(cacerts).count(), output);
    }

    @Test
    void pemBundleOfTwoRoots() throws IOException
    {
        final Path bundle = directory.resolve("two-roots.pem");
        Files.writeString(bundle, "Test roots\n" + Files.readString(directory.resolve("root.pem")) +
            Files.readString(directory.resolve("unknown-root.pem")));
        final TrustAnchors anchors = TrustAnchors.load(bundle);
        assertEquals(2, anchors.count());
        assertEquals(ValidationStatus.VALID, validateStranger(anchors));
    }

    @Test
    void directoryOfPemFilesSkipsOtherFiles() throws IOException
    {
        final Path store = Files.createDirectories(directory.resolve("store"));
        Files.copy(directory.resolve("root.pem"), store.resolve("root.crt"));
        Files.copy(directory.resolve("unknown-root.pem"), store.resolve("unknown.pem"));
        Files.writeString(store.resolve("README"), "these are the lab's roots\n");
        assertEquals(2, TrustAnchors.load(store).count());
    }

    @Test
    void pkcs12AndJksKeystoresMadeByKeytool() throws IOException
    {
        for (final String type : List.of("PKCS12", "JKS"))
        {
            final Path store = directory.resolve("trust." + type.toLowerCase());
            TestChains.run(directory, List.of(keytool(), "-importcert", "-noprompt", "-alias", "unknown-root",
                "-file", "unknown-root.pem", "-keystore", store.toString(), "-storetype", type, "-storepass",
                "changeit"), false);
            final TrustAnchors anchors = TrustAnchors.load(store);
            assertEquals(1, anchors.count(), type);
            assertEquals(ValidationStatus.VALID, validateStranger(anchors), type);
            final IOException wrongPassword = assertThrows(IOException.class,
                () -> TrustAnchors.load(store, "wrong".toCharArray()));
            assertTrue(wrongPassword.getMessage().contains(store.toString()), wrongPassword.getMessage());
        }
    }

    @Test
    void missingFileIsAnErrorNamingIt()
    {
        final Path missing = directory.resolve("no-such-bundle.crt");
        final IOException error = assertThrows(IOException.class, () -> TrustAnchors.load(missing));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }

    @Test
    void garbageFileIsAnErrorNamingIt() throws IOException
    {
        final Path garbage = directory.resolve("garbage.bin");
        final byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(garbage, bytes);
        final IOException error = assertThrows(IOException.class, () -> TrustAnchors.load(garbage));
        assertTrue(error.getMessage().contains(garbage.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("neither a PEM certificate bundle nor a PKCS12/JKS keystore"),
            error.getMessage());
    }

    @Test
    void damagedPemBlockIsAnErrorNamingTheFileAndTheBlock() throws IOException
    {
        final Path damaged = directory.resolve("damaged.pem");
        final String second = Files.readString(directory.resolve("unknown-root.pem"));
        final int body = second.indexOf('\n') + 1;
        Files.writeString(damaged, Files.readString(directory.resolve("root.pem")) + second.substring(0, body) +
            "AAAA" + second.substring(body + 40));
        final IOException error = assertThrows(IOException.class, () -> TrustAnchors.load(damaged));
        assertTrue(error.getMessage().startsWith(damaged + ": certificate 2 (line "), error.getMessage());
    }

    @Test
    void emptySourcesAreErrors() throws IOException
    {
        final Path empty = Files.writeString(directory.resolve("empty.pem"), "");
        assertTrue(assertThrows(IOException.class, () -> TrustAnchors.load(empty)).getMessage()
            .contains(empty.toString()));
        final Path emptyDirectory = Files.createDirectories(directory.resolve("empty-store"));
        assertTrue(assertThrows(IOException.class, () -> TrustAnchors.load(emptyDirectory)).getMessage()
            .contains("holds no certificate"));
    }

    private static ValidationStatus validateStranger(final TrustAnchors anchors)
    {
        return new CertificateValidator(anchors, 4).validate(TestChains.ders(directory, "stranger",
            "unknown-intermediate"), CertificateValidatorTest.nanos(TestChains.CAPTURE), "stranger.example").status();
    }

    private static java.util.Set<java.security.cert.X509Certificate> certificates(final TrustAnchors anchors)
    {
        final java.util.Set<java.security.cert.X509Certificate> certificates = new java.util.HashSet<>();
        anchors.anchors().forEach(anchor -> certificates.add(anchor.getTrustedCert()));
        assertEquals(anchors.count(), certificates.size());
        return certificates;
    }

    private static int count(final String output, final String pattern)
    {
        final Matcher matcher = Pattern.compile(pattern).matcher(output);
        assertTrue(matcher.find(), "no '" + pattern + "' in: " + output);
        return Integer.parseInt(matcher.group(1));
    }

    private static String keytool()
    {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }
}
