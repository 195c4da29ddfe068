package org.stasensor.rules.signature;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One rule per keyword family that must stay silent on a real capture whose values are close to, but not, what the
 * rule asks for (values from tshark/openssl on that capture), next to a positive twin that proves the rule is
 * evaluated at all.
 */
class KeywordTrueNegativesTest
{
    @TempDir
    Path temp;

    @Test
    void ja3OfAnotherClientIsSilent()
    {
        // The curl JA3 on Chrome's capture; Chrome's own JA3 fires.
        assertFires("ja3/Traces/ssl-chrome.pcap", Map.of(),
            "alert tls any any -> any any (msg:\"curl\"; ja3.hash; content:\"2a26b1a62e40d25d4de3babc9d532f30\"; " +
                "sid:1;)",
            "alert tls any any -> any any (msg:\"chrome\"; ja3.hash; content:\"14eff09463c9d6dc6e14e954eba239c2\"; " +
                "sid:2;)");
    }

    @Test
    void ja3sAndJa4OfOtherPeersAreSilent()
    {
        assertFires("ja4/pcap/tls12.pcap", Map.of(),
            "alert tls any any -> any any (msg:\"curl server\"; ja3s.hash; " +
                "content:\"554786d4c84f8a7953b7e453c6371067\"; sid:1;)",
            "alert tls any any -> any any (msg:\"chrome ja4\"; ja4.hash; " +
                "content:\"t13d1516h2_8daaf6152771_e5627efa2ab1\"; sid:2;)",
            "alert tls any any -> any any (msg:\"firefox ja4\"; ja4.hash; " +
                "content:\"t13d1715h2_5b57614c22b0_3d5424432f57\"; sid:3;)");
    }

    @Test
    void sniAnchorsAreRespected()
    {
        // tls-sni.pcapng has www.google.com and accounts.google.com but never exactly google.com.
        assertFires("ja4/pcap/tls-sni.pcapng", Map.of(),
            "alert tls any any -> any any (msg:\"exact\"; tls.sni; content:\"google.com\"; startswith; endswith; " +
                "sid:1;)",
            "alert tls any any -> any any (msg:\"prefix\"; tls.sni; content:\"google.com\"; startswith; sid:2;)",
            "alert tls any any -> any any (msg:\"case\"; tls.sni; content:\"WWW.GOOGLE.COM\"; sid:3;)",
            "alert tls any any -> any any (msg:\"suffix\"; tls.sni; content:\".google.com\"; endswith; sid:4;)");
    }

    @Test
    void pcreThatDoesNotMatchIsSilent()
    {
        assertFires("ja4/pcap/browsers-x509.pcapng", Map.of(),
            "alert tls any any -> any any (msg:\"digits\"; tls.sni; pcre:\"/^nym[a-z]+-ib/\"; sid:1;)",
            "alert tls any any -> any any (msg:\"negated\"; tls.sni; content:\"adnxs\"; pcre:!\"/^nym/\"; sid:2;)",
            "alert tls any any -> any any (msg:\"positive\"; tls.sni; pcre:\"/^NYM\\d/i\"; sid:3;)");
    }

    @Test
    void tlsVersionAndCertificateOfOtherValuesAreSilent()
    {
        assertFires("ja3/Traces/ssl-curl.pcap", Map.of(),
            "alert tls any any -> any any (msg:\"1.3\"; tls.version:1.3; sid:1;)",
            "alert tls any any -> any any (msg:\"le\"; tls.cert_issuer; content:\"Let's Encrypt\"; sid:2;)",
            "alert tls any any -> any any (msg:\"serial\"; tls.cert_serial; content:\"07:32:F6:14:C4:1F:49:57\"; " +
                "sid:3;)",
            "alert tls any any -> any any (msg:\"subject\"; tls.cert_subject; content:\"CN=*.google.com\"; " +
                "startswith; sid:4;)",
            "alert tls any any -> any any (msg:\"1.2\"; tls.version:1.2; sid:5;)");
    }

    @Test
    void sshKeywordsOfOtherPeersAndSidesAreSilent()
    {
        // nDPI ssh.pcap: client OpenSSH_5.6, server OpenSSH_5.3 (tshark ssh.protocol by direction).
        assertFires("nDPI/pcap/ssh.pcap", Map.of(),
            "alert ssh any any -> any any (msg:\"putty\"; ssh.hassh; content:\"e77c2db7432e8cfbc42a96909a84fc8e\"; " +
                "sid:1;)",
            "alert ssh any any -> any any (msg:\"server as client\"; flow:to_server; ssh.software; " +
                "content:\"OpenSSH_5.3\"; sid:2;)",
            "alert ssh any any -> any any (msg:\"server hassh as client\"; ssh.hassh; " +
                "content:\"b1c6c0d56317555b85c7005a3de29325\"; sid:3;)",
            "alert ssh any any -> any any (msg:\"server\"; flow:to_client; ssh.software; content:\"OpenSSH_5.3\"; " +
                "sid:4;)");
    }

    @Test
    void dnsQueryAndDirectionAreRespected()
    {
        // dns.pcap's first flow starts with the resolver's answer: the resolver is its initiator, so "-> any 53"
        // does not hold for www.example.com while "<>" does.
        assertFires("nDPI/pcap/dns.pcap", Map.of(),
            "alert dns any any -> any 53 (msg:\"one way\"; dns.query; content:\"www.example.com\"; sid:1;)",
            "alert dns any any -> any any (msg:\"other\"; dns.query; content:\"www.example.org\"; sid:2;)",
            "alert dns any any <> any 53 (msg:\"both ways\"; dns.query; content:\"www.example.com\"; sid:3;)");
    }

    @Test
    void appLayerProtocolOfDnsFlowsIsSilent()
    {
        assertFires("nDPI/pcap/dns.pcap", Map.of(),
            "alert udp any any -> any 53 (msg:\"not dns\"; app-layer-protocol:!dns; sid:1;)",
            "alert udp any any -> any 53 (msg:\"dns\"; app-layer-protocol:dns; sid:2;)");
    }

    @Test
    void addressVariablesAreRespected()
    {
        // ssl-curl: 192.168.1.121 -> 172.217.6.78. With HOME_NET set to 10.0.0.0/8 the client is external.
        assertFires("ja3/Traces/ssl-curl.pcap", Map.of("HOME_NET", "[10.0.0.0/8]"),
            "alert tls $HOME_NET any -> any any (msg:\"home client\"; tls.sni; content:\"google\"; sid:1;)",
            "alert tls $EXTERNAL_NET any -> any any (msg:\"external client\"; tls.sni; content:\"google\"; sid:2;)");
    }

    private void assertFires(final String capture, final Map<String, String> vars, final String... rules)
    {
        final StringBuilder text = new StringBuilder();
        for (final String rule : rules)
        {
            text.append(rule).append('\n');
        }
        final Path file = RulesFiles.write(temp, "negatives.rules", text.toString());
        final SignatureSet set = SignatureSet.load(List.of(file), vars, warning -> { });
        assertEquals(rules.length, set.loaded());
        final CollectingAlerts alerts = CollectingAlerts.run(set, CapturedRecords.of(TestFiles.corpusFile(capture)));
        // By convention the last rule of each test is its positive twin and the only one that fires.
        assertEquals(java.util.Set.of(String.valueOf(rules.length)), alerts.ids(), capture);
    }
}
