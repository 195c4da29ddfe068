package org.stasensor.appliance.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;

/**
 * The certificates the TLS servers of the lab present, made with openssl:
 * <pre>
 *   STA Lab Root CA (RSA 2048)
 *     STA Lab Intermediate CA (RSA 2048)
 *       leaf.lab.test      RSA 4096, SANs leaf/www.lab.test and the server's address: a 1.2 KB certificate, so
 *                          the Certificate message (leaf + intermediate + root, ~3 KB) spans three TCP segments
 *       ecdsa.lab.test     EC P-256
 *       expired.lab.test   EC P-256, valid 2020-01-01 .. 2021-01-01
 *       future.lab.test    EC P-256, valid 2099-01-01 .. 2100-01-01 (GeneralizedTime, as from 2050 on)
 *   selfsigned.lab.test    self-signed RSA 2048, valid ~27 years from now (notAfter as GeneralizedTime)
 * </pre>
 * Keys are made afresh for each run; nothing secret is kept in the repository.
 */
final class TlsLabCertificates
{
    /** Host name of the RSA leaf. */
    static final String LEAF_NAME = "leaf.lab.test";
    /** A second DNS name of the RSA leaf. */
    static final String LEAF_OTHER_NAME = "www.lab.test";
    /** Host name of the ECDSA leaf. */
    static final String ECDSA_NAME = "ecdsa.lab.test";
    /** Host name of the self-signed certificate. */
    static final String SELF_SIGNED_NAME = "selfsigned.lab.test";
    /** Host name of the expired certificate. */
    static final String EXPIRED_NAME = "expired.lab.test";
    /** Host name of the certificate valid only from 2099. */
    static final String FUTURE_NAME = "future.lab.test";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * What one server presents.
     *
     * @param certificate its certificate (PEM).
     * @param key         its private key (PEM).
     * @param chain       the certificates sent after it ({@code -cert_chain}), or null for none.
     * @param hostName    the DNS name in its subject CN and subjectAltName.
     */
    record Identity(Path certificate, Path key, Path chain, String hostName)
    {
    }

    private final Path directory;
    private final Path logs;

    private TlsLabCertificates(final Path directory)
    {
        this.directory = directory;
        this.logs = directory.resolve("logs");
    }

    /**
     * Makes every certificate.
     *
     * @param directory     an empty directory for keys and certificates.
     * @param serverAddress the IP address the RSA leaf names in its subjectAltName.
     * @return the certificates.
     */
    static TlsLabCertificates create(final Path directory, final String serverAddress)
    {
        HostCommands.assumeInstalled("openssl");
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final TlsLabCertificates pki = new TlsLabCertificates(directory);
        pki.make(serverAddress);
        return pki;
    }

    /**
     * The 4096-bit RSA leaf with intermediate and root: a chain of three.
     *
     * @return the identity.
     */
    Identity rsaChain()
    {
        return new Identity(file("leaf.pem"), file("leaf.key"), file("chain-int-root.pem"), LEAF_NAME);
    }

    /**
     * The EC P-256 leaf with the intermediate: a chain of two.
     *
     * @return the identity.
     */
    Identity ecdsa()
    {
        return new Identity(file("ecdsa.pem"), file("ecdsa.key"), file("int.pem"), ECDSA_NAME);
    }

    /**
     * The self-signed certificate, alone.
     *
     * @return the identity.
     */
    Identity selfSigned()
    {
        return new Identity(file("self.pem"), file("self.key"), null, SELF_SIGNED_NAME);
    }

    /**
     * The expired leaf with the intermediate.
     *
     * @return the identity.
     */
    Identity expired()
    {
        return new Identity(file("expired.pem"), file("expired.key"), file("int.pem"), EXPIRED_NAME);
    }

    /**
     * The leaf valid from 2099 with the intermediate.
     *
     * @return the identity.
     */
    Identity notYetValid()
    {
        return new Identity(file("future.pem"), file("future.key"), file("int.pem"), FUTURE_NAME);
    }

    private void make(final String serverAddress)
    {
        generateKeys();
        openssl("req", "-x509", "-new", "-key", path("root.key"), "-out", path("root.pem"), "-days", "3650",
            "-subj", "/C=CH/O=STA Lab/CN=STA Lab Root CA",
            "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        write("int.ext", "basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n");
        sign("int", "/C=DE/O=STA Lab/CN=STA Lab Intermediate CA", "root", "1825");
        write("leaf.ext", "subjectAltName=DNS:" + LEAF_NAME + ",DNS:" + LEAF_OTHER_NAME + ",IP:" + serverAddress
            + "\nextendedKeyUsage=serverAuth\n");
        sign("leaf", "/C=FR/O=STA Lab/CN=" + LEAF_NAME, "int", "365");
        write("ecdsa.ext", "subjectAltName=DNS:" + ECDSA_NAME + "\nextendedKeyUsage=serverAuth\n");
        sign("ecdsa", "/C=IT/O=STA Lab/CN=" + ECDSA_NAME, "int", "90");
        openssl("req", "-x509", "-new", "-key", path("self.key"), "-out", path("self.pem"), "-days", "10000",
            "-subj", "/O=STA Lab Self/CN=" + SELF_SIGNED_NAME, "-addext", "subjectAltName=DNS:" + SELF_SIGNED_NAME);
        signWithDates("expired", EXPIRED_NAME, "20200101000000Z", "20210101000000Z");
        signWithDates("future", FUTURE_NAME, "20990101000000Z", "21000101000000Z");
        try
        {
            Files.writeString(file("chain-int-root.pem"),
                Files.readString(file("int.pem")) + Files.readString(file("root.pem")));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The 4096-bit key takes seconds (prime search), so it is made in the background while the small keys are made
     * one after the other on the other core.
     */
    private void generateKeys()
    {
        final List<String> bigKeyCommand = new ArrayList<>(List.of("openssl"));
        bigKeyCommand.addAll(List.of(rsaKey("leaf.key", 4096)));
        final BackgroundProcess bigKey = HostCommands.start(logs, bigKeyCommand);
        for (final String name : List.of("root", "int", "self"))
        {
            openssl(rsaKey(name + ".key", 2048));
        }
        for (final String name : List.of("ecdsa", "expired", "future"))
        {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path(name + ".key"));
        }
        if (!bigKey.awaitExit(TIMEOUT) || bigKey.exitCode() != 0)
        {
            bigKey.stop();
            throw new AssertionError("key generation failed: " + bigKey.describe());
        }
    }

    private String[] rsaKey(final String file, final int bits)
    {
        return new String[] {"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:" + bits,
            "-out", path(file)};
    }

    private void sign(final String name, final String subject, final String issuer, final String days)
    {
        openssl("req", "-new", "-key", path(name + ".key"), "-out", path(name + ".csr"), "-subj", subject);
        openssl("x509", "-req", "-in", path(name + ".csr"), "-CA", path(issuer + ".pem"),
            "-CAkey", path(issuer + ".key"), "-CAcreateserial", "-out", path(name + ".pem"), "-days", days,
            "-sha256", "-extfile", path(name + ".ext"));
    }

    /**
     * Signs with the intermediate for a validity given in dates, which only {@code openssl ca} takes in OpenSSL 3.0
     * ({@code x509 -days} refuses anything in the past).
     */
    private void signWithDates(final String name, final String hostName, final String notBefore,
        final String notAfter)
    {
        final Path database = file(name + "-ca");
        try
        {
            Files.createDirectories(database);
            Files.writeString(database.resolve("index.txt"), "");
            Files.writeString(database.resolve("serial"), name.equals("expired") ? "1001\n" : "2002\n");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        write(name + "-ca.cnf", """
            [ ca ]
            default_ca = lab
            [ lab ]
            database = %1$s/index.txt
            new_certs_dir = %1$s
            serial = %1$s/serial
            default_md = sha256
            policy = any_name
            unique_subject = no
            copy_extensions = copy
            [ any_name ]
            countryName = optional
            organizationName = optional
            commonName = supplied
            """.formatted(database));
        openssl("req", "-new", "-key", path(name + ".key"), "-out", path(name + ".csr"),
            "-subj", "/C=US/O=STA Lab/CN=" + hostName, "-addext", "subjectAltName=DNS:" + hostName);
        openssl("ca", "-batch", "-notext", "-preserveDN", "-config", path(name + "-ca.cnf"),
            "-cert", path("int.pem"), "-keyfile", path("int.key"), "-in", path(name + ".csr"),
            "-out", path(name + ".pem"), "-startdate", notBefore, "-enddate", notAfter);
    }

    private void openssl(final String... arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        final CommandResult result = HostCommands.run(logs, TIMEOUT, command);
        if (!result.succeeded())
        {
            throw new AssertionError("making the lab certificates failed: " + result.describe());
        }
    }

    private void write(final String name, final String text)
    {
        try
        {
            Files.writeString(file(name), text);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private Path file(final String name)
    {
        return directory.resolve(name);
    }

    private String path(final String name)
    {
        return file(name).toString();
    }
}
