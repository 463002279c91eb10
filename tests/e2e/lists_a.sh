#!/usr/bin/env bash
# End-to-end: `exctl lists --list FILE --json` on raw list files of part A
# (METI End User List, METI export bans, UN, BIS DPL, the CSL sample, a
# custom CSV): format detection from content, counts, list metadata taken
# from the content, and `exctl show` on a Japanese/English name pair.
# JSON is checked with python3.
set -euo pipefail
: "${EXCTL:?set EXCTL to the exctl binary}" "${SRCDIR:?set SRCDIR to the source tree}"
command -v python3 > /dev/null || { echo "SKIP lists_a: python3 is required" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
L="$SRCDIR/data/lists"
fails=0

# expect FILE 'python expression over j (the first list)' DESCRIPTION
expect() {
    if python3 - "$1" "$2" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["lists"][0]
ok = eval(sys.argv[2], {"j": j})
if not ok:
    print("  got:", json.dumps(j, ensure_ascii=False))
sys.exit(0 if ok else 1)
PY
    then echo "ok   $3"; else echo "FAIL $3"; fails=$((fails + 1)); fi
}

"$EXCTL" lists --list "$L/jp_meti_eul_2025-09-29.json.gz" --json > "$tmp/eul.json"
expect "$tmp/eul.json" 'j["format"] == "meti-json" and j["entities"] == 835 and j["records"] == 835' \
    "METI EUL: 835 entities"
expect "$tmp/eul.json" 'j["date"] == "2025-09-29" and j["publisher"] == "METI (Japan)"' \
    "METI EUL: date and publisher from the content"

"$EXCTL" lists --list "$L/jp_meti_thirdcountry_export_ban_entities_2025-09-12.txt.gz" --json > "$tmp/ban.json"
expect "$tmp/ban.json" 'j["format"] == "meti-ban-txt" and j["entities"] == 56 and j["skipped"] == 0' \
    "METI third-country ban: 56 entries"
expect "$tmp/ban.json" 'j["date"] == "2025-09-12" and "\u56e3\u4f53" in j["name"]' \
    "METI third-country ban: date and title from the heading"

"$EXCTL" lists --list "$L/jp_meti_belarus_export_ban_entities_2022-07-05.txt.gz" --json > "$tmp/by.json"
expect "$tmp/by.json" 'j["entities"] == 27 and j["date"] == "2022-07-05"' \
    "METI Belarus ban: 27 entries"

"$EXCTL" show jp-ban-tc-13 --list "$L/jp_meti_thirdcountry_export_ban_entities_2025-09-12.txt.gz" --json > "$tmp/e13.json"
if python3 - "$tmp/e13.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
names = {(n["name"], n["kind"], n["lang"]) for n in e["names"]}
assert ("Yilufa Electronics Ltd", "primary", "") in names, names
assert ("\u30a4\u30fc\u30eb\u30fc\u30d5\u30a1\u30fb\u30a8\u30ec\u30af\u30c8\u30ed\u30cb\u30af\u30b9"
        "\u6709\u9650\u4f1a\u793e", "original_script", "ja") in names, names
assert any(c["country"] == "CN" for c in e["countries"]), e["countries"]
PY
then echo "ok   show: Japanese/English pair of ban entry 13"; else echo "FAIL show entry 13"; fails=$((fails + 1)); fi

"$EXCTL" lists --list "$L/un_sc_consolidated_2026-02-27.xml.gz" --json > "$tmp/un.json"
expect "$tmp/un.json" 'j["format"] == "un-xml" and j["entities"] == 1003 and j["date"] == "2026-02-27"' \
    "UN: 1003 entities, dateGenerated"

"$EXCTL" lists --list "$L/us_bis_dpl_2023-11-28.txt.gz" --json > "$tmp/dpl.json"
expect "$tmp/dpl.json" 'j["format"] == "bis-dpl" and j["records"] == 665 and j["entities"] == 665 and j["date"] == "2023-11-28"' \
    "BIS DPL: 665 rows, 665 entities, dated by its newest Last_Update"

# The manifest's date of a bundled list is the date the file itself gives.
for id in us-bis-dpl un-sc; do
    file=$(jq -r --arg id "$id" '.lists[] | select(.id == $id) | .file' "$L/manifest.json")
    mdate=$(jq -r --arg id "$id" '.lists[] | select(.id == $id) | .date' "$L/manifest.json")
    fdate=$("$EXCTL" lists --list "$L/$file" --json | jq -r '.lists[0].date')
    if [ -n "$mdate" ] && [ "$mdate" = "$fdate" ] && case "$file" in *"$mdate"*) true;; *) false;; esac; then
        echo "ok   $id: manifest date $mdate = the file's own date = file name date"
    else
        echo "FAIL $id: manifest date '$mdate', file date '$fdate', file $file"; fails=$((fails + 1))
    fi
done

csl="$SRCDIR/tests/fixtures/lists/us_csl_PARTIAL_sample_2023-11-30.csv.gz"
set +e
"$EXCTL" lists --list "$csl" > /dev/null 2> "$tmp/err"
rc=$?
set -e
if [ "$rc" -ne 0 ] && grep -q "us_csl_PARTIAL_sample_2023-11-30.csv.gz:4233:" "$tmp/err"; then
    echo "ok   CSL sample: truncated last record named by line"
else
    echo "FAIL CSL sample strict load (rc $rc): $(cat "$tmp/err")"; fails=$((fails + 1))
fi
"$EXCTL" lists --list "$csl" --lenient --json > "$tmp/csl.json" 2> /dev/null
expect "$tmp/csl.json" 'j["format"] == "csl-csv" and j["records"] == 4227 and j["skipped"] == 1 and j["entities"] == 4219' \
    "CSL sample (lenient): 4227 rows, 1 skipped, 4219 entities"

printf 'id,type,name,aliases,countries,ids\r\nc1,person,Jane Roe,J. Roe;Jane R.,Iran,passport:P1\r\nc2,organization,ACME,,DE,\r\n' > "$tmp/mine.csv"
"$EXCTL" lists --list "$tmp/mine.csv" --json > "$tmp/mine.json"
expect "$tmp/mine.json" 'j["format"] == "exctl-csv" and j["entities"] == 2 and j["names"] == 4' \
    "custom CSV: 2 entities, 4 names"

if [ "$fails" -ne 0 ]; then
    echo "$fails check(s) failed"
    exit 1
fi
echo "all checks passed"
