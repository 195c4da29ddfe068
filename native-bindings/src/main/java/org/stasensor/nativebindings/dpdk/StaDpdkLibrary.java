package org.stasensor.nativebindings.dpdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the shim library {@code libsta_dpdk.so} that native-bindings' build compiled (gcc, {@code pkg-config
 * libdpdk}) and packaged into its jar as the resource {@value #RESOURCE_DIRECTORY}{@code /linux-<os.arch>/}
 * {@value #FILE_NAME}, so that no one has to install or point at it:
 * <ol>
 * <li>the system property {@value #DIRECTORY_PROPERTY}, when set, names the directory holding {@value #FILE_NAME}
 * (a library built by hand, or one an operator placed on a read-only system);</li>
 * <li>else, when the resource is a plain file (running from {@code target/classes}), that file;</li>
 * <li>else the resource is copied out of the jar once to
 * {@code <java.io.tmpdir>/sta-native/libsta_dpdk-<first 16 hex digits of its SHA-256>.so} and loaded from there:
 * named by content, a copy is reused by every later start of the same build and never confused with another
 * build's (an existing copy is used only when its bytes equal the packaged ones); it is written to a temporary
 * name and moved into place, so concurrent starts do not see half a file.</li>
 * </ol>
 * Loading it needs DPDK's shared libraries ({@code librte_eal.so.23} ...; Debian package {@code dpdk}).
 */
public final class StaDpdkLibrary
{
    /** The system property naming a directory that holds the library, overriding the packaged one. */
    public static final String DIRECTORY_PROPERTY = "sta.native.dir";
    /** The library's file name. */
    public static final String FILE_NAME = "libsta_dpdk.so";
    /** Where in the jar the per-platform directories are. */
    public static final String RESOURCE_DIRECTORY = "/org/stasensor/nativebindings/dpdk/native";

    private static final int HASH_HEX_DIGITS = 16;
    private static final String SETUP_HINT = "run bin/setup (it installs dpdk and libdpdk-dev) and rebuild";

    private static volatile Path path;
    private static volatile String problem;

    private StaDpdkLibrary()
    {
    }

    /**
     * The library's path, located (and extracted) on first use.
     *
     * @return an existing file.
     * @throws UnsatisfiedLinkError when there is none for this platform or it cannot be extracted.
     */
    public static Path path()
    {
        Path located = path;
        if (located == null)
        {
            synchronized (StaDpdkLibrary.class)
            {
                located = path;
                if (located == null)
                {
                    located = locate();
                    path = located;
                }
            }
        }
        return located;
    }

    /**
     * Whether the library can be loaded here, without failing: callers ask before touching {@link sta_dpdk_h},
     * whose class initialisation would otherwise fail for good.
     *
     * @return empty when it loads; else one line saying why not and what to do.
     */
    public static Optional<String> loadProblem()
    {
        String known = problem;
        if (known == null)
        {
            synchronized (StaDpdkLibrary.class)
            {
                known = problem;
                if (known == null)
                {
                    known = tryLoad();
                    problem = known;
                }
            }
        }
        return known.isEmpty() ? Optional.empty() : Optional.of(known);
    }

    private static String tryLoad()
    {
        final Path library;
        try
        {
            library = path();
        }
        catch (final UnsatisfiedLinkError ex)
        {
            return ex.getMessage();
        }
        try (Arena probe = Arena.ofConfined())
        {
            // dlopen resolves the shim's DPDK dependencies now; the library stays loaded for sta_dpdk_h.
            SymbolLookup.libraryLookup(library, probe);
            return "";
        }
        catch (final IllegalArgumentException ex)
        {
            return "cannot load " + library + " (are DPDK 22.11's libraries installed?): " + ex.getMessage() + "; "
                + SETUP_HINT;
        }
    }

    /**
     * The resource name of the library for this platform.
     *
     * @return e.g. {@code /org/stasensor/nativebindings/dpdk/native/linux-amd64/libsta_dpdk.so}.
     */
    public static String resourceName()
    {
        return RESOURCE_DIRECTORY + "/" + platform() + "/" + FILE_NAME;
    }

    /**
     * The file name an extracted copy of a library with this content gets.
     *
     * @param content the library's bytes.
     * @return {@code libsta_dpdk-<16 hex digits of SHA-256>.so}.
     */
    public static String extractedName(final byte[] content)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            final String hex = HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS);
            return "libsta_dpdk-" + hex + ".so";
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }

    /**
     * Copies the library into {@code directory} under its content name unless a copy is already there.
     *
     * @param content   the library's bytes.
     * @param directory where extracted copies live.
     * @return the copy's path.
     * @throws IOException when it cannot be written.
     */
    public static Path extract(final byte[] content, final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final Path target = directory.resolve(extractedName(content));
        // Compared byte for byte, not trusted by name: the directory may be shared with other users.
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content))
        {
            return target;
        }
        final Path partial = Files.createTempFile(directory, "libsta_dpdk-", ".partial");
        try
        {
            Files.write(partial, content);
            try
            {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final FileAlreadyExistsException | AtomicMoveNotSupportedException ex)
            {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally
        {
            Files.deleteIfExists(partial);
        }
        return target;
    }

    private static Path locate()
    {
        final String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory != null && !directory.isBlank())
        {
            final Path file = Path.of(directory).resolve(FILE_NAME);
            if (!Files.isRegularFile(file))
            {
                throw new UnsatisfiedLinkError(DIRECTORY_PROPERTY + "=" + directory + " has no " + FILE_NAME);
            }
            return file;
        }
        final URL resource = StaDpdkLibrary.class.getResource(resourceName());
        if (resource == null)
        {
            throw new UnsatisfiedLinkError("this build of native-bindings has no " + FILE_NAME + " for "
                + platform() + " (it is compiled when native-bindings is built with libdpdk-dev installed); "
                + SETUP_HINT);
        }
        if ("file".equals(resource.getProtocol()))
        {
            try
            {
                return Path.of(resource.toURI());
            }
            catch (final URISyntaxException ex)
            {
                throw new UnsatisfiedLinkError("cannot read " + resource + ": " + ex.getMessage());
            }
        }
        try (InputStream in = resource.openStream())
        {
            final Path cache = Path.of(System.getProperty("java.io.tmpdir"), "sta-native");
            return extract(in.readAllBytes(), cache);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            throw new UnsatisfiedLinkError("cannot extract " + FILE_NAME + " to " + System.getProperty("java.io.tmpdir")
                + "/sta-native: " + ex.getMessage() + " (set -D" + DIRECTORY_PROPERTY + "=DIR to load it from DIR)");
        }
    }

    private static String platform()
    {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(' ', '_') + "-"
            + System.getProperty("os.arch");
    }
}
