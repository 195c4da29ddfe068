#!/usr/bin/env bash
# Times `sta analyze` against its peers on the same large capture in one run and prints packets/s and ratios:
#   sta          bin/sta analyze FILE --output /dev/null
#   tshark-tls   tshark -n -r FILE -T fields -e tls.handshake.ja3 -e tls.handshake.extensions_server_name
#                (full dissection plus the TLS fields sta extracts: the fair peer)
#   tshark       tshark -n -r FILE -q                       (with nothing to print, filter or tap, tshark skips
#                                                            dissection: a file-reading floor, not a peer)
#   ndpiReader   ndpiReader -i FILE -q                      (nDPI flow classification, TLS/SSH/DNS metadata)
# Wall clock per command with hyperfine when installed (apt-get install hyperfine), else the script's own clock;
# peak RSS, CPU time and exit status of the last run with /usr/bin/time. The capture is made by the
# CaptureMultiplier from the project sample and the corpus seeds and kept for the next run.
# This is a tool, not a test: at the default size it takes several minutes.
#
# Usage: benchmarks/compare-peers.sh [--packets N | --size BYTES] [--runs R] [--capture FILE] [--only NAMES]
#   --packets N     packets in the generated capture (k/m/g suffixes), e.g. 2m
#   --size BYTES    size of the generated capture instead (default 1g)
#   --concurrency C copies of the seed mix in flight at once (default 4)
#   --runs R        timed runs per command (default 1; hyperfine reports mean and deviation when R > 1)
#   --capture FILE  time an existing capture instead of generating one
#   --only NAMES    comma-separated subset of: sta,tshark-tls,tshark,ndpiReader
# Environment: STA_BENCH_DIR (default benchmarks/target/peers) holds the capture and the results;
# STA_NO_HYPERFINE=1 times with the script's own clock even where hyperfine is installed.
set -euo pipefail
. "$(dirname "$0")/../bin/env.sh"

PACKETS=""
SIZE="1g"
CONCURRENCY=4
RUNS=1
CAPTURE=""
ONLY="sta,tshark-tls,tshark,ndpiReader"
while [ $# -gt 0 ]; do
  case "$1" in
    --packets) PACKETS="$2"; SIZE=""; shift 2 ;;
    --size) SIZE="$2"; PACKETS=""; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --capture) CAPTURE="$(realpath "$2")"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-peers: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

JDK="$(sta_find_jdk)"
OUT="${STA_BENCH_DIR:-$STA_HOME/benchmarks/target/peers}"
mkdir -p "$OUT"
CLASSES="$STA_HOME/benchmarks/target/classes"
LIB="$STA_HOME/benchmarks/target/lib"

wanted() { [[ ",$ONLY," == *",$1,"* ]]; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "compare-peers: $1 not found; $2" >&2; exit 1; }; }
need capinfos "apt-get install wireshark-common"
need python3 "apt-get install python3"

# 1. Build the benchmarks module (the multiplier) when it is missing or older than its sources.
if [ -z "$CAPTURE" ]; then
  if [ ! -f "$CLASSES/META-INF/BenchmarkList" ] || [ -n "$(find "$STA_HOME/benchmarks/src/main" \
      "$STA_HOME/pipeline/src/main" "$STA_HOME/appliance/src/main" \
      -newer "$CLASSES/META-INF/BenchmarkList" -type f -print -quit)" ]; then
    echo "compare-peers: building benchmarks..." >&2
    sta_mvn -DskipTests -pl benchmarks -am package >&2
  fi
fi

# 2. Make (or reuse) the capture.
if [ -z "$CAPTURE" ]; then
  CAPTURE="$OUT/multiplied-${PACKETS:+${PACKETS}pkts}${SIZE:+${SIZE}B}-c${CONCURRENCY}.pcap"
  if [ ! -s "$CAPTURE" ] || [ "$CAPTURE" -ot "$CLASSES/META-INF/BenchmarkList" ]; then
    echo "compare-peers: writing $CAPTURE" >&2
    "$JDK/bin/java" -Dsta.home="$STA_HOME" -cp "$CLASSES:$LIB/*" \
      org.stasensor.benchmarks.capture.CaptureMultiplier --out "$CAPTURE" --concurrency "$CONCURRENCY" \
      ${PACKETS:+--packets "$PACKETS"} ${SIZE:+--size "$SIZE"} >&2
  fi
fi
PACKET_COUNT="$(capinfos -M -T -r -c "$CAPTURE" | cut -f2)"
BYTES="$(stat -c %s "$CAPTURE")"
echo "compare-peers: $CAPTURE: $PACKET_COUNT packets, $BYTES bytes; $(nproc) CPUs; runs per command: $RUNS" >&2

# 3. Check each tool once on the project sample (this also builds bin/sta), so that timing never includes a build
#    and a tool that cannot run is reported instead of timed.
SAMPLE="$STA_HOME/appliance/samples/sample.pcap"
rm -f "$OUT"/check-*.log "$OUT"/time-*.txt "$OUT/sta-stderr.txt" "$OUT/hyperfine.json" "$OUT/results.tsv"
NAMES=()
COMMANDS=()
add() {
  local name="$1" check="$2" command="$3"
  wanted "$name" || return 0
  if bash -c "$check" >"$OUT/check-$name.log" 2>&1; then
    NAMES+=("$name")
    COMMANDS+=("/usr/bin/time -f '%M %U %S %x' -o '$OUT/time-$name.txt' $command")
  else
    echo "compare-peers: $name skipped: it failed on the sample (exit $?): $(tail -1 "$OUT/check-$name.log")" >&2
  fi
}
STA_CMD="'$STA_HOME/bin/sta' analyze"
add sta "$STA_CMD '$SAMPLE' --output /dev/null" \
  "$STA_CMD '$CAPTURE' --output /dev/null 2>'$OUT/sta-stderr.txt'"
TSHARK_TLS="tshark -n -T fields -e tls.handshake.ja3 -e tls.handshake.extensions_server_name -r"
add tshark-tls "command -v tshark && $TSHARK_TLS '$SAMPLE' >/dev/null" \
  "$TSHARK_TLS '$CAPTURE' >/dev/null 2>&1"
add tshark "command -v tshark && tshark -n -q -r '$SAMPLE'" \
  "tshark -n -q -r '$CAPTURE' >/dev/null 2>&1"
add ndpiReader "command -v ndpiReader && ndpiReader -q -i '$SAMPLE'" \
  "ndpiReader -q -i '$CAPTURE' >/dev/null 2>&1"
if [ ${#NAMES[@]} -eq 0 ]; then
  echo "compare-peers: nothing to time" >&2
  exit 1
fi

# 4. Time them, page cache warm for all alike.
cat "$CAPTURE" >/dev/null
RESULTS="$OUT/results.tsv"
: >"$RESULTS"
if [ -z "${STA_NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
  ARGS=()
  for i in "${!NAMES[@]}"; do ARGS+=(-n "${NAMES[$i]}" "${COMMANDS[$i]}"); done
  hyperfine --ignore-failure --runs "$RUNS" --style basic --export-json "$OUT/hyperfine.json" "${ARGS[@]}" >&2
  python3 - "$OUT/hyperfine.json" >>"$RESULTS" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    times = r["times"]
    print("\t".join([r["command"], str(r["mean"]), str(r.get("stddev") or 0), str(min(times)), str(max(times))]))
EOF
else
  for i in "${!NAMES[@]}"; do
    TIMES=()
    for _ in $(seq "$RUNS"); do
      START=$(date +%s%N)
      bash -c "${COMMANDS[$i]}" || true
      TIMES+=("$(( $(date +%s%N) - START ))")
    done
    python3 -c 'import sys, statistics as s; t=[int(x)/1e9 for x in sys.argv[2:]]; print("\t".join([sys.argv[1],
str(s.mean(t)), str(s.stdev(t) if len(t) > 1 else 0), str(min(t)), str(max(t))]))' "${NAMES[$i]}" "${TIMES[@]}" \
      >>"$RESULTS"
  done
fi

# 5. Report.
if [ -f "$OUT/sta-stderr.txt" ] && wanted sta; then
  grep '^sta:' "$OUT/sta-stderr.txt" | tail -2 >&2 || true
fi
python3 - "$RESULTS" "$PACKET_COUNT" "$BYTES" "$OUT" <<'EOF'
import os, sys
results, packets, size, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = {}
for line in open(results):
    name, mean, dev, low, high = line.rstrip("\n").split("\t")
    rows[name] = (float(mean), float(dev), float(low), float(high))
def usage(name):
    """Peak RSS (MB), CPU seconds (user + system) and exit status of the last run, from /usr/bin/time."""
    try:
        rss, user, system, status = open(os.path.join(out, "time-" + name + ".txt")).read().split("\n")[-2].split()
        return int(rss) / 1024, float(user) + float(system), status
    except (OSError, ValueError, IndexError):
        return float("nan"), float("nan"), "?"
print(f"\ncapture: {packets} packets, {size / 1e6:.0f} MB")
print(f"{'tool':<12} {'wall s':>9} {'+/- s':>7} {'packets/s':>12} {'MB/s':>8} {'CPU s':>8} "
      f"{'peak RSS MB':>12} {'exit':>5}")
for name, (mean, dev, low, high) in rows.items():
    rss, cpu, status = usage(name)
    print(f"{name:<12} {mean:9.2f} {dev:7.2f} {packets / mean:12,.0f} {size / 1e6 / mean:8.1f} {cpu:8.1f} "
          f"{rss:12.0f} {status:>5}")
if "sta" in rows:
    for peer in ("tshark-tls", "tshark", "ndpiReader"):
        if peer in rows:
            print(f"sta:{peer:<11} {rows[peer][0] / rows['sta'][0]:6.2f}x  (packets/s of sta / packets/s of {peer})")
else:
    print("sta was not timed (see above); no ratios")
EOF
