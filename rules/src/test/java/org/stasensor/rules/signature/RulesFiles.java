package org.stasensor.rules.signature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes rule text to a file in a test's temporary folder and loads it.
 */
final class RulesFiles
{
    private RulesFiles()
    {
    }

    static Path write(final Path dir, final String name, final String text)
    {
        try
        {
            return Files.writeString(dir.resolve(name), text);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static SignatureSet load(final Path file, final List<String> warnings)
    {
        return SignatureSet.load(List.of(file), Map.of(), warnings::add);
    }

    static SignatureSet load(final Path dir, final String text)
    {
        final List<String> warnings = new ArrayList<>();
        final SignatureSet set = load(write(dir, "test.rules", text), warnings);
        if (set.skipped() > 0)
        {
            throw new AssertionError("rules skipped: " + warnings);
        }
        return set;
    }
}
