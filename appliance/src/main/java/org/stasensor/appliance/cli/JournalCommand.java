package org.stasensor.appliance.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.stasensor.appliance.config.ConfigException;
import org.stasensor.appliance.config.ConfigLoader;
import org.stasensor.appliance.config.TimeSpan;
import org.stasensor.appliance.journal.JournalException;
import org.stasensor.appliance.journal.JournalReader;
import org.stasensor.appliance.journal.JournalRecordHandler;
import org.stasensor.appliance.output.JsonLinesSink;
import org.stasensor.pipeline.record.Dataset;

/**
 * {@code sta journal tail [--follow] [--from TIME|end] [--dataset LIST] [--journal PATH | --config FILE]
 * [--sensor NAME]}: prints the journal's records as JSON lines, in the order they were appended, the same lines
 * {@code sta analyze} prints for the same records. {@code --follow} keeps waiting for new records until SIGINT or
 * SIGTERM (exit 0). A document that is not a whole record is reported on stderr, one line each, and skipped; the exit
 * code is then 3.
 */
final class JournalCommand
{
    static final String USAGE = """
          journal tail [--follow] [--from TIME|end] [--dataset LIST] [--journal PATH|--config FILE]
                       [--sensor NAME]
                          print the journal's records as JSON lines, oldest first; --follow waits for new ones
                          until SIGINT/SIGTERM; TIME: ISO-8601 (2026-11-28T14:22:08Z) or relative (-10m, -2h, -1d),
                          compared with each record's @timestamp; end: only records appended from now on;
                          LIST: tls,ssh,dns,quic,flow,alert; the journal is --journal, else journal.path of
                          --config, else of conf/sta.yaml
        """;

    private static final int BATCH = 4096;
    private static final long IDLE_SLEEP_MILLIS = 10;

    /** What the command line asks for. */
    private record Options(Path journal, boolean follow, Instant from, boolean fromEnd, Set<Dataset> datasets,
        String sensor)
    {
    }

    private JournalCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final Options options = parse(args);
        if (!options.follow())
        {
            return tail(options, out, err, new AtomicBoolean());
        }
        final AtomicBoolean stop = new AtomicBoolean();
        try (StopSignals ignored = StopSignals.install(() -> stop.set(true)))
        {
            return tail(options, out, err, stop);
        }
    }

    /**
     * For tests: runs with a stop flag instead of signal handlers.
     *
     * @param args command line after {@code journal}.
     * @param out  standard output.
     * @param err  standard error.
     * @param stop set to end a {@code --follow}.
     * @return the exit code.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err, final AtomicBoolean stop)
    {
        return tail(parse(args), out, err, stop);
    }

    private static int tail(final Options options, final PrintStream out, final PrintStream err,
        final AtomicBoolean stop)
    {
        try (JournalReader reader = JournalReader.open(options.journal());
            OutputStream stream = AnalyzeCommand.open("-", out))
        {
            reader.datasets(options.datasets());
            if (options.fromEnd())
            {
                reader.toEnd();
            }
            else if (options.from() != null)
            {
                final Instant from = options.from();
                reader.fromTime(Math.addExact(Math.multiplyExact(from.getEpochSecond(), 1_000_000_000L),
                    from.getNano()));
            }
            final Printer printer = new Printer(new JsonLinesSink(stream, options.sensor()), reader, err);
            final IdleStrategy idle = new SleepingMillisIdleStrategy(IDLE_SLEEP_MILLIS);
            while (!stop.get())
            {
                if (reader.poll(printer, BATCH) == 0)
                {
                    stream.flush();
                    if (!options.follow())
                    {
                        break;
                    }
                    idle.idle();
                }
                if (out.checkError())
                {
                    // Whoever read the output has gone (sta journal tail | head): nothing more to print to.
                    break;
                }
            }
            stream.flush();
            err.printf("sta: journal tail: %d records printed, %d skipped as invalid%n", printer.printed,
                printer.skipped);
            return printer.skipped == 0 ? Sta.EXIT_OK : Sta.EXIT_PARTIAL;
        }
        catch (final JournalException ex)
        {
            throw new UsageException(ex.getMessage());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            throw new UsageException("journal tail: cannot write the records: " + ex.getMessage());
        }
    }

    private static Options parse(final String[] args)
    {
        if (args.length == 0 || !"tail".equals(args[0]))
        {
            throw new UsageException("journal: " + (args.length == 0 ? "no subcommand" : "unknown subcommand '"
                + args[0] + "'") + "; usage: sta journal tail [--follow] [--from TIME] [--dataset LIST] "
                + "[--journal PATH]");
        }
        Path journal = null;
        Path config = null;
        boolean follow = false;
        Instant from = null;
        boolean fromEnd = false;
        final Set<Dataset> datasets = EnumSet.noneOf(Dataset.class);
        String sensor = null;
        for (int i = 1; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--follow", "-f" -> follow = true;
                case "--journal" -> journal = Path.of(value(args, ++i, "--journal"));
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                case "--sensor" -> sensor = value(args, ++i, "--sensor");
                case "--dataset" -> datasets.addAll(datasets(value(args, ++i, "--dataset")));
                case "--from" ->
                {
                    final String text = value(args, ++i, "--from");
                    fromEnd = "end".equals(text);
                    from = fromEnd ? null : time(text, System.currentTimeMillis());
                }
                default -> throw new UsageException("journal tail: unknown option '" + args[i] + "'");
            }
        }
        return new Options(journal != null ? journal : journalOf(config), follow, from, fromEnd, datasets, sensor);
    }

    /**
     * Reads a {@code --from} value.
     *
     * @param text     ISO-8601 instant ({@code 2026-11-28T14:22:08Z}, an offset instead of Z is fine) or a
     *                 relative time ({@code -10m}: ten minutes before now; units ns, us, ms, s, m, h, d).
     * @param nowMillis what "now" is.
     * @return the moment.
     */
    static Instant time(final String text, final long nowMillis)
    {
        if (text.startsWith("-"))
        {
            try
            {
                final long nanos = TimeSpan.parse(text.substring(1)).nanos();
                return Instant.ofEpochMilli(nowMillis).minusNanos(nanos);
            }
            catch (final IllegalArgumentException | ArithmeticException ex)
            {
                throw new UsageException("journal tail: --from '" + text + "' is not a relative time ("
                    + ex.getMessage() + "); e.g. -10m, -2h, -1d");
            }
        }
        try
        {
            return Instant.parse(text);
        }
        catch (final DateTimeParseException ex)
        {
            throw new UsageException("journal tail: --from '" + text + "' is not a time; use ISO-8601 like "
                + "2026-11-28T14:22:08Z, a relative time like -10m or -2h, or end");
        }
    }

    private static Set<Dataset> datasets(final String list)
    {
        final Set<Dataset> datasets = EnumSet.noneOf(Dataset.class);
        for (final String id : list.split(","))
        {
            final Dataset dataset = Dataset.ofId(id.trim().toLowerCase(Locale.ROOT));
            if (dataset == null)
            {
                throw new UsageException("journal tail: unknown dataset '" + id.trim()
                    + "' (known: tls, ssh, dns, quic, flow, alert)");
            }
            datasets.add(dataset);
        }
        return datasets;
    }

    private static Path journalOf(final Path config)
    {
        final Path file = config != null ? config : Path.of(System.getProperty("sta.home", "."), "conf", "sta.yaml");
        if (config == null && !Files.isRegularFile(file))
        {
            throw new UsageException("journal tail: which journal? give --journal PATH or --config FILE");
        }
        if (!Files.isReadable(file) || Files.isDirectory(file))
        {
            throw new UsageException(file + ": cannot read (no such file, a directory, or no permission)");
        }
        try
        {
            return ConfigLoader.load(file).journal().path();
        }
        catch (final ConfigException ex)
        {
            throw new UsageException(ex.getMessage());
        }
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new UsageException("journal tail: " + option + " needs a value");
        }
        return args[index];
    }

    /** Prints each record as a JSON line; reports each invalid document as one line on stderr. */
    private static final class Printer implements JournalRecordHandler
    {
        private final JsonLinesSink sink;
        private final JournalReader reader;
        private final PrintStream err;
        private long printed;
        private long skipped;

        Printer(final JsonLinesSink sink, final JournalReader reader, final PrintStream err)
        {
            this.sink = sink;
            this.reader = reader;
            this.err = err;
        }

        @Override
        public void onRecord(final long index, final DirectBuffer buffer, final int offset, final int length)
        {
            try
            {
                sink.print(buffer, offset, length);
                printed++;
            }
            catch (final UncheckedIOException ex)
            {
                throw ex;
            }
            catch (final RuntimeException ex)
            {
                // The header checked out but the fields do not render: still one line, never a crash.
                onInvalidRecord(index, "cannot render it as JSON: " + ex);
            }
        }

        @Override
        public void onInvalidRecord(final long index, final String problem)
        {
            skipped++;
            err.println("sta: journal: skipped record " + reader.describeIndex(index) + ": " + problem);
        }
    }
}
