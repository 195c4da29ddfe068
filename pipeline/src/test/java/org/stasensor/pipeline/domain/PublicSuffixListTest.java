package org.stasensor.pipeline.domain;

import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.net.InternetDomainName;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.domain.PublicSuffixList.Sections;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Public Suffix List matcher against three oracles: the list's own published test vectors
 * ({@code test_psl.txt}, shipped by Debian's package next to the list), Guava's {@code InternetDomainName} (which
 * bundles its own, newer copy of the list: compared only on names where the two copies agree, judged suffix by
 * suffix from Guava's answers and the file's raw rules) over the project's benign-domain corpus, and facts of
 * RFC 1035 for names that are not names.
 */
class PublicSuffixListTest
{
    private static final Path TEST_VECTORS = Path.of("/usr/share/doc/publicsuffix/examples/test_psl.txt");
    private static final Pattern CHECK = Pattern.compile("^checkPublicSuffix\\((null|'[^']*'), (null|'[^']*')\\);");

    private static PublicSuffixList icann;
    private static PublicSuffixList all;

    @TempDir
    Path directory;

    @BeforeAll
    static void load()
    {
        assumeTrue(Files.isReadable(PublicSuffixList.DEFAULT_PATH), "publicsuffix package not installed");
        icann = PublicSuffixList.load();
        all = PublicSuffixList.load(PublicSuffixList.DEFAULT_PATH, Sections.ICANN_AND_PRIVATE);
    }

    @Test
    void loadsEveryRuleOfTheFile()
    {
        assertEquals(Sections.ICANN, icann.sections());
        assertTrue(icann.ruleCount() > 6_000 && all.ruleCount() > icann.ruleCount() + 1_000,
            icann.ruleCount() + " ICANN rules, " + all.ruleCount() + " in all");
        assertEquals(0, icann.skippedRules());
        assertEquals(0, all.skippedRules());
    }

    @Test
    void publishedTestVectorsPass() throws IOException
    {
        assumeTrue(Files.isReadable(TEST_VECTORS), "test_psl.txt not installed");
        int checked = 0;
        for (final String line : Files.readAllLines(TEST_VECTORS, StandardCharsets.UTF_8))
        {
            final Matcher check = CHECK.matcher(line);
            if (!check.find() || check.group(1).equals("null"))
            {
                continue;
            }
            final String input = punycode(unquote(check.group(1))); // keeps the case of ASCII names
            final String expected = check.group(2).equals("null") ? null : ascii(unquote(check.group(2)));
            // The vectors assume both sections; uk.com is a PRIVATE rule, so ICANN alone answers differently.
            assertEquals(expected, all.registeredDomain(input), "both sections: " + line);
            if (!input.endsWith("uk.com"))
            {
                assertEquals(expected, icann.registeredDomain(input), "ICANN: " + line);
            }
            checked++;
        }
        assertTrue(checked >= 70, checked + " vectors");
    }

    @Test
    void handPickedNames()
    {
        assertEquals("example.co.uk", icann.registeredDomain("www.example.co.uk"));
        assertEquals("co.uk", icann.publicSuffix("www.example.co.uk"));
        assertNull(icann.registeredDomain("co.uk"), "a bare suffix has no registered domain");
        assertEquals("co.uk", icann.publicSuffix("co.uk"));
        // *.ck with the exception !www.ck (RFC-less, the list's own rules).
        assertNull(icann.registeredDomain("foo.ck"));
        assertEquals("bar.foo.ck", icann.registeredDomain("a.bar.foo.ck"));
        assertEquals("www.ck", icann.registeredDomain("www.ck"));
        assertEquals("ck", icann.publicSuffix("www.www.ck"));
        // IDN rules are matched in their punycode form; 公司.cn is xn--55qx5d.cn.
        assertEquals("xn--85x722f.xn--55qx5d.cn", icann.registeredDomain("www.xn--85x722f.xn--55qx5d.cn"));
        assertEquals("xn--55qx5d.cn", icann.publicSuffix("www.xn--85x722f.xn--55qx5d.cn"));
        assertEquals("xn--fiqs8s", icann.publicSuffix("xn--fiqs8s"));
        // The root dot, upper case.
        assertEquals("example.com", icann.registeredDomain("www.example.com."));
        assertEquals("example.com", icann.registeredDomain("WWW.Example.COM"));
        // Private rules only when asked for.
        assertEquals("github.io", icann.registeredDomain("someone.github.io"));
        assertEquals("someone.github.io", all.registeredDomain("a.someone.github.io"));
        // Single labels and unknown top-level labels: the default rule "*".
        assertEquals("com", icann.publicSuffix("com"));
        assertNull(icann.registeredDomain("localhost"));
        assertEquals("zone.test", icann.registeredDomain("_sip._udp.zone.test"));
        final byte[] unknown = "host.corp".getBytes(StandardCharsets.US_ASCII);
        assertFalse(PublicSuffixList.isListed(icann.match(unknown, 0, unknown.length)));
        final byte[] known = "host.co.uk".getBytes(StandardCharsets.US_ASCII);
        assertTrue(PublicSuffixList.isListed(icann.match(known, 0, known.length)));
        // Not names at all (RFC 1035 2.3.4): nothing matches.
        for (final String bad : new String[]{"", ".", ".com", "a..com", "example.com..", "a".repeat(64) + ".com",
            ("a".repeat(63) + ".").repeat(4) + "com"})
        {
            final byte[] bytes = bad.getBytes(StandardCharsets.US_ASCII);
            assertEquals(PublicSuffixList.NO_MATCH, icann.match(bytes, 0, bytes.length), "'" + bad + "'");
        }
        final String longest = ("a".repeat(62) + ".").repeat(4) + "com"; // 4 * 63 + 3 = 255 characters: too long
        assertEquals(255, longest.length());
        assertNull(icann.publicSuffix(longest));
        final String fits = ("a".repeat(62) + ".").repeat(3) + "b".repeat(60) + ".com"; // 253 characters
        assertEquals(253, fits.length());
        assertEquals("b".repeat(60) + ".com", icann.registeredDomain(fits));
        assertEquals("b".repeat(60) + ".com", icann.registeredDomain(fits + "."), "253 and the root dot");
    }

    @Test
    void offsetsPointIntoTheGivenBuffer()
    {
        final byte[] bytes = "xxwww.example.co.uk.yy".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int match = icann.match(buffer, 2, "www.example.co.uk.".length());
        assertEquals("www.".length(), PublicSuffixList.registeredDomainStart(match));
        assertEquals("www.example.".length(), PublicSuffixList.publicSuffixStart(match));
        assertTrue(PublicSuffixList.isListed(match));
        assertEquals(PublicSuffixList.NO_MATCH, icann.match(buffer, 20, 5), "past the buffer");
        assertEquals(PublicSuffixList.NO_MATCH, icann.match(bytes, -1, 3));
    }

    @Test
    void missingOrBrokenFilesAreNamedInTheError() throws IOException
    {
        final Path missing = directory.resolve("no-such.dat");
        final IllegalStateException absent = assertThrows(IllegalStateException.class,
            () -> PublicSuffixList.load(missing, Sections.ICANN));
        assertTrue(absent.getMessage().contains(missing.toString()) && absent.getMessage().contains("publicsuffix"),
            absent.getMessage());
        final IllegalStateException unreadable = assertThrows(IllegalStateException.class,
            () -> PublicSuffixList.load(directory, Sections.ICANN));
        assertTrue(unreadable.getMessage().contains(directory.toString()), unreadable.getMessage());
        final Path binary = directory.resolve("binary.dat");
        Files.write(binary, new byte[]{(byte)0xC3, (byte)0x28, 'x'});
        assertTrue(assertThrows(IllegalStateException.class, () -> PublicSuffixList.load(binary, Sections.ICANN))
            .getMessage().contains(binary.toString()));
        final Path empty = directory.resolve("empty.dat");
        Files.writeString(empty, "// nothing here\n");
        assertTrue(assertThrows(IllegalStateException.class, () -> PublicSuffixList.load(empty, Sections.ICANN))
            .getMessage().contains("holds no rules"));
    }

    @Test
    void agreesWithGuavaOnTheBenignCorpusWhereTheListsAgree() throws IOException
    {
        final Path corpus = TestFiles.data().resolve("benign-domains/domains.txt");
        assumeTrue(Files.isReadable(corpus), "benign-domain corpus missing");
        final List<String> domains = Files.readAllLines(corpus, StandardCharsets.US_ASCII);
        final RawRules raw = RawRules.read(PublicSuffixList.DEFAULT_PATH);
        final GuavaRun registry = new GuavaRun(icann, raw, false);
        final GuavaRun everything = new GuavaRun(all, raw, true);
        int index = 0;
        for (final String domain : domains)
        {
            // The name, two labels below it, and for one in ten the root dot too.
            final String[] names = index++ % 10 == 0 ? new String[]{domain, "a.b." + domain, "www." + domain + "."} :
                new String[]{domain, "a.b." + domain};
            for (final String name : names)
            {
                registry.compare(name);
                everything.compare(name);
            }
        }
        registry.report("ICANN vs topDomainUnderRegistrySuffix");
        everything.report("ICANN+PRIVATE vs topPrivateDomain");
        for (final GuavaRun run : new GuavaRun[]{registry, everything})
        {
            assertEquals(List.of(), run.failures);
            assertTrue(run.compared > 0.95 * run.names, run.compared + " of " + run.names + " compared");
        }
        assertTrue(registry.registeredEqualsInput >= 0.95 * domains.size(),
            "the corpus holds ICANN registered domains: " + registry.registeredEqualsInput);
    }

    /**
     * Our answer against Guava's for names where Guava's list and the file's judge every suffix of the name alike.
     */
    private static final class GuavaRun
    {
        final PublicSuffixList list;
        final RawRules raw;
        final boolean withPrivate;
        final Map<String, Boolean> guavaSuffix = new HashMap<>();
        final List<String> failures = new ArrayList<>();
        final List<String> differing = new ArrayList<>();
        int names;
        int compared;
        int listsDiffer;
        int guavaRefused;
        int registeredEqualsInput;

        GuavaRun(final PublicSuffixList list, final RawRules raw, final boolean withPrivate)
        {
            this.list = list;
            this.raw = raw;
            this.withPrivate = withPrivate;
        }

        void compare(final String name)
        {
            names++;
            final InternetDomainName guava;
            try
            {
                guava = InternetDomainName.from(name);
            }
            catch (final IllegalArgumentException ex)
            {
                guavaRefused++;
                return;
            }
            final List<String> parts = guava.parts();
            for (int k = 1; k <= parts.size(); k++)
            {
                final String suffix = String.join(".", parts.subList(parts.size() - k, parts.size()));
                if (isGuavaSuffix(suffix) != raw.isSuffix(suffix, withPrivate))
                {
                    listsDiffer++;
                    if (differing.size() < 5)
                    {
                        differing.add(name + " (" + suffix + ")");
                    }
                    return;
                }
            }
            compared++;
            final boolean listed = withPrivate ? guava.hasPublicSuffix() : guava.hasRegistrySuffix();
            final String expectedSuffix = !listed ? parts.get(parts.size() - 1) :
                (withPrivate ? guava.publicSuffix() : guava.registrySuffix()).toString();
            final boolean under = withPrivate ? guava.isUnderPublicSuffix() : guava.isUnderRegistrySuffix();
            String expectedRegistered = null;
            if (under)
            {
                expectedRegistered = (withPrivate ? guava.topPrivateDomain() : guava.topDomainUnderRegistrySuffix())
                    .toString();
            }
            else if (!listed && parts.size() > 1)
            {
                // Guava has no default rule "*"; the list's algorithm makes the last label the suffix.
                expectedRegistered = String.join(".", parts.subList(parts.size() - 2, parts.size()));
            }
            final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            final int match = list.match(bytes, 0, bytes.length);
            check(name, "listed", Boolean.toString(listed), Boolean.toString(PublicSuffixList.isListed(match)));
            check(name, "public suffix", expectedSuffix, list.publicSuffix(name));
            check(name, "registered domain", expectedRegistered, list.registeredDomain(name));
            if (name.equals(expectedRegistered))
            {
                registeredEqualsInput++;
            }
        }

        private boolean isGuavaSuffix(final String suffix)
        {
            return guavaSuffix.computeIfAbsent(suffix, s ->
            {
                final InternetDomainName domain = InternetDomainName.from(s);
                return withPrivate ? domain.isPublicSuffix() : domain.isRegistrySuffix();
            });
        }

        private void check(final String name, final String what, final String expected, final String actual)
        {
            if (!java.util.Objects.equals(expected, actual) && failures.size() < 50)
            {
                failures.add(name + ": " + what + " guava " + expected + " ours " + actual);
            }
        }

        void report(final String what)
        {
            System.out.printf(Locale.ROOT, "PSL %s: %d names, %d compared (%.2f%%), %d skipped where Guava's list "
                    + "and Debian's differ (e.g. %s), %d refused by Guava, %d differences%n", what, names, compared,
                100.0 * compared / names, listsDiffer, differing, guavaRefused, failures.size());
            failures.stream().limit(20).forEach(failure -> System.out.println("  " + failure));
        }
    }

    /**
     * The file's rules as sets, read plainly (no matching logic): whether a name is a public suffix by the raw
     * rules is an exact or wildcard rule covering it and no exception naming it.
     */
    private record RawRules(Set<String> exactIcann, Set<String> wildcardIcann, Set<String> exceptionIcann,
        Set<String> exactPrivate, Set<String> wildcardPrivate, Set<String> exceptionPrivate)
    {
        static RawRules read(final Path file) throws IOException
        {
            final RawRules rules = new RawRules(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(),
                new HashSet<>(), new HashSet<>());
            boolean privateSection = false;
            for (final String raw : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                final String line = raw.strip();
                if (line.contains("===BEGIN PRIVATE DOMAINS==="))
                {
                    privateSection = true;
                }
                if (line.isEmpty() || line.startsWith("//"))
                {
                    continue;
                }
                final String rule = line.split("\\s")[0];
                if (rule.startsWith("!"))
                {
                    (privateSection ? rules.exceptionPrivate : rules.exceptionIcann).add(ascii(rule.substring(1)));
                }
                else if (rule.startsWith("*."))
                {
                    (privateSection ? rules.wildcardPrivate : rules.wildcardIcann).add(ascii(rule.substring(2)));
                }
                else
                {
                    (privateSection ? rules.exactPrivate : rules.exactIcann).add(ascii(rule));
                }
            }
            return rules;
        }

        boolean isSuffix(final String name, final boolean withPrivate)
        {
            final int dot = name.indexOf('.');
            final String parent = dot < 0 ? null : name.substring(dot + 1);
            final boolean covered = exactIcann.contains(name) || (parent != null && wildcardIcann.contains(parent))
                || (withPrivate && (exactPrivate.contains(name)
                || (parent != null && wildcardPrivate.contains(parent))));
            final boolean excepted = exceptionIcann.contains(name) || (withPrivate && exceptionPrivate.contains(name));
            return covered && !excepted;
        }
    }

    private static String punycode(final String name)
    {
        return name.chars().allMatch(c -> c < 0x80) ? name : IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
    }

    private static String unquote(final String quoted)
    {
        return quoted.substring(1, quoted.length() - 1);
    }

    private static String ascii(final String name)
    {
        return punycode(name).toLowerCase(Locale.ROOT);
    }
}
