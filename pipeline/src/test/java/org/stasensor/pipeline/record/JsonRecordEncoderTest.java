package org.stasensor.pipeline.record;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * JSON made from records, read back with Jackson (a strict parser no one here wrote) and compared with the values
 * that were written: nesting of ECS names, lists, numbers, booleans; timestamps against {@link Instant}; IPv4 text
 * against the JDK; IPv6 text against Python's {@code ipaddress} (RFC 5952); raw bytes against the JDK's own UTF-8
 * validity rules.
 */
class JsonRecordEncoderTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MICROS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final int SLOT = RecordDescriptor.MAX_RECORD_LENGTH;

    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[SLOT + 64]);
    private final RecordWriter writer = new RecordWriter();

    /** A record and what was put into it. */
    private static final class Written
    {
        Dataset dataset;
        long timestamp;
        long uid;
        int ipVersion;
        int transport;
        byte[] source;
        byte[] destination;
        int sourcePort;
        int destinationPort;
        final Map<Field, List<Object>> values = new LinkedHashMap<>();
    }

    @Test
    void randomRecordsReadBackWithTheValuesWritten() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(2024);
        final Field[] fields = Fields.all();
        final JsonRecordEncoder encoder = new JsonRecordEncoder("sensor-01.example");
        for (int round = 0; round < 500; round++)
        {
            final Written w = new Written();
            w.dataset = Dataset.values()[random.nextInt(Dataset.values().length)];
            w.timestamp = random.nextLong(-2_000_000_000_000_000_000L, 4_000_000_000_000_000_000L);
            w.uid = random.nextInt(4) == 0 ? 0 : random.nextLong();
            w.ipVersion = random.nextBoolean() ? 4 : 6;
            w.transport = new int[] {6, 17, 1}[random.nextInt(3)];
            w.source = randomBytes(random, w.ipVersion == 4 ? 4 : 16);
            w.destination = randomBytes(random, w.ipVersion == 4 ? 4 : 16);
            w.sourcePort = random.nextInt(65536);
            w.destinationPort = random.nextInt(65536);
            final int offset = random.nextInt(64);
            writer.begin(slot, offset, SLOT, w.dataset, w.timestamp);
            final UnsafeBuffer addresses = new UnsafeBuffer(new byte[32]);
            addresses.putBytes(0, w.source);
            addresses.putBytes(16, w.destination);
            writer.connection(w.uid, w.ipVersion, w.transport, addresses, 0, 16, w.sourcePort, w.destinationPort);
            for (final Field field : fields)
            {
                if (random.nextInt(3) != 0)
                {
                    continue;
                }
                final int count = field.isList() ? random.nextInt(1, 6) : 1;
                for (int i = 0; i < count; i++)
                {
                    final Object value = switch (field.type())
                    {
                        case STRING -> randomText(random);
                        case LONG -> random.nextBoolean() ? random.nextLong() : (long)random.nextInt(100_000);
                        case TIMESTAMP -> random.nextLong();
                        case BOOLEAN -> random.nextBoolean();
                        default -> null;
                    };
                    if (value == null)
                    {
                        continue;
                    }
                    switch (value)
                    {
                        case String s -> writer.putString(field, s);
                        case Long l -> writer.putLong(field, l);
                        case Boolean b -> writer.putBoolean(field, b);
                        default -> throw new IllegalStateException();
                    }
                    w.values.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
                }
            }
            writer.finish();
            final JsonNode json = encode(encoder, slot, offset);
            check(json, w, "round " + round);
        }
    }

    private static void check(final JsonNode json, final Written w, final String where) throws IOException
    {
        assertEquals(micros(w.timestamp), json.get("@timestamp").asText(), where + " @timestamp");
        assertEquals(w.dataset.id(), json.at("/event/dataset").asText(), where);
        assertEquals(w.dataset == Dataset.ALERT ? "alert" : "event", json.at("/event/kind").asText(), where);
        assertEquals("sensor-01.example", json.at("/observer/hostname").asText(), where);
        if (w.uid == 0)
        {
            assertTrue(json.at("/sta/uid").isMissingNode(), where);
        }
        else
        {
            assertEquals(w.uid, Long.parseUnsignedLong(json.at("/sta/uid").asText(), 16), where + " uid");
        }
        assertEquals(InetAddress.getByAddress(w.source), InetAddress.getByName(json.at("/source/ip").asText()),
            where + " source.ip");
        assertEquals(InetAddress.getByAddress(w.destination),
            InetAddress.getByName(json.at("/destination/ip").asText()), where + " destination.ip");
        if (w.ipVersion == 4)
        {
            assertEquals(InetAddress.getByAddress(w.source).getHostAddress(), json.at("/source/ip").asText());
        }
        assertEquals(w.ipVersion == 4 ? "ipv4" : "ipv6", json.at("/network/type").asText(), where);
        assertEquals(switch (w.transport)
        {
            case 6 -> "tcp";
            case 17 -> "udp";
            default -> "icmp";
        }, json.at("/network/transport").asText(), where);
        if (w.transport == 1)
        {
            assertTrue(json.at("/source/port").isMissingNode(), where + " no ports for icmp");
        }
        else
        {
            assertEquals(w.sourcePort, json.at("/source/port").asInt(-1), where);
            assertEquals(w.destinationPort, json.at("/destination/port").asInt(-1), where);
        }
        for (final Map.Entry<Field, List<Object>> entry : w.values.entrySet())
        {
            final Field field = entry.getKey();
            final String what = where + " " + field.name();
            final String objectList = objectListOf(field);
            if (objectList != null)
            {
                // Member k of an array of objects: {"dns":{"answers":[{"name":..},..]}}.
                final JsonNode array = json.at("/" + objectList.replace('.', '/'));
                assertTrue(array.isArray(), what + " in " + json);
                final String member = field.name().substring(objectList.length() + 1);
                for (int i = 0; i < entry.getValue().size(); i++)
                {
                    checkValue(field, entry.getValue().get(i), array.get(i).get(member), what + "[" + i + "]");
                }
                continue;
            }
            final JsonNode node = json.at("/" + field.name().replace('.', '/'));
            assertFalse(node.isMissingNode(), what + " missing in " + json);
            if (field.isList())
            {
                assertTrue(node.isArray(), what);
                assertEquals(entry.getValue().size(), node.size(), what);
                for (int i = 0; i < node.size(); i++)
                {
                    checkValue(field, entry.getValue().get(i), node.get(i), what + "[" + i + "]");
                }
            }
            else
            {
                checkValue(field, entry.getValue().get(0), node, what);
            }
        }
    }

    private static String objectListOf(final Field field)
    {
        for (final String list : Fields.OBJECT_LISTS)
        {
            if (field.name().startsWith(list + "."))
            {
                return list;
            }
        }
        return null;
    }

    private static void checkValue(final Field field, final Object expected, final JsonNode node, final String what)
    {
        switch (field.type())
        {
            case STRING -> assertEquals(expected, node.textValue(), what);
            case LONG ->
            {
                assertTrue(node.isIntegralNumber(), what);
                assertEquals(expected, node.longValue(), what);
            }
            case BOOLEAN ->
            {
                assertTrue(node.isBoolean(), what);
                assertEquals(expected, node.booleanValue(), what);
            }
            case TIMESTAMP -> assertEquals(micros((Long)expected), node.textValue(), what);
            default -> throw new IllegalStateException(what);
        }
    }

    @Test
    void timestampsAreIsoUtcWithMicrosecondsAsJavaTimeFormatsThem() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(5);
        // Nanoseconds in a long span 1677-09-21 to 2262-04-11.
        final List<Long> values = new ArrayList<>(List.of(0L, -1L, 1L, 999L, 1000L, -1000L, -1001L,
            951_782_400_000_000_000L /* 2000-02-29 */, 4_107_542_399_999_999_999L /* 2100-02-28T23:59:59.999 */,
            -2_203_891_200_000_000_001L /* just before 1900-03-01 */, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1, 946_684_799_999_999_999L, 978_307_200_000_000_000L));
        for (int i = 0; i < 5000; i++)
        {
            values.add(random.nextLong());
        }
        final JsonRecordEncoder encoder = new JsonRecordEncoder(null);
        for (final long nanos : values)
        {
            writer.begin(slot, 0, SLOT, Dataset.FLOW, nanos);
            writer.putLong(Fields.EVENT_END, nanos);
            writer.finish();
            final JsonNode json = encode(encoder, slot, 0);
            assertEquals(micros(nanos), json.get("@timestamp").asText(), "nanos " + nanos);
            assertEquals(micros(nanos), json.at("/event/end").asText(), "nanos " + nanos);
        }
    }

    @Test
    void ipv6TextIsWhatPythonsIpaddressWrites() throws IOException, InterruptedException
    {
        final SplittableRandom random = new SplittableRandom(6);
        final List<byte[]> addresses = new ArrayList<>();
        final HexFormat hex = HexFormat.of();
        for (final String fixed : List.of("00000000000000000000000000000000", "00000000000000000000000000000001",
            "00010000000000000000000000000000", "20010db8000000010000000000000001", "20010db8000000000001000000000001",
            "20010db800000000000100000000000a", "00000001000000000000000000000000", "fe800000000000000000000000000000",
            "20010db8000100000000000000000000", "0000000000000000000000000000ffff", "20010db80000000000000000ffff0000",
            "00010002000300040005000600070008", "000a000b000000000000000c000d000e", "20010db8000000000000000100000000",
            "ff020000000000000000000000000001", "00000000000000000000000001020304"))
        {
            addresses.add(hex.parseHex(fixed));
        }
        for (int i = 0; i < 2000; i++)
        {
            final byte[] address = new byte[16];
            final int zeroChance = random.nextInt(1, 10);
            for (int g = 0; g < 8; g++)
            {
                if (random.nextInt(10) >= zeroChance)
                {
                    final int value = switch (random.nextInt(4))
                    {
                        case 0 -> random.nextInt(16);
                        case 1 -> random.nextInt(256);
                        case 2 -> random.nextInt(4096);
                        default -> random.nextInt(65536);
                    };
                    address[2 * g] = (byte)(value >>> 8);
                    address[2 * g + 1] = (byte)value;
                }
            }
            if (address[0] == 0 && address[1] == 0 && address[2] == 0 && address[3] == 0 && address[4] == 0
                && address[5] == 0 && address[6] == 0 && address[7] == 0 && address[8] == 0 && address[9] == 0
                && (address[10] & 0xFF) == 0xFF && (address[11] & 0xFF) == 0xFF)
            {
                continue; // IPv4-mapped: RFC 5952 section 5 and Python versions differ on the text form
            }
            addresses.add(address);
        }
        final List<String> expected = python(addresses);
        final JsonRecordEncoder encoder = new JsonRecordEncoder(null);
        final List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++)
        {
            writer.begin(slot, 0, SLOT, Dataset.TLS, 0);
            writer.connection(1, 6, 6, new UnsafeBuffer(addresses.get(i)), 0, 0, 1, 2);
            writer.finish();
            final String text = encode(encoder, slot, 0).at("/source/ip").asText();
            if (!text.equals(expected.get(i)))
            {
                mismatches.add(hex.formatHex(addresses.get(i)) + ": " + text + " != " + expected.get(i));
            }
        }
        assertEquals(List.of(), mismatches);
    }

    /**
     * Raw bytes from packets: well-formed UTF-8 sequences (as the JDK's strict decoder judges them) pass through,
     * every other byte becomes the code point of its value (U+0080..U+00FF), control characters are escaped; the
     * output is always JSON a strict parser accepts.
     */
    @Test
    void rawBytesBecomeValidJsonKeepingWellFormedUtf8() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(7);
        final byte[][] pieces = {
            bytes(0xC3, 0xA9), bytes(0xE2, 0x82, 0xAC), bytes(0xF0, 0x9F, 0x98, 0x80), bytes(0xC0, 0x80),
            bytes(0xE0, 0x80, 0xAF), bytes(0xED, 0xA0, 0x80), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF5, 0x80),
            bytes(0xFF), bytes(0x80), bytes(0xE2, 0x82), bytes(0xF0, 0x9F, 0x98), bytes(0x22), bytes(0x5C),
            bytes(0x00), bytes(0x1F), bytes(0x7F), bytes(0x0A), bytes(0x09), bytes(0x41), bytes(0xEF, 0xBF, 0xBF),
            bytes(0xE2, 0x80, 0xA8), bytes(0xC2), bytes(0xDF, 0xBF), bytes(0xF4, 0x8F, 0xBF, 0xBF),
        };
        final JsonRecordEncoder encoder = new JsonRecordEncoder(null);
        for (int round = 0; round < 3000; round++)
        {
            final java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
            final int parts = random.nextInt(1, 12);
            for (int i = 0; i < parts; i++)
            {
                if (random.nextBoolean())
                {
                    value.writeBytes(pieces[random.nextInt(pieces.length)]);
                }
                else
                {
                    value.write(random.nextInt(256));
                }
            }
            final byte[] raw = value.toByteArray();
            writer.begin(slot, 0, SLOT, Dataset.TLS, 0);
            writer.put(Fields.TLS_CLIENT_SERVER_NAME, raw, 0, raw.length);
            writer.finish();
            final JsonNode json = encode(encoder, slot, 0);
            assertEquals(expectedText(raw), json.at("/tls/client/server_name").textValue(),
                "bytes " + HexFormat.of().formatHex(raw));
        }
    }

    /** Lists keep the order in which values were written, however many there are. */
    @Test
    void longListsKeepTheirOrder() throws IOException
    {
        writer.begin(slot, 0, SLOT, Dataset.TLS, 0);
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 600; i++)
        {
            final String name = "n" + i;
            names.add(name);
            writer.putString(Fields.X509_ALTERNATIVE_NAMES, name);
        }
        writer.finish();
        assertEquals(0, new RecordReader().wrap(slot, 0).flags() & RecordDescriptor.FLAG_TRUNCATED);
        final JsonNode list = encode(new JsonRecordEncoder(null), slot, 0).at("/tls/server/x509/alternative_names");
        final List<String> actual = new ArrayList<>();
        list.forEach(node -> actual.add(node.asText()));
        assertEquals(names.size(), actual.size());
        int firstDifference = -1;
        for (int i = 0; i < names.size() && firstDifference < 0; i++)
        {
            firstDifference = names.get(i).equals(actual.get(i)) ? -1 : i;
        }
        assertEquals(-1, firstDifference, "values out of written order; the JSON list starts "
            + actual.subList(0, 8));
    }

    /**
     * A record that holds every value (not flagged truncated) must show every value in JSON, or say that it does not.
     */
    @Test
    void everyValueOfAFullRecordIsInTheJsonOrTheJsonSaysTruncated() throws IOException
    {
        writer.begin(slot, 0, SLOT, Dataset.TLS, 0);
        int written = 0;
        while (writer.length() + 4 + 1 <= SLOT)
        {
            writer.putString(Fields.X509_ALTERNATIVE_NAMES, "x");
            written++;
        }
        writer.finish();
        final RecordReader reader = new RecordReader().wrap(slot, 0);
        assertEquals(written, reader.strings(Fields.X509_ALTERNATIVE_NAMES).size());
        assertEquals(0, reader.flags() & RecordDescriptor.FLAG_TRUNCATED);
        final JsonNode json = encode(new JsonRecordEncoder(null), slot, 0);
        final int shown = json.at("/tls/server/x509/alternative_names").size();
        assertTrue(shown == written || json.at("/sta/record_truncated").asBoolean(false),
            written + " values in the record, " + shown + " in the JSON, and no truncation mark");
    }

    @Test
    void aTruncatedRecordIsMarkedAndKeepsWhatFit() throws IOException
    {
        writer.begin(slot, 0, 300, Dataset.TLS, 0);
        writer.putString(Fields.TLS_VERSION, "1.3");
        writer.putString(Fields.TLS_CLIENT_SERVER_NAME, "a".repeat(500));
        writer.putLong(Fields.TLS_SERVER_CHAIN_LENGTH, 3);
        final int length = writer.finish();
        assertTrue(length <= 300);
        final JsonNode json = encode(new JsonRecordEncoder(null), slot, 0);
        assertTrue(json.at("/sta/record_truncated").asBoolean(false), json.toString());
        assertEquals("1.3", json.at("/tls/version").asText());
        assertTrue(json.at("/tls/client/server_name").isMissingNode());
        assertEquals(3, json.at("/tls/server/chain_length").asLong());
        assertEquals(0, json.at("/tls/server/x509").size());
    }

    @Test
    void theObserverHostnameIsEscapedLikeAnyString() throws IOException
    {
        final String hostname = "sensor \"east\"\\rack\t2";
        writer.begin(slot, 0, SLOT, Dataset.DNS, 1);
        writer.finish();
        final JsonRecordEncoder encoder = new JsonRecordEncoder(hostname);
        final JsonNode json = encode(encoder, slot, 0);
        assertEquals(hostname, json.at("/observer/hostname").asText());
    }

    private static JsonNode encode(final JsonRecordEncoder encoder, final UnsafeBuffer buffer, final int offset)
        throws IOException
    {
        final int length = encoder.encode(buffer, offset);
        final byte[] bytes = new byte[length];
        encoder.buffer().getBytes(0, bytes);
        // Parsing the bytes (not a Java String) lets Jackson check the UTF-8 too.
        return JSON.readTree(bytes);
    }

    private static String micros(final long nanos)
    {
        return MICROS.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
            Math.floorMod(nanos, 1_000_000_000L)));
    }

    private static String expectedText(final byte[] raw)
    {
        final StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < raw.length)
        {
            final int b = raw[i] & 0xFF;
            int taken = 0;
            if (b >= 0x80)
            {
                for (int length = 2; length <= 4 && taken == 0; length++)
                {
                    if (i + length <= raw.length)
                    {
                        final String decoded = strictUtf8(raw, i, length);
                        if (decoded != null && decoded.codePointCount(0, decoded.length()) == 1)
                        {
                            text.append(decoded);
                            taken = length;
                        }
                    }
                }
            }
            if (taken == 0)
            {
                text.append((char)b);
                taken = 1;
            }
            i += taken;
        }
        return text.toString();
    }

    private static String strictUtf8(final byte[] raw, final int offset, final int length)
    {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try
        {
            final CharBuffer chars = decoder.decode(ByteBuffer.wrap(raw, offset, length));
            return chars.toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }

    private static List<String> python(final List<byte[]> addresses) throws IOException, InterruptedException
    {
        final Process process;
        try
        {
            process = new ProcessBuilder("python3", "-c",
                "import sys, ipaddress\n"
                + "for line in sys.stdin:\n"
                + "    print(ipaddress.ip_address(bytes.fromhex(line.strip())).compressed)\n")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        }
        catch (final IOException ex)
        {
            assumeTrue(false, "python3 not available: " + ex.getMessage());
            return List.of();
        }
        final StringBuilder input = new StringBuilder();
        for (final byte[] address : addresses)
        {
            input.append(HexFormat.of().formatHex(address)).append('\n');
        }
        final Thread feeder = Thread.ofVirtual().start(() ->
        {
            try (var out = process.getOutputStream())
            {
                out.write(input.toString().getBytes(StandardCharsets.US_ASCII));
            }
            catch (final IOException ignored)
            {
                // the read below reports the failure
            }
        });
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        feeder.join();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "python3 ipaddress");
        final List<String> lines = output.lines().toList();
        assertEquals(addresses.size(), lines.size());
        return lines;
    }

    private static String randomText(final SplittableRandom random)
    {
        final StringBuilder text = new StringBuilder();
        final int length = random.nextInt(0, 40);
        for (int i = 0; i < length; i++)
        {
            final int kind = random.nextInt(10);
            final int codePoint = switch (kind)
            {
                case 0 -> random.nextInt(0, 0x20);
                case 1 -> "\"\\/\u007f\u2028\u2029".charAt(random.nextInt(6));
                case 2 -> random.nextInt(0x80, 0x800);
                case 3 -> random.nextInt(0x800, 0xD800);
                case 4 -> random.nextInt(0xE000, 0x10000);
                case 5 -> random.nextInt(0x10000, 0x110000);
                default -> random.nextInt(0x20, 0x7F);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static byte[] randomBytes(final SplittableRandom random, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            result[i] = (byte)values[i];
        }
        return result;
    }
}
