package org.stasensor.appliance.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stasensor.rules.policy.PolicyException;
import org.stasensor.rules.policy.PolicyLoader;
import org.stasensor.rules.signature.BlockList;
import org.stasensor.rules.signature.SignatureCheck;

/** {@code sta rules check FILE...}: every problem of every file, one line each. */
final class RuleFilesCheck
{
    private RuleFilesCheck()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0)
        {
            throw new UsageException("rules check: no file given");
        }
        final List<String> problems = new ArrayList<>();
        for (final String arg : args)
        {
            final Path file = Path.of(arg);
            if (!Files.isRegularFile(file) || !Files.isReadable(file))
            {
                problems.add(file + ": cannot read (no such file, a directory, or no permission)");
                continue;
            }
            problems.addAll(check(file));
        }
        problems.forEach(err::println);
        out.printf("sta: rules check: %d file(s), %d problem(s)%n", args.length, problems.size());
        return problems.isEmpty() ? Sta.EXIT_OK : Sta.EXIT_USAGE;
    }

    private static List<String> check(final Path file)
    {
        final String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        final List<String> problems = new ArrayList<>();
        if (name.endsWith(".yaml") || name.endsWith(".yml"))
        {
            try
            {
                PolicyLoader.load(file);
            }
            catch (final PolicyException ex)
            {
                problems.addAll(ex.problems());
            }
            return problems;
        }
        if (name.endsWith(".csv"))
        {
            try
            {
                BlockList.sslblJa3(file, problem -> problems.add(problem.toString()));
            }
            catch (final IOException ex)
            {
                problems.add(file + ": cannot read: " + ex.getMessage());
            }
            return problems;
        }
        SignatureCheck.check(file).forEach(problem -> problems.add(problem.toString()));
        return problems;
    }
}
