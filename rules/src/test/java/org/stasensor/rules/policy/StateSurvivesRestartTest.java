package org.stasensor.rules.policy;

import org.stasensor.pipeline.testing.CapturedRecords;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Detector state saved by one engine and loaded by a new one gives the same alerts as one engine that never stopped:
 * DNS servers learnt and the learning period's start, SSH attempts per source, rate baselines, suppression times.
 * A fresh engine without the state gives other alerts, so the state is what carries them.
 */
class StateSurvivesRestartTest
{
    private static final String POLICY = NewPublicDnsServerTest.POLICY
        + SshAuthAttemptsTest.POLICY.replace("rules:\n", "")
        + RateAnomalyTest.POLICY.replace("rules:\n", "");

    @TempDir
    static Path captureDirectory;
    private static List<byte[]> beforeStop;
    private static List<byte[]> afterStart;
    @TempDir
    Path temp;

    @BeforeAll
    static void traffic()
    {
        final Captures captures = new Captures(captureDirectory);
        final List<byte[]> googleQueries = NewPublicDnsServerTest.queriesToGoogle(captures);
        final List<byte[]> sessions = SshAuthAttemptsTest.sessions(captures, 4, 60);
        final byte[] flow = RateAnomalyTest.flow(captures);
        final long start = CapturedRecords.reader(flow).timestampNanos() / 60_000_000_000L * 60_000_000_000L;
        beforeStop = new ArrayList<>(NewPublicDnsServerTest.learntQuad9(captures, googleQueries));
        beforeStop.addAll(sessions.subList(0, sessions.size() / 2));
        beforeStop.addAll(RateAnomalyTest.series(flow, start, 0, 60, 2));
        afterStart = new ArrayList<>(googleQueries);
        afterStart.addAll(sessions.subList(sessions.size() / 2, sessions.size()));
        afterStart.addAll(RateAnomalyTest.series(flow, start, 60, 1, 40));
        // A second spike in the same minute after the restart must stay quiet: the baseline remembers it alerted.
        afterStart.addAll(RateAnomalyTest.series(flow, start, 60, 1, 5));
    }

    @Test
    void restartedEngineAlertsAsIfNeverStopped() throws IOException
    {
        final Alerts uninterrupted = Alerts.run(Alerts.engine(POLICY), concat(beforeStop, afterStart));
        assertEquals(3, uninterrupted.raised.size(), uninterrupted.messages().toString());

        final Path state = temp.resolve("state");
        final PolicyEngine first = new PolicyEngine(Alerts.policy(POLICY), state, PolicyEngine.DEFAULT_CAPACITY);
        assertNull(first.load(), "no state yet is a first start, not a problem");
        final Alerts restarted = Alerts.run(first, beforeStop);
        first.save();
        assertTrue(Files.isRegularFile(state.resolve(PolicyState.FILE_NAME)));
        final PolicyEngine second = new PolicyEngine(Alerts.policy(POLICY), state, PolicyEngine.DEFAULT_CAPACITY);
        assertNull(second.load());
        Alerts.feed(second, afterStart, restarted);

        assertEquals(uninterrupted.raised, restarted.raised);
        assertEquals(second.counters().get("state.dns_servers_used.size"),
            (long)2, "10.200.2.11 with 9.9.9.9 and with 8.8.8.8");
    }

    @Test
    void engineWithoutTheStateAlertsDifferently()
    {
        final Alerts uninterrupted = Alerts.run(Alerts.engine(POLICY), concat(beforeStop, afterStart));
        final Alerts fresh = Alerts.run(Alerts.engine(POLICY), afterStart);
        assertNotEquals(uninterrupted.raised, fresh.raised);
        assertEquals(List.of(), fresh.messages(), "learning restarts, 6 attempts only, no baseline: no alerts");
    }

    private static List<byte[]> concat(final List<byte[]> first, final List<byte[]> second)
    {
        final List<byte[]> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
