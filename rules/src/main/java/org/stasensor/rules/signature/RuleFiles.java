package org.stasensor.rules.signature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one rules file into signatures, reporting each rule that is not loaded.
 */
final class RuleFiles
{
    private RuleFiles()
    {
    }

    /**
     * Parses a file.
     *
     * @param file       the rules file.
     * @param parser     the parser.
     * @param sids       sids loaded so far; grows.
     * @param signatures loaded signatures; grows, each with its index in this list.
     * @param problems   receives one problem per rule not loaded.
     * @return rules skipped.
     * @throws IOException when the file cannot be read.
     */
    static int parse(final Path file, final SignatureParser parser, final Set<Long> sids,
        final List<Signature> signatures, final Consumer<Problem> problems) throws IOException
    {
        int skipped = 0;
        for (final RuleLine rule : RuleLine.read(file))
        {
            final SignatureParser.Result result = parser.parse(rule.text(), signatures.size());
            if (result.signature() == null)
            {
                skipped++;
                problems.accept(new Problem(file, rule.line(), result.sid(), result.reason()));
                continue;
            }
            if (!sids.add(result.sid()))
            {
                skipped++;
                problems.accept(new Problem(file, rule.line(), result.sid(), "duplicate sid: an earlier rule has " +
                    "it, this one is skipped"));
                continue;
            }
            signatures.add(result.signature());
        }
        return skipped;
    }
}
