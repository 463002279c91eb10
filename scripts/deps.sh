#!/usr/bin/env bash
# Install the Debian packages exctl needs (as root), or print the command.
# Usage: scripts/deps.sh [build|test|bench]
set -euo pipefail
want=(build-essential cmake pkg-config libicu-dev libxml2-dev libjansson-dev libsqlite3-dev
      libssl-dev zlib1g-dev libmicrohttpd-dev libargon2-dev libcmocka-dev libcurl4-openssl-dev
      libpq-dev libkakasi2-dev kakasi-dic python3 curl)
case "${1:-build}" in
  test)  want+=(jq sqlite3 chromium fonts-ipafont-gothic postgresql) ;;
  bench) want+=(jq wrk postgresql postgresql-contrib python3-jellyfish) ;;
esac
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
install_playwright() {
  # The browser tests drive Debian's Chromium with playwright-core from npm.
  # Installing it once here avoids two tests racing to install it; the tests
  # still install it themselves when run alone.
  [ "${1:-}" = test ] || return 0
  command -v npm >/dev/null || return 0
  local dir=${EXCTL_PLAYWRIGHT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/exctl/playwright}
  [ -d "$dir/node_modules/playwright-core" ] && return 0
  mkdir -p "$dir" && (cd "$dir" && npm install --no-audit --no-fund --silent playwright-core@1 >/dev/null 2>&1) ||
    echo "deps: could not install playwright-core (browser tests will say why)" >&2
}
if [ ${#missing[@]} -eq 0 ]; then install_playwright "${1:-build}"; exit 0; fi
if [ "$(id -u)" -eq 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  install_playwright "${1:-build}"
else
  echo "deps: missing Debian packages. Run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
