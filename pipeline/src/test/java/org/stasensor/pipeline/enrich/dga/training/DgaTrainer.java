package org.stasensor.pipeline.enrich.dga.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.enrich.dga.CharTrigramModel;
import org.stasensor.pipeline.enrich.dga.DgaModel;
import org.stasensor.pipeline.enrich.dga.LabelAlphabet;
import org.stasensor.pipeline.enrich.dga.LabelFeatures;
import org.stasensor.pipeline.enrich.dga.TreeEnsemble;
import org.stasensor.pipeline.enrich.dga.WordDictionary;

/**
 * Trains the DGA model and writes it, then reports ROC AUC and true-positive rates on the held-out split for the
 * baseline (mean benign trigram log probability alone) and the final model. Deterministic: the same inputs give the
 * same bytes.
 *
 * <p>Usage: {@code DgaTrainer BENIGN_FILE WORDS_FILE LICENSES_DIR OUTPUT_MODEL}; the report goes to standard out.
 */
public final class DgaTrainer
{
    /** Add-k smoothing of the trigram counts. */
    static final double SMOOTHING = 0.1;
    static final int DEPTH = 6;
    static final int ROUNDS = 50;
    static final double LEARNING_RATE = 0.2;

    private DgaTrainer()
    {
    }

    /**
     * Entry point.
     *
     * @param args benign corpus, word list, licence texts directory, output model file.
     * @throws IOException if reading or writing fails.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 4)
        {
            System.err.println("usage: DgaTrainer BENIGN_FILE WORDS_FILE LICENSES_DIR OUTPUT_MODEL");
            System.exit(2);
        }
        final long start = System.nanoTime();
        final TrainingData data = new TrainingData(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
        final byte[] model = train(data);
        Files.write(Path.of(args[3]), model);
        System.out.printf(Locale.ROOT, "wrote %s (%d bytes) in %.1f s%n%n", args[3], model.length,
            (System.nanoTime() - start) / 1e9);
        System.out.print(report(data, DgaModel.load(new ByteArrayInputStream(model))));
    }

    /**
     * Trains a model on the training split.
     *
     * @param data the sets.
     * @return the model file's bytes.
     * @throws IOException never in practice (writes to memory).
     */
    public static byte[] train(final TrainingData data) throws IOException
    {
        final List<String> markovBenign = new ArrayList<>();
        final List<String> treeBenign = new ArrayList<>();
        halve(data.benignTrain, markovBenign, treeBenign);
        final List<String> markovDga = new ArrayList<>();
        final List<String> treeDga = new ArrayList<>();
        for (final List<String> family : data.dgaTrain.values())
        {
            halve(family, markovDga, treeDga);
        }
        final CharTrigramModel benign = CharTrigramModel.fromCounts(count(markovBenign), SMOOTHING);
        final CharTrigramModel dga = CharTrigramModel.fromCounts(count(markovDga), SMOOTHING);
        // A word's weight says how common it is in domain names: 4 log2(1 + benign labels holding it), counted on
        // the half of the benign names that the trees do not see.
        final int[] labelsWithWord = TrainingData.countWordsInLabels(data.dictionary, markovBenign);
        final byte[] weights = new byte[labelsWithWord.length];
        for (int i = 0; i < weights.length; i++)
        {
            final long weight = Math.round(4 * Math.log(1 + labelsWithWord[i]) / Math.log(2));
            weights[i] = (byte)Math.min(WordDictionary.MAX_WEIGHT, weight);
        }
        final WordDictionary dictionary = new WordDictionary(data.dictionary, weights);
        final LabelFeatures features = new LabelFeatures(benign, dga, dictionary);

        final int n = treeBenign.size() + treeDga.size();
        final double[][] x = new double[n][];
        final boolean[] y = new boolean[n];
        int row = 0;
        for (final String name : treeBenign)
        {
            x[row++] = extract(features, name);
        }
        for (final String name : treeDga)
        {
            y[row] = true;
            x[row++] = extract(features, name);
        }
        final TreeEnsemble trees = new BoostedTreesTrainer(DEPTH, ROUNDS, LEARNING_RATE, 1.0, 1.0, 255).train(x, y);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DgaModel(benign, dga, dictionary, trees).write(out);
        return out.toByteArray();
    }

    /**
     * The evaluation table (Markdown) of the baseline and the model on the held-out split.
     *
     * @param data  the sets.
     * @param model the trained model.
     * @return the report.
     */
    public static String report(final TrainingData data, final DgaModel model)
    {
        final LabelFeatures features = new LabelFeatures(model.benignModel(), model.dgaModel(), model.dictionary());
        final ToDoubleFunction<String> baseline =
            name -> -extract(features, name)[LabelFeatures.BENIGN_MEAN_LOG_PROBABILITY];
        final ToDoubleFunction<String> finalModel = name -> score(model, name);
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "benign: %d training, %d held out; generated: %d training, %d held " +
            "out%n%n", data.benignTrain.size(), data.benignValidation.size(), total(data.dgaTrain),
            total(data.dgaValidation)));
        out.append("| family | held out | baseline AUC | baseline TPR@0.1% | baseline TPR@1% | model AUC | " +
            "model TPR@0.1% | model TPR@1% |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        final double[] benignBaseline = scores(data.benignValidation, baseline);
        final double[] benignModel = scores(data.benignValidation, finalModel);
        final List<String> all = new ArrayList<>();
        for (final Map.Entry<String, List<String>> family : data.dgaValidation.entrySet())
        {
            all.addAll(family.getValue());
            row(out, family.getKey(), family.getValue(), benignBaseline, benignModel, baseline, finalModel);
        }
        row(out, "**all**", all, benignBaseline, benignModel, baseline, finalModel);
        return out.toString();
    }

    private static void row(final StringBuilder out, final String family, final List<String> names,
        final double[] benignBaseline, final double[] benignModel, final ToDoubleFunction<String> baseline,
        final ToDoubleFunction<String> finalModel)
    {
        final double[] b = scores(names, baseline);
        final double[] m = scores(names, finalModel);
        out.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.3f | %.3f | %.4f | %.3f | %.3f |%n", family,
            names.size(), Evaluation.auc(benignBaseline, b), Evaluation.truePositiveRate(benignBaseline, b, 0.001),
            Evaluation.truePositiveRate(benignBaseline, b, 0.01), Evaluation.auc(benignModel, m),
            Evaluation.truePositiveRate(benignModel, m, 0.001), Evaluation.truePositiveRate(benignModel, m, 0.01)));
    }

    /**
     * Scores a name held as a Java string.
     *
     * @param model the model.
     * @param name  a registered domain.
     * @return its score.
     */
    public static double score(final DgaModel model, final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        return model.score(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static double[] scores(final List<String> names, final ToDoubleFunction<String> scorer)
    {
        final double[] scores = new double[names.size()];
        for (int i = 0; i < scores.length; i++)
        {
            scores[i] = scorer.applyAsDouble(names.get(i));
        }
        return scores;
    }

    private static int total(final Map<String, List<String>> families)
    {
        int total = 0;
        for (final List<String> names : families.values())
        {
            total += names.size();
        }
        return total;
    }

    private static double[] extract(final LabelFeatures features, final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        return features.extract(new UnsafeBuffer(bytes), 0, bytes.length).clone();
    }

    private static void halve(final List<String> names, final List<String> even, final List<String> odd)
    {
        for (int i = 0; i < names.size(); i++)
        {
            (i % 2 == 0 ? even : odd).add(names.get(i));
        }
    }

    private static long[] count(final List<String> names)
    {
        final long[] counts = new long[CharTrigramModel.TABLE_LENGTH];
        for (final String name : names)
        {
            final int dot = name.indexOf('.');
            final int n = Math.min(dot < 0 ? name.length() : dot, LabelFeatures.MAX_LABEL);
            int first = LabelAlphabet.BOUNDARY;
            int second = LabelAlphabet.BOUNDARY;
            for (int i = 0; i <= n; i++)
            {
                final int next = i < n ? LabelAlphabet.symbolOf((byte)name.charAt(i)) : LabelAlphabet.BOUNDARY;
                counts[CharTrigramModel.index(first, second, next)]++;
                first = second;
                second = next;
            }
        }
        return counts;
    }
}
