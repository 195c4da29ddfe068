package org.stasensor.appliance.oracle;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.stasensor.appliance.lab.TsharkJson;

/**
 * The oracle's view of TLS in a capture: per TCP connection ({@code tcp.stream}), the ClientHello, ServerHello and
 * Certificate message as tshark dissects them, with the fields tshark computes itself (JA3, JA3S) and the X.509
 * fields of each certificate read from tshark's ASN.1 tree:
 * <ul>
 *   <li>subject and issuer CN: the {@code x509if.RelativeDistinguishedName_item_element} with {@code x509if.oid}
 *       2.5.4.3 under {@code x509af.subject_tree} / {@code x509af.issuer_tree}; the text is whichever
 *       {@code x509sat.DirectoryString} choice is used (uTF8String, printableString, ...);</li>
 *   <li>validity: {@code x509af.notBefore_tree} / {@code x509af.notAfter_tree}, either {@code x509af.utcTime}
 *       ("2026-11-28 15:04:33 (UTC)") or {@code x509af.generalizedTime} ("Jan  1, 2099 00:00:00.000000000 UTC");</li>
 *   <li>subjectAltName: {@code x509ce.dNSName} and {@code x509ce.IPAddress.ipv4/ipv6} of extension 2.5.29.17;</li>
 *   <li>chain length: the number of {@code tls.handshake.certificate} entries.</li>
 * </ul>
 */
final class TsharkTlsConnections
{
    /** The display filter: frames holding a ClientHello, ServerHello or Certificate. */
    static final String FILTER = "tls.handshake.type == 1 || tls.handshake.type == 2 || tls.handshake.type == 11";

    private static final String LAYERS = "frame ip ipv6 tcp tcp.segments tls";
    private static final String COMMON_NAME_OID = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME_OID = "2.5.29.17";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '(UTC)'",
        Locale.ROOT);
    private static final DateTimeFormatter GENERALIZED_TIME = new DateTimeFormatterBuilder()
        .appendPattern("MMM d, yyyy HH:mm:ss")
        .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
        .appendLiteral(" UTC")
        .toFormatter(Locale.ENGLISH);

    /**
     * One certificate as tshark decoded it.
     *
     * @param subjectCommonNames subject CN values.
     * @param issuerCommonNames  issuer CN values.
     * @param notBefore          validity start.
     * @param notAfter           validity end.
     * @param alternativeNames   subjectAltName DNS names and IP addresses, in certificate order.
     * @param serialNumber       serial number as tshark prints it: DER content bytes, lowercase hex with colons.
     */
    record Certificate(List<String> subjectCommonNames, List<String> issuerCommonNames, Instant notBefore,
        Instant notAfter, List<String> alternativeNames, String serialNumber)
    {
    }

    /**
     * One TCP connection with TLS handshake messages.
     *
     * @param stream              tshark's tcp.stream.
     * @param clientIp            the ClientHello's sender.
     * @param clientPort          its port.
     * @param serverIp            the ClientHello's receiver.
     * @param serverPort          its port.
     * @param clientHello         the first ClientHello's fields (prefix "tls."), empty when none.
     * @param serverHello         the first ServerHello's fields, empty when none.
     * @param clientHellos        how many ClientHellos.
     * @param serverHellos        how many ServerHellos.
     * @param certificates        the certificates of the first Certificate message, leaf first.
     * @param certificateMessages how many Certificate messages (none under TLS 1.3, where they are encrypted).
     * @param certificateSegments TCP segments the first Certificate message came in.
     * @param certificateRecords  TLS records the first Certificate message came in.
     */
    record Connection(int stream, String clientIp, int clientPort, String serverIp, int serverPort,
        Map<String, List<String>> clientHello, Map<String, List<String>> serverHello, int clientHellos,
        int serverHellos, List<Certificate> certificates, int certificateMessages, int certificateSegments,
        int certificateRecords)
    {
        /**
         * A ClientHello field.
         *
         * @param field name, e.g. "tls.handshake.ja3".
         * @return its first value, or null.
         */
        String client(final String field)
        {
            final List<String> values = clientHello.get(field);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /**
         * All values of a ClientHello field.
         *
         * @param field name.
         * @return the values, possibly none.
         */
        List<String> clientAll(final String field)
        {
            return clientHello.getOrDefault(field, List.of());
        }

        /**
         * A ServerHello field.
         *
         * @param field name, e.g. "tls.handshake.ja3s".
         * @return its first value, or null.
         */
        String server(final String field)
        {
            final List<String> values = serverHello.get(field);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /**
         * The negotiated version as the schema writes it ("1.2"): from the ServerHello's supported_versions
         * extension when present (TLS 1.3, RFC 8446 4.2.1), else from its version field.
         *
         * @return the version, or null without a ServerHello.
         */
        String version()
        {
            final String supported = server("tls.handshake.extensions.supported_version");
            final String version = supported != null ? supported : server("tls.handshake.version");
            return version == null ? null : versionName(Integer.decode(version));
        }

        /**
         * The ServerHello's cipher suite number.
         *
         * @return the number, or -1 without a ServerHello.
         */
        int cipherSuite()
        {
            final String suite = server("tls.handshake.ciphersuite");
            return suite == null ? -1 : Integer.decode(suite);
        }

        /**
         * A short description for messages.
         *
         * @return e.g. "tcp.stream 3 10.77.0.2:51234 -> 10.77.0.1:4433".
         */
        String describe()
        {
            return "tcp.stream " + stream + " " + clientIp + ":" + clientPort + " -> " + serverIp + ":" + serverPort;
        }
    }

    private TsharkTlsConnections()
    {
    }

    /**
     * Reads every TCP connection of a capture that carries a TLS hello or certificate.
     *
     * @param capture the pcap file.
     * @param work    a directory for tshark's output.
     * @return the connections by tcp.stream, ascending.
     */
    static List<Connection> read(final Path capture, final Path work)
    {
        final Map<Integer, Builder> builders = new TreeMap<>();
        for (final JsonNode packet : TsharkJson.packets(capture, FILTER, LAYERS, work))
        {
            final JsonNode layers = packet.path("_source").path("layers");
            final JsonNode ip = layers.has("ip") ? layers.path("ip") : layers.path("ipv6");
            final String prefix = layers.has("ip") ? "ip." : "ipv6.";
            final JsonNode tcp = layers.path("tcp");
            final int stream = Integer.parseInt(TsharkJson.text(tcp.path("tcp.stream")));
            final Builder builder = builders.computeIfAbsent(stream, Builder::new);
            final Endpoints endpoints = new Endpoints(TsharkJson.text(ip.path(prefix + "src")),
                Integer.parseInt(TsharkJson.text(tcp.path("tcp.srcport"))), TsharkJson.text(ip.path(prefix + "dst")),
                Integer.parseInt(TsharkJson.text(tcp.path("tcp.dstport"))));
            final int tcpSegments = segmentCount(layers.path("tcp.segments"));
            for (final JsonNode record : TsharkJson.objectsWithKey(layers.path("tls"), "tls.record.content_type"))
            {
                for (final JsonNode handshake : TsharkJson.elements(record.get("tls.handshake")))
                {
                    if (handshake.isObject() && handshake.has("tls.handshake.type"))
                    {
                        builder.add(handshake, record.path("tls.handshake.fragments"), endpoints, tcpSegments);
                    }
                }
            }
        }
        final List<Connection> connections = new ArrayList<>();
        builders.values().forEach(builder -> connections.add(builder.build()));
        return connections;
    }

    /**
     * The schema's name of a TLS/SSL version number.
     *
     * @param version e.g. 0x0303.
     * @return e.g. "1.2"; SSL 3.0 is "3.0" (RFC 6101), SSL 2 "2.0".
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
            default -> String.format("0x%04x", version);
        };
    }

    /**
     * Parses tshark's rendering of an X.509 time.
     *
     * @param text "2026-11-28 15:04:33 (UTC)" (UTCTime) or "Jan  1, 2099 00:00:00.000000000 UTC" (GeneralizedTime).
     * @return the instant.
     */
    static Instant parseTime(final String text)
    {
        final String compact = text.strip().replaceAll("\\s+", " ");
        final DateTimeFormatter format = compact.endsWith("(UTC)") ? UTC_TIME : GENERALIZED_TIME;
        return LocalDateTime.parse(compact, format).toInstant(ZoneOffset.UTC);
    }

    private static int segmentCount(final JsonNode segments)
    {
        int most = 1;
        for (final JsonNode element : TsharkJson.elements(segments))
        {
            final String count = TsharkJson.text(element.path("tcp.segment.count"));
            if (count != null)
            {
                most = Math.max(most, Integer.parseInt(count));
            }
        }
        return most;
    }

    private static Certificate certificate(final JsonNode tree)
    {
        final JsonNode signed = tree.path("x509af.signedCertificate_element");
        final JsonNode validity = signed.path("x509af.validity_element");
        final List<String> alternativeNames = new ArrayList<>();
        for (final JsonNode extension : TsharkJson.elements(signed.path("x509af.extensions_tree")
            .path("x509af.Extension_element")))
        {
            if (SUBJECT_ALT_NAME_OID.equals(TsharkJson.text(extension.path("x509af.extension.id"))))
            {
                alternativeNames.addAll(TsharkJson.valuesInOrder(extension,
                    Set.of("x509ce.dNSName", "x509ce.IPAddress.ipv4", "x509ce.IPAddress.ipv6")));
            }
        }
        return new Certificate(
            attribute(signed.path("x509af.subject_tree"), COMMON_NAME_OID),
            attribute(signed.path("x509af.issuer_tree"), COMMON_NAME_OID),
            time(validity.path("x509af.notBefore_tree")),
            time(validity.path("x509af.notAfter_tree")),
            alternativeNames,
            TsharkJson.text(signed.path("x509af.serialNumber")));
    }

    private static List<String> attribute(final JsonNode name, final String oid)
    {
        final List<String> values = new ArrayList<>();
        for (final JsonNode item : TsharkJson.objectsWithKey(name, "x509if.oid"))
        {
            if (oid.equals(TsharkJson.text(item.path("x509if.oid"))))
            {
                final JsonNode directoryString = item.path("x509sat.DirectoryString_tree");
                final JsonNode holder = directoryString.isMissingNode() ? item : directoryString;
                for (final Map.Entry<String, JsonNode> entry : holder.properties())
                {
                    if (!entry.getKey().equals("x509if.oid") && !entry.getKey().equals("x509sat.DirectoryString")
                        && entry.getValue().isValueNode())
                    {
                        values.add(entry.getValue().asText());
                        break;
                    }
                }
            }
        }
        return values;
    }

    private static Instant time(final JsonNode choice)
    {
        final String utc = TsharkJson.text(choice.path("x509af.utcTime"));
        final String generalized = TsharkJson.text(choice.path("x509af.generalizedTime"));
        final String text = utc != null ? utc : generalized;
        return text == null ? null : parseTime(text);
    }

    private record Endpoints(String sourceIp, int sourcePort, String destinationIp, int destinationPort)
    {
    }

    private static final class Builder
    {
        private final int stream;
        private Endpoints client;
        private Map<String, List<String>> clientHello = Map.of();
        private Map<String, List<String>> serverHello = Map.of();
        private int clientHellos;
        private int serverHellos;
        private List<Certificate> certificates = List.of();
        private int certificateMessages;
        private int certificateSegments;
        private int certificateRecords;

        Builder(final int stream)
        {
            this.stream = stream;
        }

        void add(final JsonNode handshake, final JsonNode fragments, final Endpoints endpoints,
            final int tcpSegments)
        {
            switch (TsharkJson.text(handshake.path("tls.handshake.type")))
            {
                case "1" ->
                {
                    if (clientHellos++ == 0)
                    {
                        clientHello = TsharkJson.flatten(handshake, Set.of());
                        client = endpoints;
                    }
                }
                case "2" ->
                {
                    if (serverHellos++ == 0)
                    {
                        serverHello = TsharkJson.flatten(handshake, Set.of());
                        if (client == null)
                        {
                            client = new Endpoints(endpoints.destinationIp(), endpoints.destinationPort(),
                                endpoints.sourceIp(), endpoints.sourcePort());
                        }
                    }
                }
                case "11" ->
                {
                    if (certificateMessages++ == 0)
                    {
                        certificate(handshake, fragments, tcpSegments);
                    }
                }
                default ->
                {
                    // Other handshake messages share frames with these; they are not compared.
                }
            }
        }

        private void certificate(final JsonNode handshake, final JsonNode fragments, final int tcpSegments)
        {
            final JsonNode list = handshake.path("tls.handshake.certificates");
            final List<Certificate> parsed = new ArrayList<>();
            for (final JsonNode tree : TsharkJson.elements(list.path("tls.handshake.certificate_tree")))
            {
                parsed.add(TsharkTlsConnections.certificate(tree));
            }
            final int count = TsharkJson.elements(list.path("tls.handshake.certificate")).size();
            if (count != parsed.size())
            {
                throw new AssertionError("tshark listed " + count + " certificates but decoded " + parsed.size()
                    + " in tcp.stream " + stream);
            }
            certificates = parsed;
            final String fragmentCount = TsharkJson.text(fragments.path("tls.handshake.fragment.count"));
            if (fragmentCount == null)
            {
                certificateRecords = 1;
                certificateSegments = tcpSegments;
            }
            else
            {
                // tls.handshake.fragment values are the frame numbers the records came in.
                certificateRecords = Integer.parseInt(fragmentCount);
                certificateSegments = new HashSet<>(TsharkJson.flatten(fragments, Set.of())
                    .getOrDefault("tls.handshake.fragment", List.of())).size();
            }
        }

        Connection build()
        {
            final Endpoints endpoints = client == null ? new Endpoints("?", 0, "?", 0) : client;
            return new Connection(stream, endpoints.sourceIp(), endpoints.sourcePort(), endpoints.destinationIp(),
                endpoints.destinationPort(), clientHello, serverHello, clientHellos, serverHellos, certificates,
                certificateMessages, certificateSegments, certificateRecords);
        }
    }
}
