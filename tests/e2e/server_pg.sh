#!/usr/bin/env bash
# Two servers over one PostgreSQL store share all state; checks in server_pg.py.
# Skipped (77) unless EXCTL_TEST_PG names a server (scripts/test.sh starts one).
set -euo pipefail
: "${EXCTL:?EXCTL must name the built exctl binary}" "${SRCDIR:?SRCDIR must name the source tree}"
if [ -z "${EXCTL_TEST_PG:-}" ]; then
  echo "server_pg: EXCTL_TEST_PG is not set; skipped"; exit 77
fi
command -v python3 >/dev/null || { echo "server_pg: python3 is required" >&2; exit 1; }
command -v psql >/dev/null || { echo "server_pg: psql is required (postgresql-client)" >&2; exit 1; }
exec python3 "$SRCDIR/tests/e2e/server_pg.py"
