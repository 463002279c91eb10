#!/usr/bin/env bash
# The main job: serve the bundled lists, control lists and packs over HTTP
# with the web UI and the embedded store, on http://127.0.0.1:8080.
# On the first start over an empty store, exctl prints the generated
# password of the 'admin' user once. Stop with Ctrl-C.
#   EXCTL_PORT (default 8080), EXCTL_DB (default exctl.db), EXCTL_LISTEN
#   (default 127.0.0.1) override the defaults.
set -euo pipefail
exe=${1:-build/exctl}
port=${EXCTL_PORT:-8080}
db=${EXCTL_DB:-exctl.db}
listen=${EXCTL_LISTEN:-127.0.0.1}
"$exe" lists
echo "run: starting the server; open http://$listen:$port/ in a browser" >&2
exec "$exe" serve --listen "$listen" --port "$port" --db "$db"
