#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests.
#   scripts/pg_cluster.sh start DIR   initdb into DIR, start it, print its conninfo
#   scripts/pg_cluster.sh stop DIR    stop it and remove DIR
# The server listens only on a unix socket inside DIR (no TCP port, so it
# cannot clash with a system cluster or another test run), trusts local
# connections and skips fsync: the data is thrown away. PostgreSQL refuses
# to run as root, so as root the cluster belongs to the "postgres" user that
# Debian's postgresql package creates.
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
dir=$(realpath -m "$dir")
cd /   # the postgres user may not be allowed into the caller's directory
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || {
  echo "pg_cluster: no PostgreSQL server (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U exctl -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-k $dir -c listen_addresses= -c fsync=off -c full_page_writes=off \
          -c synchronous_commit=off -c max_connections=200" >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    # Every test user may reach the socket (the directory is the cluster's).
    chmod 755 "$dir"
    echo "host=$dir dbname=postgres user=exctl gssencmode=disable"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
