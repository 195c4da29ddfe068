package org.stasensor.rules.signature;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JA3 block lists in abuse.ch SSLBL's CSV format and plain JA4/HASSH lists, matched against records of real
 * captures (fingerprints from tshark and FoxIO's expected JA4s).
 */
class BlockListsTest
{
    @TempDir
    Path temp;

    @Test
    void sslblCsvListsTheCurlJa3() throws URISyntaxException
    {
        final Path csv = Path.of(getClass().getResource("/signatures/sslbl-ja3-sample.csv").toURI());
        final List<String> warnings = new ArrayList<>();
        final SignatureSet set = SignatureSet.load(List.of(csv), Map.of(), warnings::add);
        assertEquals(2, set.blockListed());
        assertTrue(warnings.get(0).startsWith(csv + ":11: not an SSLBL JA3 line"), warnings.toString());
        final CollectingAlerts curl = CollectingAlerts.run(set,
            CapturedRecords.of(TestFiles.corpusFile("ja3/Traces/ssl-curl.pcap")));
        assertEquals(1, curl.alerts.size());
        final CollectingAlerts.Alert alert = curl.alerts.get(0);
        assertEquals("blocklist", alert.rule().ruleset());
        assertEquals("sslbl-ja3-sample:2a26b1a62e40d25d4de3babc9d532f30", alert.rule().id());
        assertTrue(alert.message().contains("STA test entry (curl)"), alert.message());
        assertEquals(1, alert.rule().severity());
        assertEquals(0, CollectingAlerts.run(set,
            CapturedRecords.of(TestFiles.corpusFile("ja3/Traces/ssl-chrome.pcap"))).alerts.size());
    }

    @Test
    void plainJa4AndHasshLists()
    {
        final Path ja4 = RulesFiles.write(temp, "ja4.txt", "# FoxIO expected JA4 of ja4/pcap/tls12.pcap\n" +
            "T13D1715H2_5B57614C22B0_3D5424432F57   firefox\n\nnot-a-ja4\n");
        final Path hassh = RulesFiles.write(temp, "hassh.txt", "e77c2db7432e8cfbc42a96909a84fc8e\n");
        final List<String> warnings = new ArrayList<>();
        final SignatureSet set = SignatureSet.load(List.of(), List.of(
            new SignatureSet.BlockListFile(ja4, BlockList.Kind.JA4),
            new SignatureSet.BlockListFile(hassh, BlockList.Kind.HASSH)), Map.of(), warnings::add);
        assertEquals(2, set.blockListed());
        assertTrue(warnings.get(0).startsWith(ja4 + ":4: not a JA4 fingerprint"), warnings.toString());
        assertEquals(List.of("ja4:t13d1715h2_5b57614c22b0_3d5424432f57"), ids(set, "ja4/pcap/tls12.pcap"));
        assertEquals(List.of("hassh:e77c2db7432e8cfbc42a96909a84fc8e"), ids(set, "ja4/pcap/ssh-r.pcap"));
        assertEquals(List.of(), ids(set, "ja4/pcap/ssh.pcapng"));
        assertEquals(List.of(), ids(set, "ja4/pcap/browsers-x509.pcapng"));
    }

    private static List<String> ids(final SignatureSet set, final String capture)
    {
        return CollectingAlerts.run(set, CapturedRecords.of(TestFiles.corpusFile(capture))).alerts.stream()
            .map(alert -> alert.rule().id()).toList();
    }
}
