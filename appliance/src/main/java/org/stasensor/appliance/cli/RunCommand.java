package org.stasensor.appliance.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import org.stasensor.appliance.config.ConfigException;
import org.stasensor.appliance.config.ConfigLoader;
import org.stasensor.appliance.config.StaConfig;
import org.stasensor.appliance.run.SensorRun;
import org.stasensor.appliance.run.SensorSetupException;

/**
 * {@code sta run --config sta.yaml [--check]}: the appliance. Reads and checks the configuration, opens the journal,
 * the capture queues, the rings and the metrics endpoint, and captures until SIGINT/SIGTERM (or the end of the
 * capture files), then drains everything into the journal and exits 0. {@code --check} stops after the checks.
 */
final class RunCommand
{
    static final String USAGE = """
          run --config FILE [--check]
                          run the sensor as sta.yaml says (capture, rings, journal, metrics) until SIGTERM;
                          --check only validates the configuration
        """;

    private RunCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        Path file = null;
        boolean check = false;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--config", "-c" ->
                {
                    if (++i >= args.length)
                    {
                        throw new UsageException("run: --config needs a file");
                    }
                    file = Path.of(args[i]);
                }
                case "--check" -> check = true;
                default -> throw new UsageException("run: unknown option '" + args[i] + "'; usage: sta run --config "
                    + "FILE [--check]");
            }
        }
        if (file == null)
        {
            throw new UsageException("run: --config FILE is required (see conf/sta.yaml)");
        }
        final StaConfig config;
        try
        {
            config = ConfigLoader.load(file);
            SensorRun.check(config);
        }
        catch (final ConfigException | SensorSetupException ex)
        {
            throw new UsageException(ex.getMessage());
        }
        if (check)
        {
            out.println("sta: " + file + ": configuration OK");
            return Sta.EXIT_OK;
        }
        try (SensorRun sensor = SensorRun.open(config, err);
            StopSignals ignored = StopSignals.install(sensor::requestStop, sensor::requestReload))
        {
            return sensor.run() ? Sta.EXIT_OK : Sta.EXIT_INTERNAL;
        }
        catch (final SensorSetupException ex)
        {
            throw new UsageException(ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new UsageException("run interrupted");
        }
    }
}
