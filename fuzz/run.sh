#!/usr/bin/env bash
# Run the libFuzzer harnesses built by fuzz/build.sh, one at a time (one
# core), in slices of SLICE seconds, round-robin, for ROUNDS rounds.
# Usage: fuzz/run.sh [BUILD_DIR] [TARGET[:WEIGHT]...]   (default: every harness)
#   A WEIGHT multiplies that target's slice (slow harnesses need more time
#   for the same number of executions), e.g. `fuzz/run.sh build-fuzz rules:3 csv`.
# Env: SLICE (default 300), ROUNDS (default 1), NICE (default 19),
#   TIMEOUT (per input, default 30), WORK (default BUILD_DIR/fuzz-work),
#   ASAN_OPTIONS (default quarantine_size_mb=8:allocator_release_to_os_interval_ms=-1,
#   see docs/fuzzing.md),
#   UNTIL (a `date -d` time, e.g. 13:20: no slice runs past it, and the run
#   stops there; every slice still ends normally with its statistics),
#   MAX_LEN (overrides every harness's max_len, e.g. 4096 for more, shorter
#   runs of the list loaders).
# Each stats.log line names the build's sanitizers (san=...), so that runs of
# the ASan build and of the faster UBSan-only build (fuzz/build.sh with
# SAN=undefined) can share one WORK and still be told apart.
# Per-harness libFuzzer flags come from fuzz/<target>.options (the
# ClusterFuzz format: `key = value` lines under [libfuzzer]), mainly max_len.
# -reload=0: one process fuzzes a corpus at a time, so rescanning it every
# wall-clock second for other processes' finds is wasted (20% of
# list_csl_csv's CPU time in a profile on the loaded machine).
# Working corpora and crash artifacts live under WORK/<target>/ (seeded from
# fuzz/corpus/<target>); the per-slice libFuzzer statistics are appended to
# WORK/stats.log, and fuzz/stats.sh sums them.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-fuzz}
shift || true
slice=${SLICE:-300}
rounds=${ROUNDS:-1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=8:allocator_release_to_os_interval_ms=-1}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$src"/fuzz/fuzz_*.c; do t=$(basename "$f" .c); targets+=("${t#fuzz_}"); done
fi
work=${WORK:-$build/fuzz-work}
until_s=
if [ -n "${UNTIL:-}" ]; then
  until_s=$(date -d "$UNTIL" +%s) || exit 2
fi
mkdir -p "$work"
san=$(sed -n 's/^EXCTL_FUZZ_SAN:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null)
san=${san:-address,undefined}
for ((r = 1; r <= rounds; r++)); do
  for tw in "${targets[@]}"; do
    t=${tw%%:*}
    weight=1
    [ "$tw" != "$t" ] && weight=${tw#*:}
    exe=$build/fuzz_$t
    [ -x "$exe" ] || { echo "run.sh: $exe not built (fuzz/build.sh)" >&2; continue; }
    opts=()
    if [ -f "$src/fuzz/$t.options" ]; then
      while IFS='=' read -r k v; do
        k=$(echo "$k" | tr -d '[:space:]'); v=$(echo "$v" | tr -d '[:space:]')
        [ -n "$k" ] && [ -n "$v" ] && [ "${k#\#}" = "$k" ] && opts+=("-$k=$v")
      done < <(grep '=' "$src/fuzz/$t.options")
    fi
    [ -n "${MAX_LEN:-}" ] && opts+=("-max_len=$MAX_LEN")
    secs=$((slice * weight))
    if [ -n "$until_s" ]; then
      left=$((until_s - $(date +%s)))
      [ $left -lt 10 ] && break 2
      [ $secs -gt $left ] && secs=$left
    fi
    mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
    log=$work/$t/last.log
    nice -n "${NICE:-19}" "$exe" -max_total_time="$secs" -rss_limit_mb=2048 \
      -timeout="${TIMEOUT:-30}" -max_len=65536 -reload=0 "${opts[@]}" -print_final_stats=1 \
      -artifact_prefix="$work/$t/artifacts/" \
      "$work/$t/corpus" "$src/fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "$(date -u +%FT%TZ) $t rc=$rc execs=${execs:-0} san=$san" >>"$work/stats.log"
    if [ $rc -ne 0 ]; then
      cp "$log" "$work/$t/crash-$(date -u +%H%M%S).log"
    fi
  done
done
