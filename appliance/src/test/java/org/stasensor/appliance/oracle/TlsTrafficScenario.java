package org.stasensor.appliance.oracle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.appliance.lab.BackgroundProcess;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.NetnsLab;
import org.stasensor.appliance.lab.PacketCapture;

/**
 * Real TLS traffic for the oracle tests: openssl s_server instances in namespace a, and in namespace b openssl
 * s_client and curl connecting to them one after the other, all captured by tcpdump into one pcap file. Every case
 * makes exactly one TCP connection, so the n-th TCP stream of the capture is the n-th case.
 * <p>
 * What each case expects (version, SNI, what is wrong with the certificate) is a fact of how the case was made, not
 * something computed from the capture.
 */
final class TlsTrafficScenario
{
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);
    /** OpenSSL 3 refuses TLS 1.0/1.1 (SHA-1 signatures) at its default security level. */
    private static final String LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=0";

    /** A TLS server of the scenario and the port it listens on. */
    enum Server
    {
        /** 4096-bit RSA leaf, chain of three, ALPN http/1.1 then h2, TLS 1.0-1.3. */
        CHAIN(4433),
        /** Same certificates, but TLS records of at most 512 bytes: the Certificate message spans many records. */
        FRAGMENTED(4434),
        /** ECDSA P-256 leaf, chain of two. */
        ECDSA(4435),
        /** Self-signed certificate, alone. */
        SELF_SIGNED(4436),
        /** Expired leaf, chain of two. */
        EXPIRED(4437),
        /** Leaf valid only from 2099, chain of two. */
        NOT_YET_VALID(4438);

        private final int port;

        Server(final int port)
        {
            this.port = port;
        }

        int port()
        {
            return port;
        }
    }

    /**
     * One client connection.
     *
     * @param name       a short name for messages.
     * @param server     the server it connects to.
     * @param serverName the SNI the client sends, or null for none.
     * @param version    the TLS version it forces or, for curl, the one both ends prefer: "1.0" .. "1.3".
     * @param validation what {@code tls.server.validation} must say with the lab's root trusted.
     * @param client     the client command line, run in namespace b.
     */
    record TlsCase(String name, Server server, String serverName, String version, String validation,
        List<String> client)
    {
    }

    /**
     * The scenario's result.
     *
     * @param capture the pcap file.
     * @param cases   the cases in the order they ran (= TCP stream order).
     * @param runs    what each client printed, in the same order.
     */
    record Traffic(Path capture, List<TlsCase> cases, List<CommandResult> runs)
    {
    }

    private TlsTrafficScenario()
    {
    }

    /**
     * Makes certificates, builds the lab, runs every case under tcpdump and tears the lab down.
     *
     * @param work a directory for certificates, logs and the capture.
     * @return the capture and the cases.
     */
    static Traffic generate(final Path work)
    {
        HostCommands.assumeInstalled("openssl", "curl", "tcpdump");
        final Path capture = work.resolve("tls-lab.pcap");
        try (NetnsLab lab = NetnsLab.create("tls", work))
        {
            final String address = lab.a().address();
            final TlsLabCertificates pki = TlsLabCertificates.create(work.resolve("pki"), address);
            final List<BackgroundProcess> servers = new ArrayList<>();
            for (final Server server : Server.values())
            {
                servers.add(lab.start(lab.a(), serverCommand(server, pki)));
            }
            for (int i = 0; i < servers.size(); i++)
            {
                lab.awaitListening(lab.a(), "tcp", Server.values()[i].port(), servers.get(i), LISTEN_TIMEOUT);
            }
            final PacketCapture tcpdump = lab.capture(lab.a(), capture);
            final List<TlsCase> cases = cases(address);
            final List<CommandResult> runs = new ArrayList<>();
            for (final TlsCase tlsCase : cases)
            {
                final CommandResult run = lab.run(lab.b(), CLIENT_TIMEOUT, tlsCase.client().toArray(String[]::new));
                if (!run.succeeded())
                {
                    throw new AssertionError("client of case " + tlsCase.name() + " failed: " + run.describe());
                }
                runs.add(run);
            }
            tcpdump.stop();
            return new Traffic(capture, cases, runs);
        }
    }

    private static String[] serverCommand(final Server server, final TlsLabCertificates pki)
    {
        final TlsLabCertificates.Identity identity = switch (server)
        {
            case CHAIN, FRAGMENTED -> pki.rsaChain();
            case ECDSA -> pki.ecdsa();
            case SELF_SIGNED -> pki.selfSigned();
            case EXPIRED -> pki.expired();
            case NOT_YET_VALID -> pki.notYetValid();
        };
        final List<String> command = new ArrayList<>(List.of("openssl", "s_server",
            "-accept", Integer.toString(server.port()), "-www",
            "-cert", identity.certificate().toString(), "-key", identity.key().toString()));
        if (identity.chain() != null)
        {
            command.addAll(List.of("-cert_chain", identity.chain().toString()));
        }
        if (server == Server.CHAIN)
        {
            command.addAll(List.of("-cipher", LEGACY_CIPHERS, "-alpn", "http/1.1,h2"));
        }
        if (server == Server.FRAGMENTED)
        {
            command.addAll(List.of("-max_send_frag", "512"));
        }
        return command.toArray(String[]::new);
    }

    private static List<TlsCase> cases(final String address)
    {
        final String leaf = TlsLabCertificates.LEAF_NAME;
        final List<TlsCase> cases = new ArrayList<>();
        cases.add(sClient("tls1.0 sni alpn", Server.CHAIN, leaf, "1.0", "valid", address,
            "-tls1", "-cipher", LEGACY_CIPHERS, "-alpn", "http/1.1"));
        cases.add(sClient("tls1.1 sni alpn", Server.CHAIN, leaf, "1.1", "valid", address,
            "-tls1_1", "-cipher", LEGACY_CIPHERS, "-alpn", "http/1.1"));
        cases.add(sClient("tls1.2 sni alpn h2", Server.CHAIN, leaf, "1.2", "valid", address, "-tls1_2", "-alpn", "h2"));
        cases.add(sClient("tls1.3 sni alpn", Server.CHAIN, leaf, "1.3", "not_visible", address,
            "-tls1_3", "-alpn", "http/1.1"));
        cases.add(sClient("tls1.2 no sni no alpn", Server.CHAIN, null, "1.2", "valid", address, "-tls1_2"));
        cases.add(sClient("tls1.2 rsa key exchange", Server.CHAIN, leaf, "1.2", "valid", address,
            "-tls1_2", "-cipher", "AES256-SHA"));
        cases.add(sClient("tls1.2 sni not in certificate", Server.CHAIN, "other.lab.test", "1.2", "hostname_mismatch",
            address, "-tls1_2"));
        cases.add(sClient("tls1.3 chacha20", Server.CHAIN, TlsLabCertificates.LEAF_OTHER_NAME, "1.3", "not_visible",
            address, "-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"));
        cases.add(curl("curl http/1.1", Server.CHAIN, leaf, "1.3", "not_visible", address, "--http1.1"));
        cases.add(curl("curl h2 tls1.2", Server.CHAIN, leaf, "1.2", "valid", address, "--http2", "--tls-max", "1.2"));
        cases.add(sClient("tls1.2 certificate in many records", Server.FRAGMENTED, leaf, "1.2", "valid", address,
            "-tls1_2"));
        cases.add(sClient("ecdsa tls1.2", Server.ECDSA, TlsLabCertificates.ECDSA_NAME, "1.2", "valid", address,
            "-tls1_2"));
        cases.add(curl("ecdsa curl tls1.2", Server.ECDSA, TlsLabCertificates.ECDSA_NAME, "1.2", "valid", address,
            "--tls-max", "1.2"));
        cases.add(curl("ecdsa curl tls1.3", Server.ECDSA, TlsLabCertificates.ECDSA_NAME, "1.3", "not_visible",
            address));
        cases.add(sClient("self-signed", Server.SELF_SIGNED, TlsLabCertificates.SELF_SIGNED_NAME, "1.2",
            "self_signed", address, "-tls1_2"));
        cases.add(sClient("expired", Server.EXPIRED, TlsLabCertificates.EXPIRED_NAME, "1.2", "expired", address,
            "-tls1_2"));
        cases.add(sClient("not yet valid", Server.NOT_YET_VALID, TlsLabCertificates.FUTURE_NAME, "1.2",
            "not_yet_valid", address, "-tls1_2"));
        return cases;
    }

    private static TlsCase sClient(final String name, final Server server, final String serverName,
        final String version, final String validation, final String address, final String... options)
    {
        final List<String> command = new ArrayList<>(List.of("openssl", "s_client",
            "-connect", address + ":" + server.port()));
        if (serverName == null)
        {
            command.add("-noservername");
        }
        else
        {
            command.addAll(List.of("-servername", serverName));
        }
        command.addAll(List.of(options));
        return new TlsCase(name, server, serverName, version, validation, command);
    }

    private static TlsCase curl(final String name, final Server server, final String serverName,
        final String version, final String validation, final String address, final String... options)
    {
        final String authority = serverName + ":" + server.port();
        final List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--insecure",
            "--max-time", "10", "--output", "/dev/null", "--resolve", authority + ":" + address));
        command.addAll(List.of(options));
        command.add("https://" + authority + "/");
        return new TlsCase(name, server, serverName, version, validation, command);
    }
}
