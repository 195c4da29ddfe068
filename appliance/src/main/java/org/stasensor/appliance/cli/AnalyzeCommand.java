package org.stasensor.appliance.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.appliance.output.JsonLinesSink;
import org.stasensor.pipeline.decode.DecodeResult;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.InspectorCounters;
import org.stasensor.pipeline.inspect.PacketInspector;

/**
 * {@code sta analyze FILE... [--output PATH|-] [--sensor NAME]}: reads capture files through the full parsing path
 * and prints one JSON record per line. Files are read in order by one worker, so flows spanning files are joined.
 */
final class AnalyzeCommand
{
    private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

    private AnalyzeCommand()
    {
    }

    static int demo(final String[] args, final PrintStream out, final PrintStream err)
    {
        final String home = System.getProperty("sta.home", ".");
        final Path sample = Path.of(home, "appliance", "samples", "sample.pcap");
        final List<String> withSample = new ArrayList<>();
        withSample.add(sample.toString());
        withSample.addAll(List.of(args));
        return run(withSample.toArray(String[]::new), out, err);
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final List<Path> files = new ArrayList<>();
        String output = "-";
        String sensor = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--output", "-o" -> output = value(args, ++i, "--output");
                case "--sensor" -> sensor = value(args, ++i, "--sensor");
                default ->
                {
                    if (args[i].startsWith("--"))
                    {
                        throw new UsageException("analyze: unknown option '" + args[i] + "'");
                    }
                    files.add(Path.of(args[i]));
                }
            }
        }
        if (files.isEmpty())
        {
            throw new UsageException("analyze: no capture file given; usage: sta analyze FILE... [--output PATH|-]");
        }
        for (final Path file : files)
        {
            if (!Files.isReadable(file) || Files.isDirectory(file))
            {
                throw new UsageException(file + ": cannot read (no such file, a directory, or no permission)");
            }
        }
        try (OutputStream sinkStream = open(output, out))
        {
            final JsonLinesSink sink = new JsonLinesSink(sinkStream, sensor);
            final PacketInspector inspector = new PacketInspector(InspectorConfig.DEFAULT, sink.sink());
            final long started = System.nanoTime();
            final CaptureFiles.Outcome outcome = CaptureFiles.readAll(files, inspector, err, PROGRESS_INTERVAL_NANOS);
            inspector.finish();
            sinkStream.flush();
            summary(err, inspector.counters(), sink.written(), System.nanoTime() - started, outcome);
            return outcome.complete() ? Sta.EXIT_OK : Sta.EXIT_PARTIAL;
        }
        catch (final IOException ex)
        {
            throw new UsageException("cannot write " + output + ": " + ex.getMessage());
        }
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new UsageException("analyze: " + option + " needs a value");
        }
        return args[index];
    }

    static OutputStream open(final String output, final PrintStream out) throws IOException
    {
        if ("-".equals(output))
        {
            return new BufferedOutputStream(new NonClosingOutputStream(out), 1 << 16);
        }
        return new BufferedOutputStream(new FileOutputStream(output), 1 << 16);
    }

    private static void summary(final PrintStream err, final InspectorCounters c, final long records,
        final long elapsedNanos, final CaptureFiles.Outcome outcome)
    {
        final double seconds = Math.max(elapsedNanos, 1) / 1e9;
        err.printf("sta: %d file(s), %d packets, %d bytes, %d flows, %d records in %.2f s (%.0f packets/s)%n",
            outcome.files(), c.packets(), c.bytes(), c.flowsCreated(), records, seconds, c.packets() / seconds);
        err.printf("sta: malformed %d, non-IP %d, unsupported link type %d, non-first fragments %d, "
            + "other transport %d, too deep %d, handshake gaps %d, handshake buffer full %d, parser errors %d%n",
            c.malformed(), c.decodeResult(DecodeResult.NOT_IP), c.decodeResult(DecodeResult.UNSUPPORTED_LINK_TYPE),
            c.decodeResult(DecodeResult.NON_FIRST_FRAGMENT), c.decodeResult(DecodeResult.OTHER_TRANSPORT),
            c.decodeResult(DecodeResult.TOO_DEEP), c.handshakeGaps(), c.handshakeBufferFull(), c.parserErrors());
    }

    /** Lets the buffered writer close without closing stdout. */
    private static final class NonClosingOutputStream extends OutputStream
    {
        private final PrintStream out;

        NonClosingOutputStream(final PrintStream out)
        {
            this.out = out;
        }

        @Override
        public void write(final int b)
        {
            out.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len)
        {
            out.write(b, off, len);
        }

        @Override
        public void flush()
        {
            out.flush();
        }
    }
}
