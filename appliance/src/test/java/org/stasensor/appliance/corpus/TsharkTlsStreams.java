package org.stasensor.appliance.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.stasensor.appliance.lab.TsharkJson;

/**
 * What tshark, the oracle, sees of the TLS handshakes of a capture, one entry per {@code tcp.stream} that carries a
 * ClientHello: the stream's endpoints, its first ClientHello (JA3, JA3 string, SNI) and its first ServerHello that
 * is not a HelloRetryRequest (JA3S, JA3S string, negotiated version, cipher suite). tshark's default TCP and TLS
 * reassembly delimits the messages; tunnels (IP in IP, GRE, ERSPAN, VXLAN) are dissected down to the innermost IP
 * header, whose addresses are the ones taken.
 */
final class TsharkTlsStreams
{
    /** RFC 8446 4.1.3: a ServerHello whose random is SHA-256("HelloRetryRequest") is a HelloRetryRequest. */
    private static final String HELLO_RETRY_REQUEST_RANDOM =
        "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c";
    private static final String FILTER = "tcp && (tls.handshake.type == 1 || tls.handshake.type == 2)";
    private static final String LAYERS = "frame ip ipv6 tcp tls";
    private static final String CLIENT_HELLO = "1";
    private static final String SERVER_HELLO = "2";

    /**
     * One TCP connection with a ClientHello, as tshark dissects it.
     *
     * @param stream       tshark's {@code tcp.stream} index (FoxIO's JA4 output numbers streams the same way).
     * @param clientIp     sender of the first ClientHello.
     * @param clientPort   its port.
     * @param serverIp     the other end.
     * @param serverPort   its port.
     * @param clientHello  the first ClientHello's fields, by tshark field name, in document order.
     * @param serverHello  the first ServerHello's fields that is not a HelloRetryRequest, or null when none.
     * @param helloRetry   whether the server sent a HelloRetryRequest.
     */
    record Stream(int stream, String clientIp, int clientPort, String serverIp, int serverPort,
        Map<String, List<String>> clientHello, Map<String, List<String>> serverHello, boolean helloRetry)
    {
        /**
         * A ClientHello field.
         *
         * @param field e.g. "tls.handshake.ja3".
         * @return its first value, or null.
         */
        String client(final String field)
        {
            return first(clientHello, field);
        }

        /**
         * A ServerHello field.
         *
         * @param field e.g. "tls.handshake.ja3s".
         * @return its first value, or null (also without a ServerHello).
         */
        String server(final String field)
        {
            return serverHello == null ? null : first(serverHello, field);
        }

        /**
         * The negotiated version as the schema writes it: supported_versions of the ServerHello when present
         * (RFC 8446 4.2.1), else its version field.
         *
         * @return e.g. "1.2", or null without a ServerHello.
         */
        String version()
        {
            final String supported = server("tls.handshake.extensions.supported_version");
            final String version = supported != null ? supported : server("tls.handshake.version");
            return version == null ? null : versionName(Integer.decode(version));
        }

        /**
         * The chosen cipher suite as the schema writes it.
         *
         * @return four lowercase hex digits, or null without a ServerHello.
         */
        String cipherId()
        {
            final String suite = server("tls.handshake.ciphersuite");
            return suite == null ? null : String.format("%04x", Integer.decode(suite));
        }

        /**
         * The endpoints in an order that does not depend on direction, to find the sensor's record.
         *
         * @return e.g. "10.0.0.1:443|10.0.0.2:51234".
         */
        String connectionKey()
        {
            return CorpusTls.connectionKey(clientIp, clientPort, serverIp, serverPort);
        }

        /**
         * For messages.
         *
         * @return e.g. "tcp.stream 3 10.0.0.2:51234 -> 10.0.0.1:443", with "(HelloRetryRequest)" after it.
         */
        String describe()
        {
            return "tcp.stream " + stream + " " + clientIp + ":" + clientPort + " -> " + serverIp + ":" + serverPort
                + (helloRetry ? " (HelloRetryRequest)" : "");
        }
    }

    private TsharkTlsStreams()
    {
    }

    /**
     * Runs tshark once over a capture.
     *
     * @param capture the pcap or pcapng file.
     * @param work    a directory for tshark's output files.
     * @return the streams with a ClientHello, by tcp.stream ascending.
     */
    static List<Stream> read(final Path capture, final Path work)
    {
        final Map<Integer, Builder> builders = new TreeMap<>();
        for (final JsonNode packet : TsharkJson.packets(capture, FILTER, LAYERS, work))
        {
            final JsonNode layers = packet.path("_source").path("layers");
            final String innermostIp = innermostIp(TsharkJson.text(layers.path("frame").path("frame.protocols")));
            final JsonNode ip = last(layers.path(innermostIp));
            final JsonNode tcp = last(layers.path("tcp"));
            final String prefix = innermostIp + ".";
            final int stream = Integer.parseInt(TsharkJson.text(tcp.path("tcp.stream")));
            final Builder builder = builders.computeIfAbsent(stream, Builder::new);
            for (final JsonNode record : TsharkJson.objectsWithKey(layers.path("tls"), "tls.record.content_type"))
            {
                for (final JsonNode handshake : TsharkJson.elements(record.get("tls.handshake")))
                {
                    if (handshake.isObject() && handshake.has("tls.handshake.type"))
                    {
                        builder.add(handshake, TsharkJson.text(ip.path(prefix + "src")),
                            Integer.parseInt(TsharkJson.text(tcp.path("tcp.srcport"))),
                            TsharkJson.text(ip.path(prefix + "dst")),
                            Integer.parseInt(TsharkJson.text(tcp.path("tcp.dstport"))));
                    }
                }
            }
        }
        final List<Stream> streams = new ArrayList<>();
        for (final Builder builder : builders.values())
        {
            if (builder.clientHelloSeen)
            {
                streams.add(builder.build());
            }
        }
        return streams;
    }

    /**
     * The schema's name of a TLS/SSL version number.
     *
     * @param version e.g. 0x0303.
     * @return e.g. "1.2"; SSL 3.0 is "3.0", SSL 2 "2.0"; a number without a name (a draft such as 0xfb1a) as four
     *     lowercase hex digits, the form of {@code tls.cipher_id}.
     */
    static String versionName(final int version)
    {
        return switch (version)
        {
            case 0x0002 -> "2.0";
            case 0x0300 -> "3.0";
            case 0x0301 -> "1.0";
            case 0x0302 -> "1.1";
            case 0x0303 -> "1.2";
            case 0x0304 -> "1.3";
            default -> String.format("%04x", version);
        };
    }

    /** The last "ip" or "ipv6" before the first "tcp" in e.g. "eth:ethertype:ip:gre:erspan:eth:ethertype:ip:tcp". */
    private static String innermostIp(final String protocols)
    {
        String innermost = null;
        for (final String protocol : protocols.split(":"))
        {
            if ("tcp".equals(protocol))
            {
                break;
            }
            if ("ip".equals(protocol) || "ipv6".equals(protocol))
            {
                innermost = protocol;
            }
        }
        if (innermost == null)
        {
            throw new AssertionError("tshark shows no IP header before TCP: " + protocols);
        }
        return innermost;
    }

    /** A layer tshark shows several times in a frame (a tunnel) is an array; the innermost is the last. */
    private static JsonNode last(final JsonNode layer)
    {
        return layer.isArray() ? layer.get(layer.size() - 1) : layer;
    }

    private static String first(final Map<String, List<String>> fields, final String field)
    {
        final List<String> values = fields.get(field);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static final class Builder
    {
        private final int stream;
        private String clientIp;
        private int clientPort;
        private String serverIp;
        private int serverPort;
        private Map<String, List<String>> clientHello;
        private Map<String, List<String>> serverHello;
        private boolean clientHelloSeen;
        private boolean helloRetry;

        Builder(final int stream)
        {
            this.stream = stream;
        }

        void add(final JsonNode handshake, final String sourceIp, final int sourcePort, final String destinationIp,
            final int destinationPort)
        {
            final String type = TsharkJson.text(handshake.path("tls.handshake.type"));
            if (CLIENT_HELLO.equals(type) && !clientHelloSeen)
            {
                clientHelloSeen = true;
                clientHello = TsharkJson.flatten(handshake, Set.of());
                clientIp = sourceIp;
                clientPort = sourcePort;
                serverIp = destinationIp;
                serverPort = destinationPort;
            }
            else if (SERVER_HELLO.equals(type) && serverHello == null)
            {
                final Map<String, List<String>> fields = TsharkJson.flatten(handshake, Set.of());
                final List<String> random = fields.getOrDefault("tls.handshake.random", List.of());
                if (!random.isEmpty() && HELLO_RETRY_REQUEST_RANDOM.equals(random.get(0).replace(":", "")))
                {
                    helloRetry = true;
                }
                else
                {
                    serverHello = fields;
                }
            }
        }

        Stream build()
        {
            return new Stream(stream, clientIp, clientPort, serverIp, serverPort, clientHello, serverHello,
                helloRetry);
        }
    }
}
