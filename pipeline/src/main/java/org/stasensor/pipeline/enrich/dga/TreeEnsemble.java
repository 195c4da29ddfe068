package org.stasensor.pipeline.enrich.dga;

/**
 * Gradient-boosted oblivious regression trees over {@link LabelFeatures}, summed into a log-odds. An oblivious tree
 * (as in CatBoost) asks the same question of every node on one level, so a tree of depth {@code d} is {@code d}
 * (feature, threshold) tests whose answers, read as bits (first level most significant, 1 for
 * {@code feature > threshold}), index one of its {@code 2^d} leaves. The tests are independent of each other and
 * need no branches, which keeps scoring fast.
 */
public final class TreeEnsemble
{
    private final int depth;
    private final int trees;
    private final double bias;
    private final int[] splitFeature;
    private final double[] splitThreshold;
    private final double[] leafValue;

    /**
     * Wraps trees.
     *
     * @param depth          tests per tree (1 to 8).
     * @param bias           the starting log-odds.
     * @param splitFeature   per tree, its {@code depth} test features, tree after tree.
     * @param splitThreshold the matching thresholds (never NaN).
     * @param leafValue      per tree, its {@code 2^depth} leaf values, tree after tree.
     */
    public TreeEnsemble(final int depth, final double bias, final int[] splitFeature, final double[] splitThreshold,
        final double[] leafValue)
    {
        if (depth < 1 || depth > 8 || splitFeature.length % depth != 0 ||
            splitThreshold.length != splitFeature.length ||
            leafValue.length != (splitFeature.length / depth) * (1 << depth))
        {
            throw new IllegalArgumentException("inconsistent trees: depth " + depth + ", " + splitFeature.length +
                " tests, " + leafValue.length + " leaves");
        }
        for (int i = 0; i < splitFeature.length; i++)
        {
            if (splitFeature[i] < 0 || splitFeature[i] >= LabelFeatures.COUNT || Double.isNaN(splitThreshold[i]))
            {
                throw new IllegalArgumentException("test " + i + " on feature " + splitFeature[i] + " of " +
                    LabelFeatures.COUNT + ", threshold " + splitThreshold[i]);
            }
        }
        this.depth = depth;
        this.trees = splitFeature.length / depth;
        this.bias = bias;
        this.splitFeature = splitFeature.clone();
        this.splitThreshold = splitThreshold.clone();
        this.leafValue = leafValue.clone();
    }

    /**
     * The leaf a feature vector falls in, in one tree.
     *
     * @param tree     the tree.
     * @param features the feature values (never NaN).
     * @return the leaf index, 0 to {@code 2^depth - 1}.
     */
    public int leaf(final int tree, final double[] features)
    {
        int leaf = 0;
        final int base = tree * depth;
        for (int level = 0; level < depth; level++)
        {
            // The sign bit of (threshold - value) is 1 exactly when value > threshold; an infinite threshold
            // answers 0 for every value.
            final double difference = splitThreshold[base + level] - features[splitFeature[base + level]];
            leaf = (leaf << 1) | (int)(Double.doubleToRawLongBits(difference) >>> 63);
        }
        return leaf;
    }

    /**
     * The summed log-odds of a feature vector.
     *
     * @param features from {@link LabelFeatures#extract}.
     * @return log-odds that the label was generated.
     */
    public double logOdds(final double[] features)
    {
        double sum = bias;
        for (int tree = 0; tree < trees; tree++)
        {
            sum += leafValue[(tree << depth) + leaf(tree, features)];
        }
        return sum;
    }

    /**
     * Tests per tree.
     *
     * @return the depth.
     */
    public int depth()
    {
        return depth;
    }

    /**
     * The starting log-odds.
     *
     * @return the bias.
     */
    public double bias()
    {
        return bias;
    }

    /**
     * The test features, tree after tree.
     *
     * @return a copy.
     */
    public int[] splitFeatures()
    {
        return splitFeature.clone();
    }

    /**
     * The test thresholds, tree after tree.
     *
     * @return a copy.
     */
    public double[] splitThresholds()
    {
        return splitThreshold.clone();
    }

    /**
     * The leaf values, tree after tree.
     *
     * @return a copy.
     */
    public double[] leafValues()
    {
        return leafValue.clone();
    }
}
