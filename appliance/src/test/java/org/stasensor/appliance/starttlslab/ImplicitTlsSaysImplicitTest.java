package org.stasensor.appliance.starttlslab;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.cli.Sta;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.testing.Tshark;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The project's sample capture (real openssl and curl TLS-first connections): every TLS record says
 * {@code tls.established_via: implicit} and {@code network.protocol: tls}, one per connection in which tshark sees a
 * ClientHello.
 */
final class ImplicitTlsSaysImplicitTest
{
    @TempDir
    Path work;

    @Test
    void everyTlsRecordOfTheSampleSaysImplicit()
    {
        HostCommands.assumeInstalled("tshark");
        final Path sample = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
        final StaAnalyze.Result analysis = StaAnalyze.run(sample, work.resolve("records.jsonl"));
        assertEquals(Sta.EXIT_OK, analysis.exitCode(), analysis.stderr());
        final Set<String> streamsWithClientHello = new HashSet<>();
        for (final String[] row : Tshark.fields(sample, "tls.handshake.type == 1", "tcp.stream"))
        {
            streamsWithClientHello.add(row[0]);
        }
        final List<JsonNode> tls = analysis.dataset("tls");
        assertEquals(streamsWithClientHello.size(), tls.size(), "one TLS record per connection with a ClientHello");
        for (final JsonNode record : tls)
        {
            assertEquals("implicit", StaAnalyze.text(record, "tls.established_via"), record.toString());
            assertEquals("tls", StaAnalyze.text(record, "network.protocol"), record.toString());
        }
    }
}
