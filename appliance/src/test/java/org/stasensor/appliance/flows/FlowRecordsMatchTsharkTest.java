package org.stasensor.appliance.flows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Flow records of the sample capture against tshark: one record per TCP connection, packets each way equal to
 * tshark's per-stream counts, and the application protocol equal to what tshark dissects (TLS, DNS over TCP; SSH on the sample's
 * port 2222 once tshark is told to decode it as SSH).
 */
class FlowRecordsMatchTsharkTest
{
    @TempDir
    Path temp;

    @Test
    void tcpFlowsMatchTsharkStreams()
    {
        final Path sample = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
        final StaAnalyze.Result result = StaAnalyze.run(sample, temp.resolve("out.json"));
        assertEquals(0, result.exitCode(), result.stderr());

        final Map<String, long[]> expectedPackets = new HashMap<>();
        final Map<String, String> expectedProtocol = new HashMap<>();
        final Map<String, String> streamKey = new HashMap<>();
        for (final String[] row : Tshark.fields(sample, "tcp", "tcp.stream", "ip.src", "tcp.srcport", "ip.dst",
            "tcp.dstport", "frame.protocols", "tcp.flags.syn", "tcp.flags.ack"))
        {
            final String stream = row[0];
            if (!streamKey.containsKey(stream))
            {
                // The first packet of a stream is the client's SYN in this capture (it starts before any traffic).
                streamKey.put(stream, row[1] + ":" + row[2] + ">" + row[3] + ":" + row[4]);
            }
            final String key = streamKey.get(stream);
            final boolean fromClient = key.startsWith(row[1] + ":" + row[2] + ">");
            expectedPackets.computeIfAbsent(key, k -> new long[2])[fromClient ? 0 : 1]++;
            final String protocols = row[5];
            if (protocols.contains(":tls"))
            {
                expectedProtocol.put(key, "tls");
            }
            else if (protocols.contains(":ssh"))
            {
                expectedProtocol.put(key, "ssh");
            }
            else if (protocols.contains(":dns"))
            {
                expectedProtocol.put(key, "dns");
            }
        }
        // tshark dissects SSH on port 22 only and the sample's sshd listens on 2222: ask for the identification
        // string instead (RFC 4253 4.2).
        for (final String[] row : Tshark.fields(sample, "tcp.payload[0:4] == \"SSH-\"", "ip.src", "tcp.srcport",
            "ip.dst", "tcp.dstport"))
        {
            expectedProtocol.putIfAbsent(row[0] + ":" + row[1] + ">" + row[2] + ":" + row[3], "ssh");
            expectedProtocol.putIfAbsent(row[2] + ":" + row[3] + ">" + row[0] + ":" + row[1], "ssh");
        }

        final List<String> mismatches = new ArrayList<>();
        int tcpFlows = 0;
        for (final JsonNode flow : result.dataset("flow"))
        {
            if (!"tcp".equals(StaAnalyze.text(flow, "network.transport")))
            {
                continue;
            }
            tcpFlows++;
            final String key = StaAnalyze.text(flow, "source.ip") + ":" + StaAnalyze.text(flow, "source.port") + ">"
                + StaAnalyze.text(flow, "destination.ip") + ":" + StaAnalyze.text(flow, "destination.port");
            final long[] packets = expectedPackets.get(key);
            if (packets == null)
            {
                mismatches.add(key + ": no such tshark stream");
                continue;
            }
            final long source = StaAnalyze.field(flow, "source.packets").asLong();
            final long destination = StaAnalyze.field(flow, "destination.packets").asLong();
            if (source != packets[0] || destination != packets[1])
            {
                mismatches.add(key + ": packets " + source + "/" + destination + ", tshark " + packets[0] + "/"
                    + packets[1]);
            }
            final String protocol = expectedProtocol.getOrDefault(key, "unknown");
            if (!protocol.equals(StaAnalyze.text(flow, "network.protocol")))
            {
                mismatches.add(key + ": protocol " + StaAnalyze.text(flow, "network.protocol") + ", tshark "
                    + protocol);
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals(expectedPackets.size(), tcpFlows, "one flow record per TCP connection");
    }
}
