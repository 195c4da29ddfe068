package org.stasensor.pipeline.enrich.geo;

import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Autonomous system number and organisation of an address, from MaxMind's GeoLite2/GeoIP2 ASN databases (GeoIP2 API)
 * or from ip-location-db's ASN CSV range files ({@code first,last,asn,"organisation"}, RouteViews and DB-IP data
 * under CC BY 4.0), which have no MaxMind DB edition. Several files may be given (e.g. the IPv4 and the IPv6 CSV);
 * the first that knows an address answers. Thread-safe.
 */
public final class AsnDatabase implements Closeable
{
    private final List<DatabaseReader> readers;
    private final List<AsnRangeTable> tables;

    private AsnDatabase(final List<DatabaseReader> readers, final List<AsnRangeTable> tables)
    {
        this.readers = readers;
        this.tables = tables;
    }

    /**
     * Opens ASN files: {@code .mmdb} through GeoIP2, {@code .csv} loaded into a range table.
     *
     * @param files one or more files.
     * @return the database.
     * @throws IOException naming the file that is missing or malformed.
     */
    public static AsnDatabase open(final List<Path> files) throws IOException
    {
        final List<DatabaseReader> readers = new ArrayList<>();
        final List<AsnRangeTable> tables = new ArrayList<>();
        try
        {
            for (final Path file : files)
            {
                if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                {
                    tables.add(AsnRangeTable.load(file));
                    continue;
                }
                final String type;
                try (Reader reader = MaxMindFiles.open(file))
                {
                    type = reader.getMetadata().getDatabaseType();
                }
                if (!type.contains("ASN") && !type.contains("ISP"))
                {
                    throw new IOException(file + ": database type '" + type + "' has no AS numbers (need an ASN or "
                        + "ISP database, or an ASN CSV)");
                }
                readers.add(new DatabaseReader.Builder(file.toFile()).build());
            }
        }
        catch (final IOException ex)
        {
            for (final DatabaseReader reader : readers)
            {
                reader.close();
            }
            throw ex;
        }
        return new AsnDatabase(List.copyOf(readers), List.copyOf(tables));
    }

    /**
     * Looks an address up.
     *
     * @param address  a public address.
     * @param raw      the same address as 4 or 16 bytes, for the range tables.
     * @param out      filled with the number and organisation; cleared when nothing is known.
     * @throws IOException when a database is corrupt.
     */
    public void lookup(final InetAddress address, final byte[] raw, final GeoAnswer out) throws IOException
    {
        out.asNumber = 0;
        out.asOrganization = null;
        for (final AsnRangeTable table : tables)
        {
            if (table.lookup(raw, out))
            {
                return;
            }
        }
        for (final DatabaseReader reader : readers)
        {
            try
            {
                final Optional<AsnResponse> response = reader.tryAsn(address);
                if (response.isPresent() && response.get().getAutonomousSystemNumber() != null)
                {
                    out.asNumber = response.get().getAutonomousSystemNumber();
                    out.asOrganization = response.get().getAutonomousSystemOrganization();
                    return;
                }
            }
            catch (final GeoIp2Exception ex)
            {
                throw new IOException(ex.getMessage(), ex);
            }
        }
    }

    @Override
    public void close() throws IOException
    {
        for (final DatabaseReader reader : readers)
        {
            reader.close();
        }
    }
}
