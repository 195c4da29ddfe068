package org.stasensor.pipeline.dns;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.domain.PublicSuffixList;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The DNS path allocates nothing once warm: detecting, parsing, writing the record with the Public Suffix List
 * fields, and pairing the query times, over real messages from the corpus, measured with the JVM's per-thread
 * allocation counter.
 */
class DnsZeroAllocationTest
{
    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 50_000;
    private static final int ATTEMPTS = 5;

    @Test
    void parsingAndWritingAllocateNothing()
    {
        assumeTrue(Files.isReadable(PublicSuffixList.DEFAULT_PATH), "publicsuffix package not installed");
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());

        final List<UnsafeBuffer> messages = new ArrayList<>();
        for (final String capture : new String[]{"nDPI/pcap/dns.pcap", "nDPI/pcap/dns-google-nsid.pcapng",
            "nDPI/pcap/dns_ambiguous_names.pcap", "nDPI/pcap/dns-invalid-chars.pcap"})
        {
            final List<TsharkDns.Message> read = new ArrayList<>();
            TsharkDns.read(TestFiles.corpusFile(capture), read);
            read.forEach(message -> messages.add(new UnsafeBuffer(message.bytes())));
        }
        messages.add(new UnsafeBuffer(DnsRecordWriterTest.response(DnsMessage.MAX_RECORDS + 3, 1)));
        final Round round = new Round(PublicSuffixList.load(), messages.toArray(new UnsafeBuffer[0]));
        long work = 0;
        for (int i = 0; i < WARM_UP; i++)
        {
            work += round.run(i);
        }
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS && allocated >= MEASURED; attempt++)
        {
            final long before = counter.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++)
            {
                work += round.run(i);
            }
            allocated = counter.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(work > MEASURED, "the rounds did work");
        assertTrue(allocated < MEASURED, allocated + " bytes allocated in " + MEASURED + " messages");
    }

    private static final class Round
    {
        private final DnsMessage message = new DnsMessage();
        private final DnsRecordWriter writer;
        private final RecordWriter record = new RecordWriter();
        private final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        private final DnsQueryTimes times = new DnsQueryTimes(1024);
        private final UnsafeBuffer[] messages;

        Round(final PublicSuffixList suffixes, final UnsafeBuffer[] messages)
        {
            this.writer = new DnsRecordWriter(suffixes);
            this.messages = messages;
        }

        int run(final int i)
        {
            final UnsafeBuffer buffer = messages[i % messages.length];
            int work = DnsMessageParser.looksLikeDns(buffer, 0, buffer.capacity()) ? 1 : 0;
            if (DnsMessageParser.parse(buffer, 0, buffer.capacity(), message))
            {
                record.begin(slot, 0, slot.capacity(), Dataset.DNS, i);
                if (message.isResponse())
                {
                    work += times.take(i & 7, message.id(), i, Long.MAX_VALUE) >= 0 ? 1 : 0;
                }
                else
                {
                    times.put(i & 7, message.id(), i);
                }
                writer.write(message, record);
                work += record.finish();
            }
            return work;
        }
    }
}
