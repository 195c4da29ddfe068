package org.stasensor.appliance.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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
        // Signals are ours from the start: a SIGTERM while databases load ends the run cleanly, not the JVM.
        final AtomicReference<SensorRun> running = new AtomicReference<>();
        final AtomicBoolean stopAsked = new AtomicBoolean();
        try (StopSignals ignored = StopSignals.install(() ->
            {
                stopAsked.set(true);
                final SensorRun sensor = running.get();
                if (sensor != null)
                {
                    sensor.requestStop();
                }
            }, () ->
            {
                final SensorRun sensor = running.get();
                if (sensor != null)
                {
                    sensor.requestReload();
                }
            });
            SensorRun sensor = SensorRun.open(config, err))
        {
            running.set(sensor);
            if (stopAsked.get())
            {
                sensor.requestStop();
            }
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
