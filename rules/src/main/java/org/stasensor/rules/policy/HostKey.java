package org.stasensor.rules.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * A host address as a map key: an IPv6 address as its two halves, an IPv4 address in {@code low} with
 * {@link #V4_MARK} in {@code high} (a value no IPv6 host uses: the reserved ::/8 block with a marker pattern).
 *
 * @param high first 8 bytes of an IPv6 address, or {@link #V4_MARK}.
 * @param low  last 8 bytes of an IPv6 address, or the IPv4 address.
 */
record HostKey(long high, long low)
{
    /** {@code high} of IPv4 keys. */
    static final long V4_MARK = 0x00FF_0000_0000_0004L;

    boolean isV4()
    {
        return high == V4_MARK;
    }

    @Override
    public String toString()
    {
        try
        {
            if (isV4())
            {
                return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt((int)low).array()).getHostAddress();
            }
            return InetAddress.getByAddress(ByteBuffer.allocate(16).putLong(high).putLong(low).array())
                .getHostAddress();
        }
        catch (final UnknownHostException ex)
        {
            // getByAddress only throws for a wrong length, which the arrays above never have.
            throw new IllegalStateException(ex);
        }
    }
}
