package org.stasensor.appliance.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * tshark, the oracle, read through its JSON output ({@code -T json --no-duplicate-keys}), plus the tree walking that
 * output needs: a field that occurs once is a string, several times an array; a protocol layer that occurs several
 * times in a frame (several TLS records) is an array of objects.
 */
public final class TsharkJson
{
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<Long, String>> VALUE_NAMES = new ConcurrentHashMap<>();

    private TsharkJson()
    {
    }

    /**
     * The frames of a capture that match a display filter, dissected.
     *
     * @param capture the pcap/pcapng file.
     * @param filter  a display filter ({@code -Y}), e.g. "tls.handshake".
     * @param layers  protocols to include ({@code -J}), e.g. "frame ip ipv6 tcp tls".
     * @param work    a directory for tshark's output files.
     * @return the JSON array of packets; each has {@code _source.layers}.
     */
    public static JsonNode packets(final Path capture, final String filter, final String layers, final Path work)
    {
        return packets(capture, filter, layers, work, List.of());
    }

    /**
     * The frames of a capture that match a display filter, dissected with extra tshark options, e.g.
     * {@code List.of("-d", "tcp.port==2222,ssh")} to dissect a protocol on a port Wireshark does not expect it on.
     *
     * @param capture the pcap/pcapng file.
     * @param filter  a display filter ({@code -Y}).
     * @param layers  protocols to include ({@code -J}).
     * @param work    a directory for tshark's output files.
     * @param options further tshark arguments, placed before the others.
     * @return the JSON array of packets; each has {@code _source.layers}.
     */
    public static JsonNode packets(final Path capture, final String filter, final String layers, final Path work,
        final List<String> options)
    {
        HostCommands.assumeInstalled("tshark");
        final List<String> command = new ArrayList<>(List.of("tshark", "-n"));
        command.addAll(options);
        command.addAll(List.of("-r", capture.toString(), "-Y", filter, "-T", "json", "--no-duplicate-keys", "-J",
            layers));
        final CommandResult result = HostCommands.run(work, TIMEOUT, command).orFail();
        try
        {
            final JsonNode packets = JSON.readTree(result.stdout());
            return packets == null || packets.isMissingNode() ? JSON.createArrayNode() : packets;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("tshark printed no valid JSON for " + capture, ex);
        }
    }

    /**
     * The names tshark gives to the values of a field ({@code tshark -G values}), e.g. cipher suite numbers to
     * their names. Read once per JVM and field.
     *
     * @param field the field, e.g. "tls.handshake.ciphersuite".
     * @param work  a directory for tshark's output files.
     * @return number to name; empty when the field has no value names.
     */
    public static Map<Long, String> valueNames(final String field, final Path work)
    {
        return VALUE_NAMES.computeIfAbsent(field, key -> readValueNames(key, work));
    }

    /**
     * The value of a one-occurrence field: the text of a string node, or the first element of an array.
     *
     * @param node a node, possibly missing.
     * @return the text, or null when absent.
     */
    public static String text(final JsonNode node)
    {
        if (node == null || node.isMissingNode() || node.isNull())
        {
            return null;
        }
        if (node.isArray())
        {
            return node.isEmpty() ? null : text(node.get(0));
        }
        return node.isValueNode() ? node.asText() : null;
    }

    /**
     * An object node as a one-element list, an array as its elements, anything else as nothing.
     *
     * @param node a node, possibly null.
     * @return the objects.
     */
    public static List<JsonNode> elements(final JsonNode node)
    {
        if (node == null || node.isMissingNode() || node.isNull())
        {
            return List.of();
        }
        if (node.isArray())
        {
            final List<JsonNode> list = new ArrayList<>();
            node.forEach(list::add);
            return list;
        }
        return List.of(node);
    }

    /**
     * Every object below (and including) a node that has a given key, in document order, not looking inside such
     * an object once found.
     *
     * @param root where to search.
     * @param key  the key, e.g. "tls.handshake.type".
     * @return the objects.
     */
    public static List<JsonNode> objectsWithKey(final JsonNode root, final String key)
    {
        final List<JsonNode> found = new ArrayList<>();
        findObjects(root, key, found);
        return found;
    }

    /**
     * All textual values below a node, gathered by field name in document order; array values add one entry per
     * element. Names ending in "_raw" and the subtrees under the skipped keys are left out.
     *
     * @param node     where to start.
     * @param skipKeys keys whose subtrees are left out.
     * @return field name to values.
     */
    public static Map<String, List<String>> flatten(final JsonNode node, final Set<String> skipKeys)
    {
        final Map<String, List<String>> fields = new LinkedHashMap<>();
        flatten(null, node, skipKeys, fields);
        return fields;
    }

    /**
     * The textual values of some fields below a node, in document order (which {@link #flatten} loses between
     * different fields), e.g. the DNS names and IP addresses of a subjectAltName as the certificate lists them.
     *
     * @param node   where to start.
     * @param fields the field names to take.
     * @return the values.
     */
    public static List<String> valuesInOrder(final JsonNode node, final Set<String> fields)
    {
        final List<String> values = new ArrayList<>();
        valuesInOrder(null, node, fields, values);
        return values;
    }

    private static void valuesInOrder(final String name, final JsonNode node, final Set<String> fields,
        final List<String> values)
    {
        if (node.isObject())
        {
            for (final Map.Entry<String, JsonNode> entry : node.properties())
            {
                valuesInOrder(entry.getKey(), entry.getValue(), fields, values);
            }
        }
        else if (node.isArray())
        {
            for (final JsonNode element : node)
            {
                valuesInOrder(name, element, fields, values);
            }
        }
        else if (name != null && fields.contains(name) && node.isValueNode())
        {
            values.add(node.asText());
        }
    }

    private static void flatten(final String name, final JsonNode node, final Set<String> skipKeys,
        final Map<String, List<String>> fields)
    {
        if (node.isObject())
        {
            for (final Map.Entry<String, JsonNode> entry : node.properties())
            {
                if (!skipKeys.contains(entry.getKey()) && !entry.getKey().endsWith("_raw"))
                {
                    flatten(entry.getKey(), entry.getValue(), skipKeys, fields);
                }
            }
        }
        else if (node.isArray())
        {
            for (final JsonNode element : node)
            {
                flatten(name, element, skipKeys, fields);
            }
        }
        else if (name != null && node.isValueNode())
        {
            fields.computeIfAbsent(name, key -> new ArrayList<>()).add(node.asText());
        }
    }

    private static void findObjects(final JsonNode node, final String key, final List<JsonNode> found)
    {
        if (node.isObject())
        {
            if (node.has(key))
            {
                found.add(node);
                return;
            }
            node.forEach(child -> findObjects(child, key, found));
        }
        else if (node.isArray())
        {
            node.forEach(child -> findObjects(child, key, found));
        }
    }

    private static Map<Long, String> readValueNames(final String field, final Path work)
    {
        HostCommands.assumeInstalled("tshark");
        final CommandResult result = HostCommands.run(work, TIMEOUT, List.of("tshark", "-G", "values")).orFail();
        final Map<Long, String> names = new HashMap<>();
        final String prefix = "V\t" + field + "\t";
        for (final String line : result.stdout().split("\n"))
        {
            if (line.startsWith(prefix))
            {
                final String[] parts = line.split("\t", 4);
                if (parts.length == 4)
                {
                    names.put(Long.decode(parts[2]), parts[3]);
                }
            }
        }
        return Collections.unmodifiableMap(names);
    }
}
