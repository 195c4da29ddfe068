package org.stasensor.pipeline.decode;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.packet.LinkType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile bytes are normal input: random bytes of random lengths, and valid packets with bytes changed or cut
 * short, never make the decoder throw; whatever it reports as OK points inside the bytes captured; and it never
 * reads past the captured length (the same bytes followed by garbage decode the same).
 */
class PacketDecoderHostileInputTest
{
    private static final int[] LINK_TYPES = {
        LinkType.ETHERNET, LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD, LinkType.IPV4, LinkType.IPV6,
        LinkType.LINUX_SLL, LinkType.LINUX_SLL2, 0, 147,
    };

    @Test
    void randomBytesOfRandomLengthsNeverThrow()
    {
        final SplittableRandom random = new SplittableRandom(0xBAD_BEEFL);
        final PacketDecoder decoder = new PacketDecoder();
        for (int i = 0; i < 100_000; i++)
        {
            final byte[] bytes = new byte[random.nextInt(0, random.nextBoolean() ? 80 : 1600)];
            for (int k = 0; k < bytes.length; k++)
            {
                bytes[k] = (byte)random.nextInt(256);
            }
            // Steer a share of them past the first header so that deeper layers see garbage too.
            final int linkType = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
            if (bytes.length > 0 && random.nextBoolean())
            {
                bytes[0] = (byte)((random.nextBoolean() ? 0x40 : 0x60) | (bytes[0] & 0x0F));
            }
            if (linkType == LinkType.ETHERNET && bytes.length > 14 && random.nextBoolean())
            {
                final int[] types = {0x0800, 0x86DD, 0x8100, 0x88A8, 0x8847, 0x8864};
                final int type = types[random.nextInt(types.length)];
                bytes[12] = (byte)(type >>> 8);
                bytes[13] = (byte)type;
            }
            decodeChecked(decoder, linkType, bytes, bytes.length);
        }
    }

    @Test
    void mutatedAndTruncatedPacketsNeverThrowNorPointOutside()
    {
        final RandomPackets packets = new RandomPackets(77);
        final SplittableRandom random = new SplittableRandom(78);
        final PacketDecoder decoder = new PacketDecoder();
        int ok = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final RandomPackets.Built built = packets.next();
            final byte[] bytes = built.bytes().clone();
            final int changes = random.nextInt(0, 6);
            for (int c = 0; c < changes; c++)
            {
                final int at = random.nextInt(Math.min(bytes.length, 120));
                bytes[at] = random.nextInt(3) == 0 ? (byte)0xFF : (byte)random.nextInt(256);
            }
            final int length = random.nextBoolean() ? bytes.length : random.nextInt(bytes.length + 1);
            if (decodeChecked(decoder, built.linkType(), Arrays.copyOf(bytes, length), length) == DecodeResult.OK)
            {
                ok++;
            }
        }
        assertTrue(ok > 10_000, "a good share still decodes: " + ok);
    }

    @Test
    void bytesPastTheCapturedLengthAreNeverRead()
    {
        final RandomPackets packets = new RandomPackets(99);
        final SplittableRandom random = new SplittableRandom(100);
        final PacketDecoder exact = new PacketDecoder();
        final PacketDecoder padded = new PacketDecoder();
        for (int i = 0; i < 20_000; i++)
        {
            final RandomPackets.Built built = packets.next();
            final int length = random.nextInt(built.bytes().length + 1);
            final byte[] cut = Arrays.copyOf(built.bytes(), length);
            final byte[] withGarbage = Arrays.copyOf(built.bytes(), built.bytes().length + 64);
            for (int k = length; k < withGarbage.length; k++)
            {
                withGarbage[k] = (byte)random.nextInt(256);
            }
            final DecodeResult a = exact.decode(built.linkType(), new UnsafeBuffer(cut), length);
            final DecodeResult b = padded.decode(built.linkType(), new UnsafeBuffer(withGarbage), length);
            assertEquals(a, b, built.description() + " cut to " + length);
            if (a == DecodeResult.OK)
            {
                final DecodedPacket p = exact.packet();
                final DecodedPacket q = padded.packet();
                assertEquals(p.payloadOffset(), q.payloadOffset(), built.description());
                assertEquals(p.payloadLength(), q.payloadLength(), built.description());
                assertEquals(p.sourcePort(), q.sourcePort(), built.description());
            }
        }
    }

    private static DecodeResult decodeChecked(final PacketDecoder decoder, final int linkType, final byte[] bytes,
        final int length)
    {
        final DecodeResult result;
        try
        {
            // A buffer of exactly the captured length: any read past it throws (Agrona bounds checks).
            result = decoder.decode(linkType, new UnsafeBuffer(bytes), length);
        }
        catch (final RuntimeException ex)
        {
            fail("decoder threw on link type " + linkType + ", " + length + " bytes " + hex(bytes), ex);
            return null;
        }
        if (result == DecodeResult.OK)
        {
            final DecodedPacket p = decoder.packet();
            final Supplier<String> where = () -> " for link type " + linkType + " bytes " + hex(bytes);
            assertTrue(p.ipVersion() == 4 || p.ipVersion() == 6, () -> "ip version" + where.get());
            assertTrue(p.transport() == 6 || p.transport() == 17, () -> "transport" + where.get());
            assertTrue(p.sourceAddressOffset() >= 0 && p.sourceAddressOffset() + p.addressLength() <= length,
                () -> "source address inside" + where.get());
            assertTrue(p.destinationAddressOffset() >= 0
                && p.destinationAddressOffset() + p.addressLength() <= length,
                () -> "destination address inside" + where.get());
            assertTrue(p.payloadOffset() >= 0 && p.payloadLength() >= 0
                && p.payloadOffset() + p.payloadLength() <= length, () -> "payload inside" + where.get());
            assertTrue(p.sourcePort() >= 0 && p.sourcePort() <= 0xFFFF, () -> "port" + where.get());
        }
        return result;
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 200); i++)
        {
            text.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return text.toString();
    }
}
