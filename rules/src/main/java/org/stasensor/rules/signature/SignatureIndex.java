package org.stasensor.rules.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.stasensor.pipeline.record.Dataset;

/**
 * Finds the few signatures worth evaluating for a record without looking at the others. Each signature is filed
 * under its most selective condition, in this order: a whole-value content (a JA3/JA4/HASSH hash, or startswith +
 * endswith) in a hash table of the value; a startswith/endswith content in a table of the value's first/last bytes
 * (up to {@link #MAX_ANCHOR} of them); any other content of 8 bytes or more under one of its 8-byte substrings, and
 * of 4 to 7 bytes under one of its 4-byte substrings (the one whose bucket is smallest), looked up at every position
 * of the value behind a 64 Kibit filter that most positions stop at. Signatures without such a content (a
 * negated content only, a pcre only, tls.version, app-layer-protocol, addresses) go to a residual list of their
 * datasets and are evaluated for every record of those datasets. Keys fold ASCII case; candidates are evaluated in
 * full, so the index only has to never miss.
 */
final class SignatureIndex
{
    /** Longest prefix or suffix used as a key. */
    static final int MAX_ANCHOR = 16;
    private static final int GRAM = 4;
    private static final int LONG_GRAM = 8;
    private static final int BUFFERS = Buffer.values().length;

    private final Long2ObjectHashMap<int[]>[] exact;
    private final Long2ObjectHashMap<int[]>[][] prefix;
    private final Long2ObjectHashMap<int[]>[][] suffix;
    private final Int2ObjectHashMap<int[]>[] grams;
    /** Per buffer, a bit per possible 4-gram hash that some rule is filed under: most positions stop here. */
    private final long[][] gramFilters;
    private final Long2ObjectHashMap<int[]>[] longGrams;
    private final long[][] longGramFilters;
    private final int[][] residual = new int[8][];
    private final Buffer[][] buffersByDataset = new Buffer[8][];
    private final int[][] prefixLengths = new int[BUFFERS][];
    private final int[][] suffixLengths = new int[BUFFERS][];
    private final int indexed;
    private final byte[] folded = new byte[org.stasensor.pipeline.record.RecordDescriptor.MAX_RECORD_LENGTH];

    @SuppressWarnings("unchecked")
    SignatureIndex(final List<Signature> signatures)
    {
        final Map<Long, List<Integer>>[] exactLists = new Map[BUFFERS];
        final Map<Long, List<Integer>>[][] prefixLists = new Map[BUFFERS][MAX_ANCHOR + 1];
        final Map<Long, List<Integer>>[][] suffixLists = new Map[BUFFERS][MAX_ANCHOR + 1];
        final Map<Integer, List<Integer>>[] gramLists = new Map[BUFFERS];
        final Map<Long, List<Integer>>[] longGramLists = new Map[BUFFERS];
        final List<List<Integer>> residualLists = new ArrayList<>();
        for (int d = 0; d < 8; d++)
        {
            residualLists.add(new ArrayList<>());
        }
        int filed = 0;
        for (final Signature signature : signatures)
        {
            if (file(signature, exactLists, prefixLists, suffixLists, gramLists, longGramLists))
            {
                filed++;
            }
            else
            {
                for (int d = 0; d < 8; d++)
                {
                    if ((signature.datasets & (1 << d)) != 0)
                    {
                        residualLists.get(d).add(signature.index);
                    }
                }
            }
        }
        indexed = filed;
        exact = new Long2ObjectHashMap[BUFFERS];
        prefix = new Long2ObjectHashMap[BUFFERS][];
        suffix = new Long2ObjectHashMap[BUFFERS][];
        grams = new Int2ObjectHashMap[BUFFERS];
        gramFilters = new long[BUFFERS][];
        longGrams = new Long2ObjectHashMap[BUFFERS];
        longGramFilters = new long[BUFFERS][];
        final boolean[] used = new boolean[BUFFERS];
        for (int b = 0; b < BUFFERS; b++)
        {
            exact[b] = freezeLong(exactLists[b]);
            prefix[b] = new Long2ObjectHashMap[MAX_ANCHOR + 1];
            suffix[b] = new Long2ObjectHashMap[MAX_ANCHOR + 1];
            prefixLengths[b] = freezeAnchors(prefixLists[b], prefix[b]);
            suffixLengths[b] = freezeAnchors(suffixLists[b], suffix[b]);
            if (gramLists[b] != null)
            {
                final Int2ObjectHashMap<int[]> map = new Int2ObjectHashMap<>();
                final long[] filter = new long[(1 << 16) / 64];
                gramLists[b].forEach((key, list) ->
                {
                    map.put(key.intValue(), toArray(list));
                    final int bit = ValueHash.filterBit(key);
                    filter[bit >>> 6] |= 1L << bit;
                });
                grams[b] = map;
                gramFilters[b] = filter;
            }
            if (longGramLists[b] != null)
            {
                final Long2ObjectHashMap<int[]> map = new Long2ObjectHashMap<>();
                final long[] filter = new long[(1 << 16) / 64];
                longGramLists[b].forEach((key, list) ->
                {
                    map.put(key.longValue(), toArray(list));
                    final int bit = ValueHash.filterBit(key.longValue());
                    filter[bit >>> 6] |= 1L << bit;
                });
                longGrams[b] = map;
                longGramFilters[b] = filter;
            }
            used[b] = longGrams[b] != null || exact[b] != null || prefixLengths[b].length > 0 ||
                suffixLengths[b].length > 0 || grams[b] != null;
        }
        for (int d = 0; d < 8; d++)
        {
            residual[d] = toArray(residualLists.get(d));
            final List<Buffer> buffers = new ArrayList<>();
            for (final Buffer buffer : Buffer.values())
            {
                if (used[buffer.ordinal()] && (buffer.datasets() & (1 << d)) != 0)
                {
                    buffers.add(buffer);
                }
            }
            buffersByDataset[d] = buffers.toArray(new Buffer[0]);
        }
    }

    /**
     * Signatures filed in a table rather than the residual lists.
     *
     * @return the count.
     */
    int indexed()
    {
        return indexed;
    }

    /**
     * Residual signatures of a dataset.
     *
     * @param dataset the dataset.
     * @return their indexes.
     */
    int[] residual(final Dataset dataset)
    {
        return residual[dataset.code()];
    }

    /**
     * Collects the candidates of a record.
     *
     * @param view       the record's buffers.
     * @param candidates receives candidate indexes.
     */
    void candidates(final RecordView view, final Candidates candidates)
    {
        final int d = view.dataset().code();
        for (final Buffer buffer : buffersByDataset[d])
        {
            if (buffer == Buffer.DNS_QUERY && !view.isDnsQuery())
            {
                continue;
            }
            final int b = buffer.ordinal();
            final int count = view.count(buffer);
            for (int k = 0; k < count; k++)
            {
                final DirectBuffer memory = view.memory(buffer, k);
                final int offset = view.offset(buffer, k);
                // A value lies inside one record, so it is never longer than the scratch.
                final int length = Math.min(view.length(buffer, k), folded.length);
                // One pass folds the value into scratch; every lookup below reads the array.
                final byte[] value = folded;
                for (int i = 0; i < length; i++)
                {
                    value[i] = ContentMatch.foldByte(memory.getByte(offset + i));
                }
                if (exact[b] != null)
                {
                    candidates.addAll(exact[b].get(ValueHash.of(value, 0, length)));
                }
                anchors(value, length, b, candidates);
                final Long2ObjectHashMap<int[]> longGramMap = longGrams[b];
                if (longGramMap != null && length >= LONG_GRAM)
                {
                    final long[] filter = longGramFilters[b];
                    long gram = 0;
                    for (int i = 0; i < length; i++)
                    {
                        gram = gram << 8 | (value[i] & 0xFF);
                        if (i >= LONG_GRAM - 1)
                        {
                            final int bit = ValueHash.filterBit(gram);
                            if ((filter[bit >>> 6] & 1L << bit) != 0)
                            {
                                candidates.addAll(longGramMap.get(gram));
                            }
                        }
                    }
                }
                final Int2ObjectHashMap<int[]> gramMap = grams[b];
                if (gramMap != null && length >= GRAM)
                {
                    final long[] filter = gramFilters[b];
                    int gram = (value[0] & 0xFF) << 16 | (value[1] & 0xFF) << 8 | (value[2] & 0xFF);
                    for (int i = GRAM - 1; i < length; i++)
                    {
                        gram = gram << 8 | (value[i] & 0xFF);
                        final int bit = ValueHash.filterBit(gram);
                        if ((filter[bit >>> 6] & 1L << bit) != 0)
                        {
                            candidates.addAll(gramMap.get(gram));
                        }
                    }
                }
            }
        }
        candidates.addAll(residual[d]);
    }

    private void anchors(final byte[] value, final int length, final int b, final Candidates candidates)
    {
        final int[] prefixes = prefixLengths[b];
        if (prefixes.length > 0)
        {
            long state = ValueHash.start();
            int next = 0;
            for (int i = 0; i < length && next < prefixes.length; i++)
            {
                state = ValueHash.step(state, value[i]);
                if (i + 1 == prefixes[next])
                {
                    candidates.addAll(prefix[b][i + 1].get(ValueHash.finish(state, i + 1)));
                    next++;
                }
            }
        }
        final int[] suffixes = suffixLengths[b];
        if (suffixes.length > 0)
        {
            long state = ValueHash.start();
            int next = 0;
            for (int i = 0; i < length && next < suffixes.length; i++)
            {
                state = ValueHash.step(state, value[length - 1 - i]);
                if (i + 1 == suffixes[next])
                {
                    candidates.addAll(suffix[b][i + 1].get(ValueHash.finish(state, i + 1)));
                    next++;
                }
            }
        }
    }

    private static boolean file(final Signature signature, final Map<Long, List<Integer>>[] exactLists,
        final Map<Long, List<Integer>>[][] prefixLists, final Map<Long, List<Integer>>[][] suffixLists,
        final Map<Integer, List<Integer>>[] gramLists, final Map<Long, List<Integer>>[] longGramLists)
    {
        ContentMatch best = null;
        Buffer bestBuffer = null;
        int bestRank = Integer.MAX_VALUE;
        for (final Signature.BufferCondition condition : signature.conditions)
        {
            for (final ContentMatch content : condition.contents)
            {
                final int rank = rank(content, condition.buffer);
                if (rank < bestRank)
                {
                    bestRank = rank;
                    best = content;
                    bestBuffer = condition.buffer;
                }
            }
        }
        if (best == null || bestRank == Integer.MAX_VALUE)
        {
            return false;
        }
        final int b = bestBuffer.ordinal();
        final byte[] key = best.folded;
        switch (bestRank)
        {
            case 0 -> add(exactLists, b, ValueHash.of(key, 0, key.length), signature.index);
            case 2 ->
            {
                if (longGramLists[b] == null)
                {
                    longGramLists[b] = new HashMap<>();
                }
                long chosen = ValueHash.gram8(key, 0);
                int smallest = Integer.MAX_VALUE;
                for (int at = 0; at + LONG_GRAM <= key.length; at++)
                {
                    final long gram = ValueHash.gram8(key, at);
                    final List<Integer> bucket = longGramLists[b].get(gram);
                    final int size = bucket == null ? 0 : bucket.size();
                    if (size < smallest)
                    {
                        smallest = size;
                        chosen = gram;
                    }
                }
                longGramLists[b].computeIfAbsent(chosen, g -> new ArrayList<>()).add(signature.index);
            }
            case 1, 4 ->
            {
                final int anchor = Math.min(key.length, MAX_ANCHOR);
                if (best.startsWith && best.offset == 0)
                {
                    add(prefixLists[b], anchor, ValueHash.prefix(key, anchor), signature.index);
                }
                else
                {
                    add(suffixLists[b], anchor, ValueHash.suffix(key, anchor), signature.index);
                }
            }
            default ->
            {
                if (gramLists[b] == null)
                {
                    gramLists[b] = new HashMap<>();
                }
                int chosen = ValueHash.gram(key, 0);
                int smallest = Integer.MAX_VALUE;
                for (int at = 0; at + GRAM <= key.length; at++)
                {
                    final int gram = ValueHash.gram(key, at);
                    final List<Integer> bucket = gramLists[b].get(gram);
                    final int size = bucket == null ? 0 : bucket.size();
                    if (size < smallest)
                    {
                        smallest = size;
                        chosen = gram;
                    }
                }
                gramLists[b].computeIfAbsent(chosen, g -> new ArrayList<>()).add(signature.index);
            }
        }
        return true;
    }

    /** 0 whole value, 1 long anchor, 2 8-gram, 3 4-gram, 4 short anchor, MAX_VALUE not indexable. */
    private static int rank(final ContentMatch content, final Buffer buffer)
    {
        if (content.negated)
        {
            return Integer.MAX_VALUE;
        }
        if (content.isWholeValue(buffer.fixedLength()))
        {
            return 0;
        }
        final boolean prefixAnchor = content.startsWith && content.offset == 0;
        final boolean anchored = prefixAnchor || content.endsWith;
        if (anchored && content.pattern.length >= GRAM)
        {
            return 1;
        }
        if (content.pattern.length >= LONG_GRAM)
        {
            return 2;
        }
        if (content.pattern.length >= GRAM)
        {
            return 3;
        }
        return anchored ? 4 : Integer.MAX_VALUE;
    }

    private static void add(final Map<Long, List<Integer>>[] lists, final int slot, final long key, final int index)
    {
        if (lists[slot] == null)
        {
            lists[slot] = new HashMap<>();
        }
        lists[slot].computeIfAbsent(key, k -> new ArrayList<>()).add(index);
    }

    private static Long2ObjectHashMap<int[]> freezeLong(final Map<Long, List<Integer>> lists)
    {
        if (lists == null)
        {
            return null;
        }
        final Long2ObjectHashMap<int[]> map = new Long2ObjectHashMap<>();
        lists.forEach((key, list) -> map.put(key.longValue(), toArray(list)));
        return map;
    }

    private static int[] freezeAnchors(final Map<Long, List<Integer>>[] lists,
        final Long2ObjectHashMap<int[]>[] maps)
    {
        final List<Integer> lengths = new ArrayList<>();
        for (int anchor = 1; anchor <= MAX_ANCHOR; anchor++)
        {
            maps[anchor] = freezeLong(lists[anchor]);
            if (maps[anchor] != null)
            {
                lengths.add(anchor);
            }
        }
        return toArray(lengths);
    }

    private static int[] toArray(final List<Integer> list)
    {
        final int[] result = new int[list.size()];
        for (int i = 0; i < result.length; i++)
        {
            result[i] = list.get(i);
        }
        return result;
    }
}
