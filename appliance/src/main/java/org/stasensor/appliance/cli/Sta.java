package org.stasensor.appliance.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code sta} program: dispatches to a command. Exit codes: 0 success, 1 internal error, 2 bad usage, unreadable
 * input or bad configuration, 3 input read only in part (truncated or corrupt capture).
 */
public final class Sta
{
    /** Success. */
    public static final int EXIT_OK = 0;
    /** A bug: something that should not happen did. */
    public static final int EXIT_INTERNAL = 1;
    /** Bad usage, unreadable path, unknown format, bad configuration. */
    public static final int EXIT_USAGE = 2;
    /** The input was read only in part (truncated or corrupt capture). */
    public static final int EXIT_PARTIAL = 3;

    private static final String USAGE = """
        usage: sta <command> [options]

        commands:
          analyze FILE... [--output PATH|-] [--sensor NAME] [--config sta.yaml]
                          read pcap/pcapng files through parsing, enrichment and (with --config) detection; print
                          one JSON record per line (stdout by default), each alert after its record
          demo            analyze the bundled sample capture (its copy on a LAN and a public address) with
                          conf/sta.yaml's enrichment and rules
        """ + CaptureCommand.USAGE + RunCommand.USAGE + JournalCommand.USAGE + RulesCommand.USAGE
            + FingerprintsCommand.USAGE + """
          help            this text
        """;

    private Sta()
    {
    }

    /**
     * Entry point of bin/sta.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        final int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs a command; never throws and never prints a stack trace for bad input.
     *
     * @param args command line.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0)
        {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try
        {
            return switch (args[0])
            {
                case "analyze" -> AnalyzeCommand.run(rest, out, err);
                case "demo" -> AnalyzeCommand.demo(rest, out, err);
                case "capture" -> CaptureCommand.run(rest, out, err);
                case "run" -> RunCommand.run(rest, out, err);
                case "journal" -> JournalCommand.run(rest, out, err);
                case "rules" -> RulesCommand.run(rest, out, err);
                case "fingerprints" -> FingerprintsCommand.run(rest, out, err);
                case "help", "--help", "-h" ->
                {
                    out.print(USAGE);
                    yield EXIT_OK;
                }
                default ->
                {
                    err.println("sta: unknown command '" + args[0] + "'; try 'sta help'");
                    yield EXIT_USAGE;
                }
            };
        }
        catch (final UsageException ex)
        {
            err.println("sta: " + ex.getMessage());
            return EXIT_USAGE;
        }
        catch (final RuntimeException | Error bug)
        {
            err.println("sta: internal error, please report: " + bug);
            bug.printStackTrace(err);
            return EXIT_INTERNAL;
        }
    }
}
