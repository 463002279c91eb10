#!/usr/bin/env bash
# Run the whole test suite twice: a -Werror build, then an ASan+UBSan build.
# Prints one closing line "tests: N passed, M failed" summing both passes.
# The storage tests also run on PostgreSQL: a throw-away cluster is started
# for both passes (scripts/pg_cluster.sh) unless EXCTL_TEST_PG already names
# a server, and stopped at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}
scripts/deps.sh test || exit 1
if [ -z "${EXCTL_TEST_PG:-}" ]; then
  pgdir=$(mktemp -d /tmp/exctl-pg.XXXXXX)
  trap 'scripts/pg_cluster.sh stop "$pgdir"' EXIT
  EXCTL_TEST_PG=$(scripts/pg_cluster.sh start "$pgdir") || {
    echo "== could not start PostgreSQL for the storage tests"; exit 1; }
  export EXCTL_TEST_PG
  echo "== PostgreSQL test cluster in $pgdir"
fi
passed=0; failed=0; status=0
run_pass() { # name builddir cmake-args...
  local name=$1 dir=$2; shift 2
  echo "== $name build ($dir)"
  if ! cmake -S . -B "$dir" "$@" >/dev/null || ! cmake --build "$dir" -j "$JOBS"; then
    echo "== $name: build failed"; status=1; failed=$((failed + 1)); return
  fi
  local log; log=$(mktemp)
  (cd "$dir" && ctest --output-on-failure -j "$JOBS") 2>&1 | tee "$log"
  local line; line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1)
  if [ -z "$line" ]; then status=1; failed=$((failed + 1)); rm -f "$log"; return; fi
  local f t
  f=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
  t=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$line")
  passed=$((passed + t - f)); failed=$((failed + f))
  [ "$f" -eq 0 ] || status=1
  rm -f "$log"
}
run_pass "plain (-Werror)" build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXCTL_WERROR=ON -DEXCTL_SANITIZE=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_pass "ASan+UBSan" build-asan -DCMAKE_BUILD_TYPE=Debug -DEXCTL_WERROR=ON -DEXCTL_SANITIZE=ON
echo "tests: $passed passed, $failed failed"
exit $status
