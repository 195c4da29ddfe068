package org.stasensor.rules.signature;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 60 rules of sta-test.rules (Suricata syntax, values from tshark, openssl and FoxIO's expected JA4s) loaded
 * and run over the records the pipeline makes from real captures of the corpus: each capture raises exactly the
 * sids written for it, so every rule fires on its capture and on no other of these captures.
 */
class SuricataRulesOnCorpusCapturesTest
{
    private static final Map<String, Set<Long>> EXPECTED = new LinkedHashMap<>();

    static
    {
        expect("ja3/Traces/ssl-curl.pcap", 1000001, 1000007, 1000008, 1000016, 1000028, 1000029, 1000030, 1000031,
            1000034, 1000037);
        expect("ja3/Traces/ssl-chrome.pcap", 1000002, 1000018, 1000028, 1000030, 1000031);
        expect("nDPI/pcap/tls-rdn-extract.pcap", 1000003, 1000009, 1000011, 1000015, 1000022, 1000027, 1000033,
            1000036);
        expect("ja4/pcap/tls12.pcap", 1000004, 1000012, 1000019, 1000023);
        expect("ja4/pcap/browsers-x509.pcapng", 1000006, 1000010, 1000014, 1000020, 1000021, 1000024, 1000032,
            1000035, 1000038, 1000056, 1000058, 1000059);
        expect("ja4/pcap/tls-sni.pcapng", 1000005, 1000013, 1000014, 1000017, 1000025, 1000026, 1000057, 1000060);
        expect("ja4/pcap/ssh.pcapng", 1000039, 1000041, 1000047, 1000049);
        expect("ja4/pcap/ssh-r.pcap", 1000040, 1000042, 1000043, 1000049);
        expect("nDPI/pcap/ssh.pcap", 1000044, 1000045, 1000046, 1000047, 1000048);
        expect("nDPI/pcap/dns.pcap", 1000050, 1000051);
        expect("nDPI/pcap/dns-tunnel-iodine.pcap", 1000052);
        expect("nDPI/pcap/dns_exfiltration.pcap", 1000053, 1000054);
    }

    private static Path rules;

    @TempDir
    Path temp;

    @BeforeAll
    static void locateRules() throws URISyntaxException
    {
        rules = Path.of(SuricataRulesOnCorpusCapturesTest.class.getResource("/signatures/sta-test.rules").toURI());
    }

    @Test
    void everyRuleOfTheFileLoads()
    {
        final List<String> warnings = new ArrayList<>();
        final SignatureSet set = SignatureSet.load(List.of(rules), Map.of(), warnings::add);
        assertEquals(60, set.loaded(), String.join("\n", warnings));
        assertEquals(0, set.skipped());
        assertEquals(1, warnings.size(), "only the summary: " + warnings);
        assertTrue(warnings.get(0).startsWith("signatures: 60 loaded"), warnings.get(0));
        assertTrue(SignatureCheck.check(rules).isEmpty());
    }

    @Test
    void eachCaptureRaisesExactlyTheRulesWrittenForIt()
    {
        final Set<Long> fired = new TreeSet<>();
        final List<String> differences = new ArrayList<>();
        for (final Map.Entry<String, Set<Long>> entry : EXPECTED.entrySet())
        {
            final CollectingAlerts alerts = runCapture(TestFiles.corpusFile(entry.getKey()));
            final Set<Long> sids = sids(alerts);
            if (!sids.equals(entry.getValue()))
            {
                differences.add(entry.getKey() + ": expected " + entry.getValue() + ", got " + sids);
            }
            fired.addAll(sids);
        }
        assertTrue(differences.isEmpty(), String.join("\n", differences));
        final Set<Long> all = new TreeSet<>();
        EXPECTED.values().forEach(all::addAll);
        all.add(1000055L);
        assertEquals(60, all.size(), "every rule of the file has a capture");
    }

    @Test
    void thresholdsLimitAlertsOnRealRecords()
    {
        final Map<String, Integer> tlsSni = runCapture(TestFiles.corpusFile("ja4/pcap/tls-sni.pcapng")).counts();
        assertEquals(1, tlsSni.get("1000014"), "limit 1 per source for an hour: one alert for dozens of hellos");
        assertTrue(tlsSni.get("1000017") > 1, "an unthresholded rule alerts on every matching record: " + tlsSni);
        final Map<String, Integer> sshR = runCapture(TestFiles.corpusFile("ja4/pcap/ssh-r.pcap")).counts();
        assertEquals(1, sshR.get("1000042"), "two connections to one server, limit 1 by_dst");
        assertEquals(2, sshR.get("1000049"), "both outbound connections");
    }

    @Test
    void dnsQueryLooksAtRequestsOnly()
    {
        // tshark shows one query and one answer for e7.whatsapp.net; Suricata's dns.query inspects the request.
        final CollectingAlerts alerts = runCapture(TestFiles.corpusFile("nDPI/pcap/dns.pcap"));
        assertEquals(1, alerts.counts().get("1000051"));
        assertEquals("dns", alerts.alerts.get(0).dataset());
    }

    @Test
    void nonDnsOnTheDnsPortRaisesTheAppLayerRule() throws IOException, InterruptedException
    {
        final Path source = TestFiles.corpusFile("ja3/Traces/ssl-curl.pcap");
        final Path rewritten = temp.resolve("curl-on-53.pcap");
        final Process tcprewrite = new ProcessBuilder("tcprewrite", "--portmap=443:53", "-i", source.toString(),
            "-o", rewritten.toString()).redirectErrorStream(true).start();
        final String output = new String(tcprewrite.getInputStream().readAllBytes());
        assertTrue(tcprewrite.waitFor(60, TimeUnit.SECONDS) && tcprewrite.exitValue() == 0, output);
        final Set<Long> sids = sids(runCapture(rewritten));
        assertTrue(sids.contains(1000055L), "app-layer-protocol:!dns on port 53: " + sids);
        final Set<Long> original = sids(runCapture(source));
        assertTrue(!original.contains(1000055L), "the same traffic on 443 does not raise it");
    }

    private static CollectingAlerts runCapture(final Path capture)
    {
        final SignatureSet set = SignatureSet.load(List.of(rules), Map.of(), warning -> { });
        return CollectingAlerts.run(set, CapturedRecords.of(capture));
    }

    private static Set<Long> sids(final CollectingAlerts alerts)
    {
        final Set<Long> sids = new TreeSet<>();
        alerts.ids().forEach(id -> sids.add(Long.parseLong(id)));
        return sids;
    }

    private static void expect(final String capture, final long... sids)
    {
        final Set<Long> set = new TreeSet<>();
        for (final long sid : sids)
        {
            set.add(sid);
        }
        EXPECTED.put(capture, set);
    }
}
