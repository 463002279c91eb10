#!/usr/bin/env python3
"""Cut the fuzz seed corpora (fuzz/corpus/<target>/) from the bundled lists
and the test fixtures: a few real records per format, kept small so that the
corpus replay in ctest stays fast. Re-run after adding a format; the fuzzers
add their own finds next to these seeds (see docs/fuzzing.md)."""
import csv, gzip, io, json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")

def text(path):
    with gzip.open(os.path.join(ROOT, path), "rb") as f:
        return f.read().decode("utf-8")

def raw(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()

def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)

def lines(s, a, b):
    return "".join(s.splitlines(True)[a:b])

def csv_rows(s, pick):
    """Header row(s) plus the rows whose index is in pick, via csv module."""
    rows = list(csv.reader(io.StringIO(s)))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for i in pick:
        if i < len(rows):
            w.writerow(rows[i])
    return out.getvalue()

def main():
    sdn = text("data/lists/us_ofac_sdn_2024-07-02.csv.gz")
    cons = text("data/lists/us_ofac_nonsdn_2025-12-19_cons_prim.csv.gz")
    put("list_ofac_csv", "sdn-head.csv", lines(sdn, 0, 12) + "\x1a")
    put("list_ofac_csv", "sdn-mid.csv", lines(sdn, 9000, 9008))
    put("list_ofac_csv", "cons.csv", lines(cons, 0, 6))
    dpl = text("data/lists/us_bis_dpl_2023-11-28.txt.gz")
    put("list_bis_dpl", "head.txt", lines(dpl, 0, 8))
    put("list_bis_dpl", "tail.txt", lines(dpl, 0, 1) + lines(dpl, 600, 606))
    uk = text("data/lists/uk_ofsi_conlist_2025-04-14_converted.csv.gz")
    ukrows = list(csv.reader(io.StringIO(uk)))
    nonlatin = [i for i, r in enumerate(ukrows) if len(r) > 8 and r[7] and i > 1][:3]
    put("list_uk_ofsi_csv", "head.csv", csv_rows(uk, [0, 1, 2, 3, 4, 5]))
    put("list_uk_ofsi_csv", "nonlatin.csv", csv_rows(uk, [0, 1] + nonlatin))
    eu = text("data/lists/eu_fsf_entities_selectcols_2025-09-02_processed.csv.gz")
    put("list_eu_fsf_csv", "entities.csv", csv_rows(eu, [0, 1, 2, 3, 4]))
    eua = text("data/lists/eu_fsf_namealias_2025-09-02_processed.csv.gz")
    put("list_eu_fsf_csv", "aliases.csv", csv_rows(eua, [0, 1, 2, 3, 4, 5]))
    csl = text("tests/fixtures/lists/us_csl_PARTIAL_sample_2023-11-30.csv.gz")
    put("list_csl_csv", "head.csv", csv_rows(csl, [0, 2, 3, 4]))
    put("list_csl_csv", "mid.csv", csv_rows(csl, [0, 500, 501, 2000]))
    meti = json.loads(text("data/lists/jp_meti_eul_2025-09-29.json.gz"))
    put("list_meti_json", "head.json", json.dumps(meti[:3], ensure_ascii=False, indent=0))
    put("list_meti_json", "tail.json", json.dumps(meti[-2:], ensure_ascii=False))
    un = text("data/lists/un_sc_consolidated_2026-02-27.xml.gz")
    ind = re.findall(r"    <INDIVIDUAL>.*?</INDIVIDUAL>\n", un, re.S)
    ent = re.findall(r"    <ENTITY>.*?</ENTITY>\n", un, re.S)
    head = un[:un.index("<INDIVIDUALS>")]
    put("list_un_xml", "small.xml", head + "<INDIVIDUALS>\n" + "".join(ind[:2]) +
        "  </INDIVIDUALS>\n  <ENTITIES>\n" + "".join(ent[:2]) + "  </ENTITIES>\n</CONSOLIDATED_LIST>\n")
    put("list_un_xml", "rich.xml", head + "<INDIVIDUALS>\n" + max(ind[:200], key=len) +
        "  </INDIVIDUALS>\n  <ENTITIES>\n" + max(ent[:100], key=len) + "  </ENTITIES>\n</CONSOLIDATED_LIST>\n")
    ftm = [
        {"id": "NK-1", "schema": "Person", "caption": "Ivan Petrov",
         "properties": {"name": ["Ivan Petrov"], "alias": ["Иван Петров"],
                        "birthDate": ["1970-01-02"], "nationality": ["ru"],
                        "passportNumber": ["123456"]}, "datasets": ["fuzz"]},
        {"id": "NK-2", "schema": "Company", "caption": "ACME LLC",
         "properties": {"name": ["ACME LLC"], "country": ["ir"],
                        "address": ["1 Main St, Tehran"], "topics": ["sanction"]}},
        {"id": "NK-3", "schema": "Vessel", "properties": {"name": ["SEA STAR"],
         "imoNumber": ["IMO 9123456"], "flag": ["kp"]}},
    ]
    put("list_ftm_json", "entities.jsonl", "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in ftm))
    put("list_ftm_json", "fixture.jsonl", raw("tests/fixtures/lists/ftm_opensanctions_style.jsonl"))
    put("list_eu_fsf_csv", "csv11.csv", raw("tests/fixtures/lists/eu_fsf_csv11_sample.csv"))
    put("list_exctl_csv", "custom.csv",
        "id,type,name,aliases,countries,ids,birth_date,remarks,programs,addresses,listed_on\n"
        "X-1,person,Ivan Petrov,Иван Петров;I. Petrov,RU,passport:123456,1970-01-02,seed,FUZZ,"
        "\"1 Main St, Moscow\",2024-01-31\n"
        "X-2,organization,ＡＣＭＥ 株式会社,,JP;CN,tax_id:99-1,,,,,\n"
        "X-3,vessel,SEA STAR,,KP,imo:9123456,,,,,\n")
    for name in ("jp_meti_thirdcountry_export_ban_entities_2025-09-12.txt.gz",
                 "jp_meti_belarus_export_ban_entities_2022-07-05.txt.gz"):
        t = text("data/lists/" + name)
        put("list_meti_ban_txt", name.split("_")[2] + ".txt", lines(t, 0, 30))
    # Detection sees every format's seeds.
    for t in os.listdir(OUT):
        if t.startswith("list_") and t != "list_detect":
            for f in sorted(os.listdir(os.path.join(OUT, t)))[:1]:
                with open(os.path.join(OUT, t, f), "rb") as fh:
                    put("list_detect", t[5:] + "-" + f[5:], fh.read())
    # CSV reader: real records plus the quirks it must handle.
    put("csv", "ofac.csv", lines(sdn, 0, 6))
    put("csv", "dpl.tsv", lines(dpl, 0, 4))
    put("csv", "uk.csv", csv_rows(uk, [0, 1, 2]))
    put("csv", "quirks.csv", "\ufeffa,\"b,1\",\"c \"\"q\"\"\"\r\n\"multi\nline\",,x\r\n,\r\n\"\"\r\n\x1a")
    put("csv", "tabs.tsv", "\"Name\"\t\"City\"\n\"X\"\t\"\"\nplain\tfield\t\n")
    # Text cleanup: every script the lists use, full-width forms, odd spaces.
    names = ["  Saddam   Hussein\tAl-Tikriti ", "ＡＢＣ　株式会社", "有限会社タコ",
             "Иван Петров", "محمد علي", "김정은", "Αθήνα", "עברית", "ภาษาไทย",
             "ქართული", "Հայերեն", "Dūbai\u00a0Trading", "a\u3000\u3000b", "", "\xe9t\xe9"]
    for i, n in enumerate(names):
        put("text", "%02d.txt" % i, n)
    put("text", "bad-utf8.bin", b"ok \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf")

if __name__ == "__main__":
    main()
