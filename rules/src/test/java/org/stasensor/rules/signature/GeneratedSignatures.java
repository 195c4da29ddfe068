package org.stasensor.rules.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Many realistic rules made from a seed: JA3/HASSH hash rules, SNI and DNS content rules with every anchor, some
 * pcre and a few that only the residual list can hold.
 */
final class GeneratedSignatures
{
    private static final String[] WORDS = {"google", "microsoft", "fbcdn", "apple", "mozilla", "adnxs", "whatsapp",
        "example", "update", "cdn", "login", "static", "mail", "api", "push", "video", "img", "edge", "akamai"};
    private static final String[] TLDS = {"com", "net", "org", "io", "sea", "ru", "cn", "xyz"};

    private GeneratedSignatures()
    {
    }

    static List<String> rules(final int count, final long seed, final int firstSid)
    {
        final Random random = new Random(seed);
        final List<String> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final int sid = firstSid + i;
            final String name = WORDS[random.nextInt(WORDS.length)] + random.nextInt(1000) + "." +
                TLDS[random.nextInt(TLDS.length)];
            final String condition = switch (random.nextInt(20))
            {
                case 0, 1, 2, 3, 4 -> "ja3.hash; content:\"" + hex(random) + "\";";
                case 5, 6 -> "ssh.hassh; content:\"" + hex(random) + "\";";
                case 7, 8, 9 -> "tls.sni; content:\"" + name + "\"; endswith;";
                case 10, 11 -> "tls.sni; content:\"" + name + "\"; startswith; endswith; nocase;";
                case 12 -> "tls.sni; content:\"" + name.substring(0, name.indexOf('.')) + "\";";
                case 13, 14 -> "dns.query; content:\"" + name + "\"; endswith;";
                case 15 -> "dns.query; content:\"" + name.substring(0, name.indexOf('.')) + "\"; nocase;";
                case 16 -> "tls.sni; content:\"" + name.substring(0, name.indexOf('.')) + "\"; pcre:\"/^" +
                    name.substring(0, 3) + "[a-z]*\\d+\\./\";";
                case 17 -> "ja4.hash; content:\"t13d" + (10 + random.nextInt(90)) + "\"; startswith;";
                case 18 -> random.nextInt(10) == 0
                    // A pcre alone cannot be indexed: a few such rules are evaluated for every DNS record.
                    ? "dns.query; pcre:\"/\\." + name.replace(".", "\\.") + "$/i\";"
                    : "dns.query; content:\"" + name.substring(0, name.indexOf('.')) + "\"; pcre:\"/\\." +
                        name.replace(".", "\\.") + "$/i\";";
                default -> "ssh.software; content:\"" + WORDS[random.nextInt(WORDS.length)] + "_" +
                    random.nextInt(10) + "\";";
            };
            rules.add("alert ip any any -> any any (msg:\"generated " + sid + "\"; " + condition + " sid:" + sid +
                "; rev:1;)");
        }
        return rules;
    }

    private static String hex(final Random random)
    {
        final StringBuilder text = new StringBuilder(32);
        for (int i = 0; i < 32; i++)
        {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }
}
