package org.stasensor.pipeline.enrich.geo;

import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A country database in MaxMind DB format: MaxMind's GeoIP2/GeoLite2 Country or City (read through the GeoIP2 API,
 * {@code country.iso_code}), or the ip-location-db "country" databases ({@code country_code}, read through the MaxMind
 * DB reader underneath, since GeoIP2's reader refuses their database type). Thread-safe.
 */
public final class CountryDatabase implements Closeable
{
    private final Path file;
    private final String databaseType;
    private final DatabaseReader geoIp2;
    private final Reader plain;

    private CountryDatabase(final Path file, final String databaseType, final DatabaseReader geoIp2,
        final Reader plain)
    {
        this.file = file;
        this.databaseType = databaseType;
        this.geoIp2 = geoIp2;
        this.plain = plain;
    }

    /**
     * Opens a database file (memory-mapped).
     *
     * @param file the {@code .mmdb} file.
     * @return the database.
     * @throws IOException when the file is missing or not a MaxMind DB with country data.
     */
    public static CountryDatabase open(final Path file) throws IOException
    {
        final Reader reader = MaxMindFiles.open(file);
        final String type = reader.getMetadata().getDatabaseType();
        if (MaxMindFiles.isGeoIp2Type(type))
        {
            if (!type.contains("Country") && !type.contains("City") && !type.contains("Enterprise"))
            {
                reader.close();
                throw new IOException(file + ": a " + type + " database has no countries (need Country or City)");
            }
            reader.close();
            return new CountryDatabase(file, type, new DatabaseReader.Builder(file.toFile()).build(), null);
        }
        if (!type.toLowerCase(java.util.Locale.ROOT).contains("country"))
        {
            reader.close();
            throw new IOException(file + ": database type '" + type + "' has no countries");
        }
        return new CountryDatabase(file, type, null, reader);
    }

    /**
     * The country of an address.
     *
     * @param address a public address.
     * @return ISO 3166 alpha-2 code, or null when the database has none.
     * @throws IOException when the database is corrupt.
     */
    public String countryOf(final InetAddress address) throws IOException
    {
        if (plain != null)
        {
            final Map<?, ?> entry = plain.get(address, Map.class);
            final Object code = entry == null ? null : entry.get("country_code");
            return code instanceof String text && text.length() == 2 ? text : null;
        }
        try
        {
            if (databaseType.contains("City"))
            {
                final Optional<CityResponse> city = geoIp2.tryCity(address);
                return city.map(response -> response.getCountry().getIsoCode()).orElse(null);
            }
            final Optional<CountryResponse> country = geoIp2.tryCountry(address);
            return country.map(response -> response.getCountry().getIsoCode()).orElse(null);
        }
        catch (final GeoIp2Exception ex)
        {
            throw new IOException(file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The database's own name for its type, e.g. "GeoLite2-Country".
     *
     * @return the type.
     */
    public String databaseType()
    {
        return databaseType;
    }

    @Override
    public void close() throws IOException
    {
        if (plain != null)
        {
            plain.close();
        }
        if (geoIp2 != null)
        {
            geoIp2.close();
        }
    }
}
