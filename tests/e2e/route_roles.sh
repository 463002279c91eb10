#!/usr/bin/env bash
# Every route x every role, CSRF, the login throttle and secrets kept out of
# logs and the store (route_roles.py).
set -euo pipefail
: "${EXCTL:?EXCTL must name the built exctl binary}" "${SRCDIR:?SRCDIR must name the source tree}"
command -v python3 >/dev/null || { echo "route_roles: python3 is required" >&2; exit 1; }
exec python3 "$SRCDIR/tests/e2e/route_roles.py"
