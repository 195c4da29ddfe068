package org.stasensor.pipeline.enrich.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.AsnCsvOracle;

/**
 * The bundled databases that bin/setup installs, read through our code, against independent readers: mmdblookup
 * (libmaxminddb, apt mmdb-bin) for countries, and a plain scan of the CSV with BigInteger for AS numbers.
 */
class GeoIpDatabasesTest
{
    @Test
    void countriesOfRandomPublicAddressesEqualMmdblookup() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(2026);
        int checked = 0;
        int known = 0;
        try (GeoIpDatabases databases = GeoIpDatabases.open(GeoIpDatabases.BUNDLED_COUNTRY, List.of(), log -> { }))
        {
            final GeoAnswer answer = new GeoAnswer();
            while (checked < 60)
            {
                final byte[] address = new byte[checked % 3 == 0 ? 16 : 4];
                random.nextBytes(address);
                if (address.length == 16)
                {
                    address[0] = (byte)(0x20 | random.nextInt(2));  // 2000::/4 holds the allocated space
                    address[1] = (byte)random.nextInt(0x10);
                }
                if (SpecialAddresses.isSpecial(new org.agrona.concurrent.UnsafeBuffer(address), 0,
                    address.length == 4 ? 4 : 6))
                {
                    continue;
                }
                databases.lookup(address, answer);
                final String expected = AsnCsvOracle.mmdblookupCountry(GeoIpDatabases.BUNDLED_COUNTRY,
                    InetAddress.getByAddress(address).getHostAddress());
                assertEquals(expected, answer.country(), InetAddress.getByAddress(address).getHostAddress());
                checked++;
                if (expected != null)
                {
                    known++;
                }
            }
        }
        assertTrue(known > 30, "most addresses have a country: " + known);
    }

    @Test
    void asNumbersOfRandomAddressesEqualAPlainScanOfTheCsv() throws Exception
    {
        final Path ipv4 = GeoIpDatabases.BUNDLED_ASN.get(0);
        final SplittableRandom random = new SplittableRandom(4);
        final List<byte[]> addresses = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            final byte[] address = new byte[4];
            random.nextBytes(address);
            addresses.add(address);
        }
        addresses.add(InetAddress.ofLiteral("1.0.0.1").getAddress());  // first row of the file: 13335 Cloudflare
        final List<AsnCsvOracle.Answer> expected = AsnCsvOracle.lookup(ipv4, addresses);
        try (GeoIpDatabases databases = GeoIpDatabases.open(null, GeoIpDatabases.BUNDLED_ASN, log -> { }))
        {
            final GeoAnswer answer = new GeoAnswer();
            int found = 0;
            for (int i = 0; i < addresses.size(); i++)
            {
                databases.lookup(addresses.get(i), answer);
                final String where = InetAddress.getByAddress(addresses.get(i)).getHostAddress();
                assertEquals(expected.get(i).number(), answer.asNumber(), where);
                assertEquals(expected.get(i).organization(), answer.asOrganization(), where);
                found += expected.get(i).number() != 0 ? 1 : 0;
            }
            assertEquals(13335, answer.asNumber());
            assertTrue(found > 100, "most random IPv4 addresses are routed: " + found);
        }
    }

    @Test
    void aChangedFileIsReloadedAndABrokenOneKeepsTheOldData(@TempDir final Path dir) throws Exception
    {
        final Path csv = dir.resolve("asn.csv");
        Files.writeString(csv, "192.0.2.0,192.0.2.255,64500,\"Example, Inc.\"\n"
            + "2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64501,Documentation\n");
        final List<String> log = new ArrayList<>();
        try (GeoIpDatabases databases = GeoIpDatabases.open(null, List.of(csv), log::add))
        {
            final GeoAnswer answer = new GeoAnswer();
            databases.lookup(InetAddress.ofLiteral("192.0.2.77").getAddress(), answer);
            assertEquals(64500, answer.asNumber());
            assertEquals("Example, Inc.", answer.asOrganization());
            databases.lookup(InetAddress.ofLiteral("2001:db8::5").getAddress(), answer);
            assertEquals(64501, answer.asNumber());
            databases.lookup(InetAddress.ofLiteral("192.0.3.1").getAddress(), answer);
            assertEquals(0, answer.asNumber());
            assertNull(answer.asOrganization());

            assertEquals(false, databases.reloadIfChanged());
            Files.writeString(csv, "192.0.2.0,192.0.2.255,64510,Renumbered\n");
            Files.setLastModifiedTime(csv, FileTime.from(System.currentTimeMillis() + 5000, TimeUnit.MILLISECONDS));
            assertTrue(databases.reloadIfChanged());
            assertEquals(1, databases.generation());
            databases.lookup(InetAddress.ofLiteral("192.0.2.77").getAddress(), answer);
            assertEquals(64510, answer.asNumber());

            Files.writeString(csv, "192.0.2.0,not-an-address,1,x\n");
            Files.setLastModifiedTime(csv, FileTime.from(System.currentTimeMillis() + 9000, TimeUnit.MILLISECONDS));
            assertEquals(false, databases.reloadIfChanged());
            databases.lookup(InetAddress.ofLiteral("192.0.2.77").getAddress(), answer);
            assertEquals(64510, answer.asNumber());
            assertTrue(log.get(log.size() - 1).contains("asn.csv:1"), log.toString());
        }
    }

    @Test
    void unusableFilesAreRefusedWithTheirName(@TempDir final Path dir) throws Exception
    {
        final Path garbage = Files.writeString(dir.resolve("country.mmdb"), "not a database");
        final IOException notMmdb = assertThrows(IOException.class,
            () -> GeoIpDatabases.open(garbage, List.of(), log -> { }));
        assertTrue(notMmdb.getMessage().contains("country.mmdb"), notMmdb.getMessage());
        final IOException missing = assertThrows(IOException.class,
            () -> GeoIpDatabases.open(dir.resolve("absent.mmdb"), List.of(), log -> { }));
        assertTrue(missing.getMessage().contains("absent.mmdb"), missing.getMessage());
        final IOException countryAsAsn = assertThrows(IOException.class,
            () -> GeoIpDatabases.open(null, List.of(GeoIpDatabases.BUNDLED_COUNTRY), log -> { }));
        assertTrue(countryAsAsn.getMessage().contains("no AS numbers"), countryAsAsn.getMessage());
    }
}
