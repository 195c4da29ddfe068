package org.stasensor.benchmarks.dga;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stasensor.pipeline.enrich.dga.DgaModel;

/**
 * What scoring one registered domain with the bundled DGA model costs, cycling through a fixed mix of benign,
 * random-letter and dictionary-word names (one name per operation). Run with {@code -prof gc}: the allocation per
 * operation must be 0 B.
 * <pre>
 *   benchmarks/run-jmh.sh DgaScoreBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DgaScoreBenchmark
{
    private static final String[] NAMES = {
        "google.com", "wikipedia.org", "bbc.co.uk", "xn--bcher-kva.de", "stackoverflow.com", "tiktokcdn.com",
        "kwtoestnessbiophysicalohax.com", "qxhrtbvzkcmpwlf.net", "mjbvtqewkrlxsyn.biz", "heavyfellowtonight.net",
        "partnerdreamcarreturn.com", "9ffyu1g9c.com", "amazonaws.com", "shop-online-24.de", "a.com",
        "thereforeusedmagnitude.ru"};

    private final UnsafeBuffer[] names = new UnsafeBuffer[NAMES.length];
    private DgaModel model;
    private int next;

    /**
     * Loads the bundled model and wraps the names.
     */
    @Setup
    public void setUp()
    {
        model = DgaModel.bundled();
        for (int i = 0; i < NAMES.length; i++)
        {
            names[i] = new UnsafeBuffer(NAMES[i].getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * Scores the next name of the mix.
     *
     * @return its score.
     */
    @Benchmark
    public double score()
    {
        final UnsafeBuffer name = names[next];
        next = next + 1 == names.length ? 0 : next + 1;
        return model.score(name, 0, name.capacity());
    }
}
