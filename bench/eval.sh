#!/bin/sh
# Name-matching evaluation: bench/eval.sh BUILD_DIR
# Reads ../shared/data (or $EXCTL_SHARED_DATA); skips cleanly when absent.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: bench/eval.sh BUILD_DIR}
exctl="$build/exctl"
shared=${EXCTL_SHARED_DATA:-"$here/../../shared/data"}
if [ ! -d "$shared/eval" ]; then
    echo "eval: $shared/eval not found; skipping (the evaluation data lives outside the repo)"
    exit 0
fi
if [ ! -x "$exctl" ]; then
    echo "eval: $exctl not built" >&2
    exit 1
fi
command -v python3 >/dev/null || { echo "eval: python3 not found; skipping"; exit 0; }
exec python3 "$here/eval.py" "$exctl" "$shared" "${EVAL_ARGS:-}"
