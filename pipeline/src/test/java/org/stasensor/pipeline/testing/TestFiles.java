package org.stasensor.pipeline.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Locates the third-party reference corpus and data in {@code ../shared}, which tests read in place.
 */
public final class TestFiles
{
    private TestFiles()
    {
    }

    /**
     * The corpus root ({@code ../shared/corpus}); the test is aborted (not failed) where it is absent,
     * so that a checkout without the shared folder still runs the rest.
     *
     * @return the corpus directory.
     */
    public static Path corpus()
    {
        return existing("sta.corpus.dir", "../shared/corpus");
    }

    /**
     * The shared data root ({@code ../shared/data}).
     *
     * @return the data directory.
     */
    public static Path data()
    {
        return existing("sta.data.dir", "../shared/data");
    }

    /**
     * One file of the corpus.
     *
     * @param relative path below the corpus root, e.g. "ja3/Traces/ssl-curl.pcap".
     * @return the file.
     */
    public static Path corpusFile(final String relative)
    {
        final Path file = corpus().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "corpus file missing: " + file);
        return file;
    }

    /**
     * The project's root directory (where the parent pom.xml is).
     *
     * @return the project root.
     */
    public static Path projectRoot()
    {
        final String configured = System.getProperty("sta.project.dir");
        if (configured != null)
        {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("pipeline")))
        {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }

    private static Path existing(final String property, final String fallback)
    {
        final String configured = System.getProperty(property);
        final Path dir = configured != null ? Path.of(configured) : projectRoot().resolve(fallback);
        assumeTrue(Files.isDirectory(dir), "shared folder missing: " + dir);
        return dir.normalize();
    }
}
