package org.stasensor.rules.signature;

import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.rules.AlertSink;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Evaluating the test rules on real records (matches, pcre, thresholds, derived certificate buffers) allocates
 * nothing once warm, measured with the JVM's per-thread allocation counter.
 */
class EvaluationAllocatesNothingTest
{
    @Test
    void steadyStateEvaluationAllocatesNothing() throws URISyntaxException
    {
        final Path rules = Path.of(getClass().getResource("/signatures/sta-test.rules").toURI());
        final SignatureSet set = SignatureSet.load(List.of(rules), Map.of(), warning -> { });
        final List<RecordReader> readers = new ArrayList<>();
        for (final String capture : new String[] {"ja3/Traces/ssl-curl.pcap", "ja4/pcap/browsers-x509.pcapng",
            "nDPI/pcap/tls-rdn-extract.pcap", "ja4/pcap/tls-sni.pcapng", "nDPI/pcap/ssh.pcap", "nDPI/pcap/dns.pcap"})
        {
            for (final byte[] record : CapturedRecords.of(TestFiles.corpusFile(capture)))
            {
                readers.add(new RecordReader().wrap(new UnsafeBuffer(record), 0));
            }
        }
        final long[] alerts = new long[1];
        final AlertSink counting = (trigger, rule, message) -> alerts[0]++;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2_000; i++)
        {
            readers.forEach(reader -> set.onRecord(reader, counting));
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++)
        {
            for (int r = 0; r < readers.size(); r++)
            {
                set.onRecord(readers.get(r), counting);
            }
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated over " + 1_000 * readers.size() + " records (" + alerts[0] +
            " alerts)");
    }
}
