package org.stasensor.appliance.dnsport;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.pipeline.testing.Tshark;

/**
 * The oracle's view of the flows on the DNS ports (TCP and UDP 53, 5353, 853) of a capture: per flow, how many of its
 * packets carry a payload, how many tshark dissects as DNS (or mDNS), how many hold a TLS handshake message, and
 * whether tshark found any of them malformed. From that, whether the flow is real DNS (every payload datagram, or
 * for TCP at least one message, dissected as DNS, none malformed) or, on 853, real DNS over TLS.
 * <p>
 * Frames inside tunnels (6in4, GRE) or ICMP errors (which quote an inner IP header, so tshark shows two addresses)
 * are left out: their flow would be ambiguous.
 */
final class TsharkPortFlows
{
    /** The ports whose flows are looked at. */
    static final Set<Integer> DNS_PORTS = Set.of(53, 5353, 853);

    private static final String FILTER = "(udp.port in {53,5353,853} || tcp.port in {53,5353,853}) && !icmp && !icmpv6";

    /**
     * One flow on a DNS port.
     *
     * @param key            transport and both endpoints, the lower first ({@link #key}).
     * @param transport      "udp" or "tcp".
     * @param port           the DNS port it uses.
     * @param firstFrame     its first frame.
     * @param payloadPackets packets with a transport payload.
     * @param dnsPackets     packets tshark dissects as DNS or mDNS.
     * @param dnsMessages    DNS messages tshark dissects.
     * @param tlsPackets     packets holding a TLS handshake message as tshark dissects them.
     * @param malformed      packets tshark marks malformed.
     */
    record Flow(String key, String transport, int port, int firstFrame, int payloadPackets, int dnsPackets,
        int dnsMessages, int tlsPackets, int malformed)
    {
        /**
         * Real DNS: tshark dissects it as DNS without complaint.
         *
         * @return true for DNS on 53 or 5353.
         */
        boolean realDns()
        {
            if (port == 853 || dnsMessages == 0 || malformed > 0)
            {
                return false;
            }
            return transport.equals("tcp") || dnsPackets == payloadPackets;
        }

        /**
         * Real DNS over TLS: TLS on TCP 853, none of it malformed.
         *
         * @return true for DoT.
         */
        boolean realDnsOverTls()
        {
            return port == 853 && transport.equals("tcp") && tlsPackets > 0 && malformed == 0;
        }
    }

    private TsharkPortFlows()
    {
    }

    /**
     * The flows on DNS ports, in order of their first frame.
     *
     * @param capture a capture file.
     * @return the flows.
     */
    static List<Flow> read(final Path capture)
    {
        final Map<String, int[]> counts = new LinkedHashMap<>();
        final Map<String, String[]> identity = new LinkedHashMap<>();
        int frame = 0;
        for (final String[] row : Tshark.fields(capture, FILTER, "frame.protocols", "ip.src", "ip.dst",
            "ipv6.src", "ipv6.dst", "udp.srcport", "udp.dstport", "tcp.srcport", "tcp.dstport", "udp.length",
            "tcp.len", "dns.id", "tls.handshake.type", "_ws.malformed", "_ws.expert.severity"))
        {
            frame++;
            final String source = row[1].isEmpty() ? row[3] : row[1];
            final String destination = row[2].isEmpty() ? row[4] : row[2];
            final boolean udp = !row[5].isEmpty();
            final String sourcePort = udp ? row[5] : row[7];
            final String destinationPort = udp ? row[6] : row[8];
            final boolean tunnel = !row[1].isEmpty() && !row[3].isEmpty();
            if (tunnel || source.contains(",") || destination.contains(",") || sourcePort.contains(",")
                || source.isEmpty())
            {
                continue;
            }
            final String transport = udp ? "udp" : "tcp";
            final String key = key(transport, source, Integer.parseInt(sourcePort), destination,
                Integer.parseInt(destinationPort));
            final int port = DNS_PORTS.contains(Integer.parseInt(destinationPort)) ? Integer.parseInt(destinationPort)
                : Integer.parseInt(sourcePort);
            identity.putIfAbsent(key, new String[]{transport, Integer.toString(port), Integer.toString(frame)});
            final int[] count = counts.computeIfAbsent(key, k -> new int[5]);
            final int payload = udp ? Integer.parseInt(row[9]) - 8 : Integer.parseInt(row[10]);
            final String protocols = ":" + row[0] + ":";
            count[0] += payload > 0 ? 1 : 0;
            count[1] += protocols.contains(":dns:") || protocols.contains(":mdns:") ? 1 : 0;
            count[2] += row[11].isEmpty() ? 0 : row[11].split(",").length;
            count[3] += row[12].isEmpty() ? 0 : 1;
            // Malformed: tshark's own mark, or any expert item of severity error (PI_ERROR, 0x00800000).
            count[4] += !row[13].isEmpty() || row[14].contains("8388608") ? 1 : 0;
        }
        final List<Flow> flows = new ArrayList<>();
        for (final Map.Entry<String, int[]> entry : counts.entrySet())
        {
            final String[] id = identity.get(entry.getKey());
            final int[] count = entry.getValue();
            flows.add(new Flow(entry.getKey(), id[0], Integer.parseInt(id[1]), Integer.parseInt(id[2]), count[0],
                count[1], count[2], count[3], count[4]));
        }
        return flows;
    }

    /**
     * The flow key of a sensor flow record.
     *
     * @param flow a record of dataset flow.
     * @return the key, as {@link #key(String, String, int, String, int)} makes it.
     */
    static String key(final JsonNode flow)
    {
        return key(StaAnalyze.text(flow, "network.transport"), StaAnalyze.text(flow, "source.ip"),
            Integer.parseInt(StaAnalyze.text(flow, "source.port")), StaAnalyze.text(flow, "destination.ip"),
            Integer.parseInt(StaAnalyze.text(flow, "destination.port")));
    }

    /**
     * A direction-free flow key: transport, then both endpoints (canonical address text and port), the lower first.
     *
     * @param transport       "udp" or "tcp".
     * @param sourceIp        one address.
     * @param sourcePort      its port.
     * @param destinationIp   the other address.
     * @param destinationPort its port.
     * @return the key.
     */
    static String key(final String transport, final String sourceIp, final int sourcePort,
        final String destinationIp, final int destinationPort)
    {
        final String one = canonical(sourceIp) + "/" + sourcePort;
        final String other = canonical(destinationIp) + "/" + destinationPort;
        return transport + " " + (one.compareTo(other) <= 0 ? one + " " + other : other + " " + one);
    }

    private static String canonical(final String address)
    {
        try
        {
            // ofLiteral never asks a resolver, whatever the text.
            return InetAddress.ofLiteral(address).getHostAddress();
        }
        catch (final IllegalArgumentException ex)
        {
            return address;
        }
    }
}
