#!/usr/bin/env bash
# HTTP end-to-end test of `exctl serve`; the checks live in server_http.py.
set -euo pipefail
: "${EXCTL:?EXCTL must name the built exctl binary}" "${SRCDIR:?SRCDIR must name the source tree}"
command -v python3 >/dev/null || { echo "server_http: python3 is required" >&2; exit 1; }
exec python3 "$SRCDIR/tests/e2e/server_http.py"
