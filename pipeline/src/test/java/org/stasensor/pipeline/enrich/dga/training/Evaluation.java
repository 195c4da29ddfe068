package org.stasensor.pipeline.enrich.dga.training;

import java.util.Arrays;

/**
 * Detection measures of scores: ROC AUC and the true-positive rate at a false-positive rate.
 */
public final class Evaluation
{
    private Evaluation()
    {
    }

    /**
     * ROC AUC by the Mann-Whitney U statistic, ties counted half.
     *
     * @param negatives scores of benign names.
     * @param positives scores of generated names.
     * @return the probability that a generated name scores above a benign one.
     */
    public static double auc(final double[] negatives, final double[] positives)
    {
        final double[] neg = negatives.clone();
        Arrays.sort(neg);
        double wins = 0;
        for (final double p : positives)
        {
            final int below = lowerBound(neg, p);
            final int notAbove = upperBound(neg, p);
            wins += below + 0.5 * (notAbove - below);
        }
        return wins / ((double)neg.length * positives.length);
    }

    /**
     * The share of generated names flagged at the threshold that flags the given share of benign names.
     *
     * @param negatives         scores of benign names.
     * @param positives         scores of generated names.
     * @param falsePositiveRate the share of benign names allowed above the threshold.
     * @return the share of generated names strictly above the threshold.
     */
    public static double truePositiveRate(final double[] negatives, final double[] positives,
        final double falsePositiveRate)
    {
        final double threshold = threshold(negatives, falsePositiveRate);
        int above = 0;
        for (final double p : positives)
        {
            above += p > threshold ? 1 : 0;
        }
        return (double)above / positives.length;
    }

    /**
     * The lowest threshold that leaves at most the given share of benign names strictly above it.
     *
     * @param negatives         scores of benign names.
     * @param falsePositiveRate the share allowed above.
     * @return the threshold.
     */
    public static double threshold(final double[] negatives, final double falsePositiveRate)
    {
        final double[] neg = negatives.clone();
        Arrays.sort(neg);
        final int allowed = (int)Math.floor(falsePositiveRate * neg.length);
        return neg[neg.length - 1 - allowed];
    }

    private static int lowerBound(final double[] sorted, final double value)
    {
        int low = 0;
        int high = sorted.length;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    private static int upperBound(final double[] sorted, final double value)
    {
        int low = 0;
        int high = sorted.length;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (sorted[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
