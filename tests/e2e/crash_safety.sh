#!/usr/bin/env bash
# SIGKILL of `exctl serve` during hundreds of concurrent writes: every
# acknowledged write survives and the audit chain verifies (crash_safety.py).
set -euo pipefail
: "${EXCTL:?EXCTL must name the built exctl binary}" "${SRCDIR:?SRCDIR must name the source tree}"
command -v python3 >/dev/null || { echo "crash_safety: python3 is required" >&2; exit 1; }
exec python3 "$SRCDIR/tests/e2e/crash_safety.py"
