#!/usr/bin/env bash
# End-to-end: `exctl lists`, `exctl show` and `exctl export --ftm` on the
# bundled lists, the FtM round trip through the CLI, and error reporting.
# Needs EXCTL (the built binary) and jq.
set -euo pipefail
: "${EXCTL:?set EXCTL to the exctl binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() {  # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then
        echo "ok   $1"
    else
        echo "FAIL $1: expected '$2', got '$3'"
        fails=$((fails + 1))
    fi
}

# --- bundled lists: the counts the issue names -----------------------------
"$EXCTL" lists --json > "$tmp/lists.json"
count() { jq -r --arg id "$1" '.lists[] | select(.id == $id) | .entities' "$tmp/lists.json"; }
check "METI End User List entities" 835 "$(count jp-meti-eul)"
check "UN SC consolidated entities" 1003 "$(count un-sc)"
check "OFAC SDN 2024-07-02 entities" 15443 "$(count us-ofac-sdn)"
check "OFAC non-SDN entities" 442 "$(count us-ofac-cons)"
check "BIS DPL rows" 665 "$(jq -r '.lists[] | select(.id == "us-bis-dpl") | .records' "$tmp/lists.json")"
check "UK OFSI group IDs" 4688 "$(count uk-ofsi)"
check "EU FSF entities" 5540 "$(count eu-fsf)"
check "OFAC SDN data date" 2024-07-02 \
    "$(jq -r '.lists[] | select(.id == "us-ofac-sdn") | .date' "$tmp/lists.json")"
check "every list has a SHA-256" 0 \
    "$(jq '[.lists[] | select(.sha256 | test("^[0-9a-f]{64}$") | not)] | length' "$tmp/lists.json")"

# --- show -------------------------------------------------------------------
"$EXCTL" show us-ofac-sdn:26137 --json > "$tmp/show.json"
check "show: id" 26137 "$(jq -r .id "$tmp/show.json")"
check "show: list" us-ofac-sdn "$(jq -r .list "$tmp/show.json")"
check "show: schema" person "$(jq -r .schema "$tmp/show.json")"
check "show: primary name" "KHORASHADIZADEH, Ali" \
    "$(jq -r '.names[] | select(.kind == "primary") | .name' "$tmp/show.json")"
check "show: passport from Remarks" "T14553558 IR" \
    "$(jq -r '.identifiers[] | select(.type == "passport") | "\(.value) \(.country)"' "$tmp/show.json")"
check "show: birth date" 1979-09-21 "$(jq -r '.birth_dates[0]' "$tmp/show.json")"
check "show: nationality" IR \
    "$(jq -r '.countries[] | select(.role == "nationality") | .country' "$tmp/show.json")"
set +e
"$EXCTL" show us-ofac-sdn:no-such-id > /dev/null 2> "$tmp/err"
rc=$?
set -e
check "show: unknown id exits 1" 1 "$rc"

# --- FtM export and reload --------------------------------------------------
"$EXCTL" export --ftm > "$tmp/all.ftm"
total=$(jq '[.lists[].entities] | add' "$tmp/lists.json")
names=$(jq '[.lists[].names] | add' "$tmp/lists.json")
check "export: one line per entity" "$total" "$(wc -l < "$tmp/all.ftm" | tr -d ' ')"
# Every date of every bundled list is ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD):
# list dates, listing dates (createdAt) and birth dates.
check "every list date is ISO" 0 \
    "$(jq '[.lists[] | select(.date | test("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") | not)] | length' "$tmp/lists.json")"
bad_dates=$(jq -r '.properties as $p | (($p.createdAt // []) + ($p.birthDate // []))[]
    | select(test("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") | not)' "$tmp/all.ftm" | sort | uniq -c | head -5)
check "every listing and birth date in the FtM export is ISO" "" "$bad_dates"
check "UN listing dates with a time zone are normalised" 1 \
    "$(grep -c '"id":"un-sc:[^"]*".*"createdAt":\["2015-04-07"\]' "$tmp/all.ftm" | awk '{print ($1 > 0)}')"
"$EXCTL" lists --list "$tmp/all.ftm" --json > "$tmp/re.json"
check "reload: format detected" ftm-json "$(jq -r '.lists[0].format' "$tmp/re.json")"
check "reload: same entity count" "$total" "$(jq '.lists[0].entities' "$tmp/re.json")"
check "reload: same name count" "$names" "$(jq '.lists[0].names' "$tmp/re.json")"
# Exporting the reloaded entities gives the same lines (same ids, schemas,
# names with kinds, countries with roles, identifiers, fields); only the
# leading "datasets" member names the new list. Keys are sorted, so it is
# the first member of every line.
"$EXCTL" export --ftm --list "$tmp/all.ftm" > "$tmp/again.ftm"
strip() { sed 's/^{"datasets":\[[^]]*\],//' "$1" | sha256sum; }
check "re-export: identical apart from datasets" "$(strip "$tmp/all.ftm")" "$(strip "$tmp/again.ftm")"
check "re-export: the entity shown above" 1 \
    "$(grep -c '"id":"us-ofac-sdn:26137".*"passportNumber":\["T14553558"\]' "$tmp/again.ftm")"

# --- errors -----------------------------------------------------------------
set +e
"$EXCTL" lists --list "$tmp/missing.csv" > /dev/null 2> "$tmp/err"
rc=$?
set -e
check "missing file exits 1" 1 "$rc"
check "missing file is named" 1 "$(grep -c "$tmp/missing.csv" "$tmp/err")"
printf 'hello, this is not a list\n' > "$tmp/unknown.txt"
set +e
"$EXCTL" lists --list "$tmp/unknown.txt" > /dev/null 2> "$tmp/err"
rc=$?
set -e
check "unknown format exits 1" 1 "$rc"
check "unknown format names the file" 1 "$(grep -c "$tmp/unknown.txt" "$tmp/err")"
printf '36,"X",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n37,"Y \xff",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n' > "$tmp/bad_sdn.csv"
set +e
"$EXCTL" lists --list "$tmp/bad_sdn.csv" > /dev/null 2> "$tmp/err"
rc=$?
set -e
check "invalid UTF-8 exits 1" 1 "$rc"
check "invalid UTF-8 names file and line" 1 "$(grep -c "$tmp/bad_sdn.csv:2:" "$tmp/err")"
"$EXCTL" lists --list "$tmp/bad_sdn.csv" --lenient --json > "$tmp/len.json" 2> "$tmp/err"
check "lenient: good record kept" 1 "$(jq '.lists[0].entities' "$tmp/len.json")"
check "lenient: bad record counted" 1 "$(jq '.lists[0].skipped' "$tmp/len.json")"

if [ "$fails" -ne 0 ]; then
    echo "$fails check(s) failed"
    exit 1
fi
echo "all checks passed"
