package org.stasensor.pipeline.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the certificates the tests parse with the openssl command line, into a test's temporary directory:
 * RSA 2048/4096 and RSA-PSS, EC P-256/384/521, Ed25519, Ed448, DSA; SHA-1, MD5, SHA-2 signatures; many DNS and IP
 * alternative names; UTF-8, BMPString and T61String names; a negative and a high-bit serial; v1; dates in the past,
 * after 2050 and in 9999; and a chain root, intermediate, leaf. Independent openssl runs go in parallel.
 */
final class TestCertificates
{
    /** Names of the chain's certificates, leaf first as a server sends them. */
    static final List<String> CHAIN = List.of("chain-leaf", "chain-intermediate", "chain-root");

    /** DNS names in the "many-names" certificate, more than the parser keeps. */
    static final int MANY_DNS_NAMES = 120;

    private static final String CONFIG = """
        [ req ]
        distinguished_name = dn
        string_mask = utf8only
        prompt = no
        x509_extensions = v3_leaf
        [ dn ]
        [ v3_leaf ]
        basicConstraints = critical, CA:false
        subjectKeyIdentifier = hash
        [ v3_ca ]
        basicConstraints = critical, CA:true
        keyUsage = critical, keyCertSign, cRLSign
        subjectKeyIdentifier = hash
        [ v3_chain_leaf ]
        basicConstraints = critical, CA:false
        subjectAltName = DNS:leaf.example, DNS:www.leaf.example, IP:192.0.2.7
        """;

    /** string_mask default: PrintableString, else T61String, else BMPString (OpenSSL's ASN1_mbstring_copy). */
    private static final String LEGACY_STRINGS_CONFIG = """
        [ req ]
        distinguished_name = dn
        string_mask = default
        prompt = no
        [ dn ]
        """;

    private static final String CA_CONFIG = """
        [ ca ]
        default_ca = ca_default
        [ ca_default ]
        database = ./index.txt
        new_certs_dir = .
        serial = ./serial
        default_md = sha256
        policy = policy_any
        unique_subject = no
        copy_extensions = copy
        [ policy_any ]
        commonName = supplied
        """;

    private TestCertificates()
    {
    }

    /**
     * Generates every certificate.
     *
     * @param directory an empty temporary directory.
     * @return PEM files by name, in a fixed order.
     */
    static Map<String, Path> generate(final Path directory)
    {
        try
        {
            Files.writeString(directory.resolve("req.cnf"), CONFIG);
            Files.writeString(directory.resolve("legacy.cnf"), LEGACY_STRINGS_CONFIG);
            for (final String name : List.of("expired", "after-2050", "far-future"))
            {
                final Path ca = Files.createDirectories(directory.resolve("ca-" + name));
                Files.writeString(ca.resolve("ca.cnf"), CA_CONFIG);
                Files.writeString(ca.resolve("index.txt"), "");
                Files.writeString(ca.resolve("serial"), "7F01\n");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }

        Shell.runAll(directory, List.of(
            key("rsa2048.key", "RSA", "rsa_keygen_bits:2048"),
            key("rsa4096.key", "RSA", "rsa_keygen_bits:4096"),
            key("pss.key", "RSA-PSS", "rsa_keygen_bits:2048"),
            key("p256.key", "EC", "ec_paramgen_curve:P-256"),
            key("p384.key", "EC", "ec_paramgen_curve:P-384"),
            key("p521.key", "EC", "ec_paramgen_curve:P-521"),
            List.of("openssl", "genpkey", "-algorithm", "ED25519", "-out", "ed25519.key"),
            List.of("openssl", "genpkey", "-algorithm", "ED448", "-out", "ed448.key"),
            List.of("sh", "-c", "openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 " +
                "-out dsa.param && openssl genpkey -paramfile dsa.param -out dsa.key")));

        final Map<String, Path> certificates = new LinkedHashMap<>();
        final List<List<String>> commands = new ArrayList<>();
        selfSigned(commands, certificates, directory, "rsa2048", "rsa2048.key",
            "/C=US/O=Example Inc/CN=rsa2048.example", "-sha256", "-set_serial", "0x8F3A5C7E9B1D2F4A6C8E0A1B2C3D4E5F",
            "-addext", "subjectAltName=DNS:rsa2048.example,DNS:www.rsa2048.example,IP:192.0.2.1,IP:2001:db8::10");
        selfSigned(commands, certificates, directory, "rsa4096", "rsa4096.key",
            "/C=GB/O=First Org/O=Second Org/CN=first.example/CN=second.example", "-sha384", "-set_serial", "0x0F");
        selfSigned(commands, certificates, directory, "rsa-sha1", "rsa2048.key", "/CN=sha1.example", "-sha1");
        selfSigned(commands, certificates, directory, "rsa-md5", "rsa2048.key", "/CN=md5.example", "-md5");
        selfSigned(commands, certificates, directory, "rsa-sha512", "rsa2048.key", "/CN=sha512.example", "-sha512",
            "-set_serial", "1");
        selfSigned(commands, certificates, directory, "rsa-pss-sha256", "rsa2048.key", "/CN=pss.example", "-sha256",
            "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest");
        selfSigned(commands, certificates, directory, "rsa-pss-key-sha384", "pss.key", "/CN=pss-key.example",
            "-sha384");
        selfSigned(commands, certificates, directory, "many-names", "p256.key", "/CN=many.example", "-sha256",
            "-addext", "subjectAltName=" + manyNames());
        selfSigned(commands, certificates, directory, "ec-p384", "p384.key", "/C=CH/O=P384 AG/CN=p384.example",
            "-sha384");
        selfSigned(commands, certificates, directory, "ec-p521", "p521.key", "/CN=p521.example", "-sha512");
        selfSigned(commands, certificates, directory, "ed25519-utf8", "ed25519.key",
            "/C=DE/O=Ünïcødé GmbH/CN=Bücher-例え.example", "-utf8", "-set_serial", "-1234",
            "-addext", "subjectAltName=DNS:xn--bcher-kva.example");
        selfSigned(commands, certificates, directory, "ed448", "ed448.key", "/CN=ed448.example/CN=😀.example",
            "-utf8");
        selfSigned(commands, certificates, directory, "dsa", "dsa.key", "/O=DSA Org/CN=dsa.example", "-sha256");
        certificates.put("bmp-t61-v1", directory.resolve("bmp-t61-v1.pem"));
        commands.add(List.of("openssl", "req", "-x509", "-config", "legacy.cnf", "-key", "p256.key", "-days", "30",
            "-utf8", "-subj", "/C=FR/O=Société Générale/CN=例え.example", "-out", "bmp-t61-v1.pem"));

        commands.addAll(chainRequests());
        for (final String name : List.of("expired", "after-2050", "far-future"))
        {
            commands.add(csr("p256.key", "/CN=" + name + ".example", "ca-" + name + "/request.csr"));
        }
        Shell.runAll(directory, commands);

        Shell.runAll(directory, List.of(
            caSelfSigned("expired", "20100101000000Z", "20110101000000Z"),
            caSelfSigned("after-2050", "20490601000000Z", "20510601000000Z"),
            caSelfSigned("far-future", "19450101000000Z", "99991231235959Z"),
            signIntermediate()));
        Shell.run(directory, signLeaf());
        for (final String name : List.of("expired", "after-2050", "far-future"))
        {
            certificates.put(name, directory.resolve("ca-" + name).resolve("certificate.pem"));
        }
        for (final String name : CHAIN)
        {
            certificates.put(name, directory.resolve(name + ".pem"));
        }
        return certificates;
    }

    /**
     * Generates only the chain root, intermediate, leaf (faster than {@link #generate}).
     *
     * @param directory an empty temporary directory.
     * @return PEM files by name, leaf first.
     */
    static Map<String, Path> generateChain(final Path directory)
    {
        try
        {
            Files.writeString(directory.resolve("req.cnf"), CONFIG);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        Shell.runAll(directory, List.of(key("rsa2048.key", "RSA", "rsa_keygen_bits:2048"),
            key("p384.key", "EC", "ec_paramgen_curve:P-384"), key("p256.key", "EC", "ec_paramgen_curve:P-256")));
        Shell.runAll(directory, chainRequests());
        Shell.run(directory, signIntermediate());
        Shell.run(directory, signLeaf());
        final Map<String, Path> certificates = new LinkedHashMap<>();
        for (final String name : CHAIN)
        {
            certificates.put(name, directory.resolve(name + ".pem"));
        }
        return certificates;
    }

    /**
     * The DER bytes of a PEM certificate file.
     *
     * @param pem the file.
     * @return the bytes between the BEGIN and END lines, base64-decoded.
     */
    static byte[] der(final Path pem)
    {
        try
        {
            final String text = Files.readString(pem, StandardCharsets.US_ASCII);
            final int begin = text.indexOf("-----BEGIN CERTIFICATE-----");
            final int end = text.indexOf("-----END CERTIFICATE-----");
            final String body = text.substring(begin + "-----BEGIN CERTIFICATE-----".length(), end);
            return Base64.getMimeDecoder().decode(body);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<List<String>> chainRequests()
    {
        return List.of(
            List.of("openssl", "req", "-x509", "-config", "req.cnf", "-extensions", "v3_ca", "-key", "rsa2048.key",
                "-sha256", "-days", "30", "-set_serial", "0x1000", "-subj", "/C=US/O=STA Test/CN=STA Test Root",
                "-out", "chain-root.pem"),
            csr("p384.key", "/C=US/O=STA Test/CN=STA Test Intermediate", "chain-intermediate.csr"),
            csr("p256.key", "/O=Leaf Org/CN=leaf.example", "chain-leaf.csr"));
    }

    private static List<String> signIntermediate()
    {
        return List.of("openssl", "x509", "-req", "-in", "chain-intermediate.csr", "-CA", "chain-root.pem",
            "-CAkey", "rsa2048.key", "-set_serial", "0x1001", "-days", "30", "-sha256", "-extfile", "req.cnf",
            "-extensions", "v3_ca", "-out", "chain-intermediate.pem");
    }

    private static List<String> signLeaf()
    {
        return List.of("openssl", "x509", "-req", "-in", "chain-leaf.csr", "-CA", "chain-intermediate.pem",
            "-CAkey", "p384.key", "-set_serial", "0x1002", "-days", "30", "-sha384", "-extfile", "req.cnf",
            "-extensions", "v3_chain_leaf", "-out", "chain-leaf.pem");
    }

    private static String manyNames()
    {
        final StringBuilder names = new StringBuilder();
        for (int i = 1; i <= 5; i++)
        {
            names.append("IP:198.51.100.").append(i).append(',');
        }
        for (final String address : List.of("::1", "2001:db8::", "2001:db8:0:0:1:0:0:1", "fe80::1:2:3:4",
            "2001:db8:1:2:3:4:5:6"))
        {
            names.append("IP:").append(address).append(',');
        }
        for (int i = 0; i < MANY_DNS_NAMES; i++)
        {
            names.append(String.format("DNS:host-%03d.many.example,", i));
        }
        names.append("IP:203.0.113.9");
        return names.toString();
    }

    private static List<String> key(final String file, final String algorithm, final String option)
    {
        return List.of("openssl", "genpkey", "-algorithm", algorithm, "-pkeyopt", option, "-out", file);
    }

    private static List<String> csr(final String key, final String subject, final String file)
    {
        return List.of("openssl", "req", "-new", "-config", "req.cnf", "-key", key, "-utf8", "-subj", subject,
            "-out", file);
    }

    private static List<String> caSelfSigned(final String name, final String start, final String end)
    {
        return List.of("sh", "-c", "cd ca-" + name + " && openssl ca -batch -config ca.cnf -selfsign " +
            "-keyfile ../p256.key -in request.csr -out certificate.pem -notext -startdate " + start +
            " -enddate " + end);
    }

    private static void selfSigned(final List<List<String>> commands, final Map<String, Path> certificates,
        final Path directory, final String name, final String key, final String subject, final String... options)
    {
        final List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-config", "req.cnf",
            "-key", key, "-days", "30", "-subj", subject, "-out", name + ".pem"));
        command.addAll(List.of(options));
        commands.add(command);
        certificates.put(name, directory.resolve(name + ".pem"));
    }
}
