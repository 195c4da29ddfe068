package org.stasensor.appliance.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.lab.CommandResult;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.pipeline.enrich.geo.GeoIpDatabases;
import org.stasensor.pipeline.testing.AsnCsvOracle;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * Real captures rewritten (tcprewrite, in the file only) to public addresses, through {@code sta analyze}: every
 * record's countries equal mmdblookup's answer from the bundled database and its AS numbers and organisations equal a
 * plain scan of the bundled CSV; private addresses get neither.
 */
class GeoIpRecordsTest
{
    private static final Path SAMPLE = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");

    @Test
    void ipv4RecordsCarryTheCountriesAndAsNumbersOfTheirAddresses(@TempDir final Path dir) throws Exception
    {
        HostCommands.assumeInstalled("tcprewrite", "mmdblookup");
        final Path rewritten = rewrite(dir, SAMPLE, "10.99.0.1/32:80.67.169.12/32,10.99.0.2/32:1.1.1.1/32");
        final StaAnalyze.Result result = StaAnalyze.run(rewritten, dir.resolve("out.jsonl"));
        assertEquals(0, result.exitCode(), result.stderr());
        final int checked = checkEveryRecord(result.records());
        assertTrue(checked > 20, "records with both addresses: " + checked);
    }

    @Test
    void ipv6RecordsCarryTheirCountriesAndUnknownOrPrivateAddressesNone(@TempDir final Path dir) throws Exception
    {
        HostCommands.assumeInstalled("tcprewrite", "mmdblookup");
        final String server = "[3ffe:507:0:1:200:86ff:fe05:80da]/128:[2a00:1450:4001:82b::200e]/128";
        final Path rewritten = rewrite(dir, TestFiles.corpus().resolve("ja4/pcap/v6.pcap"), server);
        final StaAnalyze.Result result = StaAnalyze.run(rewritten, dir.resolve("out.jsonl"));
        assertTrue(checkEveryRecord(result.records()) > 5);
        // The clients kept 6bone addresses (3ffe::/16, returned in 2006): looked up, no country, no AS.
        for (final JsonNode record : result.records())
        {
            if (StaAnalyze.text(record, "source.ip").startsWith("3ffe:"))
            {
                assertNull(StaAnalyze.text(record, "source.geo.country_iso_code"), record.toString());
                assertNull(StaAnalyze.text(record, "source.as.number"), record.toString());
            }
        }
    }

    @Test
    void privateAddressesGetNoGeoFields(@TempDir final Path dir)
    {
        final StaAnalyze.Result result = StaAnalyze.run(SAMPLE, dir.resolve("out.jsonl"));
        assertTrue(result.records().size() > 20);
        for (final JsonNode record : result.records())
        {
            for (final String side : List.of("source", "destination"))
            {
                assertNull(StaAnalyze.text(record, side + ".geo.country_iso_code"), record.toString());
                assertNull(StaAnalyze.text(record, side + ".as.number"), record.toString());
            }
        }
    }

    /** Compares both sides of every record with the oracles; returns how many records had an address. */
    private static int checkEveryRecord(final List<JsonNode> records)
    {
        final List<String> addresses = new ArrayList<>();
        for (final JsonNode record : records)
        {
            for (final String side : List.of("source", "destination"))
            {
                final String ip = StaAnalyze.text(record, side + ".ip");
                if (ip != null && !addresses.contains(ip))
                {
                    addresses.add(ip);
                }
            }
        }
        final Map<String, String> countries = new HashMap<>();
        final Map<String, AsnCsvOracle.Answer> asns = new HashMap<>();
        final List<byte[]> raw = addresses.stream().map(a -> InetAddress.ofLiteral(a).getAddress()).toList();
        final List<AsnCsvOracle.Answer> v4 = AsnCsvOracle.lookup(GeoIpDatabases.BUNDLED_ASN.get(0), raw);
        final List<AsnCsvOracle.Answer> v6 = AsnCsvOracle.lookup(GeoIpDatabases.BUNDLED_ASN.get(1), raw);
        for (int i = 0; i < addresses.size(); i++)
        {
            final boolean isPrivate = InetAddress.ofLiteral(addresses.get(i)).isSiteLocalAddress();
            countries.put(addresses.get(i), isPrivate ? null
                : AsnCsvOracle.mmdblookupCountry(GeoIpDatabases.BUNDLED_COUNTRY, addresses.get(i)));
            asns.put(addresses.get(i), raw.get(i).length == 4 ? v4.get(i) : v6.get(i));
        }
        int checked = 0;
        for (final JsonNode record : records)
        {
            if (StaAnalyze.text(record, "source.ip") == null)
            {
                continue;
            }
            checked++;
            for (final String side : List.of("source", "destination"))
            {
                final String ip = StaAnalyze.text(record, side + ".ip");
                final String where = side + " " + ip + " in " + record;
                assertEquals(countries.get(ip), StaAnalyze.text(record, side + ".geo.country_iso_code"), where);
                final AsnCsvOracle.Answer asn = asns.get(ip);
                final String number = StaAnalyze.text(record, side + ".as.number");
                assertEquals(asn.number() == 0 ? null : Long.toString(asn.number()), number, where);
                assertEquals(asn.organization(), StaAnalyze.text(record, side + ".as.organization.name"), where);
            }
        }
        return checked;
    }

    private static Path rewrite(final Path dir, final Path capture, final String map)
    {
        final Path out = dir.resolve("rewritten.pcap");
        final CommandResult result = HostCommands.run(dir, Duration.ofSeconds(30), List.of("tcprewrite",
            "--srcipmap=" + map, "--dstipmap=" + map, "--fixcsum", "-i", capture.toString(), "-o", out.toString()));
        assertEquals(0, result.exitCode(), result.toString());
        return out;
    }
}
