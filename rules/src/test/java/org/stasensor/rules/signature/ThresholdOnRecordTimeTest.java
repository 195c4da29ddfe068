package org.stasensor.rules.signature;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Suricata's threshold and detection_filter semantics (docs.suricata.io, "Thresholding Keywords"), driven by the
 * records' timestamps: the wall clock plays no part.
 */
class ThresholdOnRecordTimeTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_700_000_000L * SECOND;

    @TempDir
    Path temp;

    @Test
    void limitAlertsOnTheFirstCountMatchesOfEachWindow()
    {
        // Suricata: "type limit ... count 2, seconds 60": at most 2 alerts per minute.
        assertEquals(List.of(0, 1, 60, 61),
            alertSeconds("type limit, track by_src, count 2, seconds 60", 0, 1, 2, 30, 59, 60, 61, 62));
    }

    @Test
    void thresholdAlertsOnEveryCountthMatchWithinTheWindow()
    {
        // "type threshold ... count 3, seconds 60": the 3rd, 6th ... match of a window.
        assertEquals(List.of(2, 5, 100),
            alertSeconds("type threshold, track by_src, count 3, seconds 60", 0, 1, 2, 3, 4, 5, 70, 80, 100));
    }

    @Test
    void bothAlertsOncePerWindowWhenTheCountIsReached()
    {
        assertEquals(List.of(2, 62),
            alertSeconds("type both, track by_src, count 3, seconds 60", 0, 1, 2, 3, 4, 60, 61, 62, 63));
    }

    @Test
    void detectionFilterAlertsOnEveryMatchAfterTheCount()
    {
        final List<Integer> seconds = new ArrayList<>();
        final SignatureSet set = RulesFiles.load(temp, "alert tls any any -> any any (msg:\"df\"; tls.sni; " +
            "content:\"example\"; detection_filter:track by_src, count 2, seconds 10; sid:1;)");
        for (final int second : new int[] {0, 1, 2, 3, 20, 21, 22})
        {
            if (!CollectingAlerts.run(set, List.of(tls(second, "10.0.0.1"))).alerts.isEmpty())
            {
                seconds.add(second);
            }
        }
        assertEquals(List.of(2, 3, 22), seconds);
    }

    @Test
    void countsAreKeptPerTrackedAddress()
    {
        final SignatureSet set = RulesFiles.load(temp, "alert tls any any -> any any (msg:\"limit\"; tls.sni; " +
            "content:\"example\"; threshold:type limit, track by_src, count 1, seconds 60; sid:1;)");
        final CollectingAlerts alerts = CollectingAlerts.run(set, List.of(tls(0, "10.0.0.1"), tls(1, "10.0.0.2"),
            tls(2, "10.0.0.1"), tls(3, "10.0.0.2"), tls(4, "10.0.0.3")));
        assertEquals(3, alerts.alerts.size(), "one per source");
    }

    @Test
    void theTrackingTableStaysBoundedUnderManySources()
    {
        final SignatureSet set = RulesFiles.load(temp, "alert tls any any -> any any (msg:\"limit\"; tls.sni; " +
            "content:\"example\"; threshold:type limit, track by_src, count 1, seconds 60; sid:1;)");
        final List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 100_000; i++)
        {
            records.add(tls(i / 1000, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
        }
        final CollectingAlerts alerts = CollectingAlerts.run(set, records);
        assertEquals(100_000, alerts.alerts.size(), "every new source alerts once");
        assertEquals(true, set.thresholdEvictions() > 0, "more sources than slots: the oldest are replaced");
    }

    private List<Integer> alertSeconds(final String threshold, final int... seconds)
    {
        final SignatureSet set = RulesFiles.load(temp, "alert tls any any -> any any (msg:\"t\"; tls.sni; " +
            "content:\"example\"; threshold:" + threshold + "; sid:1;)");
        final List<Integer> alerted = new ArrayList<>();
        for (final int second : seconds)
        {
            if (!CollectingAlerts.run(set, List.of(tls(second, "10.0.0.1"))).alerts.isEmpty())
            {
                alerted.add(second);
            }
        }
        return alerted;
    }

    private static byte[] tls(final int second, final String source)
    {
        return SyntheticRecords.record(Dataset.TLS, START + second * SECOND, source, "192.0.2.1", 443,
            Fields.TLS_CLIENT_SERVER_NAME, "www.example.com");
    }
}
