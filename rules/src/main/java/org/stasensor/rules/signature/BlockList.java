package org.stasensor.rules.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.stasensor.rules.RuleIdentity;

/**
 * Fingerprints on a block list: abuse.ch SSLBL's JA3 CSV ({@code ja3_md5,Firstseen,Lastseen,Listingreason} after
 * {@code #} comments) or a plain list, one fingerprint a line. A record whose fingerprint of the list's kind is
 * listed raises an alert of rule set "blocklist", id "LIST:VALUE".
 */
public final class BlockList
{
    /** What a list holds, and so which record field it is compared with. */
    public enum Kind
    {
        /** JA3 MD5s, compared with tls.client.ja3. */
        JA3(Buffer.JA3_HASH, Pattern.compile("[0-9a-f]{32}")),
        /** JA3S MD5s, compared with tls.server.ja3s. */
        JA3S(Buffer.JA3S_HASH, Pattern.compile("[0-9a-f]{32}")),
        /** JA4 fingerprints, compared with tls.client.ja4. */
        JA4(Buffer.JA4_HASH, Pattern.compile("[tqd][0-9a-z]{9}_[0-9a-f]{12}_[0-9a-f]{12}")),
        /** HASSH MD5s, compared with ssh.client.hassh. */
        HASSH(Buffer.SSH_HASSH, Pattern.compile("[0-9a-f]{32}")),
        /** HASSHServer MD5s, compared with ssh.server.hassh. */
        HASSH_SERVER(Buffer.SSH_HASSH_SERVER, Pattern.compile("[0-9a-f]{32}"));

        private final Buffer buffer;
        private final Pattern syntax;

        Kind(final Buffer buffer, final Pattern syntax)
        {
            this.buffer = buffer;
            this.syntax = syntax;
        }

        Buffer buffer()
        {
            return buffer;
        }
    }

    /** One listed value and the alert identity it raises; a chain for values whose hashes collide. */
    private record Entry(byte[] value, RuleIdentity identity, String message, Entry next)
    {
    }

    private static final int SSLBL_SEVERITY = 1;
    private static final int PLAIN_SEVERITY = 2;

    private final Kind kind;
    private final String name;
    private final Long2ObjectHashMap<Entry> entries = new Long2ObjectHashMap<>();
    private int size;

    private BlockList(final Kind kind, final String name)
    {
        this.kind = kind;
        this.name = name;
    }

    /**
     * What the list holds.
     *
     * @return the kind.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * Values listed.
     *
     * @return the count.
     */
    public int size()
    {
        return size;
    }

    /**
     * Reads abuse.ch SSLBL's JA3 fingerprint CSV.
     *
     * @param file     the CSV.
     * @param problems receives each bad line.
     * @return the list, named after the file.
     * @throws IOException when the file cannot be read.
     */
    public static BlockList sslblJa3(final Path file, final Consumer<Problem> problems) throws IOException
    {
        final BlockList list = new BlockList(Kind.JA3, listName(file));
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String[] columns = line.split(",", 4);
            final String value = columns[0].strip().toLowerCase(Locale.ROOT);
            if (columns.length < 4 || !Kind.JA3.syntax.matcher(value).matches())
            {
                problems.accept(new Problem(file, i + 1, null, "not an SSLBL JA3 line " +
                    "(ja3_md5,Firstseen,Lastseen,Listingreason): " + RuleOption.shorten(line)));
                continue;
            }
            final String reason = columns[3].strip();
            list.add(value, "JA3 " + value + " on block list " + list.name + ": " + reason, "sslbl: " + reason,
                SSLBL_SEVERITY, columns[2].strip());
        }
        return list;
    }

    /**
     * Reads a plain list: one fingerprint a line (the first word of it), {@code #} comments.
     *
     * @param file     the list.
     * @param kind     what it holds.
     * @param problems receives each bad line.
     * @return the list, named after the file.
     * @throws IOException when the file cannot be read.
     */
    public static BlockList plain(final Path file, final Kind kind, final Consumer<Problem> problems)
        throws IOException
    {
        final BlockList list = new BlockList(kind, listName(file));
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String value = line.split("[\\s,;]+", 2)[0].toLowerCase(Locale.ROOT);
            if (!kind.syntax.matcher(value).matches())
            {
                problems.accept(new Problem(file, i + 1, null, "not a " + kind + " fingerprint: " +
                    RuleOption.shorten(value)));
                continue;
            }
            list.add(value, kind + " " + value + " on block list " + list.name, "blocklist " + kind, PLAIN_SEVERITY,
                null);
        }
        return list;
    }

    /**
     * Raises an alert when the record's fingerprint is listed.
     *
     * @param view   the record's buffers.
     * @param alerts where alerts go.
     */
    void check(final RecordView view, final org.stasensor.rules.AlertSink alerts)
    {
        final Buffer buffer = kind.buffer;
        if (view.dataset() == null || (buffer.datasets() & (1 << view.dataset().code())) == 0)
        {
            return;
        }
        final int count = view.count(buffer);
        for (int k = 0; k < count; k++)
        {
            final DirectBuffer memory = view.memory(buffer, k);
            final int offset = view.offset(buffer, k);
            final int length = view.length(buffer, k);
            for (Entry entry = entries.get(ValueHash.of(memory, offset, length)); entry != null; entry = entry.next)
            {
                if (equalsFolded(entry.value, memory, offset, length))
                {
                    alerts.raise(view.record(), entry.identity, entry.message);
                    break;
                }
            }
        }
    }

    private void add(final String value, final String message, final String category, final int severity,
        final String version)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        final long key = ValueHash.of(bytes, 0, bytes.length);
        for (Entry entry = entries.get(key); entry != null; entry = entry.next)
        {
            if (java.util.Arrays.equals(entry.value, bytes))
            {
                return;
            }
        }
        final RuleIdentity identity = new RuleIdentity("blocklist", name + ":" + value, message, category, severity,
            version);
        entries.put(key, new Entry(bytes, identity, message, entries.get(key)));
        size++;
    }

    private static boolean equalsFolded(final byte[] value, final DirectBuffer memory, final int offset,
        final int length)
    {
        if (value.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (ContentMatch.foldByte(memory.getByte(offset + i)) != value[i])
            {
                return false;
            }
        }
        return true;
    }

    private static String listName(final Path file)
    {
        final String name = file.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
