package org.stasensor.rules.signature;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rules file with every kind of mistake between good rules: each bad rule gives one "FILE:LINE: sid N: reason"
 * line, nothing throws, and the good rules load.
 */
class BadRulesAreReportedTest
{
    private static final String HUGE_PCRE = "/" + "a".repeat(5000) + "/";

    @TempDir
    Path temp;

    @Test
    void eachProblemIsOneClearLineAndTheRestLoads()
    {
        final String text = String.join("\n",
            "# good",
            "alert tls any any -> any any (msg:\"good 1\"; tls.sni; content:\"example.com\"; sid:1;)",
            "alert tls any any -> any any",
            "alert tls any any -> any any (msg:\"uri\"; tls.sni; content:\"a.com\"; http.uri; sid:2;)",
            "alert tls any any -> any any (msg:\"unterminated; tls.sni; content:\"abc\"; sid:3;)",
            "alert tls any any -> any any (msg:\"paren\"; tls.sni; content:\"c\"; sid:4;",
            "alert tls any any -> any any (msg:\"huge\"; tls.sni; pcre:\"" + HUGE_PCRE + "\"; sid:5;)",
            "pass tls any any -> any any (msg:\"pass\"; tls.sni; content:\"d\"; sid:6;)",
            "alert tls any any -> any any (msg:\"dup\"; tls.sni; content:\"e\"; sid:1;)",
            "alert tls any any -> any any (msg:\"everything\"; sid:7;)",
            "alert tls any any -> any any (msg:\"sha1\"; tls.cert_fingerprint; " +
                "content:\"f7:8c:64:3d:cf:58:d3:64:40:0c:13:0b:fb:14:52:7b:61:8e:61:d5\"; sid:8;)",
            "alert tcp any any -> any any (msg:\"payload\"; content:\"GET\"; sid:9;)",
            "alert tls $FOO_NET any -> any any (msg:\"var\"; tls.sni; content:\"f\"; sid:10;)",
            "alert tls 10.0.0.0/33 any -> any any (msg:\"cidr\"; tls.sni; content:\"g\"; sid:11;)",
            "alert tls any any -> any any (msg:\"bad pcre\"; tls.sni; pcre:\"/(unclosed/\"; sid:12;)",
            "alert tls any any -> any any (msg:\"flag\"; tls.sni; pcre:\"/x/R\"; sid:13;)",
            "alert http any any -> any any (msg:\"proto\"; sid:14;)",
            "alert tls any any -> any any (msg:\"hex\"; tls.sni; content:\"|4G|\"; sid:15;)",
            "alert tls any any -> any any (msg:\"no sid\"; tls.sni; content:\"h\";)",
            "alert tls any any => any any (msg:\"dir\"; tls.sni; content:\"i\"; sid:16;)",
            "alert tls any any -> any any (msg:\"good 2\"; \\",
            "    tls.sni; content:\"example.org\"; sid:17;)",
            "alert tls any any -> any any (msg:\"two unsupported\"; flowbits:set,x; xbits:isset,y; tls.sni; " +
                "content:\"j\"; sid:18;)",
            "alert tls any any -> any any (msg:\"relative\"; tls.sni; content:\"a\"; content:\"b\"; distance:0; " +
                "sid:19;)");
        final Path file = RulesFiles.write(temp, "bad.rules", text);
        final List<String> warnings = new ArrayList<>();
        final SignatureSet set = RulesFiles.load(file, warnings);
        assertEquals(2, set.loaded(), String.join("\n", warnings));
        assertEquals(20, set.skipped(), String.join("\n", warnings));
        assertEquals(21, warnings.size(), "one line per skipped rule and the summary:\n" +
            String.join("\n", warnings));
        final String all = String.join("\n", warnings);
        expect(all, file, 3, null, "no option list");
        expect(all, file, 4, 2L, "unsupported keyword \"http.uri\"");
        expect(all, file, 5, null, "unbalanced quotes");
        expect(all, file, 6, null, "does not end with ')'");
        expect(all, file, 7, 5L, "longer than the limit 2048");
        expect(all, file, 8, 6L, "action \"pass\" is not evaluated");
        expect(all, file, 9, 1L, "duplicate sid");
        expect(all, file, 10, 7L, "would match every record");
        expect(all, file, 11, 8L, "SHA-1");
        expect(all, file, 12, 9L, "content on the packet payload");
        expect(all, file, 13, 10L, "$FOO_NET is not defined");
        expect(all, file, 14, 11L, "prefix length out of range");
        expect(all, file, 15, 12L, "pcre does not compile");
        expect(all, file, 16, 13L, "pcre flag 'R'");
        expect(all, file, 17, 14L, "unsupported protocol http");
        expect(all, file, 18, 15L, "not a hex digit");
        expect(all, file, 19, null, "no sid");
        expect(all, file, 20, 16L, "direction must be -> or <>");
        expect(all, file, 23, 18L, "unsupported keyword \"flowbits\"");
        expect(all, file, 24, 19L, "unsupported keyword \"distance\"");
        assertTrue(warnings.get(warnings.size() - 1).startsWith("signatures: 2 loaded (2 indexed), 20 skipped"),
            warnings.get(warnings.size() - 1));
        assertEquals(1, all.lines().filter(line -> line.contains("sid 18:")).count(), "one warning per rule");

        final List<Problem> problems = SignatureCheck.check(file);
        assertEquals(20, problems.size());
        assertEquals(new Problem(file, 4, 2L, "unsupported keyword \"http.uri\", rule skipped"), problems.get(1));
        assertEquals(file + ":4: sid 2: unsupported keyword \"http.uri\", rule skipped", problems.get(1).toString());
    }

    @Test
    void aMissingFileIsAProblemNotACrash()
    {
        final List<String> warnings = new ArrayList<>();
        final SignatureSet set = RulesFiles.load(temp.resolve("absent.rules"), warnings);
        assertEquals(0, set.loaded());
        assertTrue(warnings.get(0).contains("absent.rules:0: cannot read"), warnings.toString());
        assertEquals(1, SignatureCheck.check(temp.resolve("absent.rules")).size());
    }

    @Test
    void binaryGarbageIsReportedLineByLine()
    {
        final Path file = RulesFiles.write(temp, "garbage.rules", "\u0000\u0001alert ((((;;;;\"\"\"\n)))\n" +
            "alert tls [1.2.3.4 any -> any any (sid:1;)\nalert tls any any -> any any (sid:99999999999;)\n");
        final List<String> warnings = new ArrayList<>();
        final SignatureSet set = RulesFiles.load(file, warnings);
        assertEquals(0, set.loaded());
        assertEquals(4, set.skipped(), warnings.toString());
    }

    private static void expect(final String warnings, final Path file, final int line, final Long sid,
        final String reason)
    {
        final String prefix = file + ":" + line + ": " + (sid == null ? "" : "sid " + sid + ": ");
        assertTrue(warnings.lines().anyMatch(w -> w.startsWith(prefix) && w.contains(reason)),
            "expected a line starting \"" + prefix + "\" containing \"" + reason + "\" in\n" + warnings);
    }
}
