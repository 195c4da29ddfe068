package org.stasensor.pipeline.enrich.rdap;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers per registered domain, bounded, least recently used evicted first, each with its own expiry. Keys are
 * lower-case names without a trailing dot; {@link #get} takes any {@link CharSequence} and compares it ignoring ASCII
 * case and a trailing dot, so a hit allocates nothing.
 *
 * <p>Layout: parallel arrays indexed by entry slot; a bucket array of chain heads with {@code chainNext} links; a
 * doubly linked recency list through {@code newer}/{@code older}. Thread-safe by its monitor: every method is short
 * and does no I/O except {@link #save} and {@link #load}, which copy under the monitor and write outside it.
 *
 * <p>File format (UTF-8 text, one entry a line, tab separated): a first line {@value #HEADER}, then
 * {@code domain status-word creation-epoch-millis expiry-epoch-millis}. Pending entries are not saved.
 */
final class DomainAgeCache
{
    static final String HEADER = "sta-rdap-cache 1";
    private static final int NONE = -1;

    private final int capacity;
    private final int mask;
    private final int[] buckets;
    private final int[] chainNext;
    private final int[] newer;
    private final int[] older;
    private final int[] hashes;
    private final String[] keys;
    private final byte[] statuses;
    private final long[] creations;
    private final long[] expiries;
    private int newest = NONE;
    private int oldest = NONE;
    private int freeHead;
    private int size;
    private boolean dirty;

    DomainAgeCache(final int capacity)
    {
        this.capacity = capacity;
        final int bucketCount = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        this.mask = bucketCount - 1;
        this.buckets = new int[bucketCount];
        Arrays.fill(buckets, NONE);
        this.chainNext = new int[capacity];
        this.newer = new int[capacity];
        this.older = new int[capacity];
        this.hashes = new int[capacity];
        this.keys = new String[capacity];
        this.statuses = new byte[capacity];
        this.creations = new long[capacity];
        this.expiries = new long[capacity];
        for (int i = 0; i < capacity; i++)
        {
            chainNext[i] = i + 1 < capacity ? i + 1 : NONE;
        }
        freeHead = 0;
    }

    /**
     * Looks a domain up.
     *
     * @param domain    any case, maybe with a trailing dot.
     * @param nowMillis entries that expired by then are dropped.
     * @param out       gets the answer on a hit.
     * @return true on a hit.
     */
    synchronized boolean get(final CharSequence domain, final long nowMillis, final DomainAgeResult out)
    {
        final int slot = find(domain, hash(domain));
        if (slot == NONE)
        {
            return false;
        }
        if (expiries[slot] <= nowMillis)
        {
            remove(slot);
            return false;
        }
        touch(slot);
        out.set(DomainAgeStatus.ofOrdinal(statuses[slot]), creations[slot]);
        return true;
    }

    /**
     * Stores an answer, replacing one for the same domain and evicting the least recently used when full.
     *
     * @param domain         normalised (lower case, no trailing dot).
     * @param status         the answer.
     * @param creationMillis the date or {@link DomainAgeResult#NO_DATE}.
     * @param expiresAt      epoch millis after which it is not used.
     */
    synchronized void put(final String domain, final DomainAgeStatus status, final long creationMillis,
        final long expiresAt)
    {
        final int hash = hash(domain);
        int slot = find(domain, hash);
        if (slot == NONE)
        {
            if (freeHead == NONE)
            {
                remove(oldest);
            }
            slot = freeHead;
            freeHead = chainNext[slot];
            final int bucket = hash & mask;
            chainNext[slot] = buckets[bucket];
            buckets[bucket] = slot;
            hashes[slot] = hash;
            keys[slot] = domain;
            newer[slot] = NONE;
            older[slot] = NONE;
            linkNewest(slot);
            size++;
        }
        else
        {
            touch(slot);
        }
        statuses[slot] = (byte)status.ordinal();
        creations[slot] = creationMillis;
        expiries[slot] = expiresAt;
        dirty |= status != DomainAgeStatus.PENDING;
    }

    /**
     * Drops a domain's entry if it is still in the given state (a pending marker of a lookup that was cancelled).
     *
     * @param domain normalised.
     * @param status the state it must be in.
     */
    synchronized void removeIf(final String domain, final DomainAgeStatus status)
    {
        final int slot = find(domain, hash(domain));
        if (slot != NONE && statuses[slot] == status.ordinal())
        {
            remove(slot);
        }
    }

    synchronized int size()
    {
        return size;
    }

    int capacity()
    {
        return capacity;
    }

    /**
     * Writes the unexpired, settled entries, oldest first, to a temporary file beside the target and renames it over
     * the target, so a crash leaves either the old file or the new one.
     *
     * @param file      the cache file.
     * @param nowMillis entries expired by then are left out.
     * @return entries written.
     * @throws IOException when the directory cannot be written.
     */
    int save(final Path file, final long nowMillis) throws IOException
    {
        final StringBuilder text = new StringBuilder(64 * 1024);
        int written = 0;
        synchronized (this)
        {
            text.append(HEADER).append('\n');
            for (int slot = oldest; slot != NONE; slot = newer[slot])
            {
                if (statuses[slot] != DomainAgeStatus.PENDING.ordinal() && expiries[slot] > nowMillis)
                {
                    text.append(keys[slot]).append('\t').append(DomainAgeStatus.ofOrdinal(statuses[slot]).word())
                        .append('\t').append(creations[slot]).append('\t').append(expiries[slot]).append('\n');
                    written++;
                }
            }
            dirty = false;
        }
        final Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        final Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try
        {
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))
            {
                out.append(text);
            }
            try
            {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
        return written;
    }

    /**
     * Reads a saved cache into this one. All or nothing: a file with any bad line loads nothing.
     *
     * @param file      written by {@link #save}.
     * @param nowMillis entries expired by then are skipped.
     * @return entries loaded.
     * @throws IOException saying which line of the file is bad, or that it cannot be read.
     */
    int load(final Path file, final long nowMillis) throws IOException
    {
        final List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            final String header = in.readLine();
            if (!HEADER.equals(header))
            {
                throw new IOException(file + ": not an RDAP cache file (first line is not \"" + HEADER + "\")");
            }
            String line;
            int number = 1;
            while ((line = in.readLine()) != null)
            {
                number++;
                final String[] fields = line.split("\t", -1);
                if (fields.length != 4 || fields[0].isEmpty() || !fields[0].equals(RdapBootstrap.normalise(fields[0]))
                    || DomainAgeStatus.ofWord(fields[1]) == null || !isLong(fields[2]) || !isLong(fields[3]))
                {
                    throw new IOException(file + " line " + number + " is not 'domain<TAB>status<TAB>creation"
                        + "<TAB>expiry'");
                }
                rows.add(fields);
            }
        }
        catch (final CharacterCodingException ex)
        {
            throw new IOException(file + ": not UTF-8 text", ex);
        }
        int loaded = 0;
        for (final String[] row : rows)
        {
            final DomainAgeStatus status = DomainAgeStatus.ofWord(row[1]);
            final long expiry = Long.parseLong(row[3]);
            if (status != DomainAgeStatus.PENDING && expiry > nowMillis)
            {
                put(row[0], status, Long.parseLong(row[2]), expiry);
                loaded++;
            }
        }
        synchronized (this)
        {
            dirty = false;
        }
        return loaded;
    }

    synchronized boolean dirty()
    {
        return dirty;
    }

    private static boolean isLong(final String text)
    {
        try
        {
            Long.parseLong(text);
            return true;
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    private int find(final CharSequence domain, final int hash)
    {
        for (int slot = buckets[hash & mask]; slot != NONE; slot = chainNext[slot])
        {
            if (hashes[slot] == hash && sameName(keys[slot], domain))
            {
                return slot;
            }
        }
        return NONE;
    }

    private void remove(final int slot)
    {
        final int bucket = hashes[slot] & mask;
        if (buckets[bucket] == slot)
        {
            buckets[bucket] = chainNext[slot];
        }
        else
        {
            int previous = buckets[bucket];
            while (chainNext[previous] != slot)
            {
                previous = chainNext[previous];
            }
            chainNext[previous] = chainNext[slot];
        }
        unlink(slot);
        keys[slot] = null;
        chainNext[slot] = freeHead;
        freeHead = slot;
        size--;
    }

    private void touch(final int slot)
    {
        if (newest != slot)
        {
            unlink(slot);
            linkNewest(slot);
        }
    }

    private void linkNewest(final int slot)
    {
        older[slot] = newest;
        newer[slot] = NONE;
        if (newest != NONE)
        {
            newer[newest] = slot;
        }
        newest = slot;
        if (oldest == NONE)
        {
            oldest = slot;
        }
    }

    private void unlink(final int slot)
    {
        final int before = older[slot];
        final int after = newer[slot];
        if (before != NONE)
        {
            newer[before] = after;
        }
        else
        {
            oldest = after;
        }
        if (after != NONE)
        {
            older[after] = before;
        }
        else
        {
            newest = before;
        }
        older[slot] = NONE;
        newer[slot] = NONE;
    }

    /** Length without one trailing dot. */
    static int nameLength(final CharSequence name)
    {
        final int length = name.length();
        return length > 0 && name.charAt(length - 1) == '.' ? length - 1 : length;
    }

    static int hash(final CharSequence name)
    {
        final int length = nameLength(name);
        int hash = 0;
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + lower(name.charAt(i));
        }
        return hash ^ (hash >>> 16);
    }

    private static boolean sameName(final String key, final CharSequence name)
    {
        final int length = nameLength(name);
        if (key.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (key.charAt(i) != lower(name.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    private static char lower(final char c)
    {
        return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
    }
}
