package org.stasensor.rules.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PolicyEngine#reload} swaps rules and keeps what the detectors learnt: the DNS servers and learning start
 * carry over (no new learning period), the new rule's severity and title are used, a removed rule stops alerting.
 */
class ReloadKeepsStateTest
{
    @TempDir
    Path temp;

    @Test
    void reloadedRulesUseLearntState()
    {
        final Captures captures = new Captures(temp);
        final List<byte[]> test = NewPublicDnsServerTest.queriesToGoogle(captures);
        final List<byte[]> learning = new ArrayList<>(NewPublicDnsServerTest.learntQuad9(captures, test));
        final PolicyEngine engine = Alerts.engine(NewPublicDnsServerTest.POLICY);
        final Alerts alerts = Alerts.run(engine, learning);
        engine.reload(Alerts.policy("""
            rules:
              - name: new-public-dns-server
                kind: new_public_dns_server
                title: Reloaded title
                severity: 1
                learning: 1d
            """));
        Alerts.feed(engine, test, alerts);
        assertEquals(1, alerts.raised.size(), alerts.messages().toString());
        assertEquals(1, alerts.raised.get(0).severity());
        assertEquals(1L, engine.counters().get("alerts.new-public-dns-server"));
    }

    @Test
    void ruleAddedByReloadKnowsServersLearntWithoutIt()
    {
        final Captures captures = new Captures(temp);
        final List<byte[]> test = NewPublicDnsServerTest.queriesToGoogle(captures);
        final Path google = captures.corpus("nDPI/pcap/dns_ambiguous_names.pcap");
        final PolicyEngine engine = Alerts.engine("rules: []\n");
        final Alerts alerts = Alerts.run(engine, NewPublicDnsServerTest.before(captures, google, test, 2));
        engine.reload(Alerts.policy(NewPublicDnsServerTest.POLICY));
        Alerts.feed(engine, test, alerts);
        assertEquals(List.of(), alerts.messages(), "8.8.8.8 was learnt two days before, with no rule loaded");
    }

    @Test
    void removedRuleStopsAlerting()
    {
        final Captures captures = new Captures(temp);
        final List<byte[]> test = NewPublicDnsServerTest.queriesToGoogle(captures);
        final PolicyEngine engine = Alerts.engine(NewPublicDnsServerTest.POLICY);
        final Alerts alerts = Alerts.run(engine, NewPublicDnsServerTest.learntQuad9(captures, test));
        engine.reload(Alerts.policy("rules: []\n"));
        Alerts.feed(engine, test, alerts);
        assertEquals(List.of(), alerts.messages());
    }
}
