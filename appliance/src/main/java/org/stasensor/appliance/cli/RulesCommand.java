package org.stasensor.appliance.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stasensor.appliance.config.StaConfig;

/**
 * {@code sta rules check FILE...} validates rule files; {@code sta rules test --pcap FILE...} runs rules over captures
 * and prints the alerts.
 */
final class RulesCommand
{
    static final String USAGE = """
          rules check FILE...
                          validate policy (.yaml) and signature (.rules) files: one line per problem with file, line
                          and reason; exit 0 when every file is clean, 2 otherwise
          rules test --pcap FILE... [--config sta.yaml] [--policy FILE] [--signatures FILE]... [--output PATH|-]
                          run the rules over captures (with sta analyze's enrichment) and print only the alerts;
                          --policy/--signatures replace the rules of --config
        """;

    private RulesCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0)
        {
            throw new UsageException("rules: expected 'check' or 'test'");
        }
        final String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0])
        {
            case "check" -> RuleFilesCheck.run(rest, out, err);
            case "test" -> test(rest, out, err);
            default -> throw new UsageException("rules: unknown subcommand '" + args[0] + "' (check, test)");
        };
    }

    private static int test(final String[] args, final PrintStream out, final PrintStream err)
    {
        final List<Path> captures = new ArrayList<>();
        final List<Path> signatures = new ArrayList<>();
        Path policy = null;
        Path config = null;
        String output = "-";
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--pcap" -> captures.add(Path.of(value(args, ++i, "--pcap")));
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                case "--policy" -> policy = Path.of(value(args, ++i, "--policy"));
                case "--signatures" -> signatures.add(Path.of(value(args, ++i, "--signatures")));
                case "--output", "-o" -> output = value(args, ++i, "--output");
                default ->
                {
                    if (args[i].startsWith("--"))
                    {
                        throw new UsageException("rules test: unknown option '" + args[i] + "'");
                    }
                    captures.add(Path.of(args[i]));
                }
            }
        }
        if (captures.isEmpty())
        {
            throw new UsageException("rules test: no capture given (--pcap FILE)");
        }
        StaConfig.Rules rules = null;
        if (policy != null || !signatures.isEmpty())
        {
            try
            {
                rules = new StaConfig.Rules(policy, signatures, null, null, null);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UsageException("rules test: " + ex.getMessage());
            }
        }
        final OfflineSettings settings = OfflineSettings.of(config, null, rules);
        if (!settings.rules().any())
        {
            throw new UsageException("rules test: no rules (give --policy/--signatures, or a --config with rules)");
        }
        return AnalyzeCommand.analyze(captures, output, settings, true, out, err);
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new UsageException("rules: " + option + " needs a value");
        }
        return args[index];
    }
}
