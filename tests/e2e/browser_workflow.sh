#!/usr/bin/env bash
# Browser test of the web UI's licensing page (#cases, web/cases.js): headless
# Chromium through playwright-core, steps in tests/browser/workflow_ui.mjs.
# Uses the Chromium and playwright-core that browser_ui.sh installs; exits 77
# (ctest SKIP) when they are absent or the bundled METI EUL is missing.
# Screenshots: <build dir>/artifacts/browser/workflow-*.png.
set -uo pipefail
: "${EXCTL:?EXCTL must name the built exctl binary}" "${SRCDIR:?SRCDIR must name the source tree}"
skip() { echo "SKIP browser_workflow: $*" >&2; exit 77; }
chromium=${CHROMIUM:-/usr/bin/chromium}
pwdir=${EXCTL_PLAYWRIGHT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/exctl/playwright}
eul="$SRCDIR/data/lists/jp_meti_eul_2025-09-29.json.gz"
[ -x "$chromium" ] || skip "chromium not installed (browser_ui.sh installs it)"
[ -d "$pwdir/node_modules/playwright-core" ] || skip "playwright-core not installed (browser_ui.sh installs it)"
command -v node >/dev/null || skip "node is required"
[ -f "$eul" ] || skip "bundled METI EUL absent"

tmp=$(mktemp -d /tmp/exctl_browser_wf.XXXXXX)
art="$PWD/artifacts/browser"
mkdir -p "$art"
cleanup() { [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$EXCTL" serve --port 0 --db "$tmp/exctl.db" --threads 2 --list "$eul" >"$tmp/server.log" 2>&1 &
srv=$!
for _ in $(seq 1 900); do
  grep -q "serving on" "$tmp/server.log" && break
  kill -0 "$srv" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
port=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/server.log")
password=$(sed -n 's/.*with password \([0-9a-f]*\).*/\1/p' "$tmp/server.log")
[ -n "$port" ] && [ -n "$password" ] || { cat "$tmp/server.log" >&2; exit 1; }
EXCTL_URL="http://127.0.0.1:$port" EXCTL_PASSWORD="$password" ARTIFACTS="$art" \
  PLAYWRIGHT_DIR="$pwdir/node_modules" CHROMIUM="$chromium" \
  timeout 180 node "$SRCDIR/tests/browser/workflow_ui.mjs"
