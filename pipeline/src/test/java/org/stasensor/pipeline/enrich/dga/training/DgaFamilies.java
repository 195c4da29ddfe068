package org.stasensor.pipeline.enrich.dga.training;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Domain generators written from published descriptions of malware DGAs. Each takes the parameters that the malware
 * takes (a date, a seed, a word list), so that training and validation can use different ones. Where a family's real
 * word list or seed is not ours to use, the generator takes another one of the same kind and says so.
 */
public final class DgaFamilies
{
    private static final long MASK32 = 0xFFFF_FFFFL;

    private DgaFamilies()
    {
    }

    /**
     * CryptoLocker (2013): per day, 1000 names of 12-15 letters from three xorshift-like registers seeded with the
     * day, month and year (+ the name's number), over the TLDs com, net, biz, ru, org, co.uk, info. Described by
     * Sousan Yazdi, "A closer look at Cryptolocker's DGA", Fortinet blog, 2014-01-16.
     *
     * @param date  the day.
     * @param count names wanted (at most 1000 are distinct per day).
     * @param out   receives the names.
     */
    public static void cryptolocker(final LocalDate date, final int count, final List<String> out)
    {
        final String[] tlds = {"com", "net", "biz", "ru", "org", "co.uk", "info"};
        for (int z = 0; z < count; z++)
        {
            long d = date.getDayOfMonth() * 65537L;
            long m = date.getMonthValue() * 65537L;
            long y = (date.getYear() + z) * 65537L;
            final int length = (int)(((d >>> 3) ^ (y >>> 8) ^ (y >>> 11)) & 3) + 12;
            final StringBuilder name = new StringBuilder(length + 6);
            for (int i = 0; i < length; i++)
            {
                d = ((((d << 13) & MASK32) >>> 19) ^ ((((d >>> 1) << 13)) & MASK32) ^ (d >>> 19)) & MASK32;
                m = ((((m << 2) & MASK32) >>> 25) ^ (((m >>> 3) << 7) & MASK32) ^ (m >>> 25)) & MASK32;
                y = ((((y << 3) & MASK32) >>> 11) ^ (((y >>> 4) << 21) & MASK32) ^ (y >>> 11)) & MASK32;
                name.append((char)('a' + (y ^ m ^ d) % 25));
            }
            out.add(name.append('.').append(tlds[z % tlds.length]).toString());
        }
    }

    /**
     * Necurs (2014-2017): 2048 names per four days, 7-21 letters, from a 64-bit mixing function applied to the year,
     * month, day / 4, the name's number and a per-build magic number; 43 TLDs. Described by Johannes Bader,
     * "The DGA of Necurs", 2015 (johannesbader.ch), from the analysis of the sample.
     *
     * @param date     the day.
     * @param magic    the build's magic number (9 in the sample described).
     * @param first    first sequence number.
     * @param count    names wanted.
     * @param out      receives the names.
     */
    public static void necurs(final LocalDate date, final long magic, final int first, final int count,
        final List<String> out)
    {
        final String[] tlds = {"tj", "in", "jp", "tw", "ac", "cm", "la", "mn", "so", "sh", "sc", "nu", "nf", "mu",
            "ms", "mx", "ki", "im", "cx", "cc", "tv", "bz", "me", "eu", "de", "ru", "co", "su", "pw", "kz", "sx", "us",
            "ug", "ir", "to", "ga", "com", "net", "org", "biz", "xxx", "pro", "bit"};
        for (int sequence = first; sequence < first + count; sequence++)
        {
            long n = necursMix(date.getYear());
            n = necursMix(n + date.getMonthValue() + 43690);
            n = necursMix(n + (date.getDayOfMonth() >> 2));
            n = necursMix(n + sequence);
            n = necursMix(n + magic);
            final int length = (int)Long.remainderUnsigned(n, 15) + 7;
            final StringBuilder name = new StringBuilder(length + 5);
            for (int i = 0; i < length; i++)
            {
                n = necursMix(n + i);
                name.append((char)('a' + Long.remainderUnsigned(n, 25)));
                n += 0xABBEDF;
                n = necursMix(n);
            }
            out.add(name.append('.').append(tlds[(int)Long.remainderUnsigned(n, 43)]).toString());
        }
    }

    private static long necursMix(final long seed)
    {
        long value = seed;
        final long loops = (value & 0x7F) + 21;
        for (long index = 0; index < loops; index++)
        {
            value += ((value * 7) ^ (value << 15)) + 8 * index - (value >>> 5);
        }
        return value;
    }

    /**
     * Ramnit: a Park-Miller "minimal standard" generator (16807, with Schrage's 127773 / 2836 split) seeded per
     * sample, names of 8-19 letters a-y, the state re-mixed after each name. Described by Johannes Bader,
     * "The DGA of Ramnit", 2014 (johannesbader.ch).
     *
     * @param seed  the sample's 32-bit seed.
     * @param count names wanted.
     * @param out   receives the names.
     */
    public static void ramnit(final long seed, final int count, final List<String> out)
    {
        final long[] state = {seed & MASK32};
        for (int i = 0; i < count; i++)
        {
            final long seedA = state[0];
            final int length = (int)ramnitNext(state, 12) + 8;
            final long seedB = state[0];
            final StringBuilder name = new StringBuilder(length + 4);
            for (int j = 0; j < length; j++)
            {
                name.append((char)('a' + ramnitNext(state, 25)));
            }
            out.add(name.append(".com").toString());
            final long product = seedA * seedB;
            state[0] = (product + (product >>> 32)) & MASK32;
        }
    }

    private static long ramnitNext(final long[] state, final int modulus)
    {
        final long ix = state[0];
        final long next = (16807 * (ix % 127773) - 2836 * (ix / 127773)) & MASK32;
        state[0] = next;
        return next % modulus;
    }

    /**
     * Banjori (MultiBanker 2): from a hard-coded seed name, each next name rewrites only the first four letters
     * from the previous name's letters, so a campaign's names share a long dictionary-like tail
     * ("earnestnessbiophysicalohax.com", "kwtoestnessbiophysicalohax.com", ...). Described by Johannes Bader,
     * "The DGA of Banjori", 2015 (johannesbader.ch).
     *
     * @param seedDomain the campaign's seed name (label at least 4 letters, then the TLD).
     * @param count      names wanted.
     * @param out        receives the names.
     */
    public static void banjori(final String seedDomain, final int count, final List<String> out)
    {
        final char[] name = seedDomain.toCharArray();
        for (int i = 0; i < count; i++)
        {
            out.add(new String(name));
            name[0] = banjoriLetter(name[0] + name[3]);
            name[1] = banjoriLetter(name[0] + 2 * name[1]);
            name[2] = banjoriLetter(name[0] + name[2] - 1);
            name[3] = banjoriLetter(name[1] + name[2] + name[3]);
        }
    }

    private static char banjoriLetter(final int value)
    {
        return (char)('a' + Math.floorMod(value - 'a', 26));
    }

    /**
     * Suppobox: the Unix time shifted right by 9 (a new name every 512 s, 85 per step) has 15 bits shuffled into a
     * 7-bit index of a first word (of 128) and an 8-bit index of a second word (of 256 more), joined, ".net".
     * Described by Endgame ("Malware with a personal touch", 2016) and in an RSA Conference 2015 talk
     * (br-r01, "End-to-end analysis of a domain generating algorithm malware family"). The malware's three
     * 384-word lists are not used here: the caller passes a list of 384 English words of its own.
     *
     * @param words     384 words.
     * @param unixTime  the start time.
     * @param count     names wanted.
     * @param out       receives the names.
     */
    public static void suppobox(final String[] words, final long unixTime, final int count, final List<String> out)
    {
        final int[] shuffle = {3, 9, 13, 6, 2, 4, 11, 7, 14, 1, 10, 5, 8, 12, 0};
        long seed = unixTime >> 9;
        final int[] bits = new int[16];
        for (int c = 0; c < count; c++)
        {
            long nr = seed;
            for (int i = 0; i < 15; i++)
            {
                bits[shuffle[i]] = (int)(nr & 1);
                nr >>= 1;
            }
            int first = 0;
            for (int i = 0; i < 7; i++)
            {
                first = (first << 1) ^ bits[i];
            }
            int second = 0;
            for (int i = 7; i < 15; i++)
            {
                second = (second << 1) ^ bits[i];
            }
            out.add(words[first] + words[second + 0x80] + ".net");
            seed++;
        }
    }

    /**
     * Gozi / ISFB: a linear congruential generator (1664525, 1013904223) seeded from the days since 2015-01-01
     * divided by a per-build period; each name is 12-23 characters of words drawn from a list the malware builds
     * from a text (the GPL, RFC 4343, a NASA page, Luther's Bible), a word cut to half its length one time in
     * three, never past 24 characters. Described by Johannes Bader, "The DGA of Gozi/ISFB" (johannesbader.ch,
     * 2016). The caller passes the words of a text of its own choosing.
     *
     * @param words      the word list, in the text's order.
     * @param daysPassed days since 2015-01-01 divided by the build's period.
     * @param tld        the build's TLD.
     * @param count      names wanted.
     * @param out        receives the names.
     */
    public static void gozi(final String[] words, final int daysPassed, final String tld, final int count,
        final List<String> out)
    {
        long r = ((1L << 16) + daysPassed - 306607824L) & MASK32;
        for (int i = 0; i < count; i++)
        {
            r = (1664525 * r + 1013904223) & MASK32;
            r = (1664525 * r + 1013904223) & MASK32;
            final long length = r % 12 + 12;
            final StringBuilder name = new StringBuilder(32);
            while (name.length() < length)
            {
                r = (1664525 * r + 1013904223) & MASK32;
                final String word = words[(int)(r % words.length)];
                int take = word.length();
                r = (1664525 * r + 1013904223) & MASK32;
                if (r % 3 == 0)
                {
                    take >>= 1;
                }
                if (name.length() + take <= 24)
                {
                    name.append(word, 0, take);
                }
            }
            out.add(name.append('.').append(tld).toString());
        }
    }

    /**
     * Matsnu-like: Check Point ("Matsnu", 2015) and Seculert ("DGAs: a domain generation evolution", 2014) describe
     * Matsnu's names as words from two embedded lists, verbs and nouns, joined up to 24 characters. The lists and the
     * random generator here are ours (the malware's are not public as data we may use): a verb-like word, then
     * nouns, while the name stays within 24 characters, at least two words.
     *
     * @param verbs  first-word list.
     * @param nouns  following-word list.
     * @param seed   the random seed.
     * @param count  names wanted.
     * @param out    receives the names.
     */
    public static void matsnuLike(final String[] verbs, final String[] nouns, final long seed, final int count,
        final List<String> out)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++)
        {
            final StringBuilder name = new StringBuilder(32);
            name.append(verbs[random.nextInt(verbs.length)]);
            int words = 1;
            while (true)
            {
                final String noun = nouns[random.nextInt(nouns.length)];
                if (name.length() + noun.length() > 24)
                {
                    if (words >= 2)
                    {
                        break;
                    }
                    continue;
                }
                name.append(noun);
                words++;
                if (name.length() >= 14 && random.nextInt(3) == 0)
                {
                    break;
                }
            }
            out.add(name.append(".com").toString());
        }
    }

    /**
     * Banjori seed names for a campaign: two words and a few random letters, like the published seed
     * "earnestnessbiophysicalohax.com".
     *
     * @param words  words to draw from.
     * @param seed   random seed.
     * @param count  seed names wanted.
     * @return the seed names.
     */
    public static List<String> banjoriSeeds(final String[] words, final long seed, final int count)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<String> seeds = new ArrayList<>();
        while (seeds.size() < count)
        {
            final StringBuilder name = new StringBuilder();
            name.append(words[random.nextInt(words.length)]).append(words[random.nextInt(words.length)]);
            final int tail = 2 + random.nextInt(3);
            for (int i = 0; i < tail; i++)
            {
                name.append((char)('a' + random.nextInt(26)));
            }
            if (name.length() >= 16 && name.length() <= 30)
            {
                seeds.add(name.append(".com").toString());
            }
        }
        return seeds;
    }
}
