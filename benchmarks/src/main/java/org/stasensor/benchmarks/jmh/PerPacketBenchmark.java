package org.stasensor.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The base of the benchmarks that feed {@value BenchmarkCaptures#PACKETS_PER_OPERATION} preloaded packets per
 * invocation: declared as that many operations, so the score is packets/s and, under {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes per packet. The JMH annotations are inherited.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BenchmarkCaptures.PACKETS_PER_OPERATION)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class PerPacketBenchmark extends ProjectJvmBenchmark
{
}
