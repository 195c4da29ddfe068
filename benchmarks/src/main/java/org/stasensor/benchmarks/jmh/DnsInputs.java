package org.stasensor.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.stasensor.pipeline.dns.DnsMessage;
import org.stasensor.pipeline.dns.DnsMessageParser;

/**
 * The DNS benchmarks' input, a JMH state they take as a parameter: real queries or responses ({@code kind}) taken
 * out of the project sample and corpus captures at set-up ({@link DnsMessages}) and laid out off-heap, each also
 * parsed into its own {@link DnsMessage} for the benchmarks that start from a parsed message. Set-up checks that
 * every message parses with no malformed bit and prints what one round of messages holds.
 */
@State(Scope.Thread)
public class DnsInputs
{
    /** "query" or "response". */
    @Param({"query", "response"})
    public String kind;

    private MessageStore messages;
    private DnsMessage[] parsed;
    private int next;

    /**
     * Takes the messages out of the captures, lays them out off-heap and parses each.
     *
     * @throws IOException when a capture cannot be read.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final List<Path> captures = DnsMessages.defaultCaptures();
        messages = new MessageStore(DnsMessages.read(captures, "response".equals(kind)));
        if (messages.count() == 0)
        {
            throw new IllegalStateException("no DNS " + kind + " over UDP in " + captures);
        }
        parsed = new DnsMessage[messages.count()];
        long records = 0;
        for (int i = 0; i < parsed.length; i++)
        {
            parsed[i] = new DnsMessage();
            if (!DnsMessageParser.parse(messages.buffer(), messages.offset(i), messages.length(i), parsed[i])
                || parsed[i].malformed() != 0)
            {
                throw new IllegalStateException("DNS " + kind + " " + i + " of " + captures + " does not parse "
                    + "cleanly (malformed bits " + parsed[i].malformed() + ")");
            }
            for (int section = 0; section < DnsMessage.SECTIONS; section++)
            {
                records += parsed[i].recordsParsed(section);
            }
        }
        System.out.printf("%n[dns] %d messages (%s) from %d captures, %d bytes (%.1f per message), %d resource "
            + "records%n", messages.count(), kind, captures.size(), messages.totalBytes(),
            (double)messages.totalBytes() / messages.count(), records);
    }

    /**
     * The next message in turn, wrapping around.
     *
     * @return its index.
     */
    public int next()
    {
        final int i = next;
        next = i + 1 == parsed.length ? 0 : i + 1;
        return i;
    }

    /**
     * @return the messages, off-heap.
     */
    public MessageStore messages()
    {
        return messages;
    }

    /**
     * @param index message number.
     * @return the message parsed at set-up.
     */
    public DnsMessage parsed(final int index)
    {
        return parsed[index];
    }
}
