#!/usr/bin/env bash
# Run the libFuzzer harnesses built by fuzz/build.sh, one at a time (one
# core), in slices of SLICE seconds, round-robin, for ROUNDS rounds.
# Usage: fuzz/run.sh [BUILD_DIR] [TARGET...]   (default: every harness)
# Env: SLICE (default 300), ROUNDS (default 1), NICE (default 19).
# Working corpora and crash artifacts live under BUILD_DIR/fuzz-work/<target>/
# (seeded from fuzz/corpus/<target>); the per-slice libFuzzer statistics are
# appended to BUILD_DIR/fuzz-work/stats.log, and fuzz/stats.sh sums them.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-fuzz}
shift || true
slice=${SLICE:-300}
rounds=${ROUNDS:-1}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$src"/fuzz/fuzz_*.c; do t=$(basename "$f" .c); targets+=("${t#fuzz_}"); done
fi
work=$build/fuzz-work
mkdir -p "$work"
for ((r = 1; r <= rounds; r++)); do
  for t in "${targets[@]}"; do
    exe=$build/fuzz_$t
    [ -x "$exe" ] || { echo "run.sh: $exe not built (fuzz/build.sh)" >&2; continue; }
    mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
    log=$work/$t/last.log
    nice -n "${NICE:-19}" "$exe" -max_total_time="$slice" -rss_limit_mb=2048 -timeout="${TIMEOUT:-30}" \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/$t/artifacts/" \
      "$work/$t/corpus" "$src/fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "$(date -u +%FT%TZ) $t rc=$rc execs=${execs:-0}" >>"$work/stats.log"
    if [ $rc -ne 0 ]; then
      cp "$log" "$work/$t/crash-$(date -u +%H%M%S).log"
    fi
  done
done
