package org.stasensor.pipeline.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Independent answers about the bundled GeoIP data for tests: a plain scan of an ASN CSV file with BigInteger
 * comparisons (no sorting, no search, nothing shared with the product's range table), and mmdblookup (libmaxminddb,
 * apt mmdb-bin) for countries.
 */
public final class AsnCsvOracle
{
    private static final Pattern MMDB_COUNTRY = Pattern.compile("\"([A-Z]{2})\" <utf8_string>");

    /**
     * One row's answer.
     *
     * @param number       the AS number, 0 when no row covers the address.
     * @param organization its organisation, null when none.
     */
    public record Answer(long number, String organization)
    {
    }

    private AsnCsvOracle()
    {
    }

    /**
     * Looks addresses up by reading the whole file once.
     *
     * @param csv       {@code first,last,asn,"organisation"} rows.
     * @param addresses 4- or 16-byte addresses.
     * @return one answer per address, in order.
     */
    public static List<Answer> lookup(final Path csv, final List<byte[]> addresses)
    {
        final List<Answer> answers = new ArrayList<>();
        final BigInteger[] values = new BigInteger[addresses.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = new BigInteger(1, addresses.get(i));
            answers.add(new Answer(0, null));
        }
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                final String[] parts = line.split(",", 4);
                final byte[] firstBytes = InetAddress.ofLiteral(parts[0]).getAddress();
                final BigInteger first = new BigInteger(1, firstBytes);
                final BigInteger last = new BigInteger(1, InetAddress.ofLiteral(parts[1]).getAddress());
                for (int i = 0; i < values.length; i++)
                {
                    if (addresses.get(i).length == firstBytes.length && values[i].compareTo(first) >= 0
                        && values[i].compareTo(last) <= 0)
                    {
                        final String organization = parts[3];
                        answers.set(i, new Answer(Long.parseLong(parts[2]), organization.startsWith("\"")
                            ? organization.substring(1, organization.length() - 1).replace("\"\"", "\"")
                            : organization));
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return answers;
    }

    /**
     * The country mmdblookup gives an address.
     *
     * @param mmdb    the database.
     * @param address the address in text.
     * @return the ISO code, or null when it has none.
     */
    public static String mmdblookupCountry(final Path mmdb, final String address)
    {
        try
        {
            final Process process = new ProcessBuilder("mmdblookup", "--file", mmdb.toString(), "--ip", address)
                .redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            // ip-location-db has country_code at the top; GeoIP2 databases have country.iso_code first.
            final Matcher matcher = MMDB_COUNTRY.matcher(output);
            return matcher.find() ? matcher.group(1) : null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
