package org.stasensor.appliance.starttlslab;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.stasensor.appliance.lab.Mismatches;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.appliance.lab.TsharkJson;
import org.stasensor.pipeline.testing.Tshark;

/**
 * What tshark dissects of each connection's first ClientHello and ServerHello (it follows STARTTLS itself on the
 * protocols' standard ports), keyed by the client's port, and the comparison of a TLS record with it.
 */
final class TsharkHandshakes
{
    /**
     * tshark's view of one handshake.
     *
     * @param sni     server_name, or null.
     * @param ja3     JA3 of the ClientHello.
     * @param ja3s    JA3S of the ServerHello, or null without one.
     * @param version negotiated version ("1.2"), or null.
     * @param suite   cipher suite, or -1.
     */
    record Handshake(String sni, String ja3, String ja3s, String version, int suite)
    {
    }

    private TsharkHandshakes()
    {
    }

    /**
     * Reads the capture's handshakes.
     *
     * @param capture the pcap.
     * @return handshakes by client port.
     */
    static Map<Integer, Handshake> read(final Path capture)
    {
        final Map<Integer, String[]> clientHellos = new HashMap<>();
        for (final String[] row : Tshark.fields(capture, "tls.handshake.type == 1", "tcp.srcport",
            "tls.handshake.extensions_server_name", "tls.handshake.ja3"))
        {
            clientHellos.putIfAbsent(Integer.parseInt(row[0]), row);
        }
        final Map<Integer, String[]> serverHellos = new HashMap<>();
        for (final String[] row : Tshark.fields(capture, "tls.handshake.type == 2", "tcp.dstport",
            "tls.handshake.ja3s", "tls.handshake.version", "tls.handshake.extensions.supported_version",
            "tls.handshake.ciphersuite"))
        {
            serverHellos.putIfAbsent(Integer.parseInt(row[0]), row);
        }
        final Map<Integer, Handshake> handshakes = new HashMap<>();
        for (final Map.Entry<Integer, String[]> entry : clientHellos.entrySet())
        {
            final String[] hello = entry.getValue();
            final String[] server = serverHellos.get(entry.getKey());
            final String version = server == null ? null : versionName(Integer.decode(server[3].isEmpty() ?
                server[2] : server[3].split(",")[0]));
            handshakes.put(entry.getKey(), new Handshake(hello[1].isEmpty() ? null : hello[1], hello[2],
                server == null ? null : server[1], version, server == null ? -1 : Integer.decode(server[4])));
        }
        return handshakes;
    }

    /**
     * Compares a TLS record with tshark's handshake: SNI, JA3, JA3S, version, cipher suite (id and tshark's name).
     *
     * @param where     for messages.
     * @param handshake tshark's view.
     * @param record    the record.
     * @param problems  where differences go.
     * @param work      a directory for tshark's value names.
     */
    static void compare(final String where, final Handshake handshake, final JsonNode record,
        final Mismatches problems, final Path work)
    {
        problems.expectEqual(where, "SNI", handshake.sni(), StaAnalyze.text(record, "tls.client.server_name"));
        problems.expectEqual(where, "JA3", handshake.ja3(), StaAnalyze.text(record, "tls.client.ja3"));
        problems.expectEqual(where, "JA3S", handshake.ja3s(), StaAnalyze.text(record, "tls.server.ja3s"));
        problems.expectEqual(where, "version", handshake.version(), StaAnalyze.text(record, "tls.version"));
        if (handshake.suite() >= 0)
        {
            final Map<Long, String> names = TsharkJson.valueNames("tls.handshake.ciphersuite", work);
            problems.expectEqual(where, "tls.cipher_id", String.format(Locale.ROOT, "%04x", handshake.suite()),
                StaAnalyze.text(record, "tls.cipher_id"));
            problems.expectEqual(where, "tls.cipher (tshark's name)", names.get((long)handshake.suite()),
                StaAnalyze.text(record, "tls.cipher"));
        }
    }

    /**
     * TLS records by client port.
     *
     * @param analysis sta's output.
     * @return the records.
     */
    static Map<Integer, List<JsonNode>> tlsRecordsByClientPort(final StaAnalyze.Result analysis)
    {
        final Map<Integer, List<JsonNode>> byPort = new HashMap<>();
        for (final JsonNode record : analysis.dataset("tls"))
        {
            byPort.computeIfAbsent(Integer.parseInt(StaAnalyze.text(record, "source.port")),
                p -> new java.util.ArrayList<>()).add(record);
        }
        return byPort;
    }

    private static String versionName(final int version)
    {
        return switch (version)
        {
            case 0x0300 -> "3.0";
            case 0x0301 -> "1.0";
            case 0x0302 -> "1.1";
            case 0x0303 -> "1.2";
            case 0x0304 -> "1.3";
            default -> String.format(Locale.ROOT, "0x%04x", version);
        };
    }
}
