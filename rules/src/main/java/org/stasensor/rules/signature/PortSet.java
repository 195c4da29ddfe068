package org.stasensor.rules.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Suricata port expression: {@code any}, a port, a range {@code 1024:65535}, {@code 1024:} or {@code :1023},
 * a {@code [list]}, a negation {@code !x}, or a {@code $VARIABLE}; lists as in {@link AddressSet}.
 */
final class PortSet
{
    private static final int MAX_DEPTH = 16;

    private final boolean any;
    private final int low;
    private final int high;
    private final PortSet[] positives;
    private final PortSet[] negatives;

    private PortSet(final boolean any, final int low, final int high, final PortSet[] positives,
        final PortSet[] negatives)
    {
        this.any = any;
        this.low = low;
        this.high = high;
        this.positives = positives;
        this.negatives = negatives;
    }

    boolean isAny()
    {
        return any;
    }

    boolean contains(final int port)
    {
        if (any)
        {
            return true;
        }
        if (positives == null)
        {
            return port >= low && port <= high;
        }
        boolean result = positives.length == 0;
        for (final PortSet positive : positives)
        {
            if (positive.contains(port))
            {
                result = true;
                break;
            }
        }
        if (!result)
        {
            return false;
        }
        for (final PortSet negative : negatives)
        {
            if (negative.contains(port))
            {
                return false;
            }
        }
        return true;
    }

    static PortSet parse(final String text, final Map<String, String> vars)
    {
        return parse(text.strip(), vars, 0);
    }

    private static PortSet parse(final String text, final Map<String, String> vars, final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("port variables nest too deep (a variable refers to itself?)");
        }
        if (text.isEmpty())
        {
            throw new IllegalArgumentException("empty port");
        }
        if (text.startsWith("!"))
        {
            return new PortSet(false, 0, 0, new PortSet[0],
                new PortSet[] {parse(text.substring(1).strip(), vars, depth + 1)});
        }
        if (text.startsWith("["))
        {
            if (!text.endsWith("]"))
            {
                throw new IllegalArgumentException("port list not closed with ']': " + text);
            }
            final List<PortSet> plus = new ArrayList<>();
            final List<PortSet> minus = new ArrayList<>();
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
            return new PortSet(false, 0, 0, plus.toArray(new PortSet[0]), minus.toArray(new PortSet[0]));
        }
        if (text.startsWith("$"))
        {
            final String value = vars.get(text.substring(1));
            if (value == null)
            {
                throw new IllegalArgumentException("port variable " + text + " is not defined");
            }
            return parse(value.strip(), vars, depth + 1);
        }
        if ("any".equalsIgnoreCase(text))
        {
            return new PortSet(true, 0, 65535, null, null);
        }
        final int colon = text.indexOf(':');
        if (colon < 0)
        {
            final int port = port(text, text);
            return new PortSet(false, port, port, null, null);
        }
        final int from = colon == 0 ? 0 : port(text.substring(0, colon), text);
        final int to = colon == text.length() - 1 ? 65535 : port(text.substring(colon + 1), text);
        if (from > to)
        {
            throw new IllegalArgumentException("port range " + text + " is empty");
        }
        return new PortSet(false, from, to, null, null);
    }

    private static int port(final String digits, final String whole)
    {
        try
        {
            final int port = Integer.parseInt(digits.strip());
            if (port < 0 || port > 65535)
            {
                throw new IllegalArgumentException("port out of range 0..65535: " + whole);
            }
            return port;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a port: " + whole);
        }
    }
}
