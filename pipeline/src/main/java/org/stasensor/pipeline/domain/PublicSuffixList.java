package org.stasensor.pipeline.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.agrona.DirectBuffer;

/**
 * The Public Suffix List (publicsuffix.org), loaded once from its file and matched against domain names without
 * allocating: given a name it tells where its public suffix ({@code co.uk}, ECS {@code top_level_domain}) and its
 * registered domain ({@code example.co.uk}, ECS {@code registered_domain}) start.
 *
 * <h2>The algorithm</h2>
 * As publicsuffix.org/list/ states it: every rule that matches the name counts; an exception rule ({@code !www.ck})
 * prevails and its public suffix is the rule less its leftmost label; otherwise the rule with the most labels
 * prevails, a wildcard ({@code *.ck}) matching any one label; when no rule matches, the default rule {@code *}
 * makes the last label the public suffix ({@link #isListed} tells the two apart). The registered domain is the
 * public suffix plus one label; a name that is a public suffix itself has none. The published test vectors
 * ({@code test_psl.txt}, shipped with Debian's package) are met.
 *
 * <h2>Which sections</h2>
 * The list has an ICANN section (suffixes under which registries sell names: {@code com}, {@code co.uk},
 * {@code *.ck}) and a PRIVATE section (platforms that hand out subdomains: {@code github.io}, {@code blogspot.com},
 * {@code duckdns.org}). Guava's {@code InternetDomainName.topPrivateDomain} and browsers (cookie scoping) use both;
 * {@code topDomainUnderRegistrySuffix} uses ICANN only. Both are available ({@link Sections}); the sensor's DNS
 * records use {@link Sections#ICANN}, because there {@code registered_domain} means what a registrar registered:
 * <ul>
 *   <li>it is what domain-age enrichment can look up (RDAP and WHOIS know {@code github.io}, not
 *       {@code someone.github.io});</li>
 *   <li>the project's benign-domain corpus, which trains the DGA score, was reduced to registered domains with the
 *       ICANN section of this same file, so the score sees the form it was trained on;</li>
 *   <li>the ICANN section changes with registry policy, the PRIVATE one with every platform that asks, so records
 *       stay comparable over time.</li>
 * </ul>
 * The cost: names under a platform group under the platform ({@code foo.duckdns.org} gives {@code duckdns.org}).
 * A consumer that wants the owner boundary of the platform's customers loads {@link Sections#ICANN_AND_PRIVATE}.
 *
 * <h2>Names</h2>
 * Matching takes a name in presentation form as bytes: labels separated by dots, optionally ending with one dot
 * (the root), ASCII; upper-case letters are matched as lower case. Names on the wire are ASCII: an
 * internationalized label travels as punycode ({@code xn--}, RFC 5890). The rules in the file are Unicode, so each
 * rule is converted with {@link IDN#toASCII} when the file is loaded and wire names match without any conversion
 * per name. A name that is empty, longer than {@link #MAX_NAME_LENGTH} characters (without the root dot), or has an
 * empty label (leading dot, two dots) or a label over 63 characters matches nothing ({@link #NO_MATCH}).
 *
 * <h2>Structure</h2>
 * Every rule and every suffix of a rule (its interior nodes) is a key of one open-addressing table, hashed over the
 * key's bytes read right to left. A name is read right to left once: at each label boundary the hash so far is the
 * hash of the suffix from there to the end, which is looked up (bytes compared on a hit), until a suffix is not a
 * key; no rule can match below that. Work is linear in the name's length, and the object is immutable once loaded,
 * so one instance serves every worker thread. Debian's list of 2023 takes 0.23 MB for its ICANN section (7,380
 * rules) and 0.41 MB for both sections (9,506 rules).
 */
public final class PublicSuffixList
{
    /** Where Debian's {@code publicsuffix} package installs the list (kept current by apt). */
    public static final Path DEFAULT_PATH = Path.of("/usr/share/publicsuffix/public_suffix_list.dat");
    /** Longest name matched, without the root dot: 255 octets in wire form (RFC 1035 2.3.4) less 2. */
    public static final int MAX_NAME_LENGTH = 253;
    /** Longest label (RFC 1035 2.3.4). */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Result of a name that is not matched at all: both starts -1. */
    public static final int NO_MATCH = 0;

    /** Which sections of the file are loaded. */
    public enum Sections
    {
        /** Only the ICANN section (registry suffixes). */
        ICANN,
        /** The ICANN and the PRIVATE sections (platform suffixes too). */
        ICANN_AND_PRIVATE
    }

    private static final String BEGIN_ICANN = "===BEGIN ICANN DOMAINS===";
    private static final String END_ICANN = "===END ICANN DOMAINS===";
    private static final String BEGIN_PRIVATE = "===BEGIN PRIVATE DOMAINS===";
    private static final String END_PRIVATE = "===END PRIVATE DOMAINS===";

    private static final int NODE = 1;
    private static final int EXACT = 1 << 1;
    private static final int WILDCARD = 1 << 2;
    private static final int EXCEPTION = 1 << 3;

    private static final int START_BITS = 9;
    private static final int START_MASK = (1 << START_BITS) - 1;
    private static final int LISTED_BIT = 1 << (2 * START_BITS);
    private static final int KEY_LENGTH_BITS = 8;
    private static final int HASH_SEED = 0x811C9DC5;
    private static final int HASH_PRIME = 0x01000193;

    private final Sections sections;
    private final int ruleCount;
    private final int skippedRules;
    private final int mask;
    private final int[] hashes;
    private final int[] keys;
    private final byte[] flags;
    private final byte[] pool;

    private PublicSuffixList(final Sections sections, final Map<String, Integer> table, final int ruleCount,
        final int skippedRules)
    {
        this.sections = sections;
        this.ruleCount = ruleCount;
        this.skippedRules = skippedRules;
        final int capacity = Integer.highestOneBit(Math.max(16, table.size() * 2 - 1)) << 1;
        this.mask = capacity - 1;
        this.hashes = new int[capacity];
        this.keys = new int[capacity];
        this.flags = new byte[capacity];
        int poolLength = 0;
        for (final String key : table.keySet())
        {
            poolLength += key.length();
        }
        this.pool = new byte[poolLength];
        int at = 0;
        for (final Map.Entry<String, Integer> entry : table.entrySet())
        {
            final byte[] key = entry.getKey().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(key, 0, pool, at, key.length);
            int hash = HASH_SEED;
            for (int i = key.length - 1; i >= 0; i--)
            {
                hash = step(hash, key[i]);
            }
            int slot = mix(hash) & mask;
            while (flags[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            hashes[slot] = hash;
            keys[slot] = (at << KEY_LENGTH_BITS) | key.length;
            flags[slot] = (byte)(int)entry.getValue();
            at += key.length;
        }
    }

    /**
     * Loads the ICANN section of the list at {@link #DEFAULT_PATH}.
     *
     * @return the list.
     * @throws IllegalStateException when the file is missing, unreadable or holds no rules; the message names it.
     */
    public static PublicSuffixList load()
    {
        return load(DEFAULT_PATH, Sections.ICANN);
    }

    /**
     * Loads a list file in the publicsuffix.org format: one rule per line, read up to the first white space;
     * {@code //} comments; the sections marked by {@code ===BEGIN ICANN DOMAINS===} and
     * {@code ===BEGIN PRIVATE DOMAINS===} comments (rules outside both count as ICANN). Rules that cannot be
     * converted to ASCII are skipped and counted ({@link #skippedRules()}).
     *
     * @param file     the list, e.g. {@link #DEFAULT_PATH}.
     * @param sections which sections to use.
     * @return the list.
     * @throws IllegalStateException when the file is missing, unreadable or holds no rules; the message names it.
     */
    public static PublicSuffixList load(final Path file, final Sections sections)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalStateException("Public Suffix List file " + file + " does not exist: install Debian's "
                + "publicsuffix package (apt-get install publicsuffix) or configure the path of a copy of "
                + "https://publicsuffix.org/list/public_suffix_list.dat", ex);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            throw new IllegalStateException("Public Suffix List file " + file + " cannot be read as UTF-8 text ("
                + ex + "): check its permissions and content, or reinstall Debian's publicsuffix package", ex);
        }
        final PublicSuffixList list = parse(lines, sections);
        if (list.ruleCount == 0)
        {
            throw new IllegalStateException("Public Suffix List file " + file + " holds no rules of the "
                + sections + " section(s): it is not a public_suffix_list.dat, or is empty");
        }
        return list;
    }

    /**
     * Builds a list from the lines of a list file (see {@link #load(Path, Sections)}).
     *
     * @param lines    the file's lines.
     * @param sections which sections to use.
     * @return the list; it may hold no rules.
     */
    public static PublicSuffixList parse(final List<String> lines, final Sections sections)
    {
        final Map<String, Integer> table = new LinkedHashMap<>();
        boolean privateSection = false;
        int rules = 0;
        int skipped = 0;
        for (final String raw : lines)
        {
            final String line = raw.strip();
            if (line.startsWith("//"))
            {
                if (line.contains(BEGIN_PRIVATE))
                {
                    privateSection = true;
                }
                else if (line.contains(END_PRIVATE) || line.contains(BEGIN_ICANN) || line.contains(END_ICANN))
                {
                    privateSection = false;
                }
                continue;
            }
            if (line.isEmpty() || (privateSection && sections == Sections.ICANN))
            {
                continue;
            }
            final int space = firstWhitespace(line);
            final String rule = space < 0 ? line : line.substring(0, space);
            if (add(table, rule))
            {
                rules++;
            }
            else
            {
                skipped++;
            }
        }
        return new PublicSuffixList(sections, table, rules, skipped);
    }

    /**
     * Matches a name held in a buffer (a DNS name in presentation form). Allocation-free.
     *
     * @param buffer holds the name.
     * @param offset where it starts.
     * @param length its length in bytes, a trailing dot included if there is one.
     * @return a packed result for {@link #publicSuffixStart}, {@link #registeredDomainStart} and {@link #isListed};
     *     {@link #NO_MATCH} for a name that is not a valid name.
     */
    public int match(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || length > buffer.capacity() - offset)
        {
            return NO_MATCH;
        }
        return find(buffer, null, offset, length);
    }

    /**
     * Matches a name held in an array. Allocation-free.
     *
     * @param name   holds the name.
     * @param offset where it starts.
     * @param length its length in bytes, a trailing dot included if there is one.
     * @return a packed result, as {@link #match(DirectBuffer, int, int)}.
     */
    public int match(final byte[] name, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || length > name.length - offset)
        {
            return NO_MATCH;
        }
        return find(null, name, offset, length);
    }

    /**
     * Where the public suffix starts.
     *
     * @param match a result of {@code match}.
     * @return offset from the start of the name given, or -1 for {@link #NO_MATCH}.
     */
    public static int publicSuffixStart(final int match)
    {
        return (match & START_MASK) - 1;
    }

    /**
     * Where the registered domain (the public suffix and one more label) starts.
     *
     * @param match a result of {@code match}.
     * @return offset from the start of the name given, or -1 when the name is a public suffix itself or was not
     *     matched.
     */
    public static int registeredDomainStart(final int match)
    {
        return ((match >>> START_BITS) & START_MASK) - 1;
    }

    /**
     * Whether a rule of the list decided the public suffix, rather than the default rule {@code *} (a top-level
     * label the list does not know, such as {@code local} or {@code test}).
     *
     * @param match a result of {@code match}.
     * @return true when a listed rule matched.
     */
    public static boolean isListed(final int match)
    {
        return (match & LISTED_BIT) != 0;
    }

    /**
     * The registered domain of a name as text, for tests and the edges (allocates).
     *
     * @param name a name, e.g. "www.example.co.uk".
     * @return e.g. "example.co.uk" in lower case without a trailing dot, or null when there is none.
     */
    public String registeredDomain(final String name)
    {
        return part(name, true);
    }

    /**
     * The public suffix of a name as text, for tests and the edges (allocates).
     *
     * @param name a name, e.g. "www.example.co.uk".
     * @return e.g. "co.uk" in lower case without a trailing dot, or null when the name is not valid.
     */
    public String publicSuffix(final String name)
    {
        return part(name, false);
    }

    /**
     * The sections loaded.
     *
     * @return the sections.
     */
    public Sections sections()
    {
        return sections;
    }

    /**
     * Rules loaded.
     *
     * @return count.
     */
    public int ruleCount()
    {
        return ruleCount;
    }

    /**
     * Rules of the chosen sections left out because they are not valid names once converted to ASCII.
     *
     * @return count; 0 for the current list.
     */
    public int skippedRules()
    {
        return skippedRules;
    }

    private String part(final String name, final boolean registered)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        final int match = match(bytes, 0, bytes.length);
        final int start = registered ? registeredDomainStart(match) : publicSuffixStart(match);
        if (start < 0)
        {
            return null;
        }
        final int end = bytes[bytes.length - 1] == '.' ? bytes.length - 1 : bytes.length;
        return new String(bytes, start, end - start, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }

    private int find(final DirectBuffer buffer, final byte[] array, final int offset, final int length)
    {
        int end = offset + length;
        if (length > 0 && byteAt(buffer, array, end - 1) == '.')
        {
            end--;
        }
        if (end == offset || end - offset > MAX_NAME_LENGTH)
        {
            return NO_MATCH;
        }
        int hash = HASH_SEED;
        int labelEnd = end;
        int suffix = -1;
        boolean listed = false;
        boolean inTree = true;
        boolean parentWildcard = false;
        int lastLabel = -1;
        for (int at = end - 1; at >= offset - 1; at--)
        {
            final int octet = at >= offset ? lower(byteAt(buffer, array, at)) : '.';
            if (octet != '.')
            {
                hash = step(hash, octet);
                continue;
            }
            final int labelStart = at + 1;
            final int labelLength = labelEnd - labelStart;
            if (labelLength == 0 || labelLength > MAX_LABEL_LENGTH)
            {
                return NO_MATCH;
            }
            if (lastLabel < 0)
            {
                lastLabel = labelStart;
            }
            if (inTree)
            {
                final int entry = lookup(buffer, array, labelStart, end, hash);
                if ((entry & EXCEPTION) != 0)
                {
                    suffix = labelEnd + 1; // the exception rule less its leftmost label
                    listed = true;
                    inTree = false;
                }
                else
                {
                    if (parentWildcard || (entry & EXACT) != 0)
                    {
                        suffix = labelStart;
                        listed = true;
                    }
                    parentWildcard = (entry & WILDCARD) != 0;
                    inTree = entry != 0;
                }
            }
            hash = step(hash, '.');
            labelEnd = at;
        }
        if (!listed)
        {
            suffix = lastLabel;
        }
        int registered = -1;
        if (suffix > offset)
        {
            registered = suffix - 1;
            while (registered > offset && byteAt(buffer, array, registered - 1) != '.')
            {
                registered--;
            }
        }
        return pack(suffix - offset, registered < 0 ? -1 : registered - offset, listed);
    }

    private int lookup(final DirectBuffer buffer, final byte[] array, final int start, final int end,
        final int hash)
    {
        final int length = end - start;
        int slot = mix(hash) & mask;
        int entry;
        while ((entry = flags[slot]) != 0)
        {
            final int key = keys[slot];
            if (hashes[slot] == hash && (key & ((1 << KEY_LENGTH_BITS) - 1)) == length
                && sameBytes(buffer, array, start, key >>> KEY_LENGTH_BITS, length))
            {
                return entry;
            }
            slot = (slot + 1) & mask;
        }
        return 0;
    }

    private boolean sameBytes(final DirectBuffer buffer, final byte[] array, final int start, final int poolStart,
        final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (lower(byteAt(buffer, array, start + i)) != pool[poolStart + i])
            {
                return false;
            }
        }
        return true;
    }

    private static int byteAt(final DirectBuffer buffer, final byte[] array, final int at)
    {
        return (array != null ? array[at] : buffer.getByte(at)) & 0xFF;
    }

    private static int lower(final int octet)
    {
        return octet >= 'A' && octet <= 'Z' ? octet + ('a' - 'A') : octet;
    }

    private static int step(final int hash, final int octet)
    {
        return (hash ^ (octet & 0xFF)) * HASH_PRIME;
    }

    private static int mix(final int hash)
    {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    private static int pack(final int suffix, final int registered, final boolean listed)
    {
        return (suffix + 1) | ((registered + 1) << START_BITS) | (listed ? LISTED_BIT : 0);
    }

    private static int firstWhitespace(final String line)
    {
        for (int i = 0; i < line.length(); i++)
        {
            if (Character.isWhitespace(line.charAt(i)))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Adds a rule and the interior nodes above it.
     *
     * @return false when the rule is not usable (wildcard not leftmost, not convertible to a valid ASCII name).
     */
    private static boolean add(final Map<String, Integer> table, final String rule)
    {
        int kind = EXACT;
        String name = rule;
        if (name.startsWith("!"))
        {
            kind = EXCEPTION;
            name = name.substring(1);
        }
        else if (name.startsWith("*."))
        {
            kind = WILDCARD;
            name = name.substring(2);
        }
        if (name.indexOf('*') >= 0 || name.indexOf('!') >= 0)
        {
            return false;
        }
        final String ascii = toAscii(name);
        if (ascii == null)
        {
            return false;
        }
        table.merge(ascii, NODE | kind, (a, b) -> a | b);
        for (int dot = ascii.indexOf('.'); dot >= 0; dot = ascii.indexOf('.', dot + 1))
        {
            table.merge(ascii.substring(dot + 1), NODE, (a, b) -> a | b);
        }
        return true;
    }

    /**
     * A rule's name in lower-case ASCII (IDNA ToASCII, RFC 3490, per label), or null when it is not a valid name.
     */
    private static String toAscii(final String name)
    {
        final String ascii;
        try
        {
            ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
        if (ascii.isEmpty() || ascii.length() > MAX_NAME_LENGTH || ascii.startsWith(".") || ascii.endsWith(".")
            || ascii.contains(".."))
        {
            return null;
        }
        for (int i = 0; i < ascii.length(); i++)
        {
            if (ascii.charAt(i) >= 0x80)
            {
                return null;
            }
        }
        for (final String label : ascii.split("\\."))
        {
            if (label.length() > MAX_LABEL_LENGTH)
            {
                return null;
            }
        }
        return ascii;
    }
}
