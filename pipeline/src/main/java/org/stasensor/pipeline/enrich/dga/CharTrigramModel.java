package org.stasensor.pipeline.enrich.dga;

import java.util.Arrays;

/**
 * A character trigram (second-order Markov) model of labels over {@link LabelAlphabet}: the log probability of each
 * symbol given the two before it, with the boundary symbol padding the start and ending the label. Probabilities are
 * kept quantised to 1/{@value #SCALE} nat, the form in which the model file stores them, so that the values a
 * trainer sees are the values the scorer sees.
 */
public final class CharTrigramModel
{
    /** Quantisation steps per nat. */
    public static final int SCALE = 1024;
    /** Entries in the table: one per (symbol, symbol, symbol). */
    public static final int TABLE_LENGTH = LabelAlphabet.SIZE * LabelAlphabet.SIZE * LabelAlphabet.SIZE;

    private final float[] logProbability;
    private final short[] quantised;

    /**
     * Wraps a quantised table.
     *
     * @param quantised log probabilities times {@link #SCALE}, indexed by {@link #index}; copied.
     */
    public CharTrigramModel(final short[] quantised)
    {
        if (quantised.length != TABLE_LENGTH)
        {
            throw new IllegalArgumentException("trigram table has " + quantised.length + " entries, not " +
                TABLE_LENGTH);
        }
        this.quantised = quantised.clone();
        this.logProbability = new float[TABLE_LENGTH];
        for (int i = 0; i < TABLE_LENGTH; i++)
        {
            logProbability[i] = (float)quantised[i] / SCALE;
        }
    }

    /**
     * Estimates a model from trigram counts with add-k smoothing.
     *
     * @param counts    counts indexed by {@link #index}.
     * @param smoothing the k added to every count.
     * @return the quantised model.
     */
    public static CharTrigramModel fromCounts(final long[] counts, final double smoothing)
    {
        final short[] table = new short[TABLE_LENGTH];
        final int size = LabelAlphabet.SIZE;
        for (int context = 0; context < size * size; context++)
        {
            long total = 0;
            for (int next = 0; next < size; next++)
            {
                total += counts[context * size + next];
            }
            final double denominator = total + smoothing * size;
            for (int next = 0; next < size; next++)
            {
                final double p = (counts[context * size + next] + smoothing) / denominator;
                final long q = Math.round(Math.log(p) * SCALE);
                table[context * size + next] = (short)Math.max(Short.MIN_VALUE, q);
            }
        }
        return new CharTrigramModel(table);
    }

    /**
     * The table index of a trigram.
     *
     * @param first  the symbol two back.
     * @param second the symbol one back.
     * @param next   the symbol predicted.
     * @return its index.
     */
    public static int index(final int first, final int second, final int next)
    {
        return (first * LabelAlphabet.SIZE + second) * LabelAlphabet.SIZE + next;
    }

    /**
     * The log probability (nats) of one trigram.
     *
     * @param index from {@link #index}.
     * @return log P(next | first, second).
     */
    public float logProbability(final int index)
    {
        return logProbability[index];
    }

    /**
     * The quantised table, as stored in the model file.
     *
     * @return a copy.
     */
    public short[] quantised()
    {
        return quantised.clone();
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof CharTrigramModel model && Arrays.equals(quantised, model.quantised);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(quantised);
    }
}
