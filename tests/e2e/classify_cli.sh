#!/usr/bin/env bash
# End-to-end: `exctl cl search`, `exctl cl show` and `exctl classify`
# (--jsonl contract, --record JSON and HTML) on the bundled control lists
# and rules. Needs EXCTL (the built binary) and jq.
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
rank() {  # rank QUERY CODE: 1-based rank of CODE in the JSON search output, or 0
    "$EXCTL" cl search "$1" --json --limit 20 |
        jq -s -r --arg c "$2" '[.[] | .code] | (index($c) // -1) + 1'
}

# --- search ---------------------------------------------------------------
r=$(rank lithography 3B001); check "lithography finds 3B001 in the top 3" yes "$([ "$r" -ge 1 ] && [ "$r" -le 3 ] && echo yes || echo "no (rank $r)")"
r=$(rank "thermal camera" 6A003); check "thermal camera finds 6A003 in the top 5" yes "$([ "$r" -ge 1 ] && [ "$r" -le 5 ] && echo yes || echo "no (rank $r)")"
r=$(rank 工作機械 "6項(2)"); check "工作機械 finds 6項(2)" yes "$([ "$r" -ge 1 ] && echo yes || echo no)"
r=$(rank 工作機械 "2項(12)"); check "工作機械 finds 2項(12)" yes "$([ "$r" -ge 1 ] && echo yes || echo no)"
check "search text output names 3B001" yes "$("$EXCTL" cl search lithography | grep -q ' 3B001 ' && echo yes || echo no)"

# --- show -----------------------------------------------------------------
"$EXCTL" cl show 3A001.a.1.a --json > "$tmp/show.json"
check "show: parents" "3A001 3A001.a 3A001.a.1" "$(jq -r '[.parents[].code] | join(" ")' "$tmp/show.json")"
check "show: MT reason" yes "$(jq -r '.reasons | contains("MT1")' "$tmp/show.json" | sed 's/true/yes/')"
check "show: EU counterpart" "3A001.a.1.a" "$(jq -r '.counterparts[] | select(.numbering == "eu") | .code' "$tmp/show.json")"
check "show: JP clause" "第六条第一号イ(一)" "$(jq -r '.counterparts[] | select(.numbering == "jp-clause") | .code' "$tmp/show.json")"
check "show: JP item by its 項番" "7項(1)" "$("$EXCTL" cl show '7の項（1）' --json | jq -r .code)"
check "show: clause paragraphs" 3 "$("$EXCTL" cl show '第六条第一号イ' --json | jq '.paragraphs | length')"
set +e
"$EXCTL" cl show 9Z999 > /dev/null 2>&1; rc=$?
set -e
check "show: unknown code fails" 1 "$rc"

# --- classify --jsonl ----------------------------------------------------------
cat > "$tmp/in.jsonl" <<'JSON'
{"id": "gpu", "item": {"description": "AI accelerator", "parameters": {"item_type": "integrated_circuit", "total_processing_performance": 6400}}}
{"id": 2, "item": {"description": "MMIC PA", "parameters": {"item_type": "mmic_amplifier", "operating_frequency": "40 GHz", "peak_saturated_power": "2 W", "fractional_bandwidth": "12 %"}}}
{"id": "drone", "item": {"description": "small drone", "parameters": {"item_type": "uav", "beyond_natural_vision": true, "endurance": "20 min", "wind_gust_capability": "40 km/h"}}}
{"id": "nounit", "item": {"description": "bad", "parameters": {"item_type": "mmic_amplifier", "operating_frequency": "40"}}}
{"id": "partial", "item": {"description": "laser", "parameters": {"item_type": "laser", "cw_laser": true}}}
JSON
set +e
"$EXCTL" classify --jsonl < "$tmp/in.jsonl" > "$tmp/out.jsonl"; rc=$?
set -e
check "jsonl: one output per input" 5 "$(wc -l < "$tmp/out.jsonl" | tr -d ' ')"
check "jsonl: exit 1 when a line fails" 1 "$rc"
line() { sed -n "${1}p" "$tmp/out.jsonl"; }
check "gpu id echoed" gpu "$(line 1 | jq -r .id)"
check "gpu: 3A090.a.1 and JP 第六条第一号ヨ" "3A090.a.1 第六条第一号ヨ" "$(line 1 | jq -r '[.entries[].code] | map(select(. == "3A090.a.1" or . == "第六条第一号ヨ")) | join(" ")')"
check "gpu: 3A090.a.1 reasons" "RS AT1" "$(line 1 | jq -r '.entries[] | select(.code == "3A090.a.1") | .reasons | join(" ")')"
check "gpu: because quotes the CCL" yes "$(line 1 | jq -r '.entries[] | select(.code == "3A090.a.1") | .because[0]' | grep -q "4800 or more" && echo yes || echo no)"
check "mmic: numeric id echoed" 2 "$(line 2 | jq -r .id)"
check "mmic: US and JP entries" "3A001.b.2.e 第六条第二号ハ(五)" "$(line 2 | jq -r '[.entries[].code] | join(" ")')"
check "mmic: jp counterpart" "7項(2) 第六条第二号ハ(五)" "$(line 2 | jq -r '.entries[0].jp')"
check "mmic: not_controlled false" false "$(line 2 | jq -r .not_controlled)"
check "drone: not controlled" "true []" "$(line 3 | jq -c -r '[.not_controlled, .missing] | "\(.[0]) \(.[1])"')"
check "missing unit is an error" yes "$(line 4 | jq -r .error | grep -q 'unit' && echo yes || echo no)"
check "partial: missing lists what the rules need" true "$(line 5 | jq -r '.missing | index("output_power") != null')"
check "partial: not_controlled false while undecided" false "$(line 5 | jq -r .not_controlled)"
"$EXCTL" classify --jsonl < "$tmp/in.jsonl" > "$tmp/out2.jsonl" || true
check "jsonl output is deterministic" yes "$(cmp -s "$tmp/out.jsonl" "$tmp/out2.jsonl" && echo yes || echo no)"

# --- classify --record ---------------------------------------------------------
head -1 "$tmp/in.jsonl" > "$tmp/item.json"
"$EXCTL" classify --record --in "$tmp/item.json" --by "Hanako Yamada" --date 2026-11-26 \
    --out-json "$tmp/rec.json" --out-html "$tmp/rec.html"
check "record: decided by" "Hanako Yamada" "$(jq -r .decided_by "$tmp/rec.json")"
check "record: date" 2026-11-26 "$(jq -r .date "$tmp/rec.json")"
check "record: outcome" yes "$(jq -r .outcome "$tmp/rec.json" | grep -q '該当' && echo yes || echo no)"
check "record: every rule considered" yes "$(jq -r '(.considered | length) >= 120' "$tmp/rec.json" | sed 's/true/yes/')"
check "record: list versions" yes "$(jq -r '.list_versions["jp-clause"]' "$tmp/rec.json" | grep -q '2026-02-14' && echo yes || echo no)"
check "record html: title" yes "$(grep -q '該非判定書' "$tmp/rec.html" && echo yes || echo no)"
check "record html: names the decider" yes "$(grep -q 'Hanako Yamada' "$tmp/rec.html" && echo yes || echo no)"
check "record html: met entry" yes "$(grep -q '3A090.a.1' "$tmp/rec.html" && echo yes || echo no)"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "all ok"
