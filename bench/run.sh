#!/usr/bin/env bash
# Run every benchmark and print one summary table.
# usage: bench/run.sh [BUILD_DIR]      (make bench calls it with the build dir)
#
# Benchmarks are a plain list of steps below: "name|command". Each step's
# full output goes to $BENCH_LOG_DIR/<name>.log (default: a temp dir that is
# kept and printed). A step reports figures by printing lines
#   RESULT <metric> <value> <unit> <target or ->
# which end up in the table; a step without RESULT lines shows its last
# output line. A failing step is reported and the others still run; the
# script exits non-zero when any step failed. To add a benchmark, add a line.
# BENCH_ONLY="load http" runs only the named steps; "soak" (bench/soak.sh,
# over 5 minutes) runs only when named (or with make soak).
# The scale step generates a
# 3.8-million-entity list once (bench/gen_scale.py, kept in $BENCH_SCALE_CSV,
# default /tmp/exctl_scale_3800000.csv) and screens against it.
set -uo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd) || { echo "bench: no build dir '$1'" >&2; exit 2; }
logs=${BENCH_LOG_DIR:-$(mktemp -d /tmp/exctl_bench.XXXXXX)}
mkdir -p "$logs"

steps=(
  "load|cmake --build '$build' --target bench_load >/dev/null && '$build/bench_load' 7"
  "screen|cmake --build '$build' --target bench_screen >/dev/null && '$build/bench_screen' 20000"
  "scale|cmake --build '$build' --target bench_screen exctl-cli >/dev/null && { [ -s \"\${BENCH_SCALE_CSV:=/tmp/exctl_scale_3800000.csv}\" ] || /usr/bin/python3 '$src/bench/gen_scale.py' '$build/exctl' 3800000 \"\$BENCH_SCALE_CSV\"; } && '$build/bench_screen' 5000 5 \"\$BENCH_SCALE_CSV\""
  "http|'$src/bench/bench_http.sh' '$build'"
  "peers|/usr/bin/python3 '$src/bench/peers.py' '$build'"
  "soak|'$src/bench/soak.sh' '$build'"
)
# Steps that take minutes run only when BENCH_ONLY names them.
optin=" soak "

rows=()
failed=0
for step in "${steps[@]}"; do
  name=${step%%|*}
  cmd=${step#*|}
  if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then
    continue
  fi
  if [ -z "${BENCH_ONLY:-}" ] && [[ "$optin" == *" $name "* ]]; then
    continue
  fi
  echo "bench: running $name ..." >&2
  t0=$(date +%s.%N)
  (cd "$src" && bash -c "$cmd") >"$logs/$name.log" 2>&1
  rc=$?
  secs=$(echo "$(date +%s.%N) - $t0" | bc 2>/dev/null || echo "?")
  status=ok
  [ $rc -ne 0 ] && { status="FAILED($rc)"; failed=1; }
  results=$(grep '^RESULT ' "$logs/$name.log" || true)
  if [ -n "$results" ]; then
    while read -r _ metric value unit target; do
      rows+=("$name|$status|$metric|$value $unit|${target:--}")
    done <<<"$results"
  else
    last=$(grep -v '^\s*$' "$logs/$name.log" | tail -n 1 | cut -c1-70)
    rows+=("$name|$status|(last line)|$last|-")
  fi
  rows[-1]="${rows[-1]}|$(printf '%.1f' "$secs" 2>/dev/null || echo "$secs")s"
done

printf '\n%-8s %-10s %-24s %-36s %-8s %s\n' STEP STATUS METRIC VALUE TARGET TIME
for r in "${rows[@]}"; do
  IFS='|' read -r a b c d e f <<<"$r"
  printf '%-8s %-10s %-24s %-36s %-8s %s\n' "$a" "$b" "$c" "$d" "$e" "${f:-}"
done
echo "logs: $logs"
exit $failed
