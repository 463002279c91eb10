#!/usr/bin/env bash
# Soak of `exctl serve` (issue 8): the maximum rate of GET /v1/screen over
# the bundled lists, briefly, then a long run at a fraction of it (default
# 80% for 300 s), sampling the server's resident memory every 10 s.
# Reports errors, non-2xx answers, the achieved rate, latency and RSS
# first/last/max. Target: no errors, RSS flat.
# usage: bench/soak.sh [BUILD_DIR]   (make soak, or make bench BENCH_ONLY=soak)
# env: DURATION (s, default 300), FRACTION (default 0.8), CONNECTIONS (64),
#      THREADS (server threads, 2), MAX_DURATION (s of the max-rate run, 15),
#      CAL_DURATION (s of each calibration round, 15),
#      LISTS="a.csv b.xml" to use other list files than the bundled ones.
#
# wrk has no rate option (wrk2 is not in Debian), so the rate is set by a
# per-request delay in the Lua script: each of C connections waits d ms
# after every answer, so rate ~ C / (latency + d). d is calibrated in two
# 15 s rounds and the achieved rate is reported, not assumed. Integer
# millisecond delays are dithered (d = 7.4 -> 7 or 8 at random) so the
# mean is the fractional value.
set -euo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
exe="$build/exctl"
dur=${DURATION:-300}
frac=${FRACTION:-0.8}
conns=${CONNECTIONS:-64}
threads=${THREADS:-2}
maxdur=${MAX_DURATION:-15}
command -v wrk >/dev/null || { echo "soak: wrk is required (apt-get install wrk)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/exctl_soak.XXXXXX)
srv= sampler=
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$srv" ] && kill "$srv" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

cat >"$tmp/names.txt" <<'N'
Banco Nacional de Cuba
Kim Jong Un
Rosoboronexport
Islamic Revolutionary Guard Corps
Mitsubishi Heavy Industries
Toyota Tsusho Corporation
Korea Mining Development Trading Corporation
Aeroflot
Sberbank
Yamada Trading Co Ltd
Huawei Technologies
Tokyo Electron Limited
Nanjing Precision Instruments
Hezbollah
Acme Machine Tools GmbH
N

list_args=()
for f in ${LISTS:-}; do list_args+=(--list "$f"); done
"$exe" serve --port 0 --db "$tmp/soak.db" --threads "$threads" "${list_args[@]}" \
  >"$tmp/server.log" 2>&1 &
srv=$!
for _ in $(seq 1 1200); do
  grep -q "serving on" "$tmp/server.log" && break
  kill -0 "$srv" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
port=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/server.log")
password=$(sed -n 's/.*with password \([0-9a-f]*\).*/\1/p' "$tmp/server.log")
base="http://127.0.0.1:$port"
curl -s -c "$tmp/cj" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/v1/login" >/dev/null
csrf=$(awk '$6 == "exctl_csrf" {print $7}' "$tmp/cj")
token=$(curl -s -b "$tmp/cj" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name":"soak"}' "$base/v1/tokens" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# wrk.lua: DELAY_MS (fractional; 0 = as fast as possible) from the environment.
python3 - "$tmp/names.txt" "$token" >"$tmp/wrk.lua" <<'PY'
import json, sys, urllib.parse
names = [l.strip() for l in open(sys.argv[1]) if l.strip()]
paths = ["/v1/screen?name=" + urllib.parse.quote(n) for n in names]
print("local paths = {" + ",".join(json.dumps(p) for p in paths) + "}")
print("local i = 0")
print("local d = tonumber(os.getenv('DELAY_MS') or '0')")
print('wrk.headers["Authorization"] = "Bearer %s"' % sys.argv[2])
print("request = function() i = i + 1; return wrk.format('GET', paths[(i % #paths) + 1]) end")
print("""if d > 0 then
  local base = math.floor(d)
  local extra = d - base
  delay = function() if math.random() < extra then return base + 1 end return base end
end
done = function(summary, latency, requests)
  io.write(string.format("WRKJSON {\\"requests\\": %d, \\"errors\\": %d, \\"non2xx\\": %d, \\"rps\\": %.1f, \\"p50_ms\\": %.3f, \\"p99_ms\\": %.3f, \\"max_ms\\": %.3f}\\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end""")
PY
run_wrk() {  # run_wrk SECONDS DELAY_MS -> WRKJSON line
  DELAY_MS=$2 wrk -t2 -c"$conns" -d"$1s" --timeout 10s -s "$tmp/wrk.lua" "$base" >"$tmp/wrk.out"
  sed -n 's/^WRKJSON //p' "$tmp/wrk.out"
}
jget() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$srv/status"; }

# 1. Maximum throughput (after a warm-up).
echo "soak: warm-up $(run_wrk 3 0)"
max=$(run_wrk "$maxdur" 0)
max_rps=$(jget "$max" rps)
target=$(python3 -c "print(round($max_rps * $frac, 1))")
echo "soak: max rate $max ($conns connections, $threads server threads, $(nproc) CPUs)"

# 2. Calibrate the delay for the target rate: rate = C / (latency + d).
d=$(python3 -c "print(max(0.0, $conns * 1000.0 / $target))")
for round in 1 2; do
  cal=$(run_wrk "${CAL_DURATION:-15}" "$d")
  got=$(jget "$cal" rps)
  echo "soak: calibration $round: delay ${d} ms -> $got req/s (target $target)"
  # Never below half the latency-free delay: on a machine whose other load
  # swings, a calibration round that came out slow must not turn the soak
  # into a flat-out run (at most twice the target if latency fell to 0).
  d=$(python3 -c "print(max($conns * 500.0 / $target, $d + $conns * 1000.0 / $target - $conns * 1000.0 / max($got, 1)))")
done

# 3. The soak, sampling RSS every 10 s.
rss_kb >"$tmp/rss.before"
: >"$tmp/rss"
(while sleep 10; do rss_kb >>"$tmp/rss" || break; done) &
sampler=$!
echo "soak: ${dur} s at delay ${d} ms per connection (target $target req/s)"
soak=$(run_wrk "$dur" "$d")
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; sampler=
rss_kb >"$tmp/rss.after"
alive=yes
kill -0 "$srv" 2>/dev/null || alive=no
echo "soak: result $soak"
echo "soak: RSS (KiB) before $(cat "$tmp/rss.before"), every 10 s during:" \
     "$(tr '\n' ' ' <"$tmp/rss")after $(cat "$tmp/rss.after")"
python3 - "$max" "$soak" "$tmp/rss" "$target" "$alive" <<'PY'
import json, sys
mx, sk = json.loads(sys.argv[1]), json.loads(sys.argv[2])
rss = [int(l) for l in open(sys.argv[3]) if l.strip()] or [0]
target, alive = float(sys.argv[4]), sys.argv[5] == "yes"
first, last, peak = rss[0] / 1024, rss[-1] / 1024, max(rss) / 1024
# Flat: the last sample during the run within 5% (or 16 MiB) of the first.
flat = last - first <= max(16, first * 0.05)
ok = sk["errors"] == 0 and sk["non2xx"] == 0 and flat and alive
print("soak: achieved %.0f req/s = %.0f%% of max %.0f; %d requests, %d errors, %d non-2xx;"
      " p50 %.2f ms, p99 %.2f ms, max %.1f ms; RSS first %.1f MiB, last %.1f MiB, max %.1f MiB"
      % (sk["rps"], 100 * sk["rps"] / mx["rps"], mx["rps"], sk["requests"], sk["errors"],
         sk["non2xx"], sk["p50_ms"], sk["p99_ms"], sk["max_ms"], first, last, peak))
print("soak: target no errors, RSS flat, server alive:", "MET" if ok else "NOT MET")
print("RESULT soak_max_rps %.0f req/s -" % mx["rps"])
print("RESULT soak_rps %.0f req/s %.0f" % (sk["rps"], target))
print("RESULT soak_requests %d count -" % sk["requests"])
print("RESULT soak_errors %d count 0" % (sk["errors"] + sk["non2xx"]))
print("RESULT soak_p99 %.2f ms -" % sk["p99_ms"])
print("RESULT soak_rss_first %.1f MiB -" % first)
print("RESULT soak_rss_last %.1f MiB flat" % last)
print("RESULT soak_rss_max %.1f MiB -" % peak)
sys.exit(0 if ok else 1)
PY
