package org.stasensor.pipeline.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * The oracle: every ClientHello and ServerHello tshark dissects in a capture, with the message bytes tshark itself
 * delimited ({@code tls.handshake_raw}, taken from its reassembled data, so hellos spanning TCP segments are
 * included) and the fields tshark decoded and computed (JA3, JA3S, lists, SNI). Results are kept per capture for
 * the whole test run, since several test classes compare against the same captures.
 */
final class TsharkHandshakes
{
    /** Field names read from each handshake node, without the "tls." / "dtls." prefix. */
    static final Set<String> FIELDS = Set.of(
        "handshake.type", "handshake.version", "handshake.session_id_length", "handshake.ciphersuite",
        "handshake.comp_method", "handshake.extension.type", "handshake.extensions_server_name",
        "handshake.extensions.supported_version", "handshake.extensions_supported_group",
        "handshake.extensions_ec_point_format", "handshake.extensions_alpn_str", "handshake.extensions_alpn_str_raw",
        "handshake.extensions_key_share_group", "handshake.ja3", "handshake.ja3_full", "handshake.ja3s",
        "handshake.ja3s_full", "handshake.cipherspec", "handshake.challenge_length", "handshake.random",
        "handshake.extensions_key_share_selected_group");

    /** Pseudo-field present (value "true") when tshark marked the packet malformed. */
    static final String MALFORMED = "malformed";

    private static final Map<String, List<Handshake>> CACHE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;

    /**
     * One handshake message as tshark saw it.
     *
     * @param capture file name.
     * @param frame   frame number where tshark showed it.
     * @param stream  tcp.stream or udp.stream.
     * @param udp     true when carried over UDP (QUIC, DTLS).
     * @param message the message bytes, handshake header included.
     * @param fields  decoded fields (prefix-free names), values in wire order.
     */
    record Handshake(
        String capture, int frame, int stream, boolean udp, byte[] message, Map<String, List<String>> fields)
    {
        int type()
        {
            return message[0] & 0xFF;
        }

        List<String> values(final String field)
        {
            return fields.getOrDefault(field, List.of());
        }

        String first(final String field)
        {
            final List<String> values = values(field);
            return values.isEmpty() ? null : values.get(0);
        }

        List<Integer> numbers(final String field)
        {
            final List<Integer> numbers = new ArrayList<>();
            for (final String value : values(field))
            {
                numbers.add(Integer.decode(value));
            }
            return numbers;
        }

        String where()
        {
            return capture + " frame " + frame;
        }
    }

    private TsharkHandshakes()
    {
    }

    /**
     * Files of the corpus matching glob patterns relative to the corpus root, e.g. "nDPI/pcap/*tls*.pcap*".
     *
     * @param patterns glob patterns.
     * @return the files, sorted.
     */
    static List<Path> corpusFiles(final String... patterns)
    {
        final Path root = TestFiles.corpus();
        final List<Path> files = new ArrayList<>();
        for (final String pattern : patterns)
        {
            final Path directory = root.resolve(pattern).getParent();
            final var matcher = directory.getFileSystem().getPathMatcher("glob:" + root.resolve(pattern));
            try (Stream<Path> list = Files.list(directory))
            {
                list.filter(matcher::matches).filter(Files::isRegularFile).forEach(files::add);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        Collections.sort(files);
        return files;
    }

    /**
     * The TLS hellos of several captures, tshark run two at a time.
     *
     * @param captures the files.
     * @return per file, its hellos in frame order.
     */
    static Map<Path, List<Handshake>> tls(final List<Path> captures)
    {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try
        {
            final Map<Path, CompletableFuture<List<Handshake>>> futures = new LinkedHashMap<>();
            for (final Path capture : captures)
            {
                futures.put(capture, CompletableFuture.supplyAsync(() -> read(capture, "tls"), pool));
            }
            final Map<Path, List<Handshake>> results = new LinkedHashMap<>();
            futures.forEach((capture, future) -> results.put(capture, future.join()));
            return results;
        }
        finally
        {
            pool.shutdown();
        }
    }

    /**
     * The hellos of one capture.
     *
     * @param capture  the file.
     * @param protocol "tls" or "dtls".
     * @return hellos in frame order.
     */
    static List<Handshake> read(final Path capture, final String protocol)
    {
        return CACHE.computeIfAbsent(protocol + ":" + capture, key -> run(capture, protocol));
    }

    private static List<Handshake> run(final Path capture, final String protocol)
    {
        final String filter = protocol + ".handshake.type == 1 || " + protocol + ".handshake.type == 2";
        final byte[] output = execute(List.of("tshark", "-n", "-r", capture.toString(), "-Y", filter, "-T", "json",
            "-x", "--no-duplicate-keys", "-J", "frame tcp udp " + protocol));
        final List<Handshake> handshakes = new ArrayList<>();
        try
        {
            final JsonNode packets = JSON.readTree(output);
            for (final JsonNode packet : packets)
            {
                final JsonNode layers = packet.path("_source").path("layers");
                final int frame = Integer.parseInt(text(layers.path("frame").path("frame.number")));
                final boolean udp = !layers.has("tcp");
                final JsonNode transport = udp ? layers.path("udp").path("udp.stream")
                    : layers.path("tcp").path("tcp.stream");
                final int stream = Integer.parseInt(text(transport));
                final int before = handshakes.size();
                collect(capture.getFileName().toString(), frame, stream, udp, layers.path(protocol), protocol,
                    handshakes);
                if (containsKey(layers, "_ws.malformed"))
                {
                    for (int i = before; i < handshakes.size(); i++)
                    {
                        handshakes.get(i).fields().put(MALFORMED, List.of("true"));
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("tshark JSON of " + capture, ex);
        }
        return handshakes;
    }

    private static void collect(final String capture, final int frame, final int stream, final boolean udp,
        final JsonNode node, final String protocol, final List<Handshake> out)
    {
        if (node.isArray())
        {
            for (final JsonNode element : node)
            {
                collect(capture, frame, stream, udp, element, protocol, out);
            }
            return;
        }
        if (!node.isObject())
        {
            return;
        }
        final JsonNode handshake = node.get(protocol + ".handshake");
        final JsonNode raw = node.get(protocol + ".handshake_raw");
        if (handshake != null && raw != null)
        {
            final List<JsonNode> handshakes = elements(handshake);
            final List<JsonNode> raws = raw.get(0).isTextual() ? List.of(raw) : elements(raw);
            for (int i = 0; i < handshakes.size() && i < raws.size(); i++)
            {
                final Map<String, List<String>> fields = new LinkedHashMap<>();
                gather(handshakes.get(i), protocol + ".", fields);
                final List<String> type = fields.getOrDefault("handshake.type", List.of());
                if (type.size() == 1 && ("1".equals(type.get(0)) || "2".equals(type.get(0))))
                {
                    final byte[] message = HexFormat.of().parseHex(raws.get(i).get(0).asText());
                    out.add(new Handshake(capture, frame, stream, udp, message, fields));
                }
            }
        }
        final var names = node.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!name.equals(protocol + ".handshake") && !name.endsWith("_raw"))
            {
                collect(capture, frame, stream, udp, node.get(name), protocol, out);
            }
        }
    }

    private static boolean containsKey(final JsonNode node, final String key)
    {
        if (node.isObject())
        {
            if (node.has(key))
            {
                return true;
            }
            for (final JsonNode child : node)
            {
                if (containsKey(child, key))
                {
                    return true;
                }
            }
        }
        else if (node.isArray())
        {
            for (final JsonNode child : node)
            {
                if (containsKey(child, key))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static void gather(final JsonNode node, final String prefix, final Map<String, List<String>> fields)
    {
        if (node.isArray())
        {
            for (final JsonNode element : node)
            {
                gather(element, prefix, fields);
            }
            return;
        }
        if (!node.isObject())
        {
            return;
        }
        final var entries = node.fields();
        while (entries.hasNext())
        {
            final var entry = entries.next();
            final String name = entry.getKey();
            if (name.startsWith(prefix) && FIELDS.contains(name.substring(prefix.length())))
            {
                final List<String> values = fields.computeIfAbsent(name.substring(prefix.length()),
                    key -> new ArrayList<>());
                if (name.endsWith("_raw"))
                {
                    final JsonNode raw = entry.getValue();
                    for (final JsonNode one : raw.get(0).isTextual() ? List.of(raw) : elements(raw))
                    {
                        values.add(one.get(0).asText());
                    }
                }
                else
                {
                    flatten(entry.getValue(), values);
                }
            }
            else if (!name.endsWith("_raw"))
            {
                gather(entry.getValue(), prefix, fields);
            }
        }
    }

    private static void flatten(final JsonNode node, final List<String> values)
    {
        if (node.isArray())
        {
            for (final JsonNode element : node)
            {
                flatten(element, values);
            }
        }
        else if (node.isValueNode())
        {
            values.add(node.asText());
        }
    }

    private static List<JsonNode> elements(final JsonNode node)
    {
        final List<JsonNode> list = new ArrayList<>();
        if (node.isArray())
        {
            node.forEach(list::add);
        }
        else
        {
            list.add(node);
        }
        return list;
    }

    private static String text(final JsonNode node)
    {
        return node.isArray() ? node.get(0).asText() : node.asText();
    }

    /**
     * Runs a program (tshark, text2pcap) and returns its standard output; stderr is dropped.
     *
     * @param command program and arguments.
     * @return stdout.
     * @throws AssertionError when it fails or times out.
     */
    static byte[] execute(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            final CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(
                () -> readAll(process.getInputStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            if (process.exitValue() != 0)
            {
                throw new AssertionError("exit " + process.exitValue() + ": " + command);
            }
            return output.join();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not run " + command + " (is tshark installed?)", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    static String text(final byte[] ascii, final int length)
    {
        return new String(ascii, 0, length, StandardCharsets.US_ASCII);
    }

    private static byte[] readAll(final InputStream in)
    {
        try (in)
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
