package org.stasensor.pipeline.enrich.dga.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.stasensor.pipeline.enrich.dga.WordDictionary;

/**
 * The training and validation sets, built the same way on every run: the benign corpus split 80/20 by a hash of the
 * name, and DGA names from {@link DgaFamilies} with different seeds, dates and word lists for validation.
 */
public final class TrainingData
{
    /** Licence texts (Debian base-files, /usr/share/common-licenses) whose words feed the training gozi; the GPL is
     * one of the texts the malware itself uses. */
    static final String[] GOZI_TRAIN_TEXTS = {"GPL-3", "GPL-2", "LGPL-2.1", "GFDL-1.3"};
    /** Licence texts whose words feed the validation gozi. */
    static final String[] VALIDATION_TEXTS = {"Apache-2.0", "MPL-2.0", "Artistic", "CC0-1.0"};

    private static final int COMMON_WORD_LABELS = 5;
    private static final int TRAIN_PER_FAMILY = 12_000;
    private static final int VALIDATION_PER_FAMILY = 3_000;

    /** Benign names for training. */
    public final List<String> benignTrain = new ArrayList<>();
    /** Benign names held out. */
    public final List<String> benignValidation = new ArrayList<>();
    /** Generated names for training, by family. */
    public final Map<String, List<String>> dgaTrain = new LinkedHashMap<>();
    /** Generated names held out, by family. */
    public final Map<String, List<String>> dgaValidation = new LinkedHashMap<>();
    /** The segmentation dictionary: sorted acceptable words. */
    public final String[] dictionary;

    /**
     * Builds the sets.
     *
     * @param benignFile   the benign corpus, one registered domain per line.
     * @param wordsFile    the word list (Debian wamerican's /usr/share/dict/words).
     * @param licensesDir  the licence texts directory (/usr/share/common-licenses).
     * @throws IOException if a file cannot be read.
     */
    public TrainingData(final Path benignFile, final Path wordsFile, final Path licensesDir) throws IOException
    {
        for (final String line : Files.readAllLines(benignFile, StandardCharsets.US_ASCII))
        {
            final String name = line.trim();
            if (!name.isEmpty())
            {
                (isValidationBenign(name) ? benignValidation : benignTrain).add(name);
            }
        }
        final Set<String> words = new TreeSet<>();
        for (final String line : Files.readAllLines(wordsFile, StandardCharsets.UTF_8))
        {
            if (WordDictionary.isAcceptable(line.trim()))
            {
                words.add(line.trim());
            }
        }
        dictionary = words.toArray(new String[0]);

        // Word DGAs other than gozi use common words, as the malware does: dictionary words found inside at least
        // COMMON_WORD_LABELS benign training labels. They are split in two by a hash so that validation names are
        // made of words that no training name uses.
        final int[] labelsWithWord = countWordsInLabels(dictionary, benignTrain);
        final List<String> trainWords = new ArrayList<>();
        final List<String> validationWords = new ArrayList<>();
        for (int i = 0; i < dictionary.length; i++)
        {
            final String word = dictionary[i];
            if (word.length() <= 9 && labelsWithWord[i] >= COMMON_WORD_LABELS)
            {
                (isValidationBenign(word) || isValidationBenign(word + "!") ? validationWords : trainWords).add(word);
            }
        }
        final String[] trainPool = trainWords.toArray(new String[0]);
        final String[] validationPool = validationWords.toArray(new String[0]);
        final List<String> validationText = textWords(licensesDir, VALIDATION_TEXTS);
        final List<List<String>> gozi = new ArrayList<>();
        for (final String text : GOZI_TRAIN_TEXTS)
        {
            gozi.add(textWords(licensesDir, new String[]{text}));
        }
        buildFamilies(trainPool, validationPool, gozi, validationText);
    }

    /**
     * Whether a benign name belongs to the held-out fifth: FNV-1a 64 of its bytes, modulo 5, is 0.
     *
     * @param name a registered domain.
     * @return true if held out.
     */
    public static boolean isValidationBenign(final String name)
    {
        long hash = 0xcbf29ce484222325L;
        for (final byte b : name.getBytes(StandardCharsets.US_ASCII))
        {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return Long.remainderUnsigned(hash, 5) == 0;
    }

    private void buildFamilies(final String[] trainPool, final String[] validationPool, final List<List<String>> gozi,
        final List<String> validationText)
    {
        final LocalDate trainStart = LocalDate.of(2014, 1, 1);
        final LocalDate validationStart = LocalDate.of(2019, 6, 1);

        final List<String> cryptoTrain = new ArrayList<>();
        for (int day = 0; cryptoTrain.size() < TRAIN_PER_FAMILY; day++)
        {
            DgaFamilies.cryptolocker(trainStart.plusDays(day), 1000, cryptoTrain);
        }
        final List<String> cryptoValidation = new ArrayList<>();
        for (int day = 0; cryptoValidation.size() < VALIDATION_PER_FAMILY; day += 7)
        {
            DgaFamilies.cryptolocker(validationStart.plusDays(day), 1000, cryptoValidation);
        }
        put("cryptolocker", cryptoTrain, cryptoValidation);

        final List<String> necursTrain = new ArrayList<>();
        for (int period = 0; necursTrain.size() < TRAIN_PER_FAMILY; period++)
        {
            DgaFamilies.necurs(trainStart.plusDays(4L * period), 9, 0, 2048, necursTrain);
        }
        final List<String> necursValidation = new ArrayList<>();
        DgaFamilies.necurs(validationStart, 9, 0, VALIDATION_PER_FAMILY, necursValidation);
        put("necurs", necursTrain, necursValidation);

        final List<String> ramnitTrain = new ArrayList<>();
        final SplittableRandom seeds = new SplittableRandom(0x5EED_0001L);
        for (int i = 0; i < 12; i++)
        {
            DgaFamilies.ramnit(seeds.nextLong() & 0xFFFF_FFFFL, TRAIN_PER_FAMILY / 12, ramnitTrain);
        }
        final List<String> ramnitValidation = new ArrayList<>();
        // Seeds of real samples, listed with Bader's description.
        for (final long seed : new long[]{0xEF214BBFL, 0x28488EEAL, 0x4BFCBC6AL})
        {
            DgaFamilies.ramnit(seed, VALIDATION_PER_FAMILY / 3, ramnitValidation);
        }
        put("ramnit", ramnitTrain, ramnitValidation);

        final List<String> banjoriTrain = new ArrayList<>();
        for (final String seed : DgaFamilies.banjoriSeeds(trainPool, 0x5EED_0002L, TRAIN_PER_FAMILY / 20))
        {
            DgaFamilies.banjori(seed, 20, banjoriTrain);
        }
        final List<String> banjoriValidation = new ArrayList<>();
        // The published seed name of a real campaign, then seeds from the validation words.
        DgaFamilies.banjori("earnestnessbiophysicalohax.com", 200, banjoriValidation);
        for (final String seed : DgaFamilies.banjoriSeeds(validationPool, 0x5EED_0003L, VALIDATION_PER_FAMILY / 200))
        {
            DgaFamilies.banjori(seed, 200, banjoriValidation);
        }
        put("banjori", banjoriTrain, banjoriValidation);

        final List<String> suppoboxTrain = new ArrayList<>();
        // Several word lists, as the malware has had (three are known): one list would be learnt by heart.
        for (int list = 0; list < 10; list++)
        {
            DgaFamilies.suppobox(pick(trainPool, 4, 8, 384, 0x5EED_0004L + 16 * list), 1_420_070_400L + 86_400L * list,
                TRAIN_PER_FAMILY / 10, suppoboxTrain);
        }
        final List<String> suppoboxValidation = new ArrayList<>();
        DgaFamilies.suppobox(pick(validationPool, 4, 8, 384, 0x5EED_0005L), 1_577_836_800L, VALIDATION_PER_FAMILY,
            suppoboxValidation);
        put("suppobox", suppoboxTrain, suppoboxValidation);

        final List<String> goziTrain = new ArrayList<>();
        for (int text = 0; text < gozi.size(); text++)
        {
            final String[] textWords = gozi.get(text).toArray(new String[0]);
            for (int day = 0; goziTrain.size() < (text + 1) * TRAIN_PER_FAMILY / gozi.size(); day++)
            {
                DgaFamilies.gozi(textWords, day, "ru", 12, goziTrain);
            }
        }
        final List<String> goziValidation = new ArrayList<>();
        final String[] otherText = validationText.toArray(new String[0]);
        for (int day = 0; goziValidation.size() < VALIDATION_PER_FAMILY; day++)
        {
            DgaFamilies.gozi(otherText, 2000 + day, "com", 12, goziValidation);
        }
        put("gozi", goziTrain, goziValidation);

        final List<String> matsnuTrain = new ArrayList<>();
        for (int list = 0; list < 4; list++)
        {
            DgaFamilies.matsnuLike(pick(trainPool, 3, 8, 1300, 0x5EED_0006L + 16 * list),
                pick(trainPool, 3, 9, 900, 0x5EED_0007L + 16 * list), 0x5EED_0008L + 16 * list, TRAIN_PER_FAMILY / 4,
                matsnuTrain);
        }
        final List<String> matsnuValidation = new ArrayList<>();
        DgaFamilies.matsnuLike(pick(validationPool, 3, 8, 1300, 0x5EED_0009L),
            pick(validationPool, 3, 9, 900, 0x5EED_000AL), 0x5EED_000BL, VALIDATION_PER_FAMILY, matsnuValidation);
        put("matsnu", matsnuTrain, matsnuValidation);
    }

    private void put(final String family, final List<String> train, final List<String> validation)
    {
        final Set<String> trainSet = new LinkedHashSet<>(train.subList(0, Math.min(train.size(), TRAIN_PER_FAMILY)));
        final Set<String> validationSet = new LinkedHashSet<>(validation);
        validationSet.removeAll(trainSet);
        final List<String> held = new ArrayList<>(validationSet);
        dgaTrain.put(family, new ArrayList<>(trainSet));
        dgaValidation.put(family, held.subList(0, Math.min(held.size(), VALIDATION_PER_FAMILY)));
    }

    /**
     * For each dictionary word, in how many labels it occurs.
     */
    static int[] countWordsInLabels(final String[] sorted, final List<String> names)
    {
        final Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < sorted.length; i++)
        {
            indexOf.put(sorted[i], i);
        }
        final int[] counts = new int[sorted.length];
        final Set<Integer> seen = new HashSet<>();
        for (final String name : names)
        {
            final int dot = name.indexOf('.');
            final String label = dot < 0 ? name : name.substring(0, dot);
            seen.clear();
            for (int start = 0; start + 2 < label.length(); start++)
            {
                for (int end = start + WordDictionary.MIN_WORD_LENGTH;
                    end <= Math.min(label.length(), start + WordDictionary.MAX_WORD_LENGTH); end++)
                {
                    final Integer index = indexOf.get(label.substring(start, end));
                    if (index != null && seen.add(index))
                    {
                        counts[index]++;
                    }
                }
            }
        }
        return counts;
    }

    /**
     * The lower-case alphabetic words of licence texts, each once, in order of first appearance.
     */
    static List<String> textWords(final Path licensesDir, final String[] texts) throws IOException
    {
        final Set<String> words = new LinkedHashSet<>();
        for (final String text : texts)
        {
            final String content = Files.readString(licensesDir.resolve(text), StandardCharsets.UTF_8);
            for (final String token : content.toLowerCase(Locale.ROOT).split("[^a-z]+"))
            {
                if (!token.isEmpty())
                {
                    words.add(token);
                }
            }
        }
        return new ArrayList<>(words);
    }

    private static String[] pick(final String[] pool, final int min, final int max, final int count, final long seed)
    {
        final List<String> candidates = new ArrayList<>();
        for (final String word : pool)
        {
            if (word.length() >= min && word.length() <= max)
            {
                candidates.add(word);
            }
        }
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = candidates.size() - 1; i > 0; i--)
        {
            Collections.swap(candidates, i, random.nextInt(i + 1));
        }
        if (candidates.size() < count)
        {
            throw new IllegalStateException("only " + candidates.size() + " words of " + min + "-" + max +
                " letters, " + count + " needed");
        }
        return candidates.subList(0, count).toArray(new String[0]);
    }
}
