#!/usr/bin/env bash
# Build the libFuzzer harnesses with clang (-fsanitize=fuzzer,address,undefined).
# Usage: fuzz/build.sh [BUILD_DIR]   (default: build-fuzz)
# Env: SAN (default address,undefined): the sanitizers, e.g. SAN=undefined
#   for the faster build without ASan (docs/fuzzing.md).
# Then run one, e.g.:
#   nice -n 19 build-fuzz/fuzz_csv -max_total_time=600 -rss_limit_mb=1024 \
#        fuzz/findings/csv fuzz/corpus/csv
# New inputs go to the first directory (keep it out of the committed corpus
# unless they add coverage worth replaying in CI; see docs/fuzzing.md).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-fuzz}
cc=${CC:-clang}
command -v "$cc" >/dev/null || { echo "fuzz/build.sh: $cc not found (apt-get install clang)" >&2; exit 1; }
CC=$cc cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXCTL_FUZZ=ON \
  -DEXCTL_FUZZ_SAN="${SAN:-address,undefined}" >/dev/null
targets=()
for f in "$src"/fuzz/fuzz_*.c; do
  targets+=("$(basename "$f" .c)")
done
cmake --build "$build" -j "${JOBS:-2}" --target "${targets[@]}"
echo "built: ${targets[*]} in $build"
