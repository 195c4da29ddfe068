package org.stasensor.pipeline.enrich.x509;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificate chains made by the openssl command line in a test's temporary directory, with fixed validity dates so
 * that judging them at {@link #CAPTURE} does not depend on the wall clock; and {@code openssl verify}, the oracle, run
 * on the same files. Elliptic-curve keys keep generation fast.
 * <pre>
 *   STA Cert Test Root (2020..2040)
 *   └─ STA Cert Test Intermediate (2021..2035)
 *      ├─ leaf.example (2024-01-01..2025-01-01; DNS leaf.example, *.wild.example; IP 192.0.2.7)
 *      ├─ expired.example (2022..2023)       ├─ future.example (2026..2027)
 *      ├─ cn-only.example (no SAN)           └─ CN cn.example with DNS san.example
 *   └─ STA Short Intermediate (2021-01-01..2024-03-01) ─ short.example (2024..2025)
 *   Unknown Root (not trusted) ─ Unknown Intermediate ─ stranger.example (2024..2025)
 *   self.example, self-signed (2024..2025); old-self.example, self-signed (2019..2020)
 * </pre>
 */
final class TestChains
{
    /** The capture time the tests judge at: 2024-06-01T00:00:00Z. */
    static final Instant CAPTURE = Instant.parse("2024-06-01T00:00:00Z");

    private static final String REQ_CONFIG = """
        [ req ]
        distinguished_name = dn
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
        email_in_dn = no
        [ policy_any ]
        commonName = supplied
        """;

    private static final String EXTENSIONS = """
        [ v3_ca ]
        basicConstraints = critical, CA:true
        keyUsage = critical, keyCertSign, cRLSign
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid
        [ leaf ]
        basicConstraints = critical, CA:false
        subjectAltName = DNS:leaf.example, DNS:*.wild.example, IP:192.0.2.7
        [ expired ]
        basicConstraints = critical, CA:false
        subjectAltName = DNS:expired.example
        [ future ]
        basicConstraints = critical, CA:false
        subjectAltName = DNS:future.example
        [ short ]
        basicConstraints = critical, CA:false
        subjectAltName = DNS:short.example
        [ stranger ]
        basicConstraints = critical, CA:false
        subjectAltName = DNS:stranger.example
        [ self ]
        basicConstraints = critical, CA:false
        subjectAltName = DNS:self.example
        [ cn_only ]
        basicConstraints = critical, CA:false
        [ cn_differs ]
        basicConstraints = critical, CA:false
        subjectAltName = DNS:san.example
        """;

    private static final Pattern ERROR = Pattern.compile("error (\\d+) at (\\d+) depth");

    private TestChains()
    {
    }

    /**
     * Makes every certificate: {@code NAME.pem} for root, intermediate, short-intermediate, unknown-root,
     * unknown-intermediate, leaf, expired, future, short, stranger, self, old-self, cn-only, cn-differs.
     *
     * @param directory an empty temporary directory.
     */
    static void generate(final Path directory)
    {
        try
        {
            Files.writeString(directory.resolve("req.cnf"), REQ_CONFIG);
            Files.writeString(directory.resolve("ca.cnf"), CA_CONFIG);
            Files.writeString(directory.resolve("ext.cnf"), EXTENSIONS);
            Files.writeString(directory.resolve("index.txt"), "");
            Files.writeString(directory.resolve("serial"), "1000\n");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final List<String> keys = List.of("root", "intermediate", "short-intermediate", "unknown-root",
            "unknown-intermediate", "leaf", "self", "old-self");
        final List<List<String>> keyCommands = new ArrayList<>();
        for (final String key : keys)
        {
            keyCommands.add(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", key + ".key"));
        }
        runAll(directory, keyCommands);

        final List<List<String>> requests = new ArrayList<>();
        requests.add(csr("root", "STA Cert Test Root", "root"));
        requests.add(csr("intermediate", "STA Cert Test Intermediate", "intermediate"));
        requests.add(csr("short-intermediate", "STA Short Intermediate", "short-intermediate"));
        requests.add(csr("unknown-root", "Unknown Root", "unknown-root"));
        requests.add(csr("unknown-intermediate", "Unknown Intermediate", "unknown-intermediate"));
        for (final String leaf : List.of("leaf", "expired", "future", "short", "stranger"))
        {
            requests.add(csr(leaf, leaf + ".example", "leaf"));
        }
        requests.add(csr("self", "self.example", "self"));
        requests.add(csr("old-self", "old-self.example", "old-self"));
        requests.add(csr("cn-only", "cn-only.example", "leaf"));
        requests.add(csr("cn-differs", "cn.example", "leaf"));
        runAll(directory, requests);

        // openssl ca keeps one database, so the signing runs one after another.
        sign(directory, "root", null, "root", "20200101000000Z", "20400101000000Z", "v3_ca");
        sign(directory, "intermediate", "root", "root", "20210101000000Z", "20350101000000Z", "v3_ca");
        sign(directory, "short-intermediate", "root", "root", "20210101000000Z", "20240301000000Z", "v3_ca");
        sign(directory, "unknown-root", null, "unknown-root", "20200101000000Z", "20400101000000Z", "v3_ca");
        sign(directory, "unknown-intermediate", "unknown-root", "unknown-root", "20210101000000Z",
            "20350101000000Z", "v3_ca");
        sign(directory, "leaf", "intermediate", "intermediate", "20240101000000Z", "20250101000000Z", "leaf");
        sign(directory, "expired", "intermediate", "intermediate", "20220101000000Z", "20230101000000Z", "expired");
        sign(directory, "future", "intermediate", "intermediate", "20260101000000Z", "20270101000000Z", "future");
        sign(directory, "short", "short-intermediate", "short-intermediate", "20240101000000Z", "20250101000000Z",
            "short");
        sign(directory, "stranger", "unknown-intermediate", "unknown-intermediate", "20240101000000Z",
            "20250101000000Z", "stranger");
        sign(directory, "self", null, "self", "20240101000000Z", "20250101000000Z", "self");
        sign(directory, "old-self", null, "old-self", "20190101000000Z", "20200101000000Z", "self");
        sign(directory, "cn-only", "intermediate", "intermediate", "20240101000000Z", "20250101000000Z", "cn_only");
        sign(directory, "cn-differs", "intermediate", "intermediate", "20240101000000Z", "20250101000000Z",
            "cn_differs");
    }

    /**
     * The DER bytes of a PEM certificate file.
     *
     * @param pem the file.
     * @return the decoded body.
     */
    static byte[] der(final Path pem)
    {
        try
        {
            final String text = Files.readString(pem, StandardCharsets.US_ASCII);
            final String begin = "-----BEGIN CERTIFICATE-----";
            final int from = text.indexOf(begin) + begin.length();
            return Base64.getMimeDecoder().decode(text.substring(from, text.indexOf("-----END CERTIFICATE-----")));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * DER of several certificates of the directory, in the order given (as a server would send them).
     *
     * @param directory where they are.
     * @param names     certificate names without ".pem".
     * @return their DER.
     */
    static List<byte[]> ders(final Path directory, final String... names)
    {
        final List<byte[]> ders = new ArrayList<>();
        for (final String name : names)
        {
            ders.add(der(directory.resolve(name + ".pem")));
        }
        return ders;
    }

    /**
     * Asks {@code openssl verify} about a chain and translates its answer into a status: OK is valid, error 10
     * expired, 9 not_yet_valid, 18 self_signed, 62 hostname_mismatch, and 2, 19, 20, 21 (issuer not found, self
     * signed in chain, local issuer not found, first certificate not verifiable) untrusted.
     *
     * @param directory  where the certificates are.
     * @param caFile     the trusted certificates (PEM file).
     * @param at         the time to verify at ({@code -attime}).
     * @param hostname   {@code -verify_hostname}, or null.
     * @param leaf       the leaf's name.
     * @param others     the other certificates sent ({@code -untrusted}).
     * @return the status word openssl's answer means.
     */
    static String opensslVerify(final Path directory, final Path caFile, final Instant at, final String hostname,
        final String leaf, final String... others)
    {
        final List<String> command = new ArrayList<>(List.of("openssl", "verify", "-attime",
            Long.toString(at.getEpochSecond()), "-CAfile", caFile.toString()));
        if (others.length > 0)
        {
            final Path untrusted = directory.resolve("untrusted-" + System.nanoTime() + ".pem");
            try
            {
                final StringBuilder pem = new StringBuilder();
                for (final String other : others)
                {
                    pem.append(Files.readString(directory.resolve(other + ".pem")));
                }
                Files.writeString(untrusted, pem);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            command.addAll(List.of("-untrusted", untrusted.toString()));
        }
        if (hostname != null)
        {
            command.addAll(List.of(hostname.contains(":") || hostname.matches("[0-9.]+") ? "-verify_ip" :
                "-verify_hostname", hostname));
        }
        command.add(directory.resolve(leaf + ".pem").toString());
        return verdict(run(directory, command, true), String.join(" ", command));
    }

    /**
     * Translates {@code openssl verify} output into a status word.
     *
     * @param output  stdout and stderr.
     * @param command for messages.
     * @return the word.
     */
    static String verdict(final String output, final String command)
    {
        if (output.trim().endsWith(": OK"))
        {
            return "valid";
        }
        final Matcher error = ERROR.matcher(output);
        if (!error.find())
        {
            throw new AssertionError("openssl verify said neither OK nor an error: " + command + "\n" + output);
        }
        return switch (Integer.parseInt(error.group(1)))
        {
            case 10 -> "expired";
            case 9 -> "not_yet_valid";
            case 18 -> "self_signed";
            case 62, 64 -> "hostname_mismatch";
            case 2, 19, 20, 21 -> "untrusted";
            default -> "openssl error " + error.group(1) + ": " + output.trim();
        };
    }

    /**
     * Runs a command and returns its stdout and stderr together.
     *
     * @param directory     working directory.
     * @param command       the command.
     * @param failureIsFine whether a non-zero exit is an answer (openssl verify) rather than a test error.
     * @return the output.
     */
    static String run(final Path directory, final List<String> command, final boolean failureIsFine)
    {
        try
        {
            final Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).start();
            process.getOutputStream().close();
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            process.getInputStream().transferTo(out);
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            final String text = out.toString(StandardCharsets.UTF_8);
            if (process.exitValue() != 0 && !failureIsFine)
            {
                throw new AssertionError("exit " + process.exitValue() + ": " + command + "\n" + text);
            }
            return text;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    private static void runAll(final Path directory, final List<List<String>> commands)
    {
        final List<Process> processes = new ArrayList<>();
        try
        {
            for (final List<String> command : commands)
            {
                processes.add(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (int i = 0; i < processes.size(); i++)
            {
                final Process process = processes.get(i);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
                {
                    throw new AssertionError("failed: " + commands.get(i) + "; rerun it by hand to see why");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
        finally
        {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static List<String> csr(final String name, final String commonName, final String key)
    {
        return List.of("openssl", "req", "-new", "-config", "req.cnf", "-key", key + ".key", "-subj",
            "/CN=" + commonName, "-out", name + ".csr");
    }

    private static void sign(final Path directory, final String name, final String issuer, final String issuerKey,
        final String start, final String end, final String extensions)
    {
        final List<String> command = new ArrayList<>(List.of("openssl", "ca", "-batch", "-config", "ca.cnf",
            "-keyfile", issuerKey + ".key", "-in", name + ".csr", "-out", name + ".pem", "-notext",
            "-startdate", start, "-enddate", end, "-extfile", "ext.cnf", "-extensions", extensions));
        if (issuer == null)
        {
            command.add("-selfsign");
        }
        else
        {
            command.addAll(List.of("-cert", issuer + ".pem"));
        }
        run(directory, command, false);
    }
}
