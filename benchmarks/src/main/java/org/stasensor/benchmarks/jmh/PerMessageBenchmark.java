package org.stasensor.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The base of the benchmarks that time one protocol message (or one connection's handshake) per operation: the
 * score is nanoseconds per operation, and under {@code -prof gc} {@code gc.alloc.rate.norm} is bytes per message.
 * Operations take well under a microsecond to a few, so one-second iterations hold millions of them. The JMH
 * annotations are inherited.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class PerMessageBenchmark extends ProjectJvmBenchmark
{
}
