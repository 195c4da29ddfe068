package org.stasensor.rules.policy;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Reads the addresses of a record header as numbers, and prints them, for the detectors.
 */
final class Addresses
{
    private Addresses()
    {
    }

    static long v4(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset, ByteOrder.BIG_ENDIAN) & 0xFFFFFFFFL;
    }

    static long high(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
    }

    static long low(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
    }

    /**
     * A host as a key: IPv4 in the low word with the high word marking it, IPv6 as both halves.
     *
     * @param buffer    holds the address.
     * @param offset    where it starts.
     * @param ipVersion 4 or 6.
     * @return the key.
     */
    static HostKey key(final DirectBuffer buffer, final int offset, final int ipVersion)
    {
        return ipVersion == 6 ? new HostKey(high(buffer, offset), low(buffer, offset))
            : new HostKey(HostKey.V4_MARK, v4(buffer, offset));
    }

    /**
     * Text form of an address, for messages.
     *
     * @param buffer    holds the address.
     * @param offset    where it starts.
     * @param ipVersion 4 or 6.
     * @return e.g. {@code 192.168.1.5}.
     */
    static String text(final DirectBuffer buffer, final int offset, final int ipVersion)
    {
        return key(buffer, offset, ipVersion).toString();
    }
}
