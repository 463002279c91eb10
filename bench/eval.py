#!/usr/bin/env python3
"""Name-matching evaluation of exctl (make eval / bench/eval.sh).

Glue only: every score comes from `exctl score --jsonl` or
`exctl screen --jsonl`; this script prepares inputs and computes metrics.

usage: eval.py EXCTL SHARED_DATA_DIR [--quick]

Ground truth per section:
  name_bench      labelled pairs (is_match column).
  UN positives    each query must produce at least one match at or above the
                  default threshold against the UN XML (name, birth date and
                  nationality given as evidence, as in the file).
  negatives       synthetic persons: any match against the UN XML is an alert
                  (the issue's measure); also against every bundled list,
                  where far more names, and more of them Chinese and Korean,
                  can collide.
  UK cross-script for each UK OFSI entity with both non-Latin and Latin
                  names, the entities its Latin names match in the other
                  bundled lists (Latin names only) are the reference; a
                  non-Latin name is recalled when its own matches share one.
  METI Japanese   the Japanese names of the METI export-ban entities screened
                  against a list holding only the English names of the same
                  files: recalled when the entity itself is among the matches.
With EVAL_MISSES=FILE, each cross-script miss is written to FILE as a JSON
line (query, the reference names it should have matched, its best matches).
"""
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import unicodedata


def run(exctl, args, lines):
    data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    t0 = time.time()
    p = subprocess.run([exctl] + args, input=data.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    dt = time.time() - t0
    if p.returncode not in (0, 1):
        sys.stderr.write(p.stderr.decode(errors="replace"))
        raise SystemExit("exctl %s failed (%d)" % (" ".join(args), p.returncode))
    out = [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]
    if len(out) != len(lines):
        raise SystemExit("exctl %s: %d outputs for %d inputs" % (args, len(out), len(lines)))
    return out, dt


def default_threshold(exctl):
    p = subprocess.run([exctl, "screen", "--help"], stdout=subprocess.PIPE)
    for tok in p.stdout.decode().replace(",", " ").split():
        try:
            v = float(tok)
            if 0 < v < 1:
                return v
        except ValueError:
            pass
    return 0.8


def recall_at_fpr(pos, neg, fpr):
    negs = sorted(neg, reverse=True)
    k = int(fpr * len(negs))          # allowed false positives
    # threshold just above the (k+1)-th highest negative score
    t = negs[k] + 1e-9 if k < len(negs) else 0.0
    return sum(1 for s in pos if s >= t) / max(1, len(pos)), t


def name_bench(exctl, path, thr):
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    tmap = {"Person": "person", "Company": "organization", "Organization": "organization",
            "LegalEntity": "any", "Vessel": "vessel"}
    lines = [{"id": i, "a": r["name1"], "b": r["name2"], "type": tmap.get(r["schema"], "any")}
             for i, r in enumerate(rows)]
    out, dt = run(exctl, ["score", "--jsonl"], lines)
    pos, neg, tp, fp, fn = [], [], 0, 0, 0
    misses = []
    for r, o in zip(rows, out):
        s = o.get("score", 0.0)
        m = r["is_match"].strip().lower() == "true"
        (pos if m else neg).append(s)
        if m and s >= thr:
            tp += 1
        elif not m and s >= thr:
            fp += 1
            misses.append(("FP", s, r["name1"], r["name2"]))
        elif m:
            fn += 1
            misses.append(("FN", s, r["name1"], r["name2"]))
    p = tp / max(1, tp + fp)
    rc = tp / max(1, tp + fn)
    f1 = 2 * p * rc / max(1e-9, p + rc)
    r1, t1 = recall_at_fpr(pos, neg, 0.01)
    r5, t5 = recall_at_fpr(pos, neg, 0.05)
    if os.environ.get("EVAL_VERBOSE"):
        for m in sorted(misses, key=lambda x: (x[0], -x[1])):
            print("  %s %.3f  %s | %s" % m, file=sys.stderr)
    return {"n": len(rows), "p": p, "r": rc, "f1": f1, "r1": r1, "t1": t1, "r5": r5, "t5": t5,
            "fpr": fp / max(1, len(neg)), "us_per_pair": dt * 1e6 / max(1, len(rows))}


def people_queries(path, limit=None):
    q = []
    with open(path, encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if limit and i >= limit:
                break
            x = {"id": i, "name": r["full_name"], "type": "person"}
            if r.get("date_of_birth"):
                x["birth_date"] = r["date_of_birth"]
            if r.get("nationality"):
                x["country"] = r["nationality"]
            q.append(x)
    return q


# Made-up company names of two common business words and a legal form, the
# kind a customer master is full of. Some are listed companies' names too
# (Pioneer Logistics), so this is not a false-alert rate; it shows what a
# rule that reads loosely costs on company names (two initials read as an
# acronym once alerted on 12% of them).
_CO_A = ("Harbor Pacific Golden Silver Northern Eastern Western Southern Blue Green Royal "
         "Summit Pioneer Atlas Apex Crown Delta Eagle Falcon Grand Horizon Liberty Meridian "
         "Noble Ocean Prime Quantum Rapid Sterling Titan Union Vertex Bright Coastal Evergreen "
         "Heritage Keystone Lakeside Metro Nova Orion Premier Riverside Sunrise Valley Zenith "
         "Alpine Beacon Cedar").split()
_CO_B = ("Marine Mining Motors Media Medical Metals Machinery Foods Farms Energy Electronics "
         "Logistics Shipping Trading Textiles Tools Plastics Paper Pharma Power Systems "
         "Solutions Software Steel Construction Chemicals Capital Consulting Design Dynamics "
         "Engineering Freight Garments Holdings Industries Instruments Labs Networks Optics "
         "Packaging Partners Resources Robotics Services Supplies Technologies Travel Ventures "
         "Water Wireless").split()
_CO_C = ("Ltd", "LLC", "Co., Ltd.", "Inc.", "GmbH", "Corp", "")


def company_queries(n=3000):
    rnd = random.Random(7)
    q = []
    for i in range(n):
        name = ("%s %s %s" % (rnd.choice(_CO_A), rnd.choice(_CO_B), rnd.choice(_CO_C))).strip()
        q.append({"id": i, "name": name, "type": rnd.choice(("organization", "any"))})
    return q


def hit_rate(exctl, lists, queries):
    args = ["screen", "--jsonl"]
    for l in lists:
        args += ["--list", l]
    out, dt = run(exctl, args, queries)
    hits = sum(1 for o in out if o.get("matches"))
    return hits / max(1, len(out)), out, dt


def is_latin(s):
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return any(c.isalpha() for c in s)


def ftm_names(e):
    p = e.get("properties", {})
    return p.get("name", []) + p.get("alias", []) + p.get("weakAlias", []) + \
        p.get("previousName", [])


def export(exctl, lists):
    args = [exctl, "export", "--ftm"]
    for l in lists:
        args += ["--list", l]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode:
        raise SystemExit("export failed: " + p.stderr.decode(errors="replace"))
    return [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]


def latin_only_ftm(ents, path):
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for e in ents:
            names = [x for x in ftm_names(e) if is_latin(x)]
            if not names:
                continue
            props = {"name": names[:1], "alias": names[1:]}
            f.write(json.dumps({"id": e["id"], "schema": e.get("schema", "LegalEntity"),
                                "properties": props}, ensure_ascii=False) + "\n")
            n += 1
    return n


def uk_cross_script(exctl, shared, tmp):
    lists_dir = os.path.join(shared, "lists")
    uk = os.path.join(lists_dir, "uk_ofsi_conlist_2025-04-14_converted.csv")
    if not os.path.exists(uk):
        return None
    others = export(exctl, [])
    others = [e for e in others if not any("uk" in d for d in e.get("datasets", []))]
    path = os.path.join(tmp, "others_latin.jsonl")
    latin_only_ftm(others, path)
    ukents = export(exctl, [uk])
    qs_lat, qs_non = [], []
    for e in ukents:
        names = ftm_names(e)
        lat = [x for x in names if is_latin(x)]
        non = [x for x in names if not is_latin(x) and any(c.isalpha() for c in x)]
        if not lat or not non:
            continue
        for x in lat:
            qs_lat.append({"id": e["id"], "name": x})
        for x in non:
            qs_non.append({"id": e["id"], "name": x})
    out_lat, _ = run(exctl, ["screen", "--jsonl", "--list", path], qs_lat)
    ref, refnames = {}, {}
    for q, o in zip(qs_lat, out_lat):
        ref.setdefault(q["id"], set()).update(m["entity_id"] for m in o["matches"])
        refnames.setdefault(q["id"], set()).update(m["matched_name"] for m in o["matches"])
    out_non, _ = run(exctl, ["screen", "--jsonl", "--list", path], qs_non)
    n = hit = 0
    for q, o in zip(qs_non, out_non):
        r = ref.get(q["id"])
        if not r:
            continue
        n += 1
        if r & {m["entity_id"] for m in o["matches"]}:
            hit += 1
        else:
            miss("uk", q["name"], sorted(refnames[q["id"]]), o["matches"])
    return {"n": n, "recall": hit / max(1, n), "queries": len(qs_non)}


def meti_japanese(exctl, shared, tmp):
    lists_dir = os.path.join(shared, "lists")
    files = [os.path.join(lists_dir, f) for f in (
        "jp_meti_belarus_export_ban_entities_2022-07-05.txt",
        "jp_meti_thirdcountry_export_ban_entities_2025-09-12.txt")]
    files = [f for f in files if os.path.exists(f)]
    if not files:
        return None
    ents = export(exctl, files)
    path = os.path.join(tmp, "meti_english.jsonl")
    latin_only_ftm(ents, path)
    qs = []
    for e in ents:
        for x in ftm_names(e):
            if not is_latin(x) and any(c.isalpha() for c in x):
                qs.append({"id": e["id"], "name": x})
    out, _ = run(exctl, ["screen", "--jsonl", "--list", path, "--limit", "10"], qs)
    english = {e["id"]: [x for x in ftm_names(e) if is_latin(x)] for e in ents}
    hit = 0
    for q, o in zip(qs, out):
        if q["id"] in {m["entity_id"] for m in o["matches"]}:
            hit += 1
        else:
            miss("meti", q["name"], english.get(q["id"], []), o["matches"])
    return {"n": len(qs), "recall": hit / max(1, len(qs))}


_misses = None


def miss(section, query, expected, matches):
    """With EVAL_MISSES=FILE, log each cross-script miss as a JSON line."""
    if _misses is None:
        return
    _misses.write(json.dumps({"section": section, "query": query, "expected": expected,
                              "got": [(m["matched_name"], m["score"]) for m in matches[:3]]},
                             ensure_ascii=False) + "\n")


def main():
    global _misses
    if os.environ.get("EVAL_MISSES"):
        _misses = open(os.environ["EVAL_MISSES"], "w", encoding="utf-8")
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    exctl, shared = sys.argv[1], sys.argv[2]
    quick = "--quick" in sys.argv
    ev = os.path.join(shared, "eval")
    un = os.path.join(shared, "lists", "un_sc_consolidated_2026-02-27.xml")
    thr = default_threshold(exctl)
    print("exctl name-matching evaluation (default threshold %.2f)" % thr)
    print("%-46s %s" % ("measure", "value"))
    nb = name_bench(exctl, os.path.join(ev, "nomenklatura_name_bench_cases.csv"), thr)
    print("%-46s P %.3f  R %.3f  F1 %.3f  (FPR %.3f, n=%d)" %
          ("name_bench at default threshold", nb["p"], nb["r"], nb["f1"], nb["fpr"], nb["n"]))
    print("%-46s %.3f  (threshold %.3f)  [target >= 0.95 at 5%%]" %
          ("name_bench recall at FPR <= 1%", nb["r1"], nb["t1"]))
    print("%-46s %.3f  (threshold %.3f)" % ("name_bench recall at FPR <= 5%", nb["r5"], nb["t5"]))
    if "--bench-only" in sys.argv:
        return
    for label, f in (("clean", "yente_cgb_positives_un_untreated.csv"),
                     ("typos", "yente_cgb_positives_un_treated.csv")):
        r, _, dt = hit_rate(exctl, [un], people_queries(os.path.join(ev, f)))
        tgt = "  [target >= 0.99]" if label == "typos" else ""
        print("%-46s %.4f%s" % ("UN positives recall (%s)" % label, r, tgt))
    lim = 5000 if quick else None
    for f in ("yente_cgb_negatives_global.csv", "yente_cgb_negatives_us.csv"):
        qs = people_queries(os.path.join(ev, f), lim)
        r, _, dt = hit_rate(exctl, [un], qs)
        print("%-46s %.4f  (n=%d, %.0f q/s incl. load)  [target <= 0.005]" %
              ("synthetic negatives alert rate (%s)" % f.split("_")[-1][:-4], r, len(qs),
               len(qs) / dt))
        r, _, dt = hit_rate(exctl, [], qs)
        print("%-46s %.4f  (n=%d, %.0f q/s incl. load)" %
              ("  the same against all bundled lists", r, len(qs), len(qs) / dt))
    qs = company_queries()
    r, _, dt = hit_rate(exctl, [], qs)
    print("%-46s %.4f  (n=%d)" % ("made-up company names, alerts vs all lists", r, len(qs)))
    with tempfile.TemporaryDirectory() as tmp:
        uk = uk_cross_script(exctl, shared, tmp)
        if uk:
            print("%-46s %.3f  (n=%d of %d non-Latin names)" %
                  ("UK OFSI non-Latin -> other lists recall", uk["recall"], uk["n"],
                   uk["queries"]))
        jp = meti_japanese(exctl, shared, tmp)
        if jp:
            print("%-46s %.3f  (n=%d)" % ("METI export-ban Japanese -> English recall",
                                         jp["recall"], jp["n"]))


if __name__ == "__main__":
    main()
