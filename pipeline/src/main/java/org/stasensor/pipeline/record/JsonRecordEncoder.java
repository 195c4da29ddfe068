package org.stasensor.pipeline.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Renders a binary record as one JSON object with nested ECS names ({@code {"tls":{"client":{"ja3":...}}}}),
 * the form forwarders and {@code sta analyze} emit. Header values (time, addresses, ports) and variable fields
 * are merged into one tree ordered by name. Repeated values of a list field become one array.
 * <p>
 * Reused per thread; after warm-up only {@code Double} rendering allocates.
 */
public final class JsonRecordEncoder
{
    /** Enough for a full record of one-byte values plus the header keys. */
    private static final int MAX_ENTRIES = (RecordDescriptor.MAX_RECORD_LENGTH - RecordDescriptor.HEADER_LENGTH)
        / RecordDescriptor.FIELD_HEADER_LENGTH + 16;
    private static final int MAX_DEPTH = 8;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Header values rendered as if they were fields; negative keys keep them apart from field ids. */
    private enum HeaderKey
    {
        TIMESTAMP("@timestamp"),
        DATASET("event.dataset"),
        KIND("event.kind"),
        HOSTNAME("observer.hostname"),
        UID("sta.uid"),
        SOURCE_IP("source.ip"),
        SOURCE_PORT("source.port"),
        DESTINATION_IP("destination.ip"),
        DESTINATION_PORT("destination.port"),
        TRANSPORT("network.transport"),
        NETWORK_TYPE("network.type"),
        TRUNCATED("sta.record_truncated");

        private final String[] path;

        HeaderKey(final String name)
        {
            this.path = name.split("\\.");
        }
    }

    private static final HeaderKey[] HEADER_KEYS = HeaderKey.values();
    /** Ordered keys: index = rank. A key is a field id (>= 0) or ~headerKey.ordinal() (< 0). */
    private static final int[] KEY_BY_RANK;
    private static final String[][] PATH_BY_RANK;
    private static final byte[][][] PATH_BYTES_BY_RANK;
    private static final int[] RANK_BY_FIELD_ID = new int[Fields.MAX_FIELD_ID + 1];
    private static final int[] RANK_BY_HEADER_KEY = new int[HEADER_KEYS.length];
    /** Per rank: index into {@link Fields#OBJECT_LISTS} of the array of objects the field is a member of, or -1. */
    private static final int[] OBJECT_LIST_BY_RANK;
    private static final byte[][][] OBJECT_LIST_PATH_BYTES;
    private static final int MAX_OBJECT_MEMBERS = 16;

    static
    {
        final List<int[]> keys = new ArrayList<>();
        final List<String[]> paths = new ArrayList<>();
        for (final HeaderKey key : HEADER_KEYS)
        {
            keys.add(new int[] {~key.ordinal()});
            paths.add(key.path);
        }
        for (final Field field : Fields.all())
        {
            keys.add(new int[] {field.id()});
            paths.add(field.path());
        }
        final Integer[] order = new Integer[keys.size()];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = i;
        }
        final Comparator<Integer> byPath = (a, b) -> comparePaths(paths.get(a), paths.get(b));
        Arrays.sort(order, byPath);
        KEY_BY_RANK = new int[order.length];
        PATH_BY_RANK = new String[order.length][];
        PATH_BYTES_BY_RANK = new byte[order.length][][];
        Arrays.fill(RANK_BY_FIELD_ID, -1);
        for (int rank = 0; rank < order.length; rank++)
        {
            final int key = keys.get(order[rank])[0];
            KEY_BY_RANK[rank] = key;
            PATH_BY_RANK[rank] = paths.get(order[rank]);
            PATH_BYTES_BY_RANK[rank] = new byte[PATH_BY_RANK[rank].length][];
            for (int s = 0; s < PATH_BY_RANK[rank].length; s++)
            {
                PATH_BYTES_BY_RANK[rank][s] = PATH_BY_RANK[rank][s].getBytes(StandardCharsets.UTF_8);
            }
            if (key >= 0)
            {
                RANK_BY_FIELD_ID[key] = rank;
            }
            else
            {
                RANK_BY_HEADER_KEY[~key] = rank;
            }
        }
        OBJECT_LIST_BY_RANK = new int[order.length];
        Arrays.fill(OBJECT_LIST_BY_RANK, -1);
        OBJECT_LIST_PATH_BYTES = new byte[Fields.OBJECT_LISTS.length][][];
        for (int list = 0; list < Fields.OBJECT_LISTS.length; list++)
        {
            final String[] listPath = Fields.OBJECT_LISTS[list].split("\\.");
            OBJECT_LIST_PATH_BYTES[list] = new byte[listPath.length][];
            for (int s = 0; s < listPath.length; s++)
            {
                OBJECT_LIST_PATH_BYTES[list][s] = listPath[s].getBytes(StandardCharsets.UTF_8);
            }
            for (int rank = 0; rank < order.length; rank++)
            {
                final String[] path = PATH_BY_RANK[rank];
                if (path.length == listPath.length + 1
                    && Arrays.equals(path, 0, listPath.length, listPath, 0, listPath.length))
                {
                    OBJECT_LIST_BY_RANK[rank] = list;
                }
            }
        }
    }

    private final RecordReader reader = new RecordReader();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(4096);
    private final UnsafeBuffer hostname;
    private final long[] entries = new long[MAX_ENTRIES];
    private final int[] openRanks = new int[MAX_DEPTH];
    private final boolean[] firstInObject = new boolean[MAX_DEPTH + 1];
    private final int[] memberStarts = new int[MAX_OBJECT_MEMBERS + 1];
    private int length;

    /**
     * An encoder that stamps records with the sensor's name.
     *
     * @param observerHostname value of {@code observer.hostname}, or null to leave it out.
     */
    public JsonRecordEncoder(final String observerHostname)
    {
        this.hostname = observerHostname == null ? null :
            new UnsafeBuffer(observerHostname.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Encodes one record. The result stays valid until the next call.
     *
     * @param buffer memory holding the record.
     * @param offset where it starts.
     * @return the number of bytes in {@link #buffer()}, without a trailing newline.
     */
    public int encode(final DirectBuffer buffer, final int offset)
    {
        reader.wrap(buffer, offset);
        int count = collectHeaderEntries();
        reader.rewind();
        while (reader.nextField() && count < MAX_ENTRIES)
        {
            final int id = reader.fieldId();
            final int rank = id <= Fields.MAX_FIELD_ID ? RANK_BY_FIELD_ID[id] : -1;
            if (rank >= 0)
            {
                // Rank in the high bits groups a field's values; value offsets rise in record order below it.
                entries[count++] = ((long)rank << 40) | (reader.valueOffset() - offset);
            }
        }
        Arrays.sort(entries, 0, count);
        length = 0;
        writeTree(buffer, offset, count);
        return length;
    }

    /**
     * The bytes of the last encoded record.
     *
     * @return the buffer; valid from index 0 for the length {@link #encode} returned.
     */
    public ExpandableArrayBuffer buffer()
    {
        return out;
    }

    /**
     * The last encoded record as a String. Allocates; for tests and tools.
     *
     * @return the JSON text.
     */
    public String lastAsString()
    {
        return out.getStringWithoutLengthUtf8(0, length);
    }

    private int collectHeaderEntries()
    {
        int count = 0;
        count = addHeader(count, HeaderKey.TIMESTAMP);
        count = addHeader(count, HeaderKey.DATASET);
        count = addHeader(count, HeaderKey.KIND);
        if (hostname != null)
        {
            count = addHeader(count, HeaderKey.HOSTNAME);
        }
        if (reader.flowUid() != 0)
        {
            count = addHeader(count, HeaderKey.UID);
        }
        if (reader.ipVersion() == 4 || reader.ipVersion() == 6)
        {
            count = addHeader(count, HeaderKey.SOURCE_IP);
            count = addHeader(count, HeaderKey.DESTINATION_IP);
            count = addHeader(count, HeaderKey.NETWORK_TYPE);
            if (reader.transport() == 6 || reader.transport() == 17)
            {
                count = addHeader(count, HeaderKey.SOURCE_PORT);
                count = addHeader(count, HeaderKey.DESTINATION_PORT);
            }
            count = addHeader(count, HeaderKey.TRANSPORT);
        }
        if ((reader.flags() & RecordDescriptor.FLAG_TRUNCATED) != 0)
        {
            count = addHeader(count, HeaderKey.TRUNCATED);
        }
        return count;
    }

    private int addHeader(final int count, final HeaderKey key)
    {
        entries[count] = (long)RANK_BY_HEADER_KEY[key.ordinal()] << 40;
        return count + 1;
    }

    private void writeTree(final DirectBuffer buffer, final int recordOffset, final int count)
    {
        int depth = 0;
        byteOut('{');
        firstInObject[0] = true;
        int i = 0;
        while (i < count)
        {
            final int rank = (int)(entries[i] >>> 40);
            final int objectList = OBJECT_LIST_BY_RANK[rank];
            final byte[][] pathBytes = objectList >= 0 ? OBJECT_LIST_PATH_BYTES[objectList] : PATH_BYTES_BY_RANK[rank];
            final int parents = Math.min(pathBytes.length - 1, MAX_DEPTH);
            int common = 0;
            while (common < depth && common < parents && samePrefix(openRanks[common], rank, common))
            {
                common++;
            }
            while (depth > common)
            {
                byteOut('}');
                depth--;
            }
            while (depth < parents)
            {
                comma(depth);
                key(pathBytes[depth]);
                byteOut('{');
                openRanks[depth] = rank;
                depth++;
                firstInObject[depth] = true;
            }
            comma(depth);
            key(pathBytes[pathBytes.length - 1]);
            final int key = KEY_BY_RANK[rank];
            if (objectList >= 0)
            {
                i = writeObjectList(buffer, recordOffset, count, i, objectList);
            }
            else if (key < 0)
            {
                writeHeaderValue(HEADER_KEYS[~key]);
                i++;
            }
            else
            {
                final Field field = Fields.byId(key);
                if (field.isList())
                {
                    byteOut('[');
                    boolean first = true;
                    while (i < count && (int)(entries[i] >>> 40) == rank)
                    {
                        if (!first)
                        {
                            byteOut(',');
                        }
                        first = false;
                        writeFieldValue(field, buffer, recordOffset, entries[i]);
                        i++;
                    }
                    byteOut(']');
                }
                else
                {
                    writeFieldValue(field, buffer, recordOffset, entries[i]);
                    i++;
                    while (i < count && (int)(entries[i] >>> 40) == rank)
                    {
                        i++;
                    }
                }
            }
        }
        while (depth > 0)
        {
            byteOut('}');
            depth--;
        }
        byteOut('}');
    }

    /**
     * Writes the parallel list fields of one array of objects (e.g. {@code dns.answers.name}, {@code .type}...) as
     * {@code [{"name":..,"type":..},...]}: element k of the array takes the k-th value of each member field.
     *
     * @return the index of the first entry after the array's fields.
     */
    private int writeObjectList(final DirectBuffer buffer, final int recordOffset, final int count, final int from,
        final int objectList)
    {
        int members = 0;
        int elements = 0;
        int i = from;
        int previousRank = -1;
        while (i < count && OBJECT_LIST_BY_RANK[(int)(entries[i] >>> 40)] == objectList)
        {
            final int rank = (int)(entries[i] >>> 40);
            if (rank != previousRank && members < MAX_OBJECT_MEMBERS)
            {
                memberStarts[members++] = i;
                previousRank = rank;
            }
            i++;
        }
        memberStarts[members] = i;
        for (int m = 0; m < members; m++)
        {
            elements = Math.max(elements, memberStarts[m + 1] - memberStarts[m]);
        }
        byteOut('[');
        for (int e = 0; e < elements; e++)
        {
            if (e > 0)
            {
                byteOut(',');
            }
            byteOut('{');
            boolean first = true;
            for (int m = 0; m < members; m++)
            {
                final int at = memberStarts[m] + e;
                if (at < memberStarts[m + 1])
                {
                    if (!first)
                    {
                        byteOut(',');
                    }
                    first = false;
                    final int rank = (int)(entries[at] >>> 40);
                    final byte[][] path = PATH_BYTES_BY_RANK[rank];
                    key(path[path.length - 1]);
                    writeFieldValue(Fields.byId(KEY_BY_RANK[rank]), buffer, recordOffset, entries[at]);
                }
            }
            byteOut('}');
        }
        byteOut(']');
        return i;
    }

    private static boolean samePrefix(final int openRank, final int rank, final int level)
    {
        final String[] a = PATH_BY_RANK[openRank];
        final String[] b = PATH_BY_RANK[rank];
        for (int s = 0; s <= level; s++)
        {
            if (s >= a.length - 1 || s >= b.length - 1 || !a[s].equals(b[s]))
            {
                return false;
            }
        }
        return true;
    }

    private void comma(final int depth)
    {
        if (firstInObject[depth])
        {
            firstInObject[depth] = false;
        }
        else
        {
            byteOut(',');
        }
    }

    private void key(final byte[] name)
    {
        byteOut('"');
        out.putBytes(length, name);
        length += name.length;
        byteOut('"');
        byteOut(':');
    }

    private void writeHeaderValue(final HeaderKey key)
    {
        switch (key)
        {
            case TIMESTAMP -> timestamp(reader.timestampNanos());
            case DATASET ->
            {
                final Dataset dataset = reader.dataset();
                ascii(dataset == null ? "unknown" : dataset.id());
            }
            case KIND -> ascii(reader.dataset() == Dataset.ALERT ? "alert" : "event");
            case HOSTNAME -> string(hostname, 0, hostname.capacity());
            case UID -> uid(reader.flowUid());
            case SOURCE_IP -> ip(reader.buffer(), reader.sourceAddressOffset(), reader.ipVersion() == 6 ? 16 : 4);
            case DESTINATION_IP ->
                ip(reader.buffer(), reader.destinationAddressOffset(), reader.ipVersion() == 6 ? 16 : 4);
            case SOURCE_PORT -> number(reader.sourcePort());
            case DESTINATION_PORT -> number(reader.destinationPort());
            case TRANSPORT -> ascii(transportName(reader.transport()));
            case NETWORK_TYPE -> ascii(reader.ipVersion() == 6 ? "ipv6" : "ipv4");
            case TRUNCATED -> literal("true");
            default -> literal("null");
        }
    }

    private static String transportName(final int protocol)
    {
        return switch (protocol)
        {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "ipv6-icmp";
            case 132 -> "sctp";
            default -> "ip-" + protocol;
        };
    }

    private void writeFieldValue(final Field field, final DirectBuffer buffer, final int recordOffset,
        final long entry)
    {
        final int valueOffset = recordOffset + (int)(entry & 0xFFFFFFFFL);
        final int valueLength = buffer.getShort(valueOffset - 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        switch (field.type())
        {
            case STRING -> string(buffer, valueOffset, valueLength);
            case LONG -> number(valueLength == 8 ? buffer.getLong(valueOffset, java.nio.ByteOrder.LITTLE_ENDIAN) : 0);
            case DOUBLE ->
            {
                final double value = valueLength == 8 ?
                    buffer.getDouble(valueOffset, java.nio.ByteOrder.LITTLE_ENDIAN) : Double.NaN;
                if (Double.isFinite(value))
                {
                    literal(Double.toString(value));
                }
                else
                {
                    literal("null");
                }
            }
            case TIMESTAMP ->
                timestamp(valueLength == 8 ? buffer.getLong(valueOffset, java.nio.ByteOrder.LITTLE_ENDIAN) : 0);
            case HEX ->
            {
                byteOut('"');
                for (int i = 0; i < valueLength; i++)
                {
                    final int b = buffer.getByte(valueOffset + i) & 0xFF;
                    byteOut(HEX[b >>> 4]);
                    byteOut(HEX[b & 0xF]);
                }
                byteOut('"');
            }
            case BOOLEAN -> literal(valueLength == 1 && buffer.getByte(valueOffset) != 0 ? "true" : "false");
            case IP -> ip(buffer, valueOffset, valueLength);
            default -> literal("null");
        }
    }

    private void string(final DirectBuffer buffer, final int offset, final int length)
    {
        byteOut('"');
        int i = 0;
        while (i < length)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            if (b >= 0x80)
            {
                final int sequence = validUtf8Sequence(buffer, offset + i, length - i);
                if (sequence > 0)
                {
                    for (int k = 0; k < sequence; k++)
                    {
                        byteOut(buffer.getByte(offset + i + k));
                    }
                    i += sequence;
                }
                else
                {
                    escapeByte(b);
                    i++;
                }
                continue;
            }
            switch (b)
            {
                case '"' -> twoChars('\\', '"');
                case '\\' -> twoChars('\\', '\\');
                case '\n' -> twoChars('\\', 'n');
                case '\r' -> twoChars('\\', 'r');
                case '\t' -> twoChars('\\', 't');
                default ->
                {
                    if (b < 0x20 || b == 0x7F)
                    {
                        escapeByte(b);
                    }
                    else
                    {
                        byteOut(b);
                    }
                }
            }
            i++;
        }
        byteOut('"');
    }

    /**
     * Length of a well-formed UTF-8 sequence (RFC 3629) at {@code offset}, or 0 when the bytes are not one;
     * raw bytes from packets are often not UTF-8, and those are escaped as code points U+0080..U+00FF.
     */
    private static int validUtf8Sequence(final DirectBuffer buffer, final int offset, final int available)
    {
        final int b0 = buffer.getByte(offset) & 0xFF;
        final int needed;
        final int min;
        if (b0 >= 0xC2 && b0 <= 0xDF)
        {
            needed = 2;
            min = 0x80;
        }
        else if (b0 >= 0xE0 && b0 <= 0xEF)
        {
            needed = 3;
            min = 0x800;
        }
        else if (b0 >= 0xF0 && b0 <= 0xF4)
        {
            needed = 4;
            min = 0x10000;
        }
        else
        {
            return 0;
        }
        if (available < needed)
        {
            return 0;
        }
        int codePoint = b0 & (0xFF >>> (needed + 1));
        for (int k = 1; k < needed; k++)
        {
            final int b = buffer.getByte(offset + k) & 0xFF;
            if ((b & 0xC0) != 0x80)
            {
                return 0;
            }
            codePoint = (codePoint << 6) | (b & 0x3F);
        }
        if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        {
            return 0;
        }
        return needed;
    }

    private void escapeByte(final int b)
    {
        byteOut('\\');
        byteOut('u');
        byteOut('0');
        byteOut('0');
        byteOut(HEX[b >>> 4]);
        byteOut(HEX[b & 0xF]);
    }

    private void twoChars(final char a, final char b)
    {
        byteOut(a);
        byteOut(b);
    }

    private void uid(final long uid)
    {
        byteOut('"');
        for (int shift = 60; shift >= 0; shift -= 4)
        {
            byteOut(HEX[(int)(uid >>> shift) & 0xF]);
        }
        byteOut('"');
    }

    private void ip(final DirectBuffer buffer, final int offset, final int addressLength)
    {
        byteOut('"');
        if (addressLength == 4)
        {
            for (int i = 0; i < 4; i++)
            {
                if (i > 0)
                {
                    byteOut('.');
                }
                length += out.putIntAscii(length, buffer.getByte(offset + i) & 0xFF);
            }
        }
        else if (addressLength == 16)
        {
            ipv6(buffer, offset);
        }
        byteOut('"');
    }

    /** RFC 5952 text: lowercase, leading zeros dropped, the longest run of two or more zero groups as "::". */
    private void ipv6(final DirectBuffer buffer, final int offset)
    {
        if (buffer.getLong(offset) == 0 && buffer.getShort(offset + 8) == 0 && buffer.getShort(offset + 10) == -1)
        {
            // RFC 5952 5: an IPv4-mapped address keeps its IPv4 part in dotted form.
            literal("::ffff:");
            for (int i = 12; i < 16; i++)
            {
                if (i > 12)
                {
                    byteOut('.');
                }
                length += out.putIntAscii(length, buffer.getByte(offset + i) & 0xFF);
            }
            return;
        }
        int bestStart = -1;
        int bestLength = 0;
        int runStart = -1;
        for (int g = 0; g < 8; g++)
        {
            final boolean zero = buffer.getShort(offset + 2 * g) == 0;
            if (zero)
            {
                if (runStart < 0)
                {
                    runStart = g;
                }
                final int runLength = g - runStart + 1;
                if (runLength > bestLength)
                {
                    bestLength = runLength;
                    bestStart = runStart;
                }
            }
            else
            {
                runStart = -1;
            }
        }
        if (bestLength < 2)
        {
            bestStart = -1;
        }
        for (int g = 0; g < 8; g++)
        {
            if (g == bestStart)
            {
                byteOut(':');
                byteOut(':');
                g += bestLength - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLength)
            {
                byteOut(':');
            }
            final int group = ((buffer.getByte(offset + 2 * g) & 0xFF) << 8)
                | (buffer.getByte(offset + 2 * g + 1) & 0xFF);
            boolean started = false;
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                final int nibble = (group >>> shift) & 0xF;
                if (nibble != 0 || started || shift == 0)
                {
                    byteOut(HEX[nibble]);
                    started = true;
                }
            }
        }
    }

    /** ISO-8601 UTC with microseconds, as Zeek and ECS consumers expect. */
    private void timestamp(final long nanos)
    {
        final long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        final long micros = Math.floorMod(nanos, 1_000_000_000L) / 1000;
        final long days = Math.floorDiv(seconds, 86_400L);
        final long secondOfDay = Math.floorMod(seconds, 86_400L);
        // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse).
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long mp = (5 * dayOfYear + 2) / 153;
        final long day = dayOfYear - (153 * mp + 2) / 5 + 1;
        final long month = mp < 10 ? mp + 3 : mp - 9;
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        byteOut('"');
        digits(year, 4);
        byteOut('-');
        digits(month, 2);
        byteOut('-');
        digits(day, 2);
        byteOut('T');
        digits(secondOfDay / 3600, 2);
        byteOut(':');
        digits((secondOfDay / 60) % 60, 2);
        byteOut(':');
        digits(secondOfDay % 60, 2);
        byteOut('.');
        digits(micros, 6);
        byteOut('Z');
        byteOut('"');
    }

    private void digits(final long value, final int width)
    {
        long divisor = 1;
        for (int i = 1; i < width; i++)
        {
            divisor *= 10;
        }
        long v = Math.abs(value);
        if (v >= divisor * 10)
        {
            length += out.putLongAscii(length, v);
            return;
        }
        for (long d = divisor; d > 0; d /= 10)
        {
            byteOut((int)('0' + (v / d) % 10));
        }
    }

    private void number(final long value)
    {
        length += out.putLongAscii(length, value);
    }

    private void ascii(final String value)
    {
        byteOut('"');
        literal(value);
        byteOut('"');
    }

    private void literal(final String value)
    {
        length += out.putStringWithoutLengthAscii(length, value);
    }

    private void byteOut(final int b)
    {
        out.putByte(length++, (byte)b);
    }

    private static int comparePaths(final String[] a, final String[] b)
    {
        final int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++)
        {
            final int c = a[i].compareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
