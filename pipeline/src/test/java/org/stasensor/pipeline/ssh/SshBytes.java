package org.stasensor.pipeline.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Crafted SSH bytes for tests of rules the RFCs state: KEXINIT payloads, binary packets with RFC 4253 6 padding, and
 * streams made of an identification line and packets. Expectations on them come from the RFC text, not from the code
 * under test.
 */
final class SshBytes
{
    private SshBytes()
    {
    }

    /**
     * A KEXINIT payload (RFC 4253 7.1) with a zero cookie.
     *
     * @param lists   the ten name-lists as text.
     * @param follows first_kex_packet_follows.
     * @return the payload, starting with 20.
     */
    static byte[] kexInit(final List<String> lists, final boolean follows)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SshMessage.KEXINIT);
        out.writeBytes(new byte[KexInit.COOKIE_LENGTH]);
        for (final String list : lists)
        {
            final byte[] text = list.getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
            out.writeBytes(text);
        }
        out.write(follows ? 1 : 0);
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    /**
     * A KEXINIT payload whose lists are given per field, the rest filled with plausible values.
     *
     * @param kex        kex_algorithms.
     * @param hostKey    server_host_key_algorithms.
     * @param cipher     both encryption lists.
     * @param mac        both MAC lists.
     * @param compression both compression lists.
     * @return the payload.
     */
    static byte[] kexInit(final String kex, final String hostKey, final String cipher, final String mac,
        final String compression)
    {
        return kexInit(List.of(kex, hostKey, cipher, cipher, mac, mac, compression, compression, "", ""), false);
    }

    /**
     * A binary packet with no MAC, padded as RFC 4253 6 asks (block 8, at least 4 bytes of padding).
     *
     * @param payload the payload.
     * @return the packet.
     */
    static byte[] packet(final byte[] payload)
    {
        final int block = SshPacket.NONE_BLOCK_SIZE;
        int padding = block - (SshPacket.HEADER_LENGTH + payload.length) % block;
        if (padding < SshPacket.MIN_PADDING_LENGTH)
        {
            padding += block;
        }
        final ByteBuffer packet = ByteBuffer.allocate(SshPacket.HEADER_LENGTH + payload.length + padding);
        packet.putInt(1 + payload.length + padding).put((byte)padding).put(payload);
        return packet.array();
    }

    /**
     * A direction: identification line (CR LF added) and packets.
     *
     * @param identification e.g. "SSH-2.0-OpenSSH_9.2".
     * @param packets        whole packets.
     * @return the bytes.
     */
    static byte[] stream(final String identification, final byte[]... packets)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((identification + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (final byte[] packet : packets)
        {
            out.writeBytes(packet);
        }
        return out.toByteArray();
    }

    /**
     * Bytes placed at an offset of a larger buffer whose other bytes are 0x55, so that offsets are exercised.
     *
     * @param bytes  the content.
     * @param offset where it goes.
     * @return the buffer.
     */
    static UnsafeBuffer at(final byte[] bytes, final int offset)
    {
        final byte[] framed = new byte[offset + bytes.length + 16];
        java.util.Arrays.fill(framed, (byte)0x55);
        System.arraycopy(bytes, 0, framed, offset, bytes.length);
        return new UnsafeBuffer(framed);
    }

    /**
     * ASCII text of a view.
     *
     * @param buffer the buffer.
     * @param offset where.
     * @param length bytes; negative gives null.
     * @return the text.
     */
    static String text(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 0)
        {
            return null;
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
