#!/usr/bin/env bash
# The main job. Today: load the bundled lists and print them with counts and
# versions. When the server is built, it starts it on http://127.0.0.1:8080.
set -euo pipefail
exe=${1:-build/exctl}
"$exe" lists
