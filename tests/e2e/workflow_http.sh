#!/usr/bin/env bash
# Licensing workflow end to end through the HTTP API; checks in workflow_http.py.
set -euo pipefail
: "${EXCTL:?EXCTL must name the built exctl binary}" "${SRCDIR:?SRCDIR must name the source tree}"
command -v python3 >/dev/null || { echo "workflow_http: python3 is required" >&2; exit 1; }
exec python3 "$SRCDIR/tests/e2e/workflow_http.py"
