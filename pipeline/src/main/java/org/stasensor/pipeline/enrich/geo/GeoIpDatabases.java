package org.stasensor.pipeline.enrich.geo;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The configured country and ASN databases, shared by every enrichment thread, swapped whole when a file changes on
 * disk (a user's weekly GeoLite2 update): {@link #reloadIfChanged()} is called by a watcher thread; lookups in flight
 * keep the set they started with, and the per-thread caches see {@link #generation()} move and forget what they hold.
 * A file that fails to load on reload keeps the old set and is reported.
 */
public final class GeoIpDatabases implements Closeable
{
    /** Where {@code bin/setup} installs the bundled databases (docs/geoip.md). */
    public static final Path BUNDLED_DIRECTORY = Path.of(System.getProperty("sta.geoip.dir", "/var/lib/sta/geoip"));
    /** The bundled country database: ip-location-db geo-whois-asn-country (NRO data, CC BY 4.0). */
    public static final Path BUNDLED_COUNTRY = BUNDLED_DIRECTORY.resolve("geo-whois-asn-country.mmdb");
    /** The bundled ASN ranges: ip-location-db asn (RouteViews and DB-IP data, CC BY 4.0). */
    public static final List<Path> BUNDLED_ASN = List.of(BUNDLED_DIRECTORY.resolve("asn-ipv4.csv"),
        BUNDLED_DIRECTORY.resolve("asn-ipv6.csv"));

    private final Path countryFile;
    private final List<Path> asnFiles;
    private final Consumer<String> log;
    private volatile Loaded loaded;
    private volatile long generation;
    private Loaded retired;

    private record Loaded(CountryDatabase country, AsnDatabase asn, List<Stamp> stamps)
    {
    }

    private record Stamp(Path file, long modifiedMillis, long size)
    {
        static Stamp of(final Path file) throws IOException
        {
            final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(file, attributes.lastModifiedTime().toMillis(), attributes.size());
        }
    }

    private GeoIpDatabases(final Path countryFile, final List<Path> asnFiles, final Consumer<String> log,
        final Loaded loaded)
    {
        this.countryFile = countryFile;
        this.asnFiles = asnFiles;
        this.log = log;
        this.loaded = loaded;
    }

    /**
     * Opens the databases.
     *
     * @param countryFile a country or city {@code .mmdb}, or null for no countries.
     * @param asnFiles    ASN {@code .mmdb} or {@code .csv} files; empty for no AS numbers.
     * @param log         where reloads and their failures are reported.
     * @return the set.
     * @throws IOException naming the file that cannot be used.
     */
    public static GeoIpDatabases open(final Path countryFile, final List<Path> asnFiles, final Consumer<String> log)
        throws IOException
    {
        final List<Path> asn = List.copyOf(asnFiles);
        return new GeoIpDatabases(countryFile, asn, Objects.requireNonNull(log), load(countryFile, asn));
    }

    private static Loaded load(final Path countryFile, final List<Path> asnFiles) throws IOException
    {
        final List<Stamp> stamps = new ArrayList<>();
        CountryDatabase country = null;
        if (countryFile != null)
        {
            stamps.add(Stamp.of(countryFile));
            country = CountryDatabase.open(countryFile);
        }
        AsnDatabase asn = null;
        if (!asnFiles.isEmpty())
        {
            for (final Path file : asnFiles)
            {
                stamps.add(Stamp.of(file));
            }
            try
            {
                asn = AsnDatabase.open(asnFiles);
            }
            catch (final IOException ex)
            {
                if (country != null)
                {
                    country.close();
                }
                throw ex;
            }
        }
        return new Loaded(country, asn, List.copyOf(stamps));
    }

    /**
     * Looks up one public address.
     *
     * @param address 4 or 16 bytes in network order.
     * @param out     what is known; cleared first.
     * @throws IOException when a database is corrupt.
     */
    public void lookup(final byte[] address, final GeoAnswer out) throws IOException
    {
        out.clear();
        final Loaded current = loaded;
        final InetAddress inet = InetAddress.getByAddress(address);
        if (current.country() != null)
        {
            out.country = current.country().countryOf(inet);
        }
        if (current.asn() != null)
        {
            final String country = out.country;
            current.asn().lookup(inet, address, out);
            out.country = country;
        }
    }

    /**
     * Reopens the files when one of them changed (modification time or size); keeps the old set when the new one
     * does not load.
     *
     * @return true when a new set is in use.
     */
    public boolean reloadIfChanged()
    {
        final Loaded current = loaded;
        boolean changed = false;
        for (final Stamp stamp : current.stamps())
        {
            try
            {
                if (!Stamp.of(stamp.file()).equals(stamp))
                {
                    changed = true;
                }
            }
            catch (final IOException ex)
            {
                // A file being replaced may be missing for a moment: try again on the next check.
                return false;
            }
        }
        if (!changed)
        {
            return false;
        }
        try
        {
            loaded = load(countryFile, asnFiles);
            generation++;
            log.accept("geoip: reloaded " + describe());
            // Lookups that started on the old set may still run: it is closed one reload later.
            if (retired != null)
            {
                closeQuietly(retired);
            }
            retired = current;
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            log.accept("geoip: reload failed, keeping the databases in use: " + ex.getMessage());
            return false;
        }
    }

    /**
     * Moves each time the databases are swapped.
     *
     * @return the generation, 0 at start.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * What is loaded, for logs and {@code sta run --check}.
     *
     * @return e.g. "countries from X (type), 515158 AS ranges".
     */
    public String describe()
    {
        final Loaded current = loaded;
        final StringBuilder text = new StringBuilder();
        text.append(current.country() == null ? "no countries" :
            "countries from " + countryFile + " (" + current.country().databaseType() + ")");
        text.append(current.asn() == null ? ", no AS numbers" : ", AS numbers from " + asnFiles);
        return text.toString();
    }

    @Override
    public void close()
    {
        if (retired != null)
        {
            closeQuietly(retired);
        }
        closeQuietly(loaded);
    }

    private static void closeQuietly(final Loaded set)
    {
        try
        {
            if (set.country() != null)
            {
                set.country().close();
            }
            if (set.asn() != null)
            {
                set.asn().close();
            }
        }
        catch (final IOException ignored)
        {
            // Closing a mapped file that is being replaced; nothing to do.
        }
    }
}
