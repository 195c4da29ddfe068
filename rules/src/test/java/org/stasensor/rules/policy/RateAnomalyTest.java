package org.stasensor.rules.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.record.Dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * rate_anomaly on connections per minute of one host. The connection is a real flow record (nDPI mullvad_dns.pcap,
 * rewritten with tcprewrite to LAN host 192.168.50.7), repeated at chosen times: an hour at 2 a minute then 40 in one
 * minute alerts; an hour at 40 a minute then the same 40 does not; a spike before the warm-up ends does not.
 * <p>
 * Expected numbers follow from the documented method: a series that was constant at c has EWMA mean c and variance
 * 0, so the spread is sqrt(c) and the alert comes at the first connection where (n - c) / sqrt(c) reaches the
 * threshold and n reaches min_value.
 */
class RateAnomalyTest
{
    static final String POLICY = """
        rules:
          - name: host-connection-rate
            kind: rate_anomaly
            metric: connections
            per: host
            threshold: 6
            warmup: 30
            half_life: 30m
            min_value: 20
        """;
    private static final long MINUTE = 60_000_000_000L;

    @TempDir
    static Path temp;
    private static byte[] flow;
    private static long start;

    @BeforeAll
    static void realFlow()
    {
        flow = flow(new Captures(temp));
        start = Math.floorDiv(CapturedRecords.reader(flow).timestampNanos(), MINUTE) * MINUTE;
    }

    static byte[] flow(final Captures captures)
    {
        final Path capture = captures.rewrite(captures.corpus("nDPI/pcap/mullvad_dns.pcap"),
            "--pnat=192.168.122.11/32:192.168.50.7/32");
        return Alerts.only(CapturedRecords.of(capture), Dataset.FLOW).get(0);
    }

    /**
     * Copies of a flow record, {@code perMinute} in each of {@code minutes} minutes from {@code fromMinute}.
     */
    static List<byte[]> series(final byte[] flow, final long start, final int fromMinute, final int minutes,
        final int perMinute)
    {
        final List<byte[]> records = new ArrayList<>();
        for (int minute = fromMinute; minute < fromMinute + minutes; minute++)
        {
            for (int i = 0; i < perMinute; i++)
            {
                records.add(Alerts.at(flow, start + minute * MINUTE + i * (MINUTE / 100)));
            }
        }
        return records;
    }

    @Test
    void spikeAboveSteadyBaselineAlertsOnce()
    {
        final List<byte[]> records = series(flow, start, 0, 60, 2);
        records.addAll(series(flow, start, 60, 1, 40));
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY), records);
        assertEquals(List.of("host 192.168.50.7: 20 connections this minute against a baseline of 2.0 +/- 0.0 "
            + "(score " + String.format(java.util.Locale.ROOT, "%.1f", 18 / Math.sqrt(2)) + ")"), alerts.messages());
        assertEquals("flow", alerts.raised.get(0).dataset());
    }

    @Test
    void sameMinuteAtItsUsualRateDoesNotAlert()
    {
        final List<byte[]> records = series(flow, start, 0, 60, 40);
        records.addAll(series(flow, start, 60, 1, 40));
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), records).messages());
    }

    @Test
    void spikeDuringWarmupDoesNotAlert()
    {
        final List<byte[]> records = series(flow, start, 0, 10, 2);
        records.addAll(series(flow, start, 10, 1, 40));
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY), records).messages());
    }

    @Test
    void silentMinutesCountAsZero()
    {
        // 2 a minute for an hour, then 3 hours of silence: the baseline decays towards 0, and 20 connections in one
        // minute are far above it (while the same 20 after no silence would be score (20-2)/sqrt(2) as well).
        final List<byte[]> records = series(flow, start, 0, 60, 2);
        records.addAll(series(flow, start, 240, 1, 20));
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY), records);
        assertEquals(1, alerts.raised.size(), alerts.messages().toString());
        assertEquals(true, alerts.raised.get(0).message().contains("baseline of 0.0"), alerts.messages().toString());
    }
}
