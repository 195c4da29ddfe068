package org.stasensor.rules.signature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With 10,000 generated rules plus the 60 of sta-test.rules, the index's candidates raise exactly the alerts that
 * evaluating every rule raises, on every record of a dozen real captures, while looking at a few rules per record.
 */
class IndexNeverMissesTest
{
    private static final String[] CAPTURES = {"ja3/Traces/ssl-curl.pcap", "ja3/Traces/ssl-chrome.pcap",
        "nDPI/pcap/tls-rdn-extract.pcap", "ja4/pcap/tls12.pcap", "ja4/pcap/browsers-x509.pcapng",
        "ja4/pcap/tls-sni.pcapng", "ja4/pcap/ssh.pcapng", "ja4/pcap/ssh-r.pcap", "nDPI/pcap/ssh.pcap",
        "nDPI/pcap/dns.pcap", "nDPI/pcap/dns-tunnel-iodine.pcap", "nDPI/pcap/dns_exfiltration.pcap"};

    @TempDir
    Path temp;

    @Test
    void indexedEvaluationEqualsEvaluatingEveryRule() throws Exception
    {
        final Path generated = temp.resolve("generated.rules");
        Files.write(generated, GeneratedSignatures.rules(10_000, 7, 5_000_000));
        final Path testRules = Path.of(getClass().getResource("/signatures/sta-test.rules").toURI());
        final List<String> warnings = new ArrayList<>();
        final SignatureSet set = SignatureSet.load(List.of(testRules, generated), Map.of(), warnings::add);
        assertEquals(10_060, set.loaded(), warnings.toString());
        int records = 0;
        long candidates = 0;
        final Map<String, Long> perDataset = new java.util.TreeMap<>();
        final Map<String, Long> recordsPerDataset = new java.util.TreeMap<>();
        int alerts = 0;
        for (final String capture : CAPTURES)
        {
            for (final byte[] bytes : CapturedRecords.of(TestFiles.corpusFile(capture)))
            {
                final RecordReader record = CapturedRecords.reader(bytes);
                final CollectingAlerts all = new CollectingAlerts();
                final CollectingAlerts indexed = new CollectingAlerts();
                set.evaluateAll(record, all);
                set.evaluateCandidates(record, indexed);
                assertEquals(all.ids(), indexed.ids(), capture + " record " + records);
                candidates += set.lastCandidateCount();
                perDataset.merge(record.dataset().id(), (long)set.lastCandidateCount(), Long::sum);
                recordsPerDataset.merge(record.dataset().id(), 1L, Long::sum);
                alerts += all.alerts.size();
                records++;
            }
        }
        final double perRecord = (double)candidates / records;
        System.out.printf("%d records, %d alerts, %.1f candidates per record of 10060 rules%n", records, alerts,
            perRecord);
        System.out.println("candidates per dataset " + perDataset + " records " + recordsPerDataset);
        assertTrue(alerts > 100, "the captures raise alerts: " + alerts);
        assertTrue(perRecord < 100, "the index narrows 10,060 rules to a few: " + perRecord);
    }

    @Test
    void generatedRulesAllLoad()
    {
        final Path file = RulesFiles.write(temp, "g.rules", String.join("\n",
            GeneratedSignatures.rules(2_000, 11, 1)));
        final List<String> warnings = new ArrayList<>();
        final SignatureSet set = RulesFiles.load(file, warnings);
        assertEquals(2_000, set.loaded(), warnings.toString());
        assertTrue(warnings.get(0).contains("indexed"), warnings.get(0));
    }
}
