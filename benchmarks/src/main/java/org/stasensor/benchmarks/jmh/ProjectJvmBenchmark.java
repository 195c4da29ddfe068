package org.stasensor.benchmarks.jmh;

import org.openjdk.jmh.annotations.Fork;

/**
 * The base of every benchmark here: JMH forks its JVM with the flags every JVM of the project starts with
 * ({@code sta.jvm.flags} in pom.xml, {@code bin/env.sh}); Agrona needs the exports. {@link Fork} is inherited, so
 * each benchmark extends this class instead of repeating the list.
 */
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED"})
public abstract class ProjectJvmBenchmark
{
}
