package org.stasensor.pipeline.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input is normal input: real messages (corpus captures, read by tshark) mutated at random (bytes flipped,
 * counts and lengths inflated, pointers aimed anywhere, cut short, slices of other messages spliced in) go through
 * the parser, the record writer, the DNS detectors and the TCP framing, which must never throw and stay linear.
 */
class MutatedMessagesTest
{
    private static final int MUTANTS = 150_000;

    @Test
    @Timeout(60)
    void mutatedMessagesNeverThrow()
    {
        final List<byte[]> seeds = new ArrayList<>();
        for (final String capture : new String[]{"nDPI/pcap/dns.pcap", "nDPI/pcap/dns-google-nsid.pcapng",
            "nDPI/pcap/dns_ambiguous_names.pcap", "nDPI/pcap/malformed_dns.pcap"})
        {
            final List<TsharkDns.Message> messages = new ArrayList<>();
            TsharkDns.read(TestFiles.corpusFile(capture), messages);
            messages.forEach(message -> seeds.add(message.bytes()));
        }
        assertTrue(seeds.size() >= 20, seeds.size() + " seeds");
        final SplittableRandom random = new SplittableRandom(20_240_611);
        final DnsMessage message = new DnsMessage();
        final DnsRecordWriter writer = new DnsRecordWriter();
        final RecordWriter record = new RecordWriter();
        final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);
        final DnsTcpFraming framing = new DnsTcpFraming();
        int parsed = 0;
        int flagged = 0;
        for (int i = 0; i < MUTANTS; i++)
        {
            final byte[] mutant = mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
            final UnsafeBuffer buffer = new UnsafeBuffer(mutant);
            if (DnsMessageParser.parse(buffer, 0, mutant.length, message))
            {
                parsed++;
                flagged += message.malformed() != 0 ? 1 : 0;
                record.begin(slot, 0, 128 + random.nextInt(RecordDescriptor.MAX_RECORD_LENGTH - 127), Dataset.DNS, 0);
                assertTrue(writer.write(message, record));
                record.finish();
            }
            DnsMessageParser.looksLikeDns(buffer, 0, mutant.length);
            DnsTcpFraming.looksLikeDnsOverTcp(buffer, 0, mutant.length);
            framing.wrap(buffer, 0, mutant.length);
            while (framing.next())
            {
                DnsMessageParser.parse(buffer, framing.messageOffset(), framing.messageLength(), message);
            }
        }
        System.out.println("mutated DNS messages: " + MUTANTS + ", " + parsed + " parsed, " + flagged + " flagged");
        assertTrue(parsed > MUTANTS / 10 && flagged > MUTANTS / 100, parsed + " parsed, " + flagged + " flagged");
    }

    @Test
    void tcpStreamOfSeveralMessagesIsCutAtEveryLengthPrefix()
    {
        final byte[][] messages = {
            new DnsBytes(1, 0x0100, 1, 0, 0, 0).name("www.example.com").u16(1).u16(1).toBytes(),
            new DnsBytes(1, 0x8180, 1, 1, 0, 0).name("www.example.com").u16(1).u16(1).pointer(12)
                .fixed(1, 1, 300, 4).bytes(new byte[]{10, 1, 2, 3}).toBytes(),
            new DnsBytes(2, 0x0100, 1, 0, 0, 0).name("example.org").u16(15).u16(1).toBytes()};
        final java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        final int[] ends = new int[messages.length];
        for (int i = 0; i < messages.length; i++)
        {
            stream.write(messages[i].length >>> 8);
            stream.write(messages[i].length);
            stream.writeBytes(messages[i]);
            ends[i] = stream.size();
        }
        final byte[] bytes = stream.toByteArray();
        final DnsTcpFraming framing = new DnsTcpFraming();
        final DnsMessage message = new DnsMessage();
        for (int available = 0; available <= bytes.length; available++)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            framing.wrap(buffer, 0, available);
            int whole = 0;
            while (framing.next())
            {
                assertTrue(DnsMessageParser.parse(buffer, framing.messageOffset(), framing.messageLength(),
                    message));
                assertEquals(0, message.malformed());
                assertEquals(messages[whole].length, framing.messageLength());
                whole++;
            }
            int expected = 0;
            while (expected < ends.length && ends[expected] <= available)
            {
                expected++;
            }
            assertEquals(expected, whole, "whole messages in the first " + available + " bytes");
            final int consumed = expected > 0 ? ends[expected - 1] : 0;
            final int next = expected < ends.length ? ends[expected] : bytes.length;
            final int left = available - consumed;
            // Until the 2-byte prefix is there, only the rest of the prefix is known to be missing.
            final int missing = left == 0 ? 0 : left < 2 ? 2 - left : next - available;
            assertEquals(missing, framing.bytesMissing(), "at " + available);
            assertEquals(available >= 2 + 12, DnsTcpFraming.looksLikeDnsOverTcp(new UnsafeBuffer(bytes), 0,
                available), "at " + available);
        }
    }

    private static byte[] mutate(final byte[] seed, final List<byte[]> seeds, final SplittableRandom random)
    {
        byte[] bytes = seed.clone();
        final int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && bytes.length > 0; e++)
        {
            final int at = random.nextInt(bytes.length);
            switch (random.nextInt(7))
            {
                case 0 -> bytes[at] ^= (byte)(1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte)random.nextInt(256);
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
                case 3 ->
                {
                    // A count in the header inflated.
                    if (bytes.length >= 12)
                    {
                        final int count = 4 + 2 * random.nextInt(4);
                        bytes[count] = (byte)random.nextInt(256);
                        bytes[count + 1] = (byte)random.nextInt(256);
                    }
                }
                case 4 ->
                {
                    // A compression pointer aimed anywhere.
                    if (at + 1 < bytes.length)
                    {
                        final int target = random.nextInt(Math.max(1, bytes.length + 8));
                        bytes[at] = (byte)(0xC0 | (target >>> 8));
                        bytes[at + 1] = (byte)target;
                    }
                }
                case 5 ->
                {
                    // A 16-bit length somewhere made large.
                    if (at + 1 < bytes.length)
                    {
                        bytes[at] = (byte)0xFF;
                        bytes[at + 1] = (byte)random.nextInt(256);
                    }
                }
                default ->
                {
                    final byte[] other = seeds.get(random.nextInt(seeds.size()));
                    final int from = random.nextInt(other.length);
                    final int length = Math.min(other.length - from, 1 + random.nextInt(64));
                    final byte[] spliced = new byte[at + length + (bytes.length - at)];
                    System.arraycopy(bytes, 0, spliced, 0, at);
                    System.arraycopy(other, from, spliced, at, length);
                    System.arraycopy(bytes, at, spliced, at + length, bytes.length - at);
                    bytes = spliced;
                }
            }
        }
        return bytes;
    }
}
