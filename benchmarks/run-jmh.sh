#!/usr/bin/env bash
# Runs the JMH benchmarks of the parsing core (builds the benchmarks module first when it is missing or stale).
# Without arguments: every benchmark, short settings for a small machine (-f 1, each class's own 5 warmup and 5
# measured iterations), with the GC profiler so that gc.alloc.rate.norm shows bytes per packet (PerPacketBenchmark:
# each operation is BenchmarkCaptures.PACKETS_PER_OPERATION packets) or bytes per message (PerMessageBenchmark: SSH
# connections, DNS messages).
# With arguments: they go to org.openjdk.jmh.Main as they are, e.g.
#   benchmarks/run-jmh.sh PacketInspectorBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -prof gc
#   benchmarks/run-jmh.sh PacketInspectorBenchmark -p capture=/tmp/big.pcap      (a file instead of the seed mix)
#   benchmarks/run-jmh.sh 'Ssh|Dns' -f 1 -wi 5 -i 5 -prof gc                      (per-message costs)
#   benchmarks/run-jmh.sh -h                                                        (JMH's own options)
set -euo pipefail
. "$(dirname "$0")/../bin/env.sh"
JDK="$(sta_find_jdk)"
CLASSES="$STA_HOME/benchmarks/target/classes"
if [ ! -f "$CLASSES/META-INF/BenchmarkList" ] || [ -n "$(find "$STA_HOME/benchmarks/src/main" \
    "$STA_HOME/pipeline/src/main" "$STA_HOME/appliance/src/main" \
    -newer "$CLASSES/META-INF/BenchmarkList" -type f -print -quit)" ]; then
  echo "run-jmh: building benchmarks..." >&2
  sta_mvn -DskipTests -pl benchmarks -am package >&2
fi
if [ $# -eq 0 ]; then
  set -- -f 1 -prof gc
fi
cd "$STA_HOME"
exec "$JDK/bin/java" -Dsta.home="$STA_HOME" -cp "$CLASSES:$STA_HOME/benchmarks/target/lib/*" org.openjdk.jmh.Main "$@"
