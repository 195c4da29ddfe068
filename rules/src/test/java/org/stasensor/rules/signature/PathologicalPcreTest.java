package org.stasensor.rules.signature;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The classic catastrophic expression {@code (a+)+$} on a long SNI that almost matches takes exponential time in a
 * backtracking engine (2^n steps for n letters; java.util.regex is one). The detector must stop it after its step
 * budget, count it, treat it as no match and go on with the next rule and record.
 */
class PathologicalPcreTest
{
    @TempDir
    Path temp;

    @Test
    void catastrophicBacktrackingIsStoppedAndCounted()
    {
        final SignatureSet set = RulesFiles.load(temp, String.join("\n",
            "alert tls any any -> any any (msg:\"evil\"; tls.sni; pcre:\"/(a+)+$/\"; sid:1;)",
            "alert tls any any -> any any (msg:\"nested\"; tls.sni; pcre:\"/^(([a-z])+.)+[A-Z]([a-z])+$/\"; sid:2;)",
            "alert tls any any -> any any (msg:\"plain\"; tls.sni; content:\"aaaa\"; sid:3;)"));
        final String sni = "a".repeat(4000) + "!";
        final byte[] record = SyntheticRecords.record(Dataset.TLS, 1_000_000_000L, "10.0.0.1", "192.0.2.1", 443,
            Fields.TLS_CLIENT_SERVER_NAME, sni);
        final CollectingAlerts alerts = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
            () -> CollectingAlerts.run(set, List.of(record, record)));
        assertEquals(java.util.Set.of("3"), alerts.ids(), "the other rule still runs");
        assertEquals(2, alerts.alerts.size());
        assertEquals(4, set.pcreAborted(), "two expressions, two records, each stopped by the budget");
    }

    @Test
    void aShortNameStillMatchesTheSameExpression()
    {
        final SignatureSet set = RulesFiles.load(temp,
            "alert tls any any -> any any (msg:\"evil\"; tls.sni; pcre:\"/(a+)+$/\"; sid:1;)");
        final byte[] record = SyntheticRecords.record(Dataset.TLS, 1_000_000_000L, "10.0.0.1", "192.0.2.1", 443,
            Fields.TLS_CLIENT_SERVER_NAME, "aaaa");
        assertEquals(java.util.Set.of("1"), CollectingAlerts.run(set, List.of(record)).ids());
        assertEquals(0, set.pcreAborted());
    }
}
