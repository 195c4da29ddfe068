package org.stasensor.pipeline.enrich.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ASN CSV range file held as sorted arrays: start and end of each range as unsigned 128-bit numbers (IPv4 as
 * IPv4-mapped), found by binary search. About 40 bytes per range; organisation names are shared.
 */
final class AsnRangeTable
{
    private final long[] startHigh;
    private final long[] startLow;
    private final long[] endHigh;
    private final long[] endLow;
    private final int[] asNumber;
    private final String[] organization;
    private final int size;

    private AsnRangeTable(final long[] startHigh, final long[] startLow, final long[] endHigh, final long[] endLow,
        final int[] asNumber, final String[] organization, final int size)
    {
        this.startHigh = startHigh;
        this.startLow = startLow;
        this.endHigh = endHigh;
        this.endLow = endLow;
        this.asNumber = asNumber;
        this.organization = organization;
        this.size = size;
    }

    /**
     * Tables already loaded in this process, by file, size and modification time: the CSV takes about a second to
     * parse, and {@code sta analyze} in tests, or a reload of an unchanged file next to a changed one, need not pay
     * it again. Soft references, so memory pressure may drop them.
     */
    private static final Map<String, SoftReference<AsnRangeTable>> LOADED = new ConcurrentHashMap<>();

    static AsnRangeTable load(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            throw new IOException(file + ": no such readable file");
        }
        final String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file)
            .toMillis();
        final SoftReference<AsnRangeTable> cached = LOADED.get(key);
        final AsnRangeTable table = cached == null ? null : cached.get();
        if (table != null)
        {
            return table;
        }
        final AsnRangeTable loaded = parse(file);
        LOADED.put(key, new SoftReference<>(loaded));
        return loaded;
    }

    private static AsnRangeTable parse(final Path file) throws IOException
    {
        int capacity = 1 << 16;
        long[] sh = new long[capacity];
        long[] sl = new long[capacity];
        long[] eh = new long[capacity];
        long[] el = new long[capacity];
        int[] asn = new int[capacity];
        String[] org = new String[capacity];
        final Map<String, String> names = new HashMap<>();
        final long[] start = new long[2];
        final long[] end = new long[2];
        int count = 0;
        int lineNumber = 0;
        boolean sorted = true;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#"))
                {
                    continue;
                }
                final int c1 = line.indexOf(',');
                final int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
                final int c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
                if (c3 < 0)
                {
                    throw new IOException(file + ":" + lineNumber + ": expected first,last,asn,organisation");
                }
                try
                {
                    parseAddress(line.substring(0, c1), start);
                    parseAddress(line.substring(c1 + 1, c2), end);
                    final long number = Long.parseLong(line.substring(c2 + 1, c3).trim());
                    if (number < 0 || number > 0xFFFFFFFFL)
                    {
                        throw new NumberFormatException("AS number out of range");
                    }
                    if (count == capacity)
                    {
                        capacity *= 2;
                        sh = Arrays.copyOf(sh, capacity);
                        sl = Arrays.copyOf(sl, capacity);
                        eh = Arrays.copyOf(eh, capacity);
                        el = Arrays.copyOf(el, capacity);
                        asn = Arrays.copyOf(asn, capacity);
                        org = Arrays.copyOf(org, capacity);
                    }
                    if (count > 0 && compare(start[0], start[1], sh[count - 1], sl[count - 1]) < 0)
                    {
                        sorted = false;
                    }
                    sh[count] = start[0];
                    sl[count] = start[1];
                    eh[count] = end[0];
                    el[count] = end[1];
                    asn[count] = (int)number;
                    final String name = unquote(line.substring(c3 + 1));
                    org[count] = names.computeIfAbsent(name, n -> n);
                    count++;
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IOException(file + ":" + lineNumber + ": " + ex.getMessage(), ex);
                }
            }
        }
        if (!sorted)
        {
            throw new IOException(file + ": ranges are not sorted by their first address");
        }
        return new AsnRangeTable(sh, sl, eh, el, asn, org, count);
    }

    boolean lookup(final byte[] address, final GeoAnswer out)
    {
        final long high;
        final long low;
        if (address.length == 4)
        {
            high = 0;
            low = 0x0000FFFF00000000L | (readInt(address, 0) & 0xFFFFFFFFL);
        }
        else
        {
            high = readLong(address, 0);
            low = readLong(address, 8);
        }
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (compare(startHigh[mid], startLow[mid], high, low) <= 0)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (found < 0 || compare(high, low, endHigh[found], endLow[found]) > 0)
        {
            return false;
        }
        out.asNumber = asNumber[found] & 0xFFFFFFFFL;
        out.asOrganization = organization[found];
        return true;
    }

    private static void parseAddress(final String text, final long[] out)
    {
        final String literal = text.trim();
        final long ipv4 = parseIpv4(literal);
        if (ipv4 >= 0)
        {
            out[0] = 0;
            out[1] = 0x0000FFFF00000000L | ipv4;
            return;
        }
        // ofLiteral never resolves a name: a bad line cannot make the sensor send a DNS query.
        final byte[] bytes = InetAddress.ofLiteral(literal).getAddress();
        if (bytes.length == 4)
        {
            out[0] = 0;
            out[1] = 0x0000FFFF00000000L | (readInt(bytes, 0) & 0xFFFFFFFFL);
        }
        else
        {
            out[0] = readLong(bytes, 0);
            out[1] = readLong(bytes, 8);
        }
    }

    /** Dotted quad to its value, or -1 when the text is not one (then the general parser decides). */
    private static long parseIpv4(final String text)
    {
        long value = 0;
        int octet = -1;
        int dots = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9')
            {
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255)
                {
                    return -1;
                }
            }
            else if (c == '.' && octet >= 0 && dots < 3)
            {
                value = value << 8 | octet;
                octet = -1;
                dots++;
            }
            else
            {
                return -1;
            }
        }
        return dots == 3 && octet >= 0 ? value << 8 | octet : -1;
    }

    private static String unquote(final String field)
    {
        final String text = field.trim();
        if (text.length() >= 2 && text.charAt(0) == '"' && text.charAt(text.length() - 1) == '"')
        {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text;
    }

    private static int compare(final long aHigh, final long aLow, final long bHigh, final long bLow)
    {
        final int high = Long.compareUnsigned(aHigh, bHigh);
        return high != 0 ? high : Long.compareUnsigned(aLow, bLow);
    }

    private static int readInt(final byte[] bytes, final int offset)
    {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8
            | bytes[offset + 3] & 0xFF;
    }

    private static long readLong(final byte[] bytes, final int offset)
    {
        return (readInt(bytes, offset) & 0xFFFFFFFFL) << 32 | (readInt(bytes, offset + 4) & 0xFFFFFFFFL);
    }
}
