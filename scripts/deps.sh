#!/usr/bin/env bash
# Install the Debian packages exctl needs (as root), or print the command.
# Usage: scripts/deps.sh [build|test|bench]
set -euo pipefail
want=(build-essential cmake pkg-config libicu-dev libxml2-dev libjansson-dev libsqlite3-dev
      libssl-dev zlib1g-dev libmicrohttpd-dev libargon2-dev libcmocka-dev libcurl4-openssl-dev
      libpq-dev python3 curl)
case "${1:-build}" in
  test)  want+=(jq) ;;
  bench) want+=(jq wrk postgresql postgresql-contrib python3-jellyfish) ;;
esac
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "deps: missing Debian packages. Run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
