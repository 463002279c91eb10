#!/usr/bin/env bash
# exctl lists update against a local HTTP server (lists_update_server.py):
# success, unchanged, truncated body, corrupt gzip, HTML error page, HTTP
# 500, a slow server beyond the timeout, one failing file of a multi-file
# set, and a list that shrank by more than 20% (refused, then accepted with
# --force). After every failure the previous good version must still be the
# one `exctl lists` loads, and no staging debris may be left behind. Then
# SIGKILL at each stage of an update, and a server reloading updated lists
# while clients screen.
set -euo pipefail
: "${EXCTL:?set EXCTL to the exctl binary}" "${SRCDIR:?set SRCDIR to the source tree}"
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 0; }
work=$(mktemp -d)
srv_pid=
cleanup() { [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export EXCTL_STATE_DIR=$work/state
unset EXCTL_LISTS_DIR XDG_STATE_HOME
files=$work/files
mkdir -p "$files"

# Fixtures cut from the bundled data: UN lists of 10, 12 and 8 entities,
# and the OFAC consolidated set as bundled.
python3 - "$SRCDIR/data/lists" "$files" <<'PY'
import gzip, re, sys
src, out = sys.argv[1], sys.argv[2]
un = gzip.open(src + "/un_sc_consolidated_2026-02-27.xml.gz").read().decode()
ind = re.findall(r"    <INDIVIDUAL>.*?</INDIVIDUAL>\n", un, re.S)
ent = re.findall(r"    <ENTITY>.*?</ENTITY>\n", un, re.S)
head = un[:un.index("<INDIVIDUALS>")]
def write(name, ni, ne):
    doc = (head + "<INDIVIDUALS>\n" + "".join(ind[:ni]) + "  </INDIVIDUALS>\n  <ENTITIES>\n" +
           "".join(ent[:ne]) + "  </ENTITIES>\n</CONSOLIDATED_LIST>\n")
    open(out + "/" + name, "w").write(doc)
write("un_v1.xml", 6, 4)
write("un_v2.xml", 8, 4)
write("un_shrunk.xml", 5, 3)
# The whole bundled list and the same less ten individuals (-1%): large
# enough that an update spends measurable time writing and validating.
write("un_full.xml", len(ind), len(ent))
write("un_most.xml", len(ind) - 10, len(ent))
# A gzipped list file (stored and loaded as .gz) and a corrupt one.
z = gzip.compress(open(out + "/un_v2.xml", "rb").read())
open(out + "/un_v2.xml.gz", "wb").write(z)
open(out + "/un_corrupt.xml.gz", "wb").write(z[:len(z) // 2] + b"\x00" * 64 + z[len(z) // 2:])
# Over the 1 MiB cap of --max-size 1.
open(out + "/un_big.xml", "w").write(open(out + "/un_v2.xml").read() + "<!-- " + "x" * (2 << 20) + " -->\n")
for part in ("prim", "add", "alt", "comments"):
    data = gzip.open(src + "/us_ofac_nonsdn_2025-12-19_cons_%s.csv.gz" % part).read()
    open(out + "/cons_%s.csv" % part, "wb").write(data)
PY

# A data directory with just the two lists under test keeps each load fast.
mkdir -p "$work/data/lists"
python3 - "$SRCDIR/data/lists" "$work/data/lists" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
m = json.load(open(src + "/manifest.json"))
m["lists"] = [l for l in m["lists"] if l["id"] in ("un-sc", "us-ofac-cons")]
json.dump(m, open(out + "/manifest.json", "w"))
for f in os.listdir(src):
    if f.endswith(".gz"):
        os.symlink(os.path.join(src, f), os.path.join(out, f))
PY
export EXCTL_DATA_DIR=$work/data

python3 "$SRCDIR/tests/e2e/lists_update_server.py" "$files" "$work/port" &
srv_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
base="http://127.0.0.1:$port"

fail() { echo "FAIL: $*" >&2; exit 1; }

# sources FILE MODE NAME: a sources.json with un-sc served as MODE/NAME.
un_sources() {  # un_sources MODE NAME [STORED-NAME]
  cat >"$work/src.json" <<JSON
{"lists": [{"id": "un-sc", "format": "un-xml",
            "files": [{"name": "${3:-consolidated.xml}", "url": "$base/$1/$2"}]}]}
JSON
}
# update ARGS...: run the update, keep stdout+stderr, return its status.
update() {
  "$EXCTL" lists update --sources "$work/src.json" --timeout 5 "$@" >"$work/out" 2>&1
  local rc=$?
  [ -n "${VERBOSE:-}" ] && cat "$work/out" >&2
  return $rc
}
# current ID: "<entities> <sha256>" of list ID as `exctl lists` loads it.
current() {
  "$EXCTL" lists --json | python3 -c '
import json, sys
for l in json.load(sys.stdin)["lists"]:
    if l["id"] == sys.argv[1]:
        print(l["entities"], l["sha256"])' "$1"
}
expect_failure() {  # expect_failure WHAT PATTERN: the update failed with PATTERN
  if update; then cat "$work/out"; fail "$1: update succeeded"; fi
  grep -q -- "$2" "$work/out" || { cat "$work/out"; fail "$1: no '$2' in the output"; }
  [ "$(current un-sc)" = "$good" ] || fail "$1: the loaded list changed"
  if ls -A "$EXCTL_STATE_DIR/lists/versions/un-sc" | grep -q '^\.staging'; then
    fail "$1: staging directory left behind"
  fi
}

bundled=$(current un-sc)

# 1. A first update from the 10-entity fixture shrinks the bundled 1003:
#    refused, bundled list kept; accepted with --force.
un_sources ok un_v1.xml
good=$bundled
expect_failure "shrink from bundled" "refused"
update --force || { cat "$work/out"; fail "forced update failed"; }
grep -q "un-sc .*updated" "$work/out" || fail "forced update not reported as updated"
good=$(current un-sc)
[ "${good%% *}" = 10 ] || fail "expected 10 entities after the update, got '$good'"
[ -f "$EXCTL_STATE_DIR/lists/state.json" ] || fail "no state file"

# 2. Same content again: unchanged, no new version directory.
nver=$(ls "$EXCTL_STATE_DIR/lists/versions/un-sc" | wc -l)
update || { cat "$work/out"; fail "unchanged update failed"; }
grep -q "unchanged" "$work/out" || { cat "$work/out"; fail "not reported unchanged"; }
[ "$(ls "$EXCTL_STATE_DIR/lists/versions/un-sc" | wc -l)" = "$nver" ] || fail "new version for same content"

# 3. Every broken download fails and leaves version 1 loaded.
un_sources truncated un_v2.xml; expect_failure "truncated body" "un-sc .*failed"
un_sources badgz un_v2.xml;     expect_failure "corrupt gzip" "un-sc .*failed"
un_sources html un_v2.xml;      expect_failure "HTML error page" "validation failed"
un_sources error500 un_v2.xml;  expect_failure "HTTP 500" "HTTP status 500"
start=$(date +%s)
un_sources slow un_v2.xml;      expect_failure "slow server" "un-sc .*failed"
[ $(( $(date +%s) - start )) -lt 40 ] || fail "the timeout did not stop a slow server"
un_sources ok un_corrupt.xml.gz consolidated.xml.gz
expect_failure "corrupt .gz file" "un-sc .*failed"
un_sources ok un_big.xml
update --max-size 1 && fail "a file over --max-size was accepted"
grep -q "larger than the limit" "$work/out" || { cat "$work/out"; fail "size limit not reported"; }
[ "$(current un-sc)" = "$good" ] || fail "size limit: the loaded list changed"

# 3b. SIGKILL in the middle of a download: the list is unchanged, and the
#     staging directory left behind is removed by the next update.
un_sources slow un_v2.xml
"$EXCTL" lists update --sources "$work/src.json" --timeout 30 >/dev/null 2>&1 &
upd=$!
for _ in $(seq 100); do
  ls -A "$EXCTL_STATE_DIR/lists/versions/un-sc" | grep -q '^\.staging' && break
  sleep 0.1
done
sleep 0.5
kill -9 "$upd"; wait "$upd" 2>/dev/null || true
ls -A "$EXCTL_STATE_DIR/lists/versions/un-sc" | grep -q '^\.staging' ||
  fail "no staging directory seen during the killed download"
[ "$(current un-sc)" = "$good" ] || fail "killed update: the loaded list changed"

# 4. A good new version (12 entities, a .gz file sent with gzip transfer
#    encoding) replaces it; the previous version stays on disk.
un_sources gz un_v2.xml.gz consolidated.xml.gz
update || { cat "$work/out"; fail "update to v2 failed"; }
v2=$(current un-sc)
[ "${v2%% *}" = 12 ] || fail "expected 12 entities, got '$v2'"
[ "$(ls "$EXCTL_STATE_DIR/lists/versions/un-sc" | wc -l)" = $((nver + 1)) ] || fail "old version not kept"
if ls -A "$EXCTL_STATE_DIR/lists/versions/un-sc" | grep -q '^\.staging'; then
  fail "stale staging directory of the killed update not removed"
fi
good=$v2

# 5. 12 -> 8 entities (-33%): refused, then accepted with --force.
un_sources ok un_shrunk.xml
expect_failure "shrank by a third" "refused"
update --force || { cat "$work/out"; fail "forced shrink failed"; }
[ "$(current un-sc | cut -d' ' -f1)" = 8 ] || fail "forced shrink not loaded"

# 6. A multi-file list (OFAC consolidated: prim/add/alt/comments) with one
#    failing file is not published at all; complete, it is unchanged from
#    the bundled copy (same bytes, same hash).
ofac_sources() {
  cat >"$work/src.json" <<JSON
{"lists": [{"id": "us-ofac-cons", "format": "ofac-csv", "files": [
  {"name": "cons_prim.csv", "url": "$base/ok/cons_prim.csv"},
  {"name": "cons_add.csv", "url": "$base/ok/cons_add.csv"},
  {"name": "cons_alt.csv", "url": "$base/$1/cons_alt.csv"},
  {"name": "cons_comments.csv", "url": "$base/ok/cons_comments.csv"}]}]}
JSON
}
ofac_before=$(current us-ofac-cons)
ofac_sources error500
if update; then fail "OFAC set with a failing file was accepted"; fi
[ "$(current us-ofac-cons)" = "$ofac_before" ] || fail "OFAC list changed after a failed file"
ofac_sources ok
update || { cat "$work/out"; fail "OFAC update failed"; }
grep -q "us-ofac-cons .*unchanged" "$work/out" || { cat "$work/out"; fail "OFAC not unchanged"; }

# 7. SIGKILL at each stage of an update, found by watching the version
#    directory: as soon as the staging directory exists (download being
#    written), once the file is complete (validation), and once the version
#    directory is renamed into place (before state.json). Every time the
#    lists still load, state.json parses, and un-sc is exactly the old or
#    the new version; while a staging directory is left (a half-written or
#    unvalidated version) it is always the old one. The next update clears
#    the debris and installs the new version.
cat >"$work/killer.py" <<'PY'
import os, signal, subprocess, sys, time
exctl, sources, vdir, trigger, size = sys.argv[1:6]
size = int(size)
before = set(os.listdir(vdir))
p = subprocess.Popen([exctl, "lists", "update", "--sources", sources, "--timeout", "30"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
seen = "none"
deadline = time.time() + 60
while p.poll() is None and time.time() < deadline:
    names = set(os.listdir(vdir)) - before
    staging = [n for n in names if n.startswith(".staging")]
    if trigger == "renamed" and [n for n in names if not n.startswith(".")]:
        seen = "renamed"
    elif staging and trigger == "staging":
        seen = "staging"
    elif staging and trigger == "staged":
        try:
            fs = os.listdir(os.path.join(vdir, staging[0]))
            if fs and os.path.getsize(os.path.join(vdir, staging[0], fs[0])) >= size:
                seen = "staged"
        except OSError:
            pass
    if seen != "none":
        p.send_signal(signal.SIGKILL)
        break
p.wait()
print(seen if p.returncode == -signal.SIGKILL else "finished")
PY
un_sources ok un_full.xml
update --force || { cat "$work/out"; fail "update to the full UN list failed"; }
full=$(current un-sc)
un_sources ok un_most.xml
update || { cat "$work/out"; fail "update to un_most failed"; }
most=$(current un-sc)
[ "$full" != "$most" ] || fail "the two UN versions are not distinct"
old=$most; new_file=un_full.xml; new=$full
vdir=$EXCTL_STATE_DIR/lists/versions/un-sc
kept=0; published=0
for trigger in staging staged renamed staging staged renamed; do
  un_sources ok "$new_file"
  seen=$(python3 "$work/killer.py" "$EXCTL" "$work/src.json" "$vdir" "$trigger" \
         "$(stat -c %s "$files/$new_file")")
  staged=no
  ls -A "$vdir" | grep -q '^\.staging' && staged=yes
  now=$(current un-sc 2>"$work/err") ||
    { cat "$work/err"; fail "kill at $trigger: the installed lists no longer load"; }
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))' \
    "$EXCTL_STATE_DIR/lists/state.json" || fail "kill at $trigger: state.json is not valid JSON"
  if [ "$now" = "$old" ]; then
    kept=$((kept + 1))
  elif [ "$now" = "$new" ]; then
    [ "$staged" = no ] || fail "kill at $trigger: new version current, its staging left behind"
    published=$((published + 1))
    if [ "$new" = "$full" ]; then old=$full; new=$most; new_file=un_most.xml
    else old=$most; new=$full; new_file=un_full.xml; fi
  else
    fail "kill at $trigger ($seen): un-sc is '$now', neither old '$old' nor new '$new'"
  fi
  echo "lists_update: kill at $trigger: killed while '$seen', staging left: $staged," \
       "un-sc: $([ "$now" = "$new" ] && echo new || echo old)"
done
[ "$kept" -ge 2 ] || fail "only $kept kills left the old version: the kills missed the update"
# A kill after the rename, then the same content again within the same
# second, finds its version directory taken by the unpublished copy (the
# name is the second and the digest). Made certain here: copies named for
# the next seconds, holding junk, before the update after the kills.
sha12=$(echo "${new#* }" | cut -c1-12)
t0=$(date +%s)
orphans=""
for k in 0 1 2 3 4 5; do
  o="$vdir/$(date -u -d "@$((t0 + k))" +%Y%m%dT%H%M%SZ)-$sha12"
  mkdir "$o" && echo junk >"$o/junk"
  orphans="$orphans $o"
done
un_sources ok "$new_file"
update || { cat "$work/out"; fail "update after the kills failed"; }
[ "$(current un-sc)" = "$new" ] || fail "the update after the kills did not install the new version"
cur=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["lists"]["un-sc"]["version"])' \
      "$EXCTL_STATE_DIR/lists/state.json")
[ -f "$vdir/$cur/consolidated.xml" ] && [ ! -e "$vdir/$cur/junk" ] ||
  fail "the update published over an unpublished copy without replacing it ($cur)"
for o in $orphans; do [ "$o" = "$vdir/$cur" ] || rm -rf "$o"; done
if ls -A "$vdir" | grep -q '^\.staging'; then
  fail "staging directories of killed updates not removed"
fi
if ls "$EXCTL_STATE_DIR/lists" | grep -q '^state\.json\.tmp'; then
  fail "a temporary state file was left behind"
fi

# 8. The server swaps updated lists in (POST /v1/lists/reload) while
#    clients keep screening: every answer 200, each consistent with the
#    versions it names (lists_reload.py).
python3 "$SRCDIR/tests/e2e/lists_reload.py" "$base" "$files" "$work" ||
  fail "lists reload under load"

# 9. Configuration errors are reported before any download.
if "$EXCTL" lists update --sources "$work/src.json" --only no-such-list >"$work/out" 2>&1; then
  fail "--only with an unknown id succeeded"
fi
grep -q "no-such-list" "$work/out" || fail "unknown --only id not named"
echo "ok: lists update"
