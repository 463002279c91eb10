#!/usr/bin/env bash
# HTTP throughput of GET /v1/screen over the bundled lists, with wrk, next
# to exctl's in-process screening rate measured in the same run.
# Target (issue 6): >= 10,000 requests/s on 2 cores with p99 <= 5 ms.
# usage: bench/bench_http.sh [BUILD_DIR]   (env: DURATION, CONNECTIONS, THREADS;
#        LISTS="a.csv b.xml" to use other list files than the bundled ones)
set -euo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
exe="$build/exctl"
dur=${DURATION:-15}
conns=${CONNECTIONS:-64}
threads=${THREADS:-2}
command -v wrk >/dev/null || { echo "bench_http: wrk is required (apt-get install wrk)" >&2; exit 1; }
cmake --build "$build" --target bench_inproc_screen >/dev/null
tmp=$(mktemp -d /tmp/exctl_bench_http.XXXXXX)
cleanup() { [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# Query names: listed names (hits) and ordinary company names (misses).
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
Osama bin Laden
Nanjing Precision Instruments
Hezbollah
Acme Machine Tools GmbH
N

list_args=()
for f in ${LISTS:-}; do list_args+=(--list "$f"); done
"$exe" serve --port 0 --db "$tmp/bench.db" --threads "$threads" "${list_args[@]}" >"$tmp/server.log" 2>&1 &
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
  -d '{"name":"bench"}' "$base/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

python3 - "$tmp/names.txt" "$token" >"$tmp/wrk.lua" <<'PY'
import json, sys, urllib.parse
names = [l.strip() for l in open(sys.argv[1]) if l.strip()]
paths = ["/v1/screen?name=" + urllib.parse.quote(n) for n in names]
print("local paths = {" + ",".join(json.dumps(p) for p in paths) + "}")
print("local i = 0")
print('wrk.headers["Authorization"] = "Bearer %s"' % sys.argv[2])
print("request = function() i = i + 1; return wrk.format('GET', paths[(i % #paths) + 1]) end")
print("""done = function(summary, latency, requests)
  io.write(string.format("WRKJSON {\\"requests\\": %d, \\"errors\\": %d, \\"non2xx\\": %d, \\"rps\\": %.1f, \\"p50_ms\\": %.3f, \\"p99_ms\\": %.3f}\\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end""")
PY
# Warm up, then measure.
wrk -t2 -c"$conns" -d3s -s "$tmp/wrk.lua" "$base" >/dev/null
wrk -t2 -c"$conns" -d"${dur}s" -s "$tmp/wrk.lua" --latency "$base" >"$tmp/wrk.out"
http=$(sed -n 's/^WRKJSON //p' "$tmp/wrk.out")
kill "$srv"; wait "$srv" 2>/dev/null || true; srv=
inproc=$("$build/bench_inproc_screen" 5 "$threads" "$tmp/names.txt" ${LISTS:-})
echo "bench_http: GET /v1/screen, $conns connections, $threads server threads, ${dur}s, $(nproc) CPUs"
echo "bench_http: http   $http"
echo "bench_http: inproc $inproc"
python3 - "$http" "$inproc" <<'PY'
import json, sys
h = json.loads(sys.argv[1])
p = json.loads(sys.argv[2])
ok = h["rps"] >= 10000 and h["p99_ms"] <= 5 and h["errors"] == 0 and h["non2xx"] == 0
print("bench_http: target >= 10000 req/s, p99 <= 5 ms, no errors:", "MET" if ok else "NOT MET")
print("RESULT http_screen_rps %.0f req/s >=10000" % h["rps"])
print("RESULT http_screen_p99 %.2f ms <=5" % h["p99_ms"])
print("RESULT http_errors %d count 0" % (h["errors"] + h["non2xx"]))
for k, v in sorted(p.items()):
    print("RESULT %s %.0f screens/s -" % (k.replace("inproc_screens_per_s_", "inproc_"), v))
PY
