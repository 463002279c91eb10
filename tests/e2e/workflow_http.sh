#!/usr/bin/env bash
# Licensing workflow end to end through the HTTP API; checks in workflow_http.py.
set -euo pipefail
: "${EXCTL:?EXCTL must name the built exctl binary}" "${SRCDIR:?SRCDIR must name the source tree}"
# EXCTL_E2E_BACKEND=pg (the e2e.workflow_http.pg instance): the same on PostgreSQL.
if [ "${EXCTL_E2E_BACKEND:-}" = pg ] && [ -z "${EXCTL_TEST_PG:-}" ]; then
  echo "workflow_http: EXCTL_TEST_PG is not set: PostgreSQL pass skipped"; exit 77
fi
command -v python3 >/dev/null || { echo "workflow_http: python3 is required" >&2; exit 1; }
exec python3 "$SRCDIR/tests/e2e/workflow_http.py"
