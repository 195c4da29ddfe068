package org.stasensor.pipeline.ssh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.ssh.TsharkSsh.Connection;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile input: the clear starts of real SSH directions from the corpus, cut, bit-flipped, given random length
 * fields, with bytes dropped, inserted or spliced from another stream, are read by the whole handshake path
 * (identification, framing, KEXINIT, negotiation, HASSH) against an unchanged peer, and the estimator gets random
 * sizes. Nothing may throw, and every view a successful parse reports lies inside the bytes given. Fixed seeds.
 */
class MutatedStreamsTest
{
    private static final int MUTATIONS_PER_SEED = 600;
    private static final int PAD = 16;
    private static final int CLEAR_PREFIX = 4096;

    private final SshHandshake handshake = new SshHandshake();
    private final UnsafeBuffer estimator = new UnsafeBuffer(new byte[SshAuthEstimator.STATE_LENGTH]);

    @Test
    void mutatedStreamsNeverThrowAndStayInsideTheBytes()
    {
        final List<byte[]> seeds = new ArrayList<>();
        for (final String capture : new String[]{"nDPI/pcap/ssh.pcap", "ja4/pcap/ssh-r.pcap",
            "ja4/pcap/ssh.pcapng", "ja4/pcap/ssh2-malformed.pcap", "ja4/pcap/sshv1.pcap"})
        {
            for (final Connection connection : TsharkSsh.read(TestFiles.corpusFile(capture), 0))
            {
                seeds.add(Arrays.copyOf(connection.client(), Math.min(CLEAR_PREFIX, connection.client().length)));
                seeds.add(Arrays.copyOf(connection.server(), Math.min(CLEAR_PREFIX, connection.server().length)));
            }
        }
        seeds.removeIf(seed -> seed.length == 0);
        assertTrue(seeds.size() >= 12, seeds.size() + " seeds");

        long hashed = 0;
        long negotiated = 0;
        long runs = 0;
        for (int s = 0; s < seeds.size(); s++)
        {
            final Random random = new Random(97L * s + 11);
            final byte[] seed = seeds.get(s);
            final byte[] peer = seeds.get((s ^ 1) < seeds.size() ? s ^ 1 : s);
            for (int i = 0; i < MUTATIONS_PER_SEED; i++)
            {
                final byte[] mutated = mutate(seed, seeds.get(random.nextInt(seeds.size())), random);
                final byte[] framed = new byte[mutated.length + 2 * PAD];
                random.nextBytes(framed);
                System.arraycopy(mutated, 0, framed, PAD, mutated.length);
                final UnsafeBuffer buffer = new UnsafeBuffer(framed);
                final UnsafeBuffer other = new UnsafeBuffer(peer);
                try
                {
                    final boolean asClient = random.nextBoolean();
                    final int result = asClient
                        ? handshake.parse(buffer, PAD, mutated.length, other, 0, peer.length)
                        : handshake.parse(other, 0, peer.length, buffer, PAD, mutated.length);
                    check(asClient ? handshake.client() : handshake.server(), PAD, PAD + mutated.length);
                    if ((result & SshHandshake.NEGOTIATED) != 0)
                    {
                        negotiated++;
                        checkAlgorithms(asClient ? buffer : other, asClient ? PAD : 0,
                            asClient ? PAD + mutated.length : peer.length);
                    }
                    hashed += (result & (SshHandshake.HASSH | SshHandshake.HASSH_SERVER)) != 0 ? 1 : 0;
                    estimate(random);
                    runs++;
                }
                catch (final RuntimeException ex)
                {
                    throw new AssertionError("seed " + s + " mutation " + i + " threw", ex);
                }
            }
        }
        System.out.println("mutated ssh streams: " + runs + " runs, " + hashed + " fingerprinted, " + negotiated
            + " negotiated");
        assertTrue(hashed > 1000 && negotiated > 500, "mutations should leave many streams readable");
    }

    private static void check(final SshDirection direction, final int start, final int end)
    {
        final SshIdentification line = direction.identification();
        if (line.isValid())
        {
            inside(line.lineOffset(), line.lineLength(), start, end, "line");
            inside(line.protoVersionOffset(), line.protoVersionLength(), start, end, "version");
            inside(line.softwareVersionOffset(), line.softwareVersionLength(), start, end, "software");
            inside(line.commentsOffset(), line.commentsLength(), start, end, "comments");
            inside(line.lineOffset(), line.endOffset() - line.lineOffset(), start, end, "line end");
        }
        final KexInit kexInit = direction.kexInit();
        if (kexInit.isValid())
        {
            inside(kexInit.offset(), kexInit.length(), start, end, "kexinit");
            for (int list = 0; list < KexInit.NAME_LISTS; list++)
            {
                inside(kexInit.listOffset(list), kexInit.listLength(list), kexInit.offset(),
                    kexInit.offset() + kexInit.length(), "name-list " + list);
            }
        }
        if (direction.clearLength() > end - start)
        {
            fail("clear length " + direction.clearLength() + " past the " + (end - start) + " bytes given");
        }
    }

    private void checkAlgorithms(final DirectBuffer client, final int start, final int end)
    {
        final SshAlgorithms algorithms = handshake.algorithms();
        if (algorithms.buffer() != client)
        {
            fail("chosen names must lie in the client's buffer");
        }
        for (int field = 0; field < SshAlgorithms.FIELDS; field++)
        {
            inside(algorithms.offset(field), algorithms.length(field), start, end, "chosen " + field);
        }
    }

    private void estimate(final Random random)
    {
        SshAuthEstimator.reset(estimator, 0);
        for (int i = random.nextInt(40); i > 0; i--)
        {
            SshAuthEstimator.onPayload(estimator, 0, random.nextBoolean(), random.nextInt(200) - 20);
        }
        SshAuthEstimator.finish(estimator, 0);
    }

    private static void inside(final int at, final int length, final int start, final int end, final String what)
    {
        if (length > 0 && (at < start || at + length > end))
        {
            fail(what + " at " + at + " length " + length + " outside [" + start + ", " + end + ")");
        }
    }

    private static byte[] mutate(final byte[] seed, final byte[] other, final Random random)
    {
        byte[] bytes = seed.clone();
        final int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++)
        {
            switch (random.nextInt(6))
            {
                case 0 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 1 ->
                {
                    for (int flips = 1 + random.nextInt(8); flips > 0 && bytes.length > 0; flips--)
                    {
                        bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
                    }
                }
                case 2 ->
                {
                    if (bytes.length > 4)
                    {
                        // A 32-bit length field: 0, all ones, a little off, or random.
                        final int at = random.nextInt(bytes.length - 3);
                        final int old = ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16)
                            | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
                        final int value = switch (random.nextInt(4))
                        {
                            case 0 -> 0;
                            case 1 -> -1;
                            case 2 -> old + random.nextInt(9) - 4;
                            default -> random.nextInt();
                        };
                        bytes[at] = (byte)(value >>> 24);
                        bytes[at + 1] = (byte)(value >>> 16);
                        bytes[at + 2] = (byte)(value >>> 8);
                        bytes[at + 3] = (byte)value;
                    }
                }
                case 3 ->
                {
                    final int at = random.nextInt(bytes.length + 1);
                    final int count = Math.min(random.nextInt(8) + 1, bytes.length - at);
                    final byte[] shorter = new byte[bytes.length - count];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + count, shorter, at, bytes.length - at - count);
                    bytes = shorter;
                }
                case 4 ->
                {
                    final int at = random.nextInt(bytes.length + 1);
                    final byte[] inserted = new byte[1 + random.nextInt(8)];
                    for (int i = 0; i < inserted.length; i++)
                    {
                        inserted[i] = random.nextBoolean() ? (byte)',' : (byte)random.nextInt(256);
                    }
                    final byte[] longer = new byte[bytes.length + inserted.length];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    System.arraycopy(inserted, 0, longer, at, inserted.length);
                    System.arraycopy(bytes, at, longer, at + inserted.length, bytes.length - at);
                    bytes = longer;
                }
                default ->
                {
                    final int cut = random.nextInt(bytes.length + 1);
                    final int from = random.nextInt(other.length + 1);
                    final byte[] spliced = new byte[cut + other.length - from];
                    System.arraycopy(bytes, 0, spliced, 0, cut);
                    System.arraycopy(other, from, spliced, cut, other.length - from);
                    bytes = spliced;
                }
            }
        }
        return bytes;
    }
}
