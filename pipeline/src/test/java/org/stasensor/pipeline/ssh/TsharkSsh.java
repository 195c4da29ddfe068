package org.stasensor.pipeline.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The oracle: what tshark says of each SSH connection of a capture, and the bytes of each direction as tshark
 * reassembled them ({@code -z follow,tcp,raw,N}). Per direction: the identification lines ({@code ssh.protocol}), the
 * fields of the first KEXINIT (the ten name-lists, first_kex_packet_follows, hassh and hasshserver with their
 * strings), and the algorithms Wireshark itself negotiated, which it shows only in tree labels: "Key Exchange
 * (method:M)" and "SSH Version 2 (encryption:C mac:M compression:Z)" (no "mac:" for an AEAD cipher). Results are
 * kept per capture for the whole run.
 */
final class TsharkSsh
{
    /** KEXINIT fields read, in wire order. */
    static final List<String> KEXINIT_LISTS = List.of("ssh.kex_algorithms", "ssh.server_host_key_algorithms",
        "ssh.encryption_algorithms_client_to_server", "ssh.encryption_algorithms_server_to_client",
        "ssh.mac_algorithms_client_to_server", "ssh.mac_algorithms_server_to_client",
        "ssh.compression_algorithms_client_to_server", "ssh.compression_algorithms_server_to_client",
        "ssh.languages_client_to_server", "ssh.languages_server_to_client");

    private static final Set<String> KEXINIT_FIELDS = Set.of("ssh.first_kex_packet_follows", "ssh.kex.hassh",
        "ssh.kex.hassh_algorithms", "ssh.kex.hasshserver", "ssh.kex.hasshserver_algorithms");
    private static final String VERSION_LABEL = "SSH Version 2 (";
    private static final String METHOD_LABEL = "Key Exchange (method:";
    private static final Map<String, List<Connection>> CACHE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;

    /**
     * One direction as tshark saw it.
     *
     * @param protocols    identification lines, in frame order.
     * @param kexInit      fields of the first KEXINIT (name to text); empty when tshark saw none.
     * @param versionLabel the negotiated-algorithm labels of this direction's packets.
     * @param sigTypes     ssh.host_sig.type values (server: the signature of its key exchange reply).
     * @param malformed    whether tshark marked a frame of this direction malformed.
     */
    record Side(List<String> protocols, Map<String, String> kexInit, Set<String> versionLabel, List<String> sigTypes,
        boolean[] malformed)
    {
        static Side empty()
        {
            return new Side(new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashSet<>(), new ArrayList<>(),
                new boolean[1]);
        }
    }

    /**
     * One TCP connection carrying SSH.
     *
     * @param capture    file name.
     * @param stream     tcp.stream.
     * @param clientPort the client's port, as tshark decided which side is the client.
     * @param client     client bytes from the first (follow raw).
     * @param server     server bytes from the first.
     * @param clientSide tshark's view of the client direction.
     * @param serverSide tshark's view of the server direction.
     * @param kexMethods the key exchange methods of tshark's "Key Exchange (method:...)" labels.
     */
    record Connection(String capture, int stream, int clientPort, byte[] client, byte[] server, Side clientSide,
        Side serverSide, Set<String> kexMethods)
    {
        String where()
        {
            return capture + " tcp.stream " + stream;
        }
    }

    private TsharkSsh()
    {
    }

    /**
     * The SSH connections of a capture.
     *
     * @param capture     the file.
     * @param decodeAsSsh a port to dissect as SSH besides 22, or 0.
     * @return connections in stream order.
     */
    static List<Connection> read(final Path capture, final int decodeAsSsh)
    {
        return read(capture, decodeAsSsh == 0 ? null : Integer.toString(decodeAsSsh));
    }

    /**
     * The SSH connections of a capture.
     *
     * @param capture     the file.
     * @param decodeAsSsh a port or port range ("2222-2224") to dissect as SSH besides 22, or null.
     * @return connections in stream order.
     */
    static List<Connection> read(final Path capture, final String decodeAsSsh)
    {
        return CACHE.computeIfAbsent(capture + "#" + decodeAsSsh, key -> run(capture, decodeAsSsh));
    }

    /**
     * Reads several captures two at a time (tshark is single-threaded) into the cache.
     *
     * @param captures the files, each without decode-as.
     */
    static void prefetch(final List<Path> captures)
    {
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try
        {
            final List<CompletableFuture<List<Connection>>> futures = new ArrayList<>();
            for (final Path capture : captures)
            {
                futures.add(CompletableFuture.supplyAsync(() -> read(capture, 0), pool));
            }
            futures.forEach(CompletableFuture::join);
        }
        finally
        {
            pool.shutdown();
        }
    }

    private static List<Connection> run(final Path capture, final String decodeAsSsh)
    {
        final List<String> base = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
        if (decodeAsSsh != null)
        {
            base.addAll(List.of("-d", "tcp.port==" + decodeAsSsh + ",ssh"));
        }
        final List<String> dissect = new ArrayList<>(base);
        dissect.addAll(List.of("-Y", "ssh", "-T", "json", "-J", "tcp ssh", "--no-duplicate-keys"));
        final Map<Integer, Side[]> sides = new TreeMap<>();
        final Map<Integer, Integer> clientPorts = new TreeMap<>();
        final Map<Integer, Set<String>> methods = new TreeMap<>();
        try
        {
            for (final JsonNode packet : JSON.readTree(execute(dissect)))
            {
                final JsonNode layers = packet.path("_source").path("layers");
                final JsonNode tcp = layers.path("tcp");
                final int stream = Integer.parseInt(first(tcp.path("tcp.stream")));
                final int source = Integer.parseInt(first(tcp.path("tcp.srcport")));
                final int destination = Integer.parseInt(first(tcp.path("tcp.dstport")));
                final Map<String, List<String>> fields = new LinkedHashMap<>();
                final Set<String> labels = new LinkedHashSet<>();
                collect(layers.path("ssh"), fields, labels);
                final List<String> direction = fields.getOrDefault("ssh.direction", List.of());
                if (direction.isEmpty())
                {
                    continue;
                }
                final boolean fromServer = "1".equals(direction.get(0));
                clientPorts.putIfAbsent(stream, fromServer ? destination : source);
                final Side side = sides.computeIfAbsent(stream, key -> new Side[]{Side.empty(), Side.empty()})
                    [fromServer ? 1 : 0];
                side.protocols().addAll(fields.getOrDefault("ssh.protocol", List.of()));
                side.sigTypes().addAll(fields.getOrDefault("ssh.host_sig.type", List.of()));
                if (fields.containsKey("ssh.kex_algorithms") && side.kexInit().isEmpty())
                {
                    for (final String name : KEXINIT_LISTS)
                    {
                        side.kexInit().put(name, fields.getOrDefault(name, List.of("")).get(0));
                    }
                    for (final String name : KEXINIT_FIELDS)
                    {
                        final List<String> values = fields.get(name);
                        if (values != null)
                        {
                            side.kexInit().put(name, values.get(0));
                        }
                    }
                }
                for (final String label : labels)
                {
                    if (label.startsWith(VERSION_LABEL))
                    {
                        side.versionLabel().add(label);
                    }
                    else if (label.startsWith(METHOD_LABEL))
                    {
                        methods.computeIfAbsent(stream, key -> new LinkedHashSet<>())
                            .add(label.substring(METHOD_LABEL.length(), label.length() - 1));
                    }
                }
                if (containsKey(layers, "_ws.malformed"))
                {
                    side.malformed()[0] = true;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("tshark JSON of " + capture, ex);
        }
        final Map<Integer, byte[][]> bytes = follow(base, sides.keySet(), clientPorts);
        final List<Connection> connections = new ArrayList<>();
        for (final Map.Entry<Integer, Side[]> entry : sides.entrySet())
        {
            final int stream = entry.getKey();
            final byte[][] directions = bytes.getOrDefault(stream, new byte[][]{new byte[0], new byte[0]});
            connections.add(new Connection(capture.getFileName().toString(), stream, clientPorts.get(stream),
                directions[0], directions[1], entry.getValue()[0], entry.getValue()[1],
                methods.getOrDefault(stream, Set.of())));
        }
        return connections;
    }

    /** Both directions of each stream from one tshark run: [client, server]. */
    private static Map<Integer, byte[][]> follow(final List<String> base, final Set<Integer> streams,
        final Map<Integer, Integer> clientPorts)
    {
        final Map<Integer, byte[][]> result = new TreeMap<>();
        if (streams.isEmpty())
        {
            return result;
        }
        final List<String> command = new ArrayList<>(base);
        command.add("-q");
        for (final int stream : streams)
        {
            command.addAll(List.of("-z", "follow,tcp,raw," + stream));
        }
        final String output = new String(execute(command), StandardCharsets.US_ASCII);
        int stream = -1;
        final String[] nodePorts = new String[2];
        ByteArrayOutputStream[] directions = null;
        for (final String line : output.split("\n"))
        {
            if (line.startsWith("Filter: tcp.stream eq "))
            {
                stream = Integer.parseInt(line.substring("Filter: tcp.stream eq ".length()).strip());
                directions = new ByteArrayOutputStream[]{new ByteArrayOutputStream(), new ByteArrayOutputStream()};
            }
            else if (line.startsWith("Node 0: ") || line.startsWith("Node 1: "))
            {
                final String node = line.substring(8).strip();
                nodePorts[line.charAt(5) - '0'] = node.substring(node.lastIndexOf(':') + 1);
            }
            else if (line.startsWith("====") && directions != null)
            {
                final Integer clientPort = clientPorts.get(stream);
                final boolean nodeZeroIsClient = clientPort == null
                    || !Integer.toString(clientPort).equals(nodePorts[1]) || nodePorts[0].equals(nodePorts[1]);
                final byte[] zero = directions[0].toByteArray();
                final byte[] one = directions[1].toByteArray();
                result.put(stream, nodeZeroIsClient ? new byte[][]{zero, one} : new byte[][]{one, zero});
                directions = null;
            }
            else if (directions != null && !line.isBlank())
            {
                final boolean nodeOne = line.startsWith("\t");
                directions[nodeOne ? 1 : 0].writeBytes(HexFormat.of().parseHex(line.strip()));
            }
        }
        return result;
    }

    private static void collect(final JsonNode node, final Map<String, List<String>> fields, final Set<String> labels)
    {
        if (node.isArray())
        {
            for (final JsonNode element : node)
            {
                collect(element, fields, labels);
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
            if (name.startsWith(VERSION_LABEL) || name.startsWith(METHOD_LABEL))
            {
                labels.add(name);
            }
            if (name.startsWith("ssh.") && entry.getValue().isValueNode())
            {
                fields.computeIfAbsent(name, key -> new ArrayList<>()).add(entry.getValue().asText());
            }
            else if (name.startsWith("ssh.") && entry.getValue().isArray()
                && entry.getValue().size() > 0 && entry.getValue().get(0).isValueNode())
            {
                for (final JsonNode value : entry.getValue())
                {
                    fields.computeIfAbsent(name, key -> new ArrayList<>()).add(value.asText());
                }
            }
            else
            {
                collect(entry.getValue(), fields, labels);
            }
        }
    }

    private static boolean containsKey(final JsonNode node, final String key)
    {
        if (node.isObject() && node.has(key))
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
        return false;
    }

    private static String first(final JsonNode node)
    {
        return node.isArray() ? node.get(0).asText() : node.asText();
    }

    private static byte[] execute(final List<String> command)
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
            assumeTrue(false, "tshark not available: " + ex.getMessage());
            return new byte[0];
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    private static byte[] readAll(final InputStream in)
    {
        try (in)
        {
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
