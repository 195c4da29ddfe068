package org.stasensor.pipeline.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.tls.TsharkHandshakes.Handshake;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile input: real hellos from the corpus, cut, bit-flipped, given random length fields, spliced and shifted, are
 * fed to every parser entry and every fingerprint. Nothing may throw, and whatever a successful parse reports must
 * lie inside the message. Fixed seeds, so a failure replays.
 */
class MutatedHellosTest
{
    private static final int MUTATIONS_PER_SEED = 1500;
    private static final int PAD = 16;

    private final ClientHello client = new ClientHello();
    private final ServerHello server = new ServerHello();
    private final Ja3 ja3 = new Ja3();
    private final Ja4 ja4 = new Ja4();

    @Test
    void mutatedHellosNeverThrowAndStayInsideTheMessage()
    {
        final List<byte[]> seeds = new ArrayList<>();
        for (final String capture : new String[]{"ja3/Traces/ssl-chrome.pcap", "ja4/pcap/tls3.pcapng",
            "ja4/pcap/tls-non-ascii-alpn.pcapng", "nDPI/pcap/tls_esni_sni_both.pcap"})
        {
            for (final Handshake shark : TsharkHandshakes.read(TestFiles.corpusFile(capture), "tls"))
            {
                seeds.add(shark.message());
            }
        }
        for (final Handshake shark : TsharkHandshakes.read(TestFiles.corpusFile("ja4/pcap/dtls-udp.notest.cap"),
            "dtls"))
        {
            seeds.add(shark.message());
        }
        seeds.add(HelloBytes.sslv2ClientHello(0x0301, new int[]{0x010080, 0x00c02f, 0x0000ff}, new byte[32]));
        assertTrue(seeds.size() >= 10, seeds.size() + " seeds");

        long parsed = 0;
        long runs = 0;
        for (int s = 0; s < seeds.size(); s++)
        {
            final Random random = new Random(31L * s + 7);
            final byte[] seed = seeds.get(s);
            for (int i = 0; i < MUTATIONS_PER_SEED; i++)
            {
                final byte[] mutated = mutate(seed, seeds.get(random.nextInt(seeds.size())), random);
                final byte[] framed = new byte[mutated.length + 2 * PAD];
                random.nextBytes(framed);
                System.arraycopy(mutated, 0, framed, PAD, mutated.length);
                final UnsafeBuffer buffer = new UnsafeBuffer(framed);
                final int length = random.nextInt(4) == 0 ? mutated.length + random.nextInt(PAD) : mutated.length;
                try
                {
                    parsed += exercise(buffer, PAD, length, seed, i);
                    runs++;
                }
                catch (final RuntimeException ex)
                {
                    throw new AssertionError("seed " + s + " mutation " + i + " threw", ex);
                }
            }
        }
        System.out.println("mutated hellos: " + runs + " runs, " + parsed + " parses accepted");
        assertTrue(parsed > 1000, "mutations should leave many hellos parseable, " + parsed + " were");
    }

    private int exercise(final UnsafeBuffer buffer, final int offset, final int length, final byte[] seed,
        final int iteration)
    {
        int accepted = 0;
        if (ClientHelloParser.parse(buffer, offset, length, client))
        {
            accepted++;
            checkClient(offset, length);
        }
        ja3.computeJa3(client);
        ja4.compute(client, Ja4.TRANSPORT_TCP);
        if (ClientHelloParser.parseDtls(buffer, offset, length, client))
        {
            accepted++;
            checkClient(offset, length);
        }
        ja3.computeJa3(client);
        ja4.compute(client, Ja4.TRANSPORT_DTLS);
        if (ClientHelloParser.parseSslv2(buffer, offset, length, client))
        {
            accepted++;
            checkClient(offset, length);
        }
        ja3.computeJa3(client);
        ja4.compute(client, Ja4.TRANSPORT_TCP);
        if (ServerHelloParser.parse(buffer, offset, length, server))
        {
            accepted++;
            checkServer(offset, length);
        }
        ja3.computeJa3s(server);
        if (ServerHelloParser.parseDtls(buffer, offset, length, server))
        {
            accepted++;
            checkServer(offset, length);
        }
        ja3.computeJa3s(server);
        return accepted;
    }

    private void checkClient(final int offset, final int length)
    {
        final int end = offset + Math.min(length, client.length());
        inside(client.randomOffset(), client.randomLength(), offset, end, "random");
        inside(client.sessionIdOffset(), client.sessionIdLength(), offset, end, "session id");
        inside(client.cookieOffset(), client.cookieLength(), offset, end, "cookie");
        for (int i = 0; i < client.cipherSuiteCount(); i++)
        {
            client.cipherSuite(i);
        }
        for (int i = 0; i < client.cipherSpecCount(); i++)
        {
            inside(client.cipherSuitesOffset + i * 3, 3, offset, end, "cipher spec");
        }
        if (!client.isSslv2())
        {
            inside(client.cipherSuitesOffset, client.cipherSuiteCount() * 2, offset, end, "cipher suites");
        }
        inside(client.compressionMethodsOffset, client.compressionMethodCount(), offset, end, "compression");
        inside(client.extensionsOffset(), client.extensionsLength(), offset, end, "extensions");
        for (int i = 0; i < Math.min(client.extensionCount(), ClientHello.MAX_EXTENSIONS); i++)
        {
            inside(client.extensionDataOffset(i), client.extensionDataLength(i), offset, end, "extension");
        }
        if (client.serverNameLength() >= 0)
        {
            inside(client.serverNameOffset(), client.serverNameLength(), offset, end, "server name");
        }
        for (int i = 0; i < Math.min(client.alpnCount(), ClientHello.MAX_ALPN_PROTOCOLS); i++)
        {
            inside(client.alpnOffset(i), client.alpnLength(i), offset, end, "ALPN");
        }
        inside(client.supportedVersionsOffset, client.supportedVersionCount() * 2, offset, end, "versions");
        inside(client.supportedGroupsOffset, client.supportedGroupCount() * 2, offset, end, "groups");
        inside(client.ecPointFormatsOffset, client.ecPointFormatCount(), offset, end, "point formats");
        inside(client.signatureAlgorithmsOffset, client.signatureAlgorithmCount() * 2, offset, end, "signatures");
        client.hasExtension(ExtensionType.KEY_SHARE);
    }

    private void checkServer(final int offset, final int length)
    {
        final int end = offset + Math.min(length, server.length());
        inside(server.randomOffset(), 32, offset, end, "random");
        inside(server.sessionIdOffset(), server.sessionIdLength(), offset, end, "session id");
        inside(server.extensionsOffset(), server.extensionsLength(), offset, end, "extensions");
        if (server.alpnLength() >= 0)
        {
            inside(server.alpnOffset(), server.alpnLength(), offset, end, "ALPN");
        }
        for (int i = 0; i < Math.min(server.extensionCount(), ServerHello.MAX_EXTENSIONS); i++)
        {
            inside(server.extensionDataOffset(i), server.extensionDataLength(i), offset, end, "extension");
        }
    }

    private static void inside(final int at, final int length, final int start, final int end, final String what)
    {
        if (length > 0 && (at < start || at + length > end))
        {
            fail(what + " at " + at + " length " + length + " outside the message [" + start + ", " + end + ")");
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
                case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 1 ->
                {
                    for (int flips = 1 + random.nextInt(8); flips > 0 && bytes.length > 0; flips--)
                    {
                        bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
                    }
                }
                case 2 ->
                {
                    if (bytes.length > 2)
                    {
                        // A length field: 0, all ones or random, one or two bytes wide.
                        final int at = random.nextInt(bytes.length - 1);
                        final int value = switch (random.nextInt(3))
                        {
                            case 0 -> 0;
                            case 1 -> 0xFFFF;
                            default -> random.nextInt(0x10000);
                        };
                        bytes[at] = (byte)(value >>> 8);
                        if (random.nextBoolean())
                        {
                            bytes[at + 1] = (byte)value;
                        }
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
                    random.nextBytes(inserted);
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
