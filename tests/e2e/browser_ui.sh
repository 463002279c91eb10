#!/usr/bin/env bash
# Browser test of the web UI: headless Chromium (Debian) driven by
# playwright-core (npm); the steps live in tests/browser/ui_test.mjs.
# Installs what it needs (apt-get as root, npm into a cache outside the
# repository) and exits 77 (ctest SKIP) only when that is impossible.
# Screenshots: <build dir>/artifacts/browser/.
set -uo pipefail
: "${EXCTL:?EXCTL must name the built exctl binary}" "${SRCDIR:?SRCDIR must name the source tree}"
skip() { echo "SKIP browser_ui: $*" >&2; exit 77; }

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "browser_ui: installing chromium (Debian)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium \
      >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium \
      >/dev/null 2>&1; } || skip "cannot install chromium"
  else
    skip "chromium is not installed and we are not root (apt-get install chromium)"
  fi
fi
# Japanese glyphs in the screenshots (best effort: the test does not need them).
if [ "$(id -u)" -eq 0 ] && ! fc-list :lang=ja 2>/dev/null | grep -q .; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    fonts-ipafont-gothic >/dev/null 2>&1 || true
fi
command -v node >/dev/null && command -v npm >/dev/null || {
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm \
      >/dev/null 2>&1 || skip "cannot install node/npm"
  else
    skip "node and npm are required"
  fi
}
pwdir=${EXCTL_PLAYWRIGHT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/exctl/playwright}
if [ ! -d "$pwdir/node_modules/playwright-core" ]; then
  mkdir -p "$pwdir"
  echo "browser_ui: npm install playwright-core into $pwdir" >&2
  (cd "$pwdir" && npm install --no-audit --no-fund --silent playwright-core@1 >/dev/null 2>&1) ||
    skip "cannot install playwright-core from npm"
fi

tmp=$(mktemp -d /tmp/exctl_browser.XXXXXX)
art="$PWD/artifacts/browser"
mkdir -p "$art"
cleanup() { [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$EXCTL" serve --port 0 --db "$tmp/exctl.db" --threads 2 \
  --list "$SRCDIR/tests/fixtures/lists/us_ofac_2021-07-07_sdn.csv.gz" >"$tmp/server.log" 2>&1 &
srv=$!
for _ in $(seq 1 600); do
  grep -q "serving on" "$tmp/server.log" && break
  kill -0 "$srv" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
port=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/server.log")
password=$(sed -n 's/.*with password \([0-9a-f]*\).*/\1/p' "$tmp/server.log")
[ -n "$port" ] && [ -n "$password" ] || { cat "$tmp/server.log" >&2; exit 1; }
packs=$(curl -s "http://127.0.0.1:$port/healthz" | python3 -c 'import json,sys; print(1 if json.load(sys.stdin).get("packs") else 0)')
cat >"$tmp/customers.csv" <<'CSV'
id,name,country,type
C001,Banco Nacional de Cuba,CU,organization
C002,Zzyzx Qwvfrtp Trading,JP,organization
C003,AEROCARIBBEAN AIRLINES,CU,organization
C004,Yamada Seiki KK,JP,organization
C005,KIM Jong Un,KP,person
CSV
EXCTL_URL="http://127.0.0.1:$port" EXCTL_PASSWORD="$password" BATCH_CSV="$tmp/customers.csv" \
  ARTIFACTS="$art" PLAYWRIGHT_DIR="$pwdir/node_modules" EXCTL_PACKS="$packs" CHROMIUM="$chromium" \
  timeout 150 node "$SRCDIR/tests/browser/ui_test.mjs"
