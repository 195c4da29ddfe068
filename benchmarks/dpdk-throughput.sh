#!/usr/bin/env bash
# Packets/s through the DPDK capture source on one core (DpdkThroughput), once per device, each in its own JVM
# (EAL starts once per process): net_null (64-byte frames, raw receive ceiling) and net_pcap with infinite_rx over a
# realistic capture. Needs root and DPDK (bin/setup). Extra arguments go to every run, e.g. --seconds 5 --cpu 1.
#   benchmarks/dpdk-throughput.sh [--seconds N] [--warmup N] [--cpu N] [--mode nothing|flow|inspector|all]
set -euo pipefail
. "$(dirname "$0")/../bin/env.sh"
jdk="$(sta_find_jdk)"
if [ ! -d "$STA_HOME/benchmarks/target/lib" ] || [ -n "$(find "$STA_HOME" -path '*/src/main/*' -newer \
    "$STA_HOME/benchmarks/target/lib" -print -quit 2>/dev/null)" ]; then
  sta_mvn -q -pl benchmarks -am package -DskipTests >&2
fi
classpath="$STA_HOME/benchmarks/target/classes:$STA_HOME/benchmarks/target/lib/*"
for device in null pcap; do
  "$jdk/bin/java" "${STA_JVM_FLAGS[@]}" -Xmx2g -cp "$classpath" org.stasensor.benchmarks.capture.DpdkThroughput \
    --device "$device" "$@"
done
