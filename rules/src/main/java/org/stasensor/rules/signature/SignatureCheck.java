package org.stasensor.rules.signature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Validates a rules file without loading it into a detector, for {@code sta rules check FILE...}: one
 * {@link Problem} per rule that would not load, printed as "FILE:LINE: sid N: reason".
 */
public final class SignatureCheck
{
    private SignatureCheck()
    {
    }

    /**
     * Checks a rules file with the default variables ({@code .csv} files as SSLBL JA3 lists).
     *
     * @param file the file.
     * @return the problems, empty when every rule loads.
     */
    public static List<Problem> check(final Path file)
    {
        return check(file, Map.of());
    }

    /**
     * Checks a rules file.
     *
     * @param file the file.
     * @param vars address/port variables over the defaults.
     * @return the problems, empty when every rule loads.
     */
    public static List<Problem> check(final Path file, final Map<String, String> vars)
    {
        final List<Problem> problems = new ArrayList<>();
        try
        {
            if (file.getFileName().toString().endsWith(".csv"))
            {
                BlockList.sslblJa3(file, problems::add);
            }
            else
            {
                RuleFiles.parse(file, new SignatureParser(SignatureSet.Variables.withDefaults(vars)),
                    new HashSet<>(), new ArrayList<>(), problems::add);
            }
        }
        catch (final IOException ex)
        {
            problems.add(new Problem(file, 0, null, "cannot read: " + ex.getMessage()));
        }
        return problems;
    }
}
