package org.stasensor.benchmarks.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.stasensor.pipeline.dns.DnsMessage;
import org.stasensor.pipeline.dns.DnsMessageParser;

/**
 * What parsing one DNS message costs: {@link DnsMessageParser#parse} of the next of {@link DnsInputs}' real queries
 * or responses (off-heap, as packets are) into one reused {@link DnsMessage}, one message per operation.
 */
@State(Scope.Thread)
public class DnsBenchmark extends PerMessageBenchmark
{
    private final DnsMessage message = new DnsMessage();

    /**
     * Parses one message.
     *
     * @param inputs the messages.
     * @return how far the parse got, so the work cannot be dropped.
     */
    @Benchmark
    public int parse(final DnsInputs inputs)
    {
        final int i = inputs.next();
        final MessageStore messages = inputs.messages();
        DnsMessageParser.parse(messages.buffer(), messages.offset(i), messages.length(i), message);
        return message.parsedEnd();
    }
}
