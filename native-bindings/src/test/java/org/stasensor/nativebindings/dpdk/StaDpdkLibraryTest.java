package org.stasensor.nativebindings.dpdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim is found without manual steps: the build put it into the module's classes for this platform, it loads
 * with DPDK's libraries, and copies taken out of a jar are named by their SHA-256 (the JDK's digest is the oracle),
 * reused when identical and replaced when not.
 */
final class StaDpdkLibraryTest
{
    @Test
    void theBuildPutTheShimWhereTheLoaderLooksAndItLoads()
    {
        assertTrue(StaDpdkLibraryTest.class.getResource(StaDpdkLibrary.resourceName()) != null,
            "no resource " + StaDpdkLibrary.resourceName());
        assertTrue(Files.isRegularFile(StaDpdkLibrary.path()), StaDpdkLibrary.path().toString());
        assertEquals(Optional.empty(), StaDpdkLibrary.loadProblem());
        assertNotEquals(MemorySegment.NULL, sta_dpdk_h.sta_dpdk_rx_burst$address());
    }

    @Test
    void anExtractedCopyIsNamedByTheSha256OfItsBytes(@TempDir final Path directory) throws Exception
    {
        final byte[] content = "not really a library".getBytes(StandardCharsets.US_ASCII);
        final String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        final Path copy = StaDpdkLibrary.extract(content, directory);
        assertEquals("libsta_dpdk-" + hex.substring(0, 16) + ".so", copy.getFileName().toString());
        assertArrayEquals(content, Files.readAllBytes(copy));
        assertEquals(List.of(copy), list(directory), "no temporary file is left behind");
    }

    @Test
    void anIdenticalCopyIsReusedAndADifferentOneWithTheSameNameReplaced(@TempDir final Path directory)
        throws Exception
    {
        final byte[] content = "library bytes".getBytes(StandardCharsets.US_ASCII);
        final Path copy = StaDpdkLibrary.extract(content, directory);
        final long written = Files.getLastModifiedTime(copy).toMillis();
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));
        assertEquals(copy, StaDpdkLibrary.extract(content, directory));
        assertEquals(written - 60_000, Files.getLastModifiedTime(copy).toMillis(), "reused, not rewritten");

        Files.writeString(copy, "planted by someone else");
        assertEquals(copy, StaDpdkLibrary.extract(content, directory));
        assertArrayEquals(content, Files.readAllBytes(copy));
    }

    @Test
    void rteStrerrorOfAnErrnoValueIsTheCLibrarysText() throws Exception
    {
        // DPDK hands values below its own range to strerror(3); Python's os.strerror calls the same libc.
        for (final int errno : new int[] {1, 12, 19, 22})
        {
            final Process python = new ProcessBuilder("python3", "-c", "import os; print(os.strerror(" + errno + "))")
                .redirectErrorStream(true).start();
            final String expected = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, python.waitFor());
            assertEquals(expected, sta_dpdk_h.sta_dpdk_strerror(errno).getString(0));
        }
    }

    private static List<Path> list(final Path directory) throws IOException
    {
        try (var files = Files.list(directory))
        {
            return files.toList();
        }
    }
}
