#!/bin/bash
# exctl screen / exctl score: the command-line contract.
#   - readable output for one NAME, --threshold, --limit, --explain
#   - --jsonl: one output line per input line, in input order, best first,
#     only matches >= threshold; a malformed line gives {"id":..,"error":..}
#     naming the line, the others are still answered, exit status 1
#   - score --jsonl: {"id","score"} per pair, same rules for bad lines
#   - --csv/--out: one row per match, one empty row for a party without any
set -u
EXCTL=${EXCTL:?EXCTL must point to the exctl binary}
SRCDIR=${SRCDIR:?SRCDIR must point to the source tree}
LIST="$SRCDIR/tests/fixtures/screen/screen_list.jsonl"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() {  # check DESCRIPTION COMMAND...
    local d=$1
    shift
    if "$@"; then
        echo "ok   $d"
    else
        echo "FAIL $d"
        fail=1
    fi
}

# --- one name ---------------------------------------------------------------
out=$("$EXCTL" screen --list "$LIST" "Usama bin Ladin")
check "readable output names the entity" grep -q "screen_list:ubl" <<<"$out"
out=$("$EXCTL" screen --list "$LIST" --explain "Osama bin Laden")
check "--explain prints aligned tokens" grep -q '"aligned"' <<<"$out"
out=$("$EXCTL" screen --list "$LIST" --threshold 1 "Usama bin Ladinn")
check "--threshold 1 drops fuzzy matches" grep -q "no match" <<<"$out"
out=$("$EXCTL" screen --list "$LIST" "George Bush")
check "George Bush does not match George Habbash" grep -q "no match" <<<"$out"
out=$("$EXCTL" screen --list "$LIST" "emma daniels")
check "emma daniels does not match EMMA LLC" grep -q "no match" <<<"$out"
out=$("$EXCTL" screen --list "$LIST" "BELLETECH CORP")
check "BELLETECH CORP does not match 11420 CORP." grep -q "no match" <<<"$out"
out=$("$EXCTL" screen --list "$LIST" "ファーウェイ・テクノロジーズ")
check "katakana finds Huawei" grep -q "screen_list:hw" <<<"$out"
"$EXCTL" screen --list "$LIST" --threshold 2 x >/dev/null 2>&1
check "--threshold out of range is a usage error" test $? -eq 2
"$EXCTL" screen --list "$LIST" >/dev/null 2>&1
check "no NAME is a usage error" test $? -eq 2

# --- JSON lines ---------------------------------------------------------------
cat >"$TMP/q.jsonl" <<'EOF'
{"id": "a", "name": "Osama Bin Laden", "type": "person"}
{"id": 2, "name": "Nobody In Particular"}

{"id": "c", "name": "Wladimir Putin", "birth_date": "1952"}
this is not json
{"id": "e", "name": 5}
{"id": "f", "name": "Some Vessel", "type": "vessel", "identifiers": ["IMO 9123456"]}
{"id": "g", "name": "Bank Meli Iran", "type": "spaceship"}
EOF
"$EXCTL" screen --list "$LIST" --jsonl <"$TMP/q.jsonl" >"$TMP/out.jsonl" 2>"$TMP/err.txt"
rc=$?
check "--jsonl exits 1 when a line is bad" test $rc -eq 1
check "--jsonl: one output line per non-blank input line" test "$(wc -l <"$TMP/out.jsonl")" -eq 7
ids=$(sed -E 's/^\{"id": ?("?[^,"]*"?),.*/\1/' "$TMP/out.jsonl" | tr '\n' ' ')
check "--jsonl keeps input order ($ids)" test "$ids" = '"a" 2 "c" null "e" "f" "g" '
check "--jsonl finds bin Laden" grep -q '^{"id":"a","matches":\[{"list":"screen_list","entity_id":"ubl"' "$TMP/out.jsonl"
check "--jsonl: no match gives an empty list" grep -q '^{"id":2,"matches":\[\]}' "$TMP/out.jsonl"
check "--jsonl: Cyrillic alias found from a German spelling" grep -q '"id":"c","matches":\[{[^]]*"entity_id":"putin"' "$TMP/out.jsonl"
check "--jsonl: bad JSON names the line" grep -q '"error":"line 5: ' "$TMP/out.jsonl"
check "--jsonl: non-string name is an error line" grep -q '"id":"e","error":"line 6: ' "$TMP/out.jsonl"
check "--jsonl: identifier match" grep -q '"id":"f","matches":\[{[^]]*"entity_id":"ship"' "$TMP/out.jsonl"
check "--jsonl: unknown type is an error line" grep -q '"id":"g","error":"line 8: ' "$TMP/out.jsonl"
check "--jsonl: errors also on stderr" grep -q "line 5" "$TMP/err.txt"
# threshold and limit
printf '{"id":1,"name":"Bank Melli"}\n' |
    "$EXCTL" screen --list "$LIST" --jsonl --threshold 0.05 --limit 2 >"$TMP/lim.jsonl"
n=$(grep -o '"entity_id"' "$TMP/lim.jsonl" | wc -l)
check "--limit 2 caps the matches ($n)" test "$n" -le 2 -a "$n" -ge 1
scores=$(grep -o '"score":[0-9.e-]*' "$TMP/lim.jsonl" | cut -d: -f2 | tr '\n' ' ')
check "matches are best first ($scores)" bash -c "printf '%s\n' $scores | sort -gr -c"
printf '{"id":1,"name":"Bank Melli"}\n' |
    "$EXCTL" screen --list "$LIST" --jsonl --threshold 0.999 >"$TMP/thr.jsonl"
check "--threshold filters matches" grep -q '"matches":\[\]' "$TMP/thr.jsonl"
printf '{"id":1,"name":"Osama bin Laden"}\n' |
    "$EXCTL" screen --list "$LIST" --jsonl --explain >"$TMP/ex.jsonl"
check "--jsonl --explain adds the explanation" grep -q '"explain":{' "$TMP/ex.jsonl"

# --- score --jsonl -------------------------------------------------------------
cat >"$TMP/pairs.jsonl" <<'EOF'
{"id": 1, "a": "George Bush", "b": "George Habbash", "type": "person"}
{"id": 2, "a": "Vladimir Putin", "b": "Владимир Путин"}
{"id": 3, "a": "x"}
{"id": 4, "a": "Siemens AG", "b": "Siemens Aktiengesellschaft", "type": "organization"}
EOF
"$EXCTL" score --jsonl <"$TMP/pairs.jsonl" >"$TMP/scores.jsonl" 2>/dev/null
rc=$?
check "score --jsonl exits 1 on a bad line" test $rc -eq 1
check "score --jsonl: 4 lines" test "$(wc -l <"$TMP/scores.jsonl")" -eq 4
s1=$(sed -n 1p "$TMP/scores.jsonl" | grep -o '"score":[0-9.e-]*' | cut -d: -f2)
s2=$(sed -n 2p "$TMP/scores.jsonl" | grep -o '"score":[0-9.e-]*' | cut -d: -f2)
check "score: George Bush vs George Habbash is low ($s1)" awk -v s="$s1" 'BEGIN{exit !(s < 0.5)}'
check "score: Putin across scripts is high ($s2)" awk -v s="$s2" 'BEGIN{exit !(s > 0.9)}'
check "score: bad line answered in place" grep -q '^{"id":3,"error":"line 3: ' "$TMP/scores.jsonl"

# --- CSV -----------------------------------------------------------------------
cat >"$TMP/cust.csv" <<'EOF'
cust_no,full_name,ctry
C1,"Laden, Osama bin",SA
C2,"Acme, ""Widgets"" Inc",US
C3,Bank Meli Iran,IR
EOF
"$EXCTL" screen --list "$LIST" --csv "$TMP/cust.csv" --out "$TMP/res.csv" \
    --name-col full_name --id-col cust_no --country-col ctry 2>/dev/null
check "--csv exits 0" test $? -eq 0
check "--csv: header" grep -q '^row,id,name,list,entity_id,listed_name,matched_name,score$' "$TMP/res.csv"
check "--csv: match row" grep -q '^1,C1,"Laden, Osama bin",screen_list,ubl,' "$TMP/res.csv"
check "--csv: party without match kept" grep -q '^2,C2,"Acme, ""Widgets"" Inc",,,,,$' "$TMP/res.csv"
check "--csv: fuzzy bank match" grep -q '^3,C3,Bank Meli Iran,screen_list,bm,' "$TMP/res.csv"
"$EXCTL" screen --list "$LIST" --csv "$TMP/cust.csv" --out "$TMP/res2.csv" --name-col nope 2>/dev/null
check "--csv: unknown column is a usage error" test $? -eq 2

exit $fail
