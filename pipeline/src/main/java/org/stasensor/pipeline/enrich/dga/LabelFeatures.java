package org.stasensor.pipeline.enrich.dga;

import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * Computes the features of one label (the part of a registered domain before its first dot) into a reused array.
 * One instance per thread: it holds scratch space and is not thread-safe; it never allocates after construction.
 *
 * <p>Features, by index:
 * <ol start="0">
 * <li>label length in bytes (capped at {@value #MAX_LABEL} + 1);</li>
 * <li>mean log probability per trigram under the benign character model;</li>
 * <li>the same under the DGA character model;</li>
 * <li>their difference (benign minus DGA: a log-likelihood ratio per character);</li>
 * <li>the lowest trigram log probability under the benign model (the rarest transition);</li>
 * <li>share of digits;</li>
 * <li>number of hyphens and other non-letter, non-digit bytes;</li>
 * <li>share of vowels among letters;</li>
 * <li>longest run of consonants;</li>
 * <li>Shannon entropy of the symbols (bits);</li>
 * <li>distinct symbols per byte;</li>
 * <li>pieces of the best word segmentation per byte (a piece is a dictionary word or a lone byte);</li>
 * <li>share of bytes not covered by a dictionary word in that segmentation;</li>
 * <li>number of dictionary words in it;</li>
 * <li>the longest of those words;</li>
 * <li>the mean weight (commonness in domain names) of those words, 0 without words;</li>
 * <li>the lowest weight of those words, -1 without words.</li>
 * </ol>
 * Only the first {@value #MAX_LABEL} bytes are looked at: no DNS label is longer (RFC 1035 section 2.3.4).
 */
public final class LabelFeatures
{
    /** Number of features. */
    public static final int COUNT = 17;
    /** Longest label looked at (RFC 1035 section 2.3.4). */
    public static final int MAX_LABEL = 63;

    /** Index of the benign mean log probability, the baseline's only feature. */
    public static final int BENIGN_MEAN_LOG_PROBABILITY = 1;

    private static final double LOG2 = Math.log(2);
    private static final double[] COUNT_LOG_COUNT = new double[MAX_LABEL + 1];

    static
    {
        for (int count = 1; count <= MAX_LABEL; count++)
        {
            COUNT_LOG_COUNT[count] = count * Math.log(count);
        }
    }

    private final CharTrigramModel benign;
    private final CharTrigramModel dga;
    private final WordDictionary dictionary;
    private final double[] values = new double[COUNT];
    private final int[] symbols = new int[MAX_LABEL];
    private final int[] symbolCounts = new int[LabelAlphabet.SIZE];
    private final int[] bestPieces = new int[MAX_LABEL + 1];
    private final int[] bestUncovered = new int[MAX_LABEL + 1];
    private final int[] bestWords = new int[MAX_LABEL + 1];
    private final int[] bestLongest = new int[MAX_LABEL + 1];
    private final int[] bestWeightSum = new int[MAX_LABEL + 1];
    private final int[] bestWeightMin = new int[MAX_LABEL + 1];

    /**
     * Scratch space for the given model parts.
     *
     * @param benign     the character model of benign labels.
     * @param dga        the character model of DGA labels.
     * @param dictionary the words for segmentation.
     */
    public LabelFeatures(final CharTrigramModel benign, final CharTrigramModel dga, final WordDictionary dictionary)
    {
        this.benign = benign;
        this.dga = dga;
        this.dictionary = dictionary;
    }

    /**
     * Computes the features of the label that starts a name.
     *
     * @param name   holds the name.
     * @param offset where it starts.
     * @param length its length; the label is everything before the first '.' (or all of it).
     * @return the feature values, valid until the next call (the array is reused).
     */
    public double[] extract(final DirectBuffer name, final int offset, final int length)
    {
        int labelLength = 0;
        while (labelLength < length && name.getByte(offset + labelLength) != '.')
        {
            labelLength++;
        }
        final int n = Math.min(labelLength, MAX_LABEL);
        for (int i = 0; i < n; i++)
        {
            symbols[i] = LabelAlphabet.symbolOf(name.getByte(offset + i));
        }
        values[0] = Math.min(labelLength, MAX_LABEL + 1);
        characterModels(n);
        composition(n);
        segmentation(n);
        return values;
    }

    private void characterModels(final int n)
    {
        int first = LabelAlphabet.BOUNDARY;
        int second = LabelAlphabet.BOUNDARY;
        double benignSum = 0;
        double dgaSum = 0;
        double benignMin = 0;
        for (int i = 0; i <= n; i++)
        {
            final int next = i < n ? symbols[i] : LabelAlphabet.BOUNDARY;
            final int index = CharTrigramModel.index(first, second, next);
            final double b = benign.logProbability(index);
            benignSum += b;
            dgaSum += dga.logProbability(index);
            benignMin = Math.min(benignMin, b);
            first = second;
            second = next;
        }
        final double transitions = n + 1;
        values[1] = benignSum / transitions;
        values[2] = dgaSum / transitions;
        values[3] = values[1] - values[2];
        values[4] = benignMin;
    }

    private void composition(final int n)
    {
        final int[] counts = symbolCounts;
        Arrays.fill(counts, 0);
        int digits = 0;
        int others = 0;
        int letters = 0;
        int vowels = 0;
        int consonantRun = 0;
        int longestConsonantRun = 0;
        for (int i = 0; i < n; i++)
        {
            final int symbol = symbols[i];
            counts[symbol]++;
            if (LabelAlphabet.isLetter(symbol))
            {
                letters++;
                if (LabelAlphabet.isVowel(symbol))
                {
                    vowels++;
                    consonantRun = 0;
                }
                else
                {
                    consonantRun++;
                    longestConsonantRun = Math.max(longestConsonantRun, consonantRun);
                }
            }
            else
            {
                consonantRun = 0;
                if (LabelAlphabet.isDigit(symbol))
                {
                    digits++;
                }
                else
                {
                    others++;
                }
            }
        }
        // H = -sum (c/n) ln(c/n) = ln n - (sum c ln c) / n, with c ln c from a table: one logarithm per label.
        double countLogCount = 0;
        int distinct = 0;
        for (int symbol = 0; symbol < LabelAlphabet.SIZE; symbol++)
        {
            final int count = counts[symbol];
            if (count > 0)
            {
                distinct++;
                countLogCount += COUNT_LOG_COUNT[count];
            }
        }
        final double entropy = n == 0 ? 0 : Math.max(0, Math.log(n) - countLogCount / n);
        final int denominator = Math.max(n, 1);
        values[5] = (double)digits / denominator;
        values[6] = others;
        values[7] = letters == 0 ? 0 : (double)vowels / letters;
        values[8] = longestConsonantRun;
        values[9] = entropy / LOG2;
        values[10] = (double)distinct / denominator;
    }

    /**
     * Fewest pieces (dictionary words or lone bytes) that make up the label, by dynamic programming over end
     * positions; ties go to fewer uncovered bytes.
     */
    private void segmentation(final int n)
    {
        final int[] pieces = bestPieces;
        final int[] uncovered = bestUncovered;
        final int[] words = bestWords;
        final int[] longest = bestLongest;
        pieces[0] = 0;
        uncovered[0] = 0;
        words[0] = 0;
        longest[0] = 0;
        bestWeightSum[0] = 0;
        bestWeightMin[0] = Integer.MAX_VALUE;
        for (int end = 1; end <= n; end++)
        {
            pieces[end] = Integer.MAX_VALUE;
        }
        for (int start = 0; start < n; start++)
        {
            relax(start, start + 1, -1);
            if (start + 1 >= n || !LabelAlphabet.isLetter(symbols[start]) ||
                !LabelAlphabet.isLetter(symbols[start + 1]))
            {
                continue;
            }
            int node = dictionary.afterTwoLetters(symbols[start], symbols[start + 1]);
            for (int end = start + 2; node >= 0 && end < n && end - start < WordDictionary.MAX_WORD_LENGTH; end++)
            {
                final int symbol = symbols[end];
                if (!LabelAlphabet.isLetter(symbol))
                {
                    break;
                }
                node = dictionary.child(node, symbol);
                if (node >= 0 && dictionary.isWord(node))
                {
                    relax(start, end + 1, dictionary.weight(node));
                }
            }
        }
        final int denominator = Math.max(n, 1);
        values[11] = (double)pieces[n] / denominator;
        values[12] = (double)uncovered[n] / denominator;
        values[13] = words[n];
        values[14] = longest[n];
        values[15] = words[n] == 0 ? 0 : (double)bestWeightSum[n] / words[n];
        values[16] = words[n] == 0 ? -1 : bestWeightMin[n];
    }

    /**
     * Offers the piece from start to end; weight is the word's weight, or -1 for a lone byte.
     */
    private void relax(final int start, final int end, final int weight)
    {
        final boolean word = weight >= 0;
        final int pieces = bestPieces[start] + 1;
        final int uncovered = bestUncovered[start] + (word ? 0 : end - start);
        if (pieces < bestPieces[end] || (pieces == bestPieces[end] && uncovered < bestUncovered[end]))
        {
            bestPieces[end] = pieces;
            bestUncovered[end] = uncovered;
            bestWords[end] = bestWords[start] + (word ? 1 : 0);
            bestLongest[end] = Math.max(bestLongest[start], word ? end - start : 0);
            bestWeightSum[end] = bestWeightSum[start] + (word ? weight : 0);
            bestWeightMin[end] = word ? Math.min(bestWeightMin[start], weight) : bestWeightMin[start];
        }
    }
}
