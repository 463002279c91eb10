#!/usr/bin/env bash
# HTTP throughput of GET /v1/screen over the bundled lists, with wrk, next
# to exctl's in-process screening rate measured in the same run.
# Target (issue 6): >= 10,000 requests/s on 2 cores with p99 <= 5 ms.
#
# Three measurements, one server:
#   1. GET /v1/screen (listed names and ordinary company names, with a
#      Bearer token: authentication, screening, explanation, JSON),
#   2. GET /healthz (no authentication, no screening: the HTTP ceiling of
#      libmicrohttpd plus exctl's dispatch on this machine),
#   3. bench_inproc_screen: the same names screened by the same library in
#      one process without HTTP (1 thread, then THREADS threads).
# Besides wall-clock rates and latencies it reports the server's CPU time
# per request (utime+stime of the server process from /proc over the wrk
# run, divided by the requests answered) and the in-process CPU time per
# screening; their difference is what HTTP adds to a screening, a figure
# that other load on a shared machine distorts much less than req/s.
#
# Connections: by Little's law the mean latency is connections / rate, so
# at 10,000 req/s 64 connections would mean 6.4 ms on average and the p99
# target could not be met by construction; 16 connections (1.6 ms at the
# target rate) keep both server threads busy with requests queued.
#
# usage: bench/bench_http.sh [BUILD_DIR]   (env: DURATION (s, 15), CONNECTIONS (16),
#        THREADS (server threads, 2), WRK_THREADS (2);
#        LISTS="a.csv b.xml" to use other list files than the bundled ones)
set -euo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
exe="$build/exctl"
dur=${DURATION:-15}
conns=${CONNECTIONS:-16}
threads=${THREADS:-2}
wthreads=${WRK_THREADS:-2}
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

python3 - "$tmp/names.txt" "$token" "$tmp/screen.lua" "$tmp/healthz.lua" <<'PY'
import json, sys, urllib.parse
names = [l.strip() for l in open(sys.argv[1]) if l.strip()]
done = """done = function(summary, latency, requests)
  io.write(string.format("WRKJSON {\\"requests\\": %d, \\"errors\\": %d, \\"non2xx\\": %d, \\"rps\\": %.1f, \\"p50_ms\\": %.3f, \\"p99_ms\\": %.3f}\\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end"""
paths = ["/v1/screen?name=" + urllib.parse.quote(n) for n in names]
with open(sys.argv[3], "w") as f:
    print("local paths = {" + ",".join(json.dumps(p) for p in paths) + "}", file=f)
    print("local i = 0", file=f)
    print('wrk.headers["Authorization"] = "Bearer %s"' % sys.argv[2], file=f)
    print("request = function() i = i + 1; return wrk.format('GET', paths[(i % #paths) + 1]) end", file=f)
    print(done, file=f)
with open(sys.argv[4], "w") as f:
    print("request = function() return wrk.format('GET', '/healthz') end", file=f)
    print(done, file=f)
PY

# CPU seconds (user+system) of the server process so far.
tck=$(getconf CLK_TCK)
srv_cpu() { awk -v t="$tck" '{printf "%.4f", ($14 + $15) / t}' "/proc/$srv/stat"; }
# measure LUA -> JSON line with the wrk figures and cpu_us_per_req
measure() {
  wrk -t"$wthreads" -c"$conns" -d3s -s "$1" "$base" >/dev/null   # warm up
  local c0 c1 out
  c0=$(srv_cpu)
  out=$(wrk -t"$wthreads" -c"$conns" -d"${dur}s" -s "$1" --latency "$base" | sed -n 's/^WRKJSON //p')
  c1=$(srv_cpu)
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["cpu_us_per_req"]=round((float(sys.argv[3])-float(sys.argv[2]))*1e6/max(d["requests"],1),1); print(json.dumps(d))' \
    "$out" "$c0" "$c1"
}
http=$(measure "$tmp/screen.lua")
health=$(measure "$tmp/healthz.lua")
kill "$srv"; wait "$srv" 2>/dev/null || true; srv=
inproc=$("$build/bench_inproc_screen" 5 "$threads" "$tmp/names.txt" ${LISTS:-})
echo "bench_http: $conns connections, $threads server threads, wrk -t$wthreads, ${dur}s each, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench_http: screen  $http"
echo "bench_http: healthz $health"
echo "bench_http: inproc  $inproc"
python3 - "$http" "$health" "$inproc" "$threads" <<'PY'
import json, sys
h, z, p = (json.loads(a) for a in sys.argv[1:4])
n = sys.argv[4]
inproc_n = p["inproc_screens_per_s_%sthreads" % n] if n != "1" else p["inproc_screens_per_s_1thread"]
ok = h["rps"] >= 10000 and h["p99_ms"] <= 5 and h["errors"] == 0 and h["non2xx"] == 0
print("bench_http: target >= 10000 req/s, p99 <= 5 ms, no errors:", "MET" if ok else "NOT MET")
print("bench_http: HTTP/in-process rate %.2f; HTTP adds %.1f us of server CPU to a %.1f us screening"
      % (h["rps"] / inproc_n, h["cpu_us_per_req"] - p["inproc_cpu_us_per_screen"],
         p["inproc_cpu_us_per_screen"]))
print("RESULT http_screen_rps %.0f req/s >=10000" % h["rps"])
print("RESULT http_screen_p99 %.2f ms <=5" % h["p99_ms"])
print("RESULT http_errors %d count 0" % (h["errors"] + h["non2xx"] + z["errors"] + z["non2xx"]))
print("RESULT http_screen_cpu %.1f us/req -" % h["cpu_us_per_req"])
print("RESULT http_healthz_rps %.0f req/s -" % z["rps"])
print("RESULT http_healthz_p99 %.2f ms -" % z["p99_ms"])
print("RESULT http_healthz_cpu %.1f us/req -" % z["cpu_us_per_req"])
for k, v in sorted(p.items()):
    if k.startswith("inproc_screens_per_s_"):
        print("RESULT %s %.0f screens/s -" % (k.replace("inproc_screens_per_s_", "inproc_"), v))
print("RESULT inproc_cpu %.1f us/screen -" % p["inproc_cpu_us_per_screen"])
print("RESULT http_vs_inproc %.2f ratio -" % (h["rps"] / inproc_n))
PY
