package org.stasensor.rules.policy;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordDescriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100,000 distinct hosts never grow a state table past its cap: real DNS, SSH and flow records (nDPI
 * dns_ambiguous_names.pcap, ssh.pcap) with their header addresses rewritten per copy, as tcprewrite would, through an
 * engine capped at 1,000 entries per table. The state saved from a full engine loads back within the cap.
 */
class StateBoundsTest
{
    private static final int HOSTS = 100_000;
    private static final int CAP = 1_000;
    private static final String POLICY = NewPublicDnsServerTest.POLICY
        + SshAuthAttemptsTest.POLICY.replace("rules:\n", "")
        + RateAnomalyTest.POLICY.replace("rules:\n", "")
        + """
          - name: outbound-ssh
            kind: outbound_ssh
            suppress: 1h
        """;

    @TempDir
    Path temp;

    @Test
    void tablesStayWithinTheirCap() throws Exception
    {
        final Captures captures = new Captures(temp);
        final List<byte[]> dns = CapturedRecords.of(captures.corpus("nDPI/pcap/dns_ambiguous_names.pcap"));
        final List<byte[]> ssh = CapturedRecords.of(captures.corpus("nDPI/pcap/ssh.pcap"));
        final byte[] query = Alerts.only(dns, Dataset.DNS).get(0);
        final byte[] answer = Alerts.only(dns, Dataset.DNS).get(1);
        final byte[] flow = Alerts.only(dns, Dataset.FLOW).get(0);
        final byte[] session = Alerts.only(ssh, Dataset.SSH).get(0);
        final Path state = temp.resolve("state");
        final PolicyEngine engine = new PolicyEngine(Alerts.policy(POLICY), state, CAP);
        final Alerts alerts = new Alerts();
        final long start = System.nanoTime();
        for (int host = 0; host < HOSTS; host++)
        {
            // 10.1.0.0/16 clients of 1.1.0.0/16 servers (public), one pair per host; answering hosts in 10.2/16.
            final long time = CapturedRecords.reader(query).timestampNanos() + 2L * 86_400_000_000_000L + host * 1000L;
            engine.onRecord(CapturedRecords.reader(addresses(query, 0x0A010000 + host, 0x01010000 + host, time)), alerts);
            engine.onRecord(CapturedRecords.reader(addresses(answer, 0x0A010000 + host, 0x0A020000 + host, time)), alerts);
            engine.onRecord(CapturedRecords.reader(addresses(flow, 0x0A010000 + host, 0x01010000 + host, time)), alerts);
            engine.onRecord(CapturedRecords.reader(addresses(session, 0x0A030000 + host, 0x01020000 + host, time)), alerts);
        }
        final long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        final Map<String, Long> counters = engine.counters();
        for (final String table : List.of("dns_servers_used", "dns_answerers", "ssh_sources", "rate_keys",
            "suppression_keys"))
        {
            assertEquals(CAP, counters.get("state." + table + ".size"), table + " " + counters);
            assertTrue(counters.get("state." + table + ".evictions") >= HOSTS - CAP, table + " " + counters);
        }
        assertTrue(alerts.raised.size() >= HOSTS, "every pair is new after learning, every SSH goes out");
        assertTrue(elapsedMillis < 20_000, "took " + elapsedMillis + " ms");

        engine.save();
        assertTrue(Files.size(state.resolve(PolicyState.FILE_NAME)) < 5 * CAP * 200L);
        final PolicyEngine restarted = new PolicyEngine(Alerts.policy(POLICY), state, CAP / 10);
        assertNull(restarted.load());
        assertEquals(CAP / 10, restarted.counters().get("state.dns_servers_used.size"),
            "a smaller cap keeps the most recent entries");
    }

    private static byte[] addresses(final byte[] record, final int source, final int destination, final long time)
    {
        final byte[] copy = Alerts.at(record, time);
        final UnsafeBuffer buffer = new UnsafeBuffer(copy);
        buffer.putInt(RecordDescriptor.SOURCE_ADDRESS_OFFSET, source, ByteOrder.BIG_ENDIAN);
        buffer.putInt(RecordDescriptor.DESTINATION_ADDRESS_OFFSET, destination, ByteOrder.BIG_ENDIAN);
        return copy;
    }
}
