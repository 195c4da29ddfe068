package org.stasensor.pipeline.enrich.software;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agrona.DirectBuffer;

/**
 * Software named by fingerprint: (kind, fingerprint) to {@link FingerprintEntry}, merged from fingerprint files
 * ({@link FingerprintFile}). Within one file, lines with the same fingerprint are one entry whose distinct names,
 * versions and categories are joined with {@value #JOINER} in line order, so a fingerprint that several programs
 * share says so. Between files, a later file's entry replaces an earlier one's, and the replacement is noted in
 * {@link #notes()} when it names other software.
 * <p>
 * Lookups hash the fingerprint's bytes where they lie (ASCII letters folded to lower case) into an open-addressing
 * table built once; they allocate nothing and, the table being immutable and published through final fields, any
 * number of threads may look up at once.
 */
public final class FingerprintDatabase
{
    /** Separator of several names, versions or categories of one fingerprint. */
    public static final String JOINER = " | ";

    /** The lists shipped in the jar, in load order (later ones win), as resource names next to this class. */
    public static final List<String> BUILT_IN_LISTS = List.of("salesforce-ja3.tsv", "salesforce-hassh.tsv",
        "sta-lab.tsv");

    /** Where {@code sta fingerprints import} writes and the sensor reads the operator's own entries. */
    public static final Path DEFAULT_USER_FILE = Path.of("/var/lib/sta/fingerprints.tsv");

    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private final int mask;
    private final byte[][] keys;
    private final int[] kinds;
    private final FingerprintEntry[] entries;
    private final int size;
    private final List<String> notes;

    private FingerprintDatabase(final Map<String, FingerprintEntry> merged, final List<String> notes)
    {
        int capacity = 16;
        while (capacity < merged.size() * 2)
        {
            capacity <<= 1;
        }
        this.mask = capacity - 1;
        this.keys = new byte[capacity][];
        this.kinds = new int[capacity];
        this.entries = new FingerprintEntry[capacity];
        for (final FingerprintEntry entry : merged.values())
        {
            final byte[] key = entry.fingerprint().getBytes(StandardCharsets.US_ASCII);
            int slot = hash(entry.kind().ordinal(), key) & mask;
            while (entries[slot] != null)
            {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            kinds[slot] = entry.kind().ordinal();
            entries[slot] = entry;
        }
        this.size = merged.size();
        this.notes = Collections.unmodifiableList(notes);
    }

    /**
     * The lists shipped with the sensor ({@link #BUILT_IN_LISTS}).
     *
     * @return the database.
     */
    public static FingerprintDatabase builtIn()
    {
        return load(List.of());
    }

    /**
     * The built-in lists, then the operator's files in order, each overriding what came before; missing files
     * are skipped (a sensor without a user file is normal). Bad lines are left out and reported in {@link #notes()}.
     *
     * @param files the operator's fingerprint files.
     * @return the database.
     * @throws UncheckedIOException when an existing file cannot be read.
     */
    public static FingerprintDatabase load(final List<Path> files)
    {
        final Builder builder = new Builder();
        for (final String list : BUILT_IN_LISTS)
        {
            try (InputStream in = FingerprintDatabase.class.getResourceAsStream(list))
            {
                if (in == null)
                {
                    throw new IllegalStateException("built-in fingerprint list " + list + " missing from the jar");
                }
                builder.add(new InputStreamReader(in, StandardCharsets.UTF_8), list, list.replace(".tsv", ""));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        for (final Path file : files)
        {
            if (Files.isRegularFile(file))
            {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
                {
                    builder.add(in, file.toString(), sourceName(file));
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot read fingerprint file " + file, ex);
                }
            }
        }
        return builder.build();
    }

    /**
     * A list's default source name: its file name without extension.
     *
     * @param file the file.
     * @return e.g. "fingerprints" for /var/lib/sta/fingerprints.tsv.
     */
    public static String sourceName(final Path file)
    {
        final String name = file.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Looks a fingerprint up where it lies. Allocates nothing.
     *
     * @param kind   its kind.
     * @param buffer memory holding its ASCII text.
     * @param offset where it starts.
     * @param length its length.
     * @return the entry, or null when no list names it.
     */
    public FingerprintEntry lookup(final FingerprintKind kind, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (length != kind.length())
        {
            return null;
        }
        int hash = FNV_OFFSET ^ kind.ordinal();
        hash *= FNV_PRIME;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ lower(buffer.getByte(offset + i))) * FNV_PRIME;
        }
        int slot = spread(hash) & mask;
        FingerprintEntry entry;
        while ((entry = entries[slot]) != null)
        {
            if (kinds[slot] == kind.ordinal() && sameBytes(keys[slot], buffer, offset, length))
            {
                return entry;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /**
     * Looks a fingerprint up by its text. For tests and the edges.
     *
     * @param kind        its kind.
     * @param fingerprint its text.
     * @return the entry or null.
     */
    public FingerprintEntry lookup(final FingerprintKind kind, final String fingerprint)
    {
        final byte[] bytes = fingerprint.getBytes(StandardCharsets.US_ASCII);
        return lookup(kind, new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * Number of fingerprints known.
     *
     * @return entries.
     */
    public int size()
    {
        return size;
    }

    /**
     * What loading noticed: lines left out ("FILE:LINE: reason") and entries of one list replaced by a later
     * list naming other software.
     *
     * @return messages in load order.
     */
    public List<String> notes()
    {
        return notes;
    }

    private static boolean sameBytes(final byte[] key, final DirectBuffer buffer, final int offset, final int length)
    {
        if (key.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (key[i] != lower(buffer.getByte(offset + i)))
            {
                return false;
            }
        }
        return true;
    }

    private static byte lower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? (byte)(b | 0x20) : b;
    }

    private static int hash(final int kind, final byte[] key)
    {
        int hash = FNV_OFFSET ^ kind;
        hash *= FNV_PRIME;
        for (final byte b : key)
        {
            hash = (hash ^ b) * FNV_PRIME;
        }
        return spread(hash);
    }

    private static int spread(final int hash)
    {
        return hash ^ (hash >>> 16);
    }

    /**
     * Collects fingerprint files in order and builds the database.
     */
    public static final class Builder
    {
        private final Map<String, FingerprintEntry> merged = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();

        /**
         * Adds one file; its entries override those of files added before.
         *
         * @param reader        the text.
         * @param name          name for messages.
         * @param defaultSource list name for lines without one.
         * @return this.
         * @throws IOException when reading fails.
         */
        public Builder add(final Reader reader, final String name, final String defaultSource) throws IOException
        {
            final FingerprintFile.Parsed parsed = FingerprintFile.parse(reader, name, defaultSource);
            notes.addAll(parsed.problems());
            final Map<String, List<FingerprintEntry>> groups = new LinkedHashMap<>();
            final Map<String, Integer> firstLine = new LinkedHashMap<>();
            for (int i = 0; i < parsed.entries().size(); i++)
            {
                final FingerprintEntry entry = parsed.entries().get(i);
                final String key = key(entry.kind(), entry.fingerprint());
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
                firstLine.putIfAbsent(key, parsed.lines().get(i));
            }
            for (final Map.Entry<String, List<FingerprintEntry>> group : groups.entrySet())
            {
                final FingerprintEntry combined = combine(group.getValue());
                final FingerprintEntry earlier = merged.put(group.getKey(), combined);
                if (earlier != null && !earlier.software().equals(combined.software()))
                {
                    notes.add(name + ":" + firstLine.get(group.getKey()) + ": " + combined.kind().token() + " "
                        + combined.fingerprint() + " now names '" + combined.software() + "' (" + combined.source()
                        + ") instead of '" + earlier.software() + "' (" + earlier.source() + ")");
                }
            }
            return this;
        }

        /**
         * The database of everything added.
         *
         * @return it.
         */
        public FingerprintDatabase build()
        {
            return new FingerprintDatabase(merged, new ArrayList<>(notes));
        }

        private static String key(final FingerprintKind kind, final String fingerprint)
        {
            return kind.token() + ' ' + fingerprint;
        }

        private static FingerprintEntry combine(final List<FingerprintEntry> same)
        {
            final FingerprintEntry first = same.get(0);
            if (same.size() == 1)
            {
                return first;
            }
            final Set<String> software = new LinkedHashSet<>();
            final Set<String> versions = new LinkedHashSet<>();
            final Set<String> categories = new LinkedHashSet<>();
            final Set<String> sources = new LinkedHashSet<>();
            for (final FingerprintEntry entry : same)
            {
                software.add(entry.software());
                addIfPresent(versions, entry.version());
                addIfPresent(categories, entry.category());
                sources.add(entry.source());
            }
            return new FingerprintEntry(first.kind(), first.fingerprint(), String.join(JOINER, software),
                String.join(JOINER, versions), String.join(JOINER, categories), String.join("+", sources));
        }

        private static void addIfPresent(final Set<String> values, final String value)
        {
            if (!value.isEmpty())
            {
                values.add(value);
            }
        }
    }
}
