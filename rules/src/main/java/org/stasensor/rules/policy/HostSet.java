package org.stasensor.rules.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

/**
 * A set of IPv4 and IPv6 networks (CIDR prefixes and single addresses) that answers "is this address in it" for an
 * address lying in a record, without allocating. Sets in a policy are small (tens of prefixes), so a scan of
 * prefixes kept as two 64-bit halves is faster than any index.
 */
final class HostSet
{
    /** The empty set. */
    static final HostSet EMPTY = new HostSet(List.of());

    private final long[] v4Network;
    private final long[] v4Mask;
    private final long[] v6High;
    private final long[] v6Low;
    private final long[] v6MaskHigh;
    private final long[] v6MaskLow;
    private final List<String> written;

    private HostSet(final List<String> written)
    {
        this.written = List.copyOf(written);
        final List<long[]> v4 = new ArrayList<>();
        final List<long[]> v6 = new ArrayList<>();
        for (final String entry : written)
        {
            final Prefix prefix = Prefix.parse(entry);
            if (prefix.bytes.length == 4)
            {
                final long mask = prefix.bits == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix.bits)) & 0xFFFFFFFFL;
                v4.add(new long[]{prefix.high() >>> 32 & mask, mask});
            }
            else
            {
                final long maskHigh = prefix.bits == 0 ? 0 : prefix.bits >= 64 ? -1L : -1L << (64 - prefix.bits);
                final long maskLow = prefix.bits <= 64 ? 0 : prefix.bits == 128 ? -1L : -1L << (128 - prefix.bits);
                v6.add(new long[]{prefix.high() & maskHigh, prefix.low() & maskLow, maskHigh, maskLow});
            }
        }
        v4Network = new long[v4.size()];
        v4Mask = new long[v4.size()];
        for (int i = 0; i < v4.size(); i++)
        {
            v4Network[i] = v4.get(i)[0];
            v4Mask[i] = v4.get(i)[1];
        }
        v6High = new long[v6.size()];
        v6Low = new long[v6.size()];
        v6MaskHigh = new long[v6.size()];
        v6MaskLow = new long[v6.size()];
        for (int i = 0; i < v6.size(); i++)
        {
            v6High[i] = v6.get(i)[0];
            v6Low[i] = v6.get(i)[1];
            v6MaskHigh[i] = v6.get(i)[2];
            v6MaskLow[i] = v6.get(i)[3];
        }
    }

    /**
     * A set of networks.
     *
     * @param entries CIDR prefixes ({@code 10.0.0.0/8}, {@code fc00::/7}) or single addresses.
     * @return the set.
     * @throws IllegalArgumentException naming the first entry that is not an address or prefix.
     */
    static HostSet of(final List<String> entries)
    {
        return new HostSet(entries);
    }

    /**
     * Checks one entry.
     *
     * @param entry text.
     * @return null when it is an address or prefix, else why not.
     */
    static String problem(final String entry)
    {
        try
        {
            Prefix.parse(entry);
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
    }

    /**
     * The union of sets.
     *
     * @param sets the sets.
     * @return one set holding every entry.
     */
    static HostSet union(final List<HostSet> sets)
    {
        final List<String> all = new ArrayList<>();
        sets.forEach(set -> all.addAll(set.written));
        return new HostSet(all);
    }

    boolean isEmpty()
    {
        return written.isEmpty();
    }

    /**
     * The entries as written.
     *
     * @return the entries.
     */
    List<String> entries()
    {
        return written;
    }

    /**
     * Whether an address of a record is in the set.
     *
     * @param buffer    holds the address.
     * @param offset    where it starts.
     * @param ipVersion 4 or 6.
     * @return true when a prefix holds it.
     */
    boolean contains(final DirectBuffer buffer, final int offset, final int ipVersion)
    {
        if (ipVersion == 4)
        {
            return containsV4(Addresses.v4(buffer, offset));
        }
        if (ipVersion == 6)
        {
            return containsV6(Addresses.high(buffer, offset), Addresses.low(buffer, offset));
        }
        return false;
    }

    /**
     * Whether an IPv4 address is in the set.
     *
     * @param address the address as an unsigned 32-bit number.
     * @return true when a prefix holds it.
     */
    boolean containsV4(final long address)
    {
        for (int i = 0; i < v4Network.length; i++)
        {
            if ((address & v4Mask[i]) == v4Network[i])
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an IPv6 address is in the set.
     *
     * @param high first 8 bytes, big-endian.
     * @param low  last 8 bytes.
     * @return true when a prefix holds it.
     */
    boolean containsV6(final long high, final long low)
    {
        for (int i = 0; i < v6High.length; i++)
        {
            if ((high & v6MaskHigh[i]) == v6High[i] && (low & v6MaskLow[i]) == v6Low[i])
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString()
    {
        return written.toString();
    }

    private record Prefix(byte[] bytes, int bits)
    {
        static Prefix parse(final String text)
        {
            final String trimmed = text.strip();
            final int slash = trimmed.indexOf('/');
            final String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
            if (address.isEmpty() || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.'
                || c == ':'))
            {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR prefix "
                    + "(e.g. 10.1.0.0/16, 192.168.1.5, fd00::/8)");
            }
            final InetAddress parsed;
            try
            {
                // ofLiteral never asks DNS: a host name here is a mistake, not something to resolve.
                parsed = InetAddress.ofLiteral(address);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR prefix "
                    + "(e.g. 10.1.0.0/16, 192.168.1.5, fd00::/8)");
            }
            final byte[] bytes = parsed instanceof Inet4Address && address.contains(":")
                ? mapped(parsed.getAddress()) : parsed.getAddress();
            final int max = bytes.length * 8;
            int bits = max;
            if (slash >= 0)
            {
                try
                {
                    bits = Integer.parseInt(trimmed.substring(slash + 1));
                }
                catch (final NumberFormatException ex)
                {
                    bits = -1;
                }
                if (bits < 0 || bits > max)
                {
                    throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + max);
                }
            }
            return new Prefix(bytes, bits);
        }

        private static byte[] mapped(final byte[] v4)
        {
            final byte[] v6 = new byte[16];
            v6[10] = (byte)0xFF;
            v6[11] = (byte)0xFF;
            System.arraycopy(v4, 0, v6, 12, 4);
            return v6;
        }

        long high()
        {
            long value = 0;
            for (int i = 0; i < 8; i++)
            {
                value = value << 8 | (i < bytes.length ? bytes[i] & 0xFF : 0);
            }
            return value;
        }

        long low()
        {
            long value = 0;
            for (int i = 8; i < 16; i++)
            {
                value = value << 8 | (i < bytes.length ? bytes[i] & 0xFF : 0);
            }
            return value;
        }
    }
}
