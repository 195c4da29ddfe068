package org.stasensor.pipeline.enrich.dga.training;

import java.util.Arrays;

import org.stasensor.pipeline.enrich.dga.TreeEnsemble;

/**
 * Gradient boosting of oblivious trees (one test per level, as in CatBoost) on the logistic loss, with split
 * candidates at feature quantiles (a histogram method, as in LightGBM or XGBoost "hist"). Deterministic: no sampling.
 */
public final class BoostedTreesTrainer
{
    private final int depth;
    private final int rounds;
    private final double learningRate;
    private final double lambda;
    private final double minChildHessian;
    private final int bins;

    /**
     * Settings.
     *
     * @param depth           tests per tree.
     * @param rounds          trees.
     * @param learningRate    shrinkage of each tree's leaves.
     * @param lambda          L2 penalty on leaf values.
     * @param minChildHessian smallest summed hessian a child may have.
     * @param bins            split candidates per feature (at most 65535).
     */
    public BoostedTreesTrainer(final int depth, final int rounds, final double learningRate, final double lambda,
        final double minChildHessian, final int bins)
    {
        this.depth = depth;
        this.rounds = rounds;
        this.learningRate = learningRate;
        this.lambda = lambda;
        this.minChildHessian = minChildHessian;
        this.bins = bins;
    }

    /**
     * Fits trees.
     *
     * @param x feature rows.
     * @param y labels: true for generated.
     * @return the ensemble.
     */
    public TreeEnsemble train(final double[][] x, final boolean[] y)
    {
        final int n = x.length;
        final int features = x[0].length;
        final double[][] cuts = new double[features][];
        final short[][] binOf = new short[features][n];
        for (int f = 0; f < features; f++)
        {
            cuts[f] = cutPoints(x, f);
            for (int i = 0; i < n; i++)
            {
                final int k = Arrays.binarySearch(cuts[f], x[i][f]);
                binOf[f][i] = (short)(k >= 0 ? k : Math.min(-k - 1, cuts[f].length));
            }
        }
        int positives = 0;
        for (final boolean label : y)
        {
            positives += label ? 1 : 0;
        }
        final double bias = Math.log((double)positives / (n - positives));
        final double[] score = new double[n];
        Arrays.fill(score, bias);
        final double[] gradient = new double[n];
        final double[] hessian = new double[n];
        final int[] nodeOf = new int[n];
        final int leaves = 1 << depth;
        final int[] splitFeature = new int[rounds * depth];
        final double[] splitThreshold = new double[rounds * depth];
        final double[] leafValue = new double[rounds * leaves];
        final int maxBins = bins + 1;
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < n; i++)
            {
                final double p = 1 / (1 + Math.exp(-score[i]));
                gradient[i] = p - (y[i] ? 1 : 0);
                hessian[i] = Math.max(p * (1 - p), 1e-12);
            }
            Arrays.fill(nodeOf, 0);
            for (int level = 0; level < depth; level++)
            {
                final int width = 1 << level;
                final double[] g = new double[width * features * maxBins];
                final double[] h = new double[width * features * maxBins];
                for (int f = 0; f < features; f++)
                {
                    final short[] column = binOf[f];
                    for (int i = 0; i < n; i++)
                    {
                        final int slot = (nodeOf[i] * features + f) * maxBins + column[i];
                        g[slot] += gradient[i];
                        h[slot] += hessian[i];
                    }
                }
                final int split = round * depth + level;
                chooseSplit(g, h, width, features, maxBins, cuts, split, splitFeature, splitThreshold);
                for (int i = 0; i < n; i++)
                {
                    final boolean right = x[i][splitFeature[split]] > splitThreshold[split];
                    nodeOf[i] = (nodeOf[i] << 1) | (right ? 1 : 0);
                }
            }
            final double[] leafG = new double[leaves];
            final double[] leafH = new double[leaves];
            for (int i = 0; i < n; i++)
            {
                leafG[nodeOf[i]] += gradient[i];
                leafH[nodeOf[i]] += hessian[i];
            }
            for (int leaf = 0; leaf < leaves; leaf++)
            {
                leafValue[round * leaves + leaf] = -learningRate * leafG[leaf] / (leafH[leaf] + lambda);
            }
            for (int i = 0; i < n; i++)
            {
                score[i] += leafValue[round * leaves + nodeOf[i]];
            }
        }
        return new TreeEnsemble(depth, bias, splitFeature, splitThreshold, leafValue);
    }

    /**
     * The one test for all nodes of a level: the (feature, cut) with the largest summed gain over the nodes; a node
     * whose children would hold less than the minimum hessian adds no gain.
     */
    private void chooseSplit(final double[] g, final double[] h, final int width, final int features,
        final int maxBins, final double[][] cuts, final int split, final int[] splitFeature,
        final double[] splitThreshold)
    {
        final double[] totalG = new double[width];
        final double[] totalH = new double[width];
        for (int node = 0; node < width; node++)
        {
            for (int b = 0; b < maxBins; b++)
            {
                totalG[node] += g[(node * features) * maxBins + b];
                totalH[node] += h[(node * features) * maxBins + b];
            }
        }
        double bestGain = 1e-9;
        int bestFeature = 0;
        double bestThreshold = Double.POSITIVE_INFINITY;
        final double[] leftG = new double[width];
        final double[] leftH = new double[width];
        for (int f = 0; f < features; f++)
        {
            Arrays.fill(leftG, 0);
            Arrays.fill(leftH, 0);
            for (int k = 0; k < cuts[f].length; k++)
            {
                double gain = 0;
                for (int node = 0; node < width; node++)
                {
                    final int slot = (node * features + f) * maxBins + k;
                    leftG[node] += g[slot];
                    leftH[node] += h[slot];
                    final double rightG = totalG[node] - leftG[node];
                    final double rightH = totalH[node] - leftH[node];
                    if (leftH[node] >= minChildHessian && rightH >= minChildHessian)
                    {
                        gain += leftG[node] * leftG[node] / (leftH[node] + lambda) +
                            rightG * rightG / (rightH + lambda) -
                            totalG[node] * totalG[node] / (totalH[node] + lambda);
                    }
                }
                if (gain > bestGain)
                {
                    bestGain = gain;
                    bestFeature = f;
                    bestThreshold = cuts[f][k];
                }
            }
        }
        splitFeature[split] = bestFeature;
        splitThreshold[split] = bestThreshold;
    }

    private double[] cutPoints(final double[][] x, final int f)
    {
        final double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++)
        {
            values[i] = x[i][f];
        }
        Arrays.sort(values);
        final double[] cuts = new double[bins];
        int count = 0;
        for (int q = 1; q <= bins; q++)
        {
            final double v = values[(int)Math.min(values.length - 1, (long)q * values.length / (bins + 1))];
            if (count == 0 || v > cuts[count - 1])
            {
                cuts[count++] = v;
            }
        }
        return Arrays.copyOf(cuts, count);
    }
}
