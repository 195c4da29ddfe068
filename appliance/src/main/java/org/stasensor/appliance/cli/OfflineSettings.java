package org.stasensor.appliance.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.stasensor.appliance.config.ConfigException;
import org.stasensor.appliance.config.ConfigLoader;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.appliance.detect.Detections;
import org.stasensor.appliance.enrich.Enrichments;
import org.stasensor.pipeline.inspect.InspectorConfig;

/**
 * What the offline commands ({@code sta analyze}, {@code sta rules test}) take from a {@code sta.yaml} when one is
 * given, and their defaults otherwise. They keep no state: a capture analysed offline must not change what a running
 * sensor's detectors have learnt, and gives the same alerts every time; caches live in memory only.
 *
 * @param sensor     {@code observer.hostname}, or null.
 * @param inspector  the parsing path's bounds.
 * @param enrichment the enrichment section.
 * @param rules      the rules section.
 */
record OfflineSettings(String sensor, InspectorConfig inspector, StaConfig.Enrichment enrichment,
    StaConfig.Rules rules)
{
    /**
     * Settings from a configuration file, or the defaults.
     *
     * @param configFile a {@code sta.yaml}, or null.
     * @param sensor     a name given on the command line, or null.
     * @param rules      rules given on the command line instead of the file's, or null.
     * @return the settings.
     */
    static OfflineSettings of(final Path configFile, final String sensor, final StaConfig.Rules rules)
    {
        if (configFile == null)
        {
            return new OfflineSettings(sensor, InspectorConfig.DEFAULT, StaConfig.Enrichment.DEFAULT,
                rules != null ? rules : StaConfig.Rules.NONE);
        }
        final StaConfig config;
        try
        {
            config = ConfigLoader.load(configFile);
        }
        catch (final ConfigException ex)
        {
            throw new UsageException(ex.getMessage());
        }
        return new OfflineSettings(sensor != null ? sensor : config.sensor().name(), config.pipeline().inspector(0),
            config.enrichment(), rules != null ? rules : config.rules());
    }

    Enrichments openEnrichments(final PrintStream err) throws IOException
    {
        final Enrichments enrichments = Enrichments.open(enrichment, null, line -> err.println("sta: " + line));
        enrichments.describe().forEach(line -> err.println("sta: " + line));
        return enrichments;
    }

    Detections loadDetections(final PrintStream err) throws IOException
    {
        return Detections.load(rules, null, line -> err.println("sta: " + line));
    }
}
