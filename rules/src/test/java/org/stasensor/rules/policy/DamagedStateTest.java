package org.stasensor.rules.policy;

import org.stasensor.pipeline.testing.CapturedRecords;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A state file that is damaged is reported and set aside: the engine starts fresh and keeps working, and its next
 * save replaces the damaged file with a good one.
 */
class DamagedStateTest
{
    @TempDir
    Path temp;
    @TempDir
    Path scratch;

    @Test
    void garbageIsReportedAndEngineStartsFresh() throws Exception
    {
        Files.write(temp.resolve(PolicyState.FILE_NAME), "not a state file at all".getBytes());
        final PolicyEngine engine = new PolicyEngine(Alerts.policy(NewPublicDnsServerTest.POLICY), temp, 100);
        final String problem = engine.load();
        assertNotNull(problem);
        assertTrue(problem.contains("not a policy state file") && problem.contains("starting fresh"), problem);
        assertEquals(0L, engine.counters().get("state.dns_servers_used.size"));
        engine.save();
        assertEquals(null, new PolicyEngine(Alerts.policy(NewPublicDnsServerTest.POLICY), temp, 100).load());
    }

    @Test
    void flippedByteIsCaughtByTheChecksum() throws Exception
    {
        final Path file = saved();
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes);
        final String problem = engine().load();
        assertNotNull(problem);
        assertTrue(problem.contains("checksum mismatch") || problem.contains("implausible"), problem);
    }

    @Test
    void truncatedFileIsReported() throws Exception
    {
        final Path file = saved();
        final byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        final String problem = engine().load();
        assertNotNull(problem);
        assertTrue(problem.contains("truncated"), problem);
    }

    @Test
    void saveLeavesNoTemporaryFiles() throws Exception
    {
        saved();
        saved();
        try (var files = Files.list(temp))
        {
            assertEquals(List.of(PolicyState.FILE_NAME), files.map(path -> path.getFileName().toString()).toList());
        }
    }

    private PolicyEngine engine()
    {
        return new PolicyEngine(Alerts.policy(NewPublicDnsServerTest.POLICY), temp, 100);
    }

    private Path saved() throws Exception
    {
        final Captures captures = new Captures(scratch);
        final PolicyEngine engine = engine();
        Alerts.run(engine, CapturedRecords.of(captures.corpus("nDPI/pcap/dns_ambiguous_names.pcap")));
        engine.save();
        return temp.resolve(PolicyState.FILE_NAME);
    }
}
