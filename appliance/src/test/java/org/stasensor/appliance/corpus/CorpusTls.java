package org.stasensor.appliance.corpus;

import java.util.List;

/**
 * The third-party captures with TLS over TCP that the corpus test runs, and the known limitations: connections
 * where the sensor cannot give what tshark gives, each with its reason.
 */
final class CorpusTls
{
    /**
     * Paths below the corpus root of the captures in which tshark shows at least one ClientHello over TCP. The
     * others have none: QUIC and DTLS only, SSH, DNS, HTTP, DHCP, server-side-only TLS (the unidirectional server
     * captures), and the GRE, ERSPAN/VXLAN and Geneve captures, which carry SSH and HTTP.
     */
    static final List<String> CAPTURES = List.of(
        "ja3/Traces/ssl-chrome.pcap",
        "ja3/Traces/ssl-curl.pcap",
        "nDPI/pcap/443-curl.pcap",
        "nDPI/pcap/443-firefox.pcap",
        "nDPI/pcap/443-git.pcap",
        "nDPI/pcap/443-opvn.pcap",
        "nDPI/pcap/443-safari.pcap",
        "nDPI/pcap/4in6tunnel.pcap",
        "nDPI/pcap/6in4tunnel.pcap",
        "nDPI/pcap/dns2tcp_tunnel.pcap",
        "nDPI/pcap/dns_doh.pcap",
        "nDPI/pcap/dns_dot.pcap",
        "nDPI/pcap/dnscrypt-v2-doh.pcap",
        "nDPI/pcap/ftp-start-tls.pcap",
        "nDPI/pcap/googledns_android10.pcap",
        "nDPI/pcap/imap-starttls.pcap",
        "nDPI/pcap/ja3_lots_of_cipher_suites.pcap",
        "nDPI/pcap/ja3_lots_of_cipher_suites_2_anon.pcap",
        "nDPI/pcap/long_tls_certificate.pcap",
        "nDPI/pcap/pop3_stls.pcap",
        "nDPI/pcap/simple-dnscrypt.pcap",
        "nDPI/pcap/smtp-starttls.pcap",
        "nDPI/pcap/tls-esni-fuzzed.pcap",
        "nDPI/pcap/tls-rdn-extract.pcap",
        "nDPI/pcap/tls_1.2_unidirectional_client.pcapng",
        "nDPI/pcap/tls_1.2_unidirectional_client_no_cert.pcapng",
        "nDPI/pcap/tls_1.3_unidirectional_client.pcapng",
        "nDPI/pcap/tls_2_reasms.pcapng",
        "nDPI/pcap/tls_2_reasms_b.pcapng",
        "nDPI/pcap/tls_alert.pcap",
        "nDPI/pcap/tls_certificate_too_long.pcap",
        "nDPI/pcap/tls_cipher_lens.pcap",
        "nDPI/pcap/tls_client_certificate_with_missing_server_one.pcapng",
        "nDPI/pcap/tls_ech.pcapng",
        "nDPI/pcap/tls_esni_sni_both.pcap",
        "nDPI/pcap/tls_heur__shadowsocks-tcp.pcapng",
        "nDPI/pcap/tls_heur__trojan-tcp-tls.pcapng",
        "nDPI/pcap/tls_heur__vmess-tcp-tls.pcapng",
        "nDPI/pcap/tls_heur__vmess-tcp.pcapng",
        "nDPI/pcap/tls_heur__vmess-websocket.pcapng",
        "nDPI/pcap/tls_invalid_reads.pcap",
        "nDPI/pcap/tls_long_cert.pcap",
        "nDPI/pcap/tls_malicious_sha1.pcapng",
        "nDPI/pcap/tls_multiple_synack_different_seq.pcapng",
        "nDPI/pcap/tls_torrent.pcapng",
        "nDPI/pcap/tls_verylong_certificate.pcap",
        "nDPI/pcap/tls_with_huge_ch.pcapng",
        "nDPI/pcap/tunnelbear.pcap",
        "ja4/pcap/badcurveball.pcap",
        "ja4/pcap/browsers-x509.pcapng",
        "ja4/pcap/chrome-cloudflare-quic-with-secrets.pcapng",
        "ja4/pcap/http2-with-cookies.pcapng",
        "ja4/pcap/https-connect.pcap",
        "ja4/pcap/https3-301-get.pcap",
        "ja4/pcap/ipv6.pcapng",
        "ja4/pcap/latest.pcapng",
        "ja4/pcap/macos_tcp_flags.pcap",
        "ja4/pcap/socks-https-example.pcap",
        "ja4/pcap/ssh2.pcapng",
        "ja4/pcap/tls-alpn-h2.pcap",
        "ja4/pcap/tls-handshake.pcapng",
        "ja4/pcap/tls-non-ascii-alpn.pcapng",
        "ja4/pcap/tls-sni.pcapng",
        "ja4/pcap/tls12.pcap",
        "ja4/pcap/tls3.pcapng");

    /** Why the sensor sees no TLS where tshark does, or sees it differently; each is a limitation to report. */
    private static final String OPENVPN = "TLS carried inside OpenVPN control packets (tshark's openvpn dissector), "
        + "not at the start of the TCP stream, where the sensor looks for it";
    private static final String PROXY = "TLS after a SOCKS4/SOCKS5 or HTTP CONNECT proxy preamble (tshark dissects "
        + "the proxy protocol, then TLS); the sensor looks for TLS at the start of a TCP stream only";
    private static final String GTP_U = "inside a GTP-U tunnel (UDP port 2152, 3GPP TS 29.281), which the decoder "
        + "does not take apart: the sensor sees a UDP flow";
    private static final String MALFORMED_HELLO = "malformed ClientHello (a vector below its RFC 5246 7.4.1.2 "
        + "minimum, lengths past the message end): the sensor flags malformed_client_hello and gives no JA3; tshark "
        + "fingerprints the fields it could read";

    /**
     * Connections where the sensor legitimately gives something other than tshark (or FoxIO).
     *
     * @param capture path below the corpus root.
     * @param streams tshark's tcp.stream numbers.
     * @param reason  why, for people.
     */
    record KnownLimitation(String capture, List<Integer> streams, String reason)
    {
    }

    /** Every entry is a limitation to report; a test fails when an entry no longer differs, so the list stays true. */
    static final List<KnownLimitation> KNOWN_LIMITATIONS = List.of(
        known("nDPI/pcap/443-opvn.pcap", OPENVPN, 0),
        known("nDPI/pcap/tls_heur__shadowsocks-tcp.pcapng", PROXY, 0),
        known("nDPI/pcap/tls_heur__trojan-tcp-tls.pcapng", PROXY, 0),
        known("nDPI/pcap/tls_heur__vmess-tcp-tls.pcapng", PROXY, 0),
        known("nDPI/pcap/tls_heur__vmess-tcp.pcapng", PROXY, 0),
        known("nDPI/pcap/tls_heur__vmess-websocket.pcapng", PROXY, 0),
        known("ja4/pcap/socks-https-example.pcap", PROXY, 0, 2, 4),
        known("ja4/pcap/https-connect.pcap", PROXY, 0),
        known("nDPI/pcap/ja3_lots_of_cipher_suites_2_anon.pcap", GTP_U, 0),
        known("nDPI/pcap/tls_invalid_reads.pcap", GTP_U, 2),
        known("nDPI/pcap/tls_invalid_reads.pcap", MALFORMED_HELLO, 0),
        known("nDPI/pcap/tls_cipher_lens.pcap", MALFORMED_HELLO, 4));

    private CorpusTls()
    {
    }

    private static KnownLimitation known(final String capture, final String reason, final Integer... streams)
    {
        return new KnownLimitation(capture, List.of(streams), reason);
    }

    /**
     * The known limitation of a connection.
     *
     * @param capture path below the corpus root.
     * @param stream  tshark's tcp.stream.
     * @return the entry, or null.
     */
    static KnownLimitation knownLimitation(final String capture, final int stream)
    {
        for (final KnownLimitation limitation : KNOWN_LIMITATIONS)
        {
            if (limitation.capture().equals(capture) && limitation.streams().contains(stream))
            {
                return limitation;
            }
        }
        return null;
    }

    /**
     * The two endpoints of a connection in an order that does not depend on direction.
     *
     * @param ipA   one address.
     * @param portA its port.
     * @param ipB   the other address.
     * @param portB its port.
     * @return e.g. "10.0.0.1:443|10.0.0.2:51234".
     */
    static String connectionKey(final String ipA, final int portA, final String ipB, final int portB)
    {
        final String a = ipA + ":" + portA;
        final String b = ipB + ":" + portB;
        return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    }
}
