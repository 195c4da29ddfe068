package org.stasensor.appliance.sshlab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.stasensor.appliance.lab.TsharkJson;

/**
 * The oracle's view of the SSH connections of a capture: per TCP stream that tshark dissects as SSH, each side's
 * first identification line ({@code ssh.protocol}) and the fields of its first KEXINIT: the ten name-lists of
 * RFC 4253 7.1 and Wireshark's own HASSH ({@code ssh.kex.hassh}, {@code ssh.kex.hassh_algorithms}) or HASSHServer
 * ({@code ssh.kex.hasshserver}, {@code ssh.kex.hasshserver_algorithms}).
 * <p>
 * tshark dissects SSH on port 22 only; the ports the lab's servers use are given to it with {@code -d}. The server
 * side of a stream is the one whose port is a server port.
 */
public final class TsharkSshConnections
{
    /** The KEXINIT name-lists as tshark names them, in wire order (RFC 4253 7.1). */
    public static final List<String> NAME_LISTS = List.of("ssh.kex_algorithms", "ssh.server_host_key_algorithms",
        "ssh.encryption_algorithms_client_to_server", "ssh.encryption_algorithms_server_to_client",
        "ssh.mac_algorithms_client_to_server", "ssh.mac_algorithms_server_to_client",
        "ssh.compression_algorithms_client_to_server", "ssh.compression_algorithms_server_to_client");

    /** OpenSSH's AEAD ciphers, which carry their own integrity (PROTOCOL.chacha20poly1305, RFC 5647 as OpenSSH
     *  adopted it): the negotiated MAC goes unused. */
    public static final Set<String> AEAD_CIPHERS = Set.of("chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com",
        "aes256-gcm@openssh.com");

    private static final Set<String> KEXINIT_FIELDS = Set.of("ssh.kex.hassh", "ssh.kex.hassh_algorithms",
        "ssh.kex.hasshserver", "ssh.kex.hasshserver_algorithms");

    /**
     * One side of a connection as tshark saw it.
     *
     * @param protocol its first identification line without CR LF, or null.
     * @param kexInit  its first KEXINIT's fields (name-lists and HASSH fields), empty when tshark saw none.
     */
    public record Side(String protocol, Map<String, String> kexInit)
    {
        /**
         * A KEXINIT field.
         *
         * @param field e.g. "ssh.kex.hassh".
         * @return its value, or null.
         */
        public String kex(final String field)
        {
            return kexInit.get(field);
        }
    }

    /**
     * One TCP connection carrying SSH.
     *
     * @param stream     tshark's tcp.stream.
     * @param clientIp   the client's address.
     * @param clientPort the client's port.
     * @param serverIp   the server's address.
     * @param serverPort the server's port.
     * @param client     what the client sent.
     * @param server     what the server sent.
     */
    public record Connection(int stream, String clientIp, int clientPort, String serverIp, int serverPort,
        Side client, Side server)
    {
        /**
         * The connection as the sensor's records name it: "client:port -> server:port".
         *
         * @return the key.
         */
        public String key()
        {
            return clientIp + ":" + clientPort + " -> " + serverIp + ":" + serverPort;
        }

        /**
         * What the sensor's field for a negotiated algorithm must say: {@link #negotiated} of its list, except the
         * MAC under an AEAD cipher, which OpenSSH does not use and logs as "&lt;implicit&gt;"; the schema writes
         * "implicit" there.
         *
         * @param list one of {@link #NAME_LISTS}.
         * @return the expected value, or null.
         */
        public String expected(final String list)
        {
            final int index = NAME_LISTS.indexOf(list);
            if (index == 4 || index == 5)
            {
                final String cipher = negotiated(NAME_LISTS.get(index - 2));
                if (cipher != null && AEAD_CIPHERS.contains(cipher))
                {
                    return "implicit";
                }
            }
            return negotiated(list);
        }

        /**
         * RFC 4253 7.1: for each list, the first algorithm of the client's that the server also offers.
         *
         * @param list one of {@link #NAME_LISTS}.
         * @return the algorithm, or null when either KEXINIT is missing or they have none in common.
         */
        public String negotiated(final String list)
        {
            final String offered = client.kex(list);
            final String supported = server.kex(list);
            if (offered == null || supported == null)
            {
                return null;
            }
            final List<String> serverList = List.of(supported.split(","));
            for (final String algorithm : offered.split(","))
            {
                if (serverList.contains(algorithm))
                {
                    return algorithm;
                }
            }
            return null;
        }
    }

    private TsharkSshConnections()
    {
    }

    /**
     * The SSH connections of a capture, in tcp.stream order.
     *
     * @param capture     the pcap file.
     * @param serverPorts the TCP ports the capture's SSH servers listen on.
     * @param work        a directory for tshark's output.
     * @return the connections.
     */
    public static List<Connection> read(final Path capture, final Set<Integer> serverPorts, final Path work)
    {
        final List<String> options = new ArrayList<>();
        for (final int port : serverPorts)
        {
            if (port != 22)
            {
                options.addAll(List.of("-d", "tcp.port==" + port + ",ssh"));
            }
        }
        final JsonNode packets = TsharkJson.packets(capture, "ssh", "frame ip tcp ssh", work, options);
        final Map<Integer, Builder> streams = new TreeMap<>();
        for (final JsonNode packet : packets)
        {
            final JsonNode layers = packet.path("_source").path("layers");
            final int stream = Integer.parseInt(TsharkJson.text(layers.path("tcp").path("tcp.stream")));
            final String sourceIp = TsharkJson.text(layers.path("ip").path("ip.src"));
            final int sourcePort = Integer.parseInt(TsharkJson.text(layers.path("tcp").path("tcp.srcport")));
            final String destinationIp = TsharkJson.text(layers.path("ip").path("ip.dst"));
            final int destinationPort = Integer.parseInt(TsharkJson.text(layers.path("tcp").path("tcp.dstport")));
            final boolean fromServer = serverPorts.contains(sourcePort);
            final Builder builder = streams.computeIfAbsent(stream, key -> fromServer
                ? new Builder(stream, destinationIp, destinationPort, sourceIp, sourcePort)
                : new Builder(stream, sourceIp, sourcePort, destinationIp, destinationPort));
            for (final JsonNode ssh : TsharkJson.elements(layers.get("ssh")))
            {
                builder.add(fromServer, TsharkJson.flatten(ssh, Set.of()));
            }
        }
        final List<Connection> connections = new ArrayList<>();
        streams.values().forEach(builder -> connections.add(builder.build()));
        return connections;
    }

    private static final class Builder
    {
        private final int stream;
        private final String clientIp;
        private final int clientPort;
        private final String serverIp;
        private final int serverPort;
        private final String[] protocol = new String[2];
        private final List<Map<String, String>> kexInit = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());

        Builder(final int stream, final String clientIp, final int clientPort, final String serverIp,
            final int serverPort)
        {
            this.stream = stream;
            this.clientIp = clientIp;
            this.clientPort = clientPort;
            this.serverIp = serverIp;
            this.serverPort = serverPort;
        }

        void add(final boolean fromServer, final Map<String, List<String>> fields)
        {
            final int side = fromServer ? 1 : 0;
            final List<String> protocols = fields.get("ssh.protocol");
            if (protocol[side] == null && protocols != null && !protocols.isEmpty())
            {
                protocol[side] = protocols.get(0);
            }
            if (kexInit.get(side).isEmpty() && fields.containsKey(NAME_LISTS.get(0)))
            {
                for (final Map.Entry<String, List<String>> field : fields.entrySet())
                {
                    if ((NAME_LISTS.contains(field.getKey()) || KEXINIT_FIELDS.contains(field.getKey()))
                        && !field.getValue().isEmpty())
                    {
                        kexInit.get(side).put(field.getKey(), field.getValue().get(0));
                    }
                }
            }
        }

        Connection build()
        {
            return new Connection(stream, clientIp, clientPort, serverIp, serverPort,
                new Side(protocol[0], Map.copyOf(kexInit.get(0))), new Side(protocol[1], Map.copyOf(kexInit.get(1))));
        }
    }
}
