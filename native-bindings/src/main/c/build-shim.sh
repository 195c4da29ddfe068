#!/usr/bin/env bash
# Compiles the DPDK shim for native-bindings' Maven build (exec-maven-plugin, phase compile):
#   build-shim.sh SOURCE_DIR OUTPUT_FILE
# Skips the compile when OUTPUT_FILE is newer than the sources. Fails with one line when DPDK's development files
# are missing.
set -euo pipefail
source_dir="$1"
output="$2"
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libdpdk; then
  echo "native-bindings: DPDK development files not found (pkg-config libdpdk); run bin/setup (it installs dpdk libdpdk-dev)" >&2
  exit 1
fi
if ! command -v gcc >/dev/null 2>&1; then
  echo "native-bindings: gcc not found; run bin/setup (it installs gcc)" >&2
  exit 1
fi
if [ -f "$output" ] && [ "$output" -nt "$source_dir/sta_dpdk.c" ] && [ "$output" -nt "$source_dir/sta_dpdk.h" ] \
   && [ "$output" -nt "$0" ]; then
  exit 0
fi
mkdir -p "$(dirname "$output")"
# shellcheck disable=SC2046  # pkg-config's words are separate arguments
gcc -std=gnu11 -O2 -g -fPIC -shared -Wall -Wextra -Werror -o "$output.tmp" "$source_dir/sta_dpdk.c" \
  $(pkg-config --cflags --libs libdpdk)
mv "$output.tmp" "$output"
