#!/usr/bin/env bash
# Sum the executions per harness recorded by fuzz/run.sh; the last column is
# the part run by a build without ASan (san=undefined; lines written before
# run.sh logged the sanitizers came from the ASan build).
# Usage: fuzz/stats.sh [BUILD_DIR]
build=${1:-$(cd "$(dirname "$0")/.." && pwd)/build-fuzz}
awk '{ split($3, a, "="); split($4, b, "="); n[$2] += b[2]; s[$2]++; if (a[2] != 0) c[$2]++
       if ($5 != "" && $5 !~ /address/) u[$2] += b[2] }
     END { for (t in n) printf "%-22s %12d execs in %3d slice(s), %d slice(s) ended in a crash; %d without ASan\n", t, n[t], s[t], c[t], u[t] }' \
  "$build/fuzz-work/stats.log" | sort
