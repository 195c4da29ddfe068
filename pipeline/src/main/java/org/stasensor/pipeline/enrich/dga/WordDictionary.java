package org.stasensor.pipeline.enrich.dga;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of lower-case words (a-z only) as a trie laid out in flat arrays, for segmenting a label into words without
 * allocating. Nodes are numbered breadth first, so the children of node {@code n} are the contiguous nodes
 * {@code childStart[n]} to {@code childStart[n + 1] - 1}, sorted by letter.
 */
public final class WordDictionary
{
    /** Words shorter than this are not kept: nearly every 1- and 2-letter string is some word. */
    public static final int MIN_WORD_LENGTH = 3;
    /** Words longer than this are not kept (they would rarely matter and only cost memory). */
    public static final int MAX_WORD_LENGTH = 15;
    /** Largest word weight. */
    public static final int MAX_WEIGHT = 63;

    private final String[] words;
    private final int[] childStart;
    private final byte[] nodeLetter;
    private final byte[] weights;
    private final byte[] nodeWeight;
    private final int[] afterTwoLetters = new int[26 * 26];

    /**
     * Builds the trie.
     *
     * @param sortedWords distinct words, sorted, each a-z only and {@link #MIN_WORD_LENGTH} to
     *                    {@link #MAX_WORD_LENGTH} letters long.
     * @param weights     per word, how common it is in domain names: 0 to {@value #MAX_WEIGHT} (training uses
     *                    log2 of 1 + the number of benign labels that contain it).
     * @throws IllegalArgumentException if a word or weight breaks these rules.
     */
    public WordDictionary(final String[] sortedWords, final byte[] weights)
    {
        if (weights.length != sortedWords.length)
        {
            throw new IllegalArgumentException(weights.length + " weights for " + sortedWords.length + " words");
        }
        for (final byte weight : weights)
        {
            if (weight < 0 || weight > MAX_WEIGHT)
            {
                throw new IllegalArgumentException("word weight " + weight + " outside 0.." + MAX_WEIGHT);
            }
        }
        for (int i = 0; i < sortedWords.length; i++)
        {
            final String word = sortedWords[i];
            if (!isAcceptable(word) || (i > 0 && word.compareTo(sortedWords[i - 1]) <= 0))
            {
                throw new IllegalArgumentException("word " + i + " (" + word + ") is not a distinct, sorted, " +
                    "a-z word of " + MIN_WORD_LENGTH + " to " + MAX_WORD_LENGTH + " letters");
            }
        }
        this.words = sortedWords.clone();
        this.weights = weights.clone();

        final List<int[]> ranges = new ArrayList<>();
        ranges.add(new int[]{0, words.length, 0});
        int[] starts = new int[1024];
        byte[] letters = new byte[1024];
        byte[] ends = new byte[1024];
        for (int node = 0; node < ranges.size(); node++)
        {
            final int[] range = ranges.get(node);
            final int depth = range[2];
            int k = range[0];
            if (node >= starts.length - 1)
            {
                final int grown = starts.length * 2;
                starts = Arrays.copyOf(starts, grown);
                letters = Arrays.copyOf(letters, grown);
                ends = Arrays.copyOf(ends, grown);
            }
            ends[node] = -1;
            if (k < range[1] && words[k].length() == depth)
            {
                ends[node] = weights[k];
                k++;
            }
            starts[node] = ranges.size();
            while (k < range[1])
            {
                final char letter = words[k].charAt(depth);
                final int groupStart = k;
                while (k < range[1] && words[k].charAt(depth) == letter)
                {
                    k++;
                }
                ranges.add(new int[]{groupStart, k, depth + 1, letter});
            }
        }
        final int nodes = ranges.size();
        starts = Arrays.copyOf(starts, Math.max(starts.length, nodes + 1));
        starts[nodes] = nodes;
        letters = Arrays.copyOf(letters, Math.max(letters.length, nodes));
        for (int node = 1; node < nodes; node++)
        {
            letters[node] = (byte)(ranges.get(node)[3] - 'a');
        }
        this.childStart = Arrays.copyOf(starts, nodes + 1);
        this.nodeLetter = Arrays.copyOf(letters, nodes);
        this.nodeWeight = Arrays.copyOf(ends, nodes);
        for (int first = 0; first < 26; first++)
        {
            final int node = child(0, first);
            for (int second = 0; second < 26; second++)
            {
                afterTwoLetters[first * 26 + second] = node < 0 ? -1 : child(node, second);
            }
        }
    }

    /**
     * The node reached by two letters from the root, in one look-up: the root and its children have the most
     * children to scan, and no word is shorter than {@link #MIN_WORD_LENGTH}, so walks start here.
     *
     * @param first  a letter symbol, 0 (a) to 25 (z).
     * @param second a letter symbol.
     * @return the node, or -1 if no word starts with these letters.
     */
    public int afterTwoLetters(final int first, final int second)
    {
        return afterTwoLetters[first * 26 + second];
    }

    /**
     * Whether a string may be a dictionary word.
     *
     * @param word a candidate.
     * @return true for a-z only, {@link #MIN_WORD_LENGTH} to {@link #MAX_WORD_LENGTH} letters.
     */
    public static boolean isAcceptable(final String word)
    {
        if (word.length() < MIN_WORD_LENGTH || word.length() > MAX_WORD_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            final char c = word.charAt(i);
            if (c < 'a' || c > 'z')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The root node, where every walk starts.
     *
     * @return 0.
     */
    public static int root()
    {
        return 0;
    }

    /**
     * Follows one letter from a node.
     *
     * @param node   a node.
     * @param letter a letter symbol, 0 (a) to 25 (z).
     * @return the child node, or -1 if no word continues with that letter.
     */
    public int child(final int node, final int letter)
    {
        final int end = childStart[node + 1];
        for (int child = childStart[node]; child < end; child++)
        {
            final int childLetter = nodeLetter[child];
            if (childLetter == letter)
            {
                return child;
            }
            if (childLetter > letter)
            {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Whether a node ends a word.
     *
     * @param node a node.
     * @return true if the letters walked to it form a word.
     */
    public boolean isWord(final int node)
    {
        return nodeWeight[node] >= 0;
    }

    /**
     * The weight of the word a node ends.
     *
     * @param node a node for which {@link #isWord} is true.
     * @return how common the word is in domain names, 0 to {@link #MAX_WEIGHT}.
     */
    public int weight(final int node)
    {
        return nodeWeight[node];
    }

    /**
     * The word weights, in word order.
     *
     * @return a copy.
     */
    public byte[] weights()
    {
        return weights.clone();
    }

    /**
     * The words, sorted.
     *
     * @return a copy.
     */
    public String[] words()
    {
        return words.clone();
    }

    /**
     * How many words.
     *
     * @return the count.
     */
    public int size()
    {
        return words.length;
    }

    /**
     * How many trie nodes (a memory measure).
     *
     * @return the count.
     */
    public int nodeCount()
    {
        return nodeLetter.length;
    }
}
