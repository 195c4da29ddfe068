package org.stasensor.rules.signature;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;

/**
 * A Suricata address expression: {@code any}, an address, a CIDR (IPv4 or IPv6), a {@code [list]}, a negation
 * {@code !x}, or a {@code $VARIABLE}. A list holds the addresses of its positive items (any, when it has none) that
 * none of its negative items holds.
 */
final class AddressSet
{
    private static final int MAX_DEPTH = 16;

    private final boolean any;
    private final byte[] network;
    private final int prefix;
    private final AddressSet[] positives;
    private final AddressSet[] negatives;

    private AddressSet(final boolean any, final byte[] network, final int prefix, final AddressSet[] positives,
        final AddressSet[] negatives)
    {
        this.any = any;
        this.network = network;
        this.prefix = prefix;
        this.positives = positives;
        this.negatives = negatives;
    }

    /**
     * Whether this is {@code any}.
     *
     * @return true for any.
     */
    boolean isAny()
    {
        return any;
    }

    /**
     * Whether an address of a record is in the set.
     *
     * @param memory  the record.
     * @param offset  where the address is.
     * @param version 4 or 6 (0: the record has no address, which only {@code any} holds).
     * @return true when held.
     */
    boolean contains(final DirectBuffer memory, final int offset, final int version)
    {
        if (any)
        {
            return true;
        }
        if (network != null)
        {
            if ((version == 4 && network.length != 4) || (version == 6 && network.length != 16) || version == 0)
            {
                return false;
            }
            int bits = prefix;
            for (int i = 0; bits > 0; i++, bits -= 8)
            {
                final int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if (((memory.getByte(offset + i) ^ network[i]) & mask) != 0)
                {
                    return false;
                }
            }
            return true;
        }
        boolean result = positives.length == 0;
        for (final AddressSet positive : positives)
        {
            if (positive.contains(memory, offset, version))
            {
                result = true;
                break;
            }
        }
        if (!result)
        {
            return false;
        }
        for (final AddressSet negative : negatives)
        {
            if (negative.contains(memory, offset, version))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses an address expression.
     *
     * @param text the expression.
     * @param vars variables, names without "$".
     * @return the set.
     * @throws IllegalArgumentException with a reason for a person.
     */
    static AddressSet parse(final String text, final Map<String, String> vars)
    {
        return parse(text.strip(), vars, 0);
    }

    private static AddressSet parse(final String text, final Map<String, String> vars, final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("address variables nest too deep (a variable refers to itself?)");
        }
        if (text.isEmpty())
        {
            throw new IllegalArgumentException("empty address");
        }
        if (text.startsWith("!"))
        {
            final AddressSet inner = parse(text.substring(1).strip(), vars, depth + 1);
            return new AddressSet(false, null, 0, new AddressSet[0], new AddressSet[] {inner});
        }
        if (text.startsWith("["))
        {
            if (!text.endsWith("]"))
            {
                throw new IllegalArgumentException("address list not closed with ']': " + text);
            }
            final List<AddressSet> plus = new ArrayList<>();
            final List<AddressSet> minus = new ArrayList<>();
            for (final String item : ListSplitter.split(text.substring(1, text.length() - 1)))
            {
                if (item.startsWith("!"))
                {
                    minus.add(parse(item.substring(1).strip(), vars, depth + 1));
                }
                else
                {
                    plus.add(parse(item, vars, depth + 1));
                }
            }
            return new AddressSet(false, null, 0, plus.toArray(new AddressSet[0]),
                minus.toArray(new AddressSet[0]));
        }
        if (text.startsWith("$"))
        {
            final String value = vars.get(text.substring(1));
            if (value == null)
            {
                throw new IllegalArgumentException("address variable " + text + " is not defined");
            }
            return parse(value.strip(), vars, depth + 1);
        }
        if ("any".equalsIgnoreCase(text))
        {
            return new AddressSet(true, null, 0, null, null);
        }
        return cidr(text);
    }

    private static AddressSet cidr(final String text)
    {
        final int slash = text.indexOf('/');
        final String address = slash < 0 ? text : text.substring(0, slash);
        final byte[] bytes;
        try
        {
            // ofLiteral parses address literals only: it never looks a name up.
            bytes = InetAddress.ofLiteral(address).getAddress();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not an address: " + text);
        }
        if (address.contains(":") && bytes.length == 4)
        {
            throw new IllegalArgumentException("IPv4-mapped IPv6 addresses are not supported: " + text);
        }
        int prefix = bytes.length * 8;
        if (slash >= 0)
        {
            try
            {
                prefix = Integer.parseInt(text.substring(slash + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            if (prefix < 0 || prefix > bytes.length * 8)
            {
                throw new IllegalArgumentException("prefix length out of range in " + text);
            }
        }
        return new AddressSet(false, bytes, prefix, null, null);
    }
}
