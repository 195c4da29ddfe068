package org.stasensor.pipeline.enrich.geo;

import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening MaxMind DB files with messages that name the file. */
final class MaxMindFiles
{
    private MaxMindFiles()
    {
    }

    static Reader open(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            throw new IOException(file + ": no such readable file");
        }
        try
        {
            return new Reader(file.toFile());
        }
        catch (final InvalidDatabaseException ex)
        {
            throw new IOException(file + ": not a MaxMind DB file (" + ex.getMessage() + ")", ex);
        }
    }

    /** MaxMind's own and DB-IP's databases follow the GeoIP2 schema that GeoIP2's reader expects. */
    static boolean isGeoIp2Type(final String type)
    {
        return type.startsWith("GeoIP2") || type.startsWith("GeoLite2") || type.startsWith("DBIP");
    }
}
