#!/usr/bin/python3
"""Side-by-side screening benchmark: exctl vs PostgreSQL pg_trgm vs brute-force
token Jaro-Winkler (python3-jellyfish), on the same names and the same queries.

Names: every name of every bundled list (exported with `exctl export --ftm`).
Queries: a deterministic sample of listed names, each perturbed the way real
input differs from the list (one typo, token order swapped, a token dropped,
case and punctuation changed). The gold answer is the entity the name came from.
Recall = share of queries whose gold entity is returned at or above the tool's
threshold (exctl: its default; pg_trgm: the `%` operator's default 0.3, and
0.5; Jaro-Winkler: 0.90 on the sorted-token string, a common setting).
Alert rate = share of names of people who are on no list (yente's synthetic
negatives, read from ../shared/data/eval when present, else not measured)
for which the tool returns anything: recall means little without it, since
a tool that returns everything finds everything.

Usage: bench/peers.py BUILD_DIR [--queries N] [--jw-queries N]
Prints a table; exits 0 when a peer is unavailable (that row says so).
"""
import json, os, random, shutil, subprocess, sys, tempfile, time, warnings
warnings.simplefilter("ignore", DeprecationWarning)

def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)

def load_names(exe):
    out = sh([exe, "export", "--ftm"]).stdout
    names, ents = [], {}
    for line in out.splitlines():
        e = json.loads(line)
        eid = e["id"]
        props = e.get("properties", {})
        nm = props.get("name", []) + props.get("alias", [])
        for n in nm:
            names.append((eid, n))
        ents[eid] = nm
    return names, ents

def perturb(name, rng):
    toks = name.split()
    kind = rng.choice(["typo", "swap", "drop", "case"])
    if kind == "swap" and len(toks) >= 2:
        toks[0], toks[-1] = toks[-1], toks[0]
        return " ".join(toks), kind
    if kind == "drop" and len(toks) >= 3:
        del toks[rng.randrange(1, len(toks) - 1)]
        return " ".join(toks), kind
    if kind == "case":
        return name.lower().replace(",", "").replace(".", ""), kind
    s = list(name)
    letters = [i for i, c in enumerate(s) if c.isalpha()]
    if len(letters) < 5:
        return name, "none"
    i = rng.choice(letters[1:])
    op = rng.choice(["sub", "del", "swap"])
    if op == "sub":
        s[i] = rng.choice("aeioustnrl")
    elif op == "del":
        del s[i]
    elif i + 1 < len(s):
        s[i], s[i + 1] = s[i + 1], s[i]
    return "".join(s), "typo"

def make_queries(names, n, seed=7):
    rng = random.Random(seed)
    latin = [(e, nm) for e, nm in names if nm.isascii() and len(nm) >= 6]
    picks = rng.sample(latin, min(n, len(latin)))
    qs = []
    for i, (eid, nm) in enumerate(picks):
        q, kind = perturb(nm, rng)
        qs.append({"id": "q%d" % i, "name": q, "gold": eid, "kind": kind})
    return qs

def load_negatives(src, n):
    """First n synthetic negatives (full names), or [] when the file is absent."""
    path = os.path.join(src, "..", "shared", "data", "eval", "yente_cgb_negatives_global.csv")
    if not os.path.exists(path):
        return []
    import csv
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("full_name"):
                out.append({"id": "n%d" % len(out), "name": row["full_name"], "gold": None})
            if len(out) >= n:
                break
    return out

def alert_rate(qs, found):
    return sum(1 for q in qs if found.get(q["id"])) / len(qs) if qs else None

def run_exctl(exe, qs):
    inp = "".join(json.dumps({"id": q["id"], "name": q["name"]}) + "\n" for q in qs)
    t0 = time.perf_counter()
    sh([exe, "screen", "--jsonl", "--limit", "10"], input='{"id":"warm","name":"x"}\n')
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = sh([exe, "screen", "--jsonl", "--limit", "10"], input=inp).stdout
    t = time.perf_counter() - t0 - t_base
    found = {}
    for line in out.splitlines():
        r = json.loads(line)
        # FtM export ids are "<list id>:<entity id>".
        found[r["id"]] = {"%s:%s" % (m["list"], m["entity_id"]) for m in r.get("matches", [])}
    return found, max(t, 1e-9)

def run_pgtrgm(names, qsets):
    """qsets: list of (queries, threshold). Returns ([(found, seconds)], build)."""
    bindir = "/usr/lib/postgresql"
    if not os.path.isdir(bindir):
        return None, "postgresql not installed"
    ver = sorted(os.listdir(bindir))[-1]
    b = os.path.join(bindir, ver, "bin")
    tmp = tempfile.mkdtemp(prefix="exctl-pg-")
    os.chmod(tmp, 0o777)
    pgdata = os.path.join(tmp, "data")
    user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    try:
        sh(user + [os.path.join(b, "initdb"), "-D", pgdata, "-A", "trust"])
        port = str(54000 + os.getpid() % 900)
        # -l: without a log file the postmaster keeps our stdout pipe open
        # and capture_output would wait for it forever.
        sh(user + [os.path.join(b, "pg_ctl"), "-D", pgdata, "-l", os.path.join(tmp, "pg.log"),
                   "-o", "-p %s -k %s -c listen_addresses=''" % (port, tmp), "-w", "start"])
        psql = user + ["psql", "-h", tmp, "-p", port, "-U", "postgres", "-At", "-q"]
        names_csv = os.path.join(tmp, "names.tsv")
        with open(names_csv, "w") as f:
            for eid, nm in names:
                f.write(eid.replace("\t", " ") + "\t" + nm.replace("\t", " ").replace("\\", "\\\\") + "\n")
        os.chmod(names_csv, 0o644)
        sh(psql + ["-c", "CREATE EXTENSION pg_trgm; CREATE TABLE names(eid text, name text);"])
        sh(psql + ["-c", "\\copy names FROM '%s'" % names_csv])
        t0 = time.perf_counter()
        sh(psql + ["-c", "CREATE INDEX ON names USING gin (name gin_trgm_ops); ANALYZE names;"])
        build = time.perf_counter() - t0
        res = []
        for k, (qs, thr) in enumerate(qsets):
            sql = os.path.join(tmp, "q%d.sql" % k)
            with open(sql, "w") as f:
                f.write("SET pg_trgm.similarity_threshold = %.2f;\n" % thr)
                for q in qs:
                    lit = q["name"].replace("'", "''")
                    f.write("SELECT '%s', eid FROM names WHERE name %% '%s' ORDER BY similarity(name, '%s') DESC LIMIT 10;\n"
                            % (q["id"], lit, lit))
            os.chmod(sql, 0o644)
            t0 = time.perf_counter()
            out = sh(psql + ["-F", "\t", "-f", sql]).stdout
            t = time.perf_counter() - t0
            found = {}
            for line in out.splitlines():
                if "\t" not in line:
                    continue
                qid, eid = line.split("\t", 1)
                found.setdefault(qid, set()).add(eid)
            res.append((found, t))
        return (res, build), None
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        return None, "pg_trgm failed: %s" % (getattr(e, "stderr", "") or e)
    finally:
        subprocess.run(user + [os.path.join(b, "pg_ctl"), "-D", pgdata, "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)

def run_jw(names, qs):
    """Brute force over every name; found maps query id to the entities at 0.90+."""
    try:
        import jellyfish
    except ImportError:
        return None, "python3-jellyfish not installed"
    def key(s):
        return " ".join(sorted("".join(c if c.isalnum() else " " for c in s.lower()).split()))
    keyed = [(eid, key(nm)) for eid, nm in names]
    jw = getattr(jellyfish, "jaro_winkler_similarity", None) or jellyfish.jaro_winkler
    found = {}
    t0 = time.perf_counter()
    for q in qs:
        k = key(q["name"])
        found[q["id"]] = {eid for eid, nk in keyed if jw(k, nk) >= 0.90}
    return (found, time.perf_counter() - t0), None

def recall(qs, found):
    hit = sum(1 for q in qs if q["gold"] in found.get(q["id"], ()))
    return hit / len(qs) if qs else 0.0

def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    nq = int(sys.argv[sys.argv.index("--queries") + 1]) if "--queries" in sys.argv else 2000
    njw = int(sys.argv[sys.argv.index("--jw-queries") + 1]) if "--jw-queries" in sys.argv else 100
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    exe = os.path.join(build, "exctl")
    names, _ = load_names(exe)
    qs = make_queries(names, nq)
    negs = load_negatives(src, nq)
    print("peers: %d names, %d queries, %d non-listed names (Jaro-Winkler brute force on the first %d of each)"
          % (len(names), len(qs), len(negs), njw))
    rows, results = [], []
    ex_found, ex_t = run_exctl(exe, qs)
    ex_qps = len(qs) / ex_t
    ex_neg = run_exctl(exe, negs)[0] if negs else {}
    ex_alert = alert_rate(negs, ex_neg)
    rows.append(("exctl (default 0.80)", ex_qps, recall(qs, ex_found), ex_alert, ""))
    results += [("exctl_qps", ex_qps, "q/s"), ("exctl_recall", recall(qs, ex_found), "ratio")]
    if ex_alert is not None:
        results.append(("exctl_alert_rate", ex_alert, "ratio"))
    sets = []
    for thr in (0.3, 0.5):
        sets += [(qs, thr)] + ([(negs, thr)] if negs else [])
    pg, err = run_pgtrgm(names, sets)
    if pg:
        res, b = pg
        step = 2 if negs else 1
        for k, thr in enumerate((0.3, 0.5)):
            found, t = res[k * step]
            al = alert_rate(negs, res[k * step + 1][0]) if negs else None
            rows.append(("pg_trgm (GIN, %% at %.1f)" % thr, len(qs) / t, recall(qs, found), al,
                         "index build %.2f s" % b))
            tag = "pgtrgm%02d" % int(thr * 10)
            results += [(tag + "_qps", len(qs) / t, "q/s"), (tag + "_recall", recall(qs, found), "ratio"),
                        ("exctl_x_" + tag, ex_qps / (len(qs) / t), "x")]
            if al is not None:
                results.append((tag + "_alert_rate", al, "ratio"))
    else:
        rows.append(("pg_trgm", None, None, None, err))
    jq, jn = qs[:njw], negs[:njw]
    jw, err = run_jw(names, jq + jn)
    if jw:
        found, t = jw
        qps = len(jq + jn) / t
        al = alert_rate(jn, found) if jn else None
        rows.append(("jellyfish JW brute force", qps, recall(jq, found), al,
                     "on %d + %d queries" % (len(jq), len(jn))))
        rows.append(("exctl (the same queries)", None, recall(jq, ex_found),
                     alert_rate(jn, ex_neg) if jn else None, ""))
        results += [("jw_qps", qps, "q/s"), ("jw_recall", recall(jq, found), "ratio"),
                    ("exctl_x_jw", ex_qps / qps, "x")]
    else:
        rows.append(("jellyfish", None, None, None, err))
    print("%-30s %12s %8s %8s %10s  %s" % ("tool", "queries/s", "recall", "alerts", "exctl x", "note"))
    for name, qps, rec, al, note in rows:
        ratio = ("%.1f" % (ex_qps / qps)) if qps else "-"
        print("%-30s %12s %8s %8s %10s  %s" % (name, "%.0f" % qps if qps else "-",
              "%.4f" % rec if rec is not None else "-", "%.4f" % al if al is not None else "-",
              ratio, note))
    kinds = sorted({q["kind"] for q in qs})
    print("exctl recall by kind of change: " + ", ".join(
        "%s %.3f (n %d)" % (k, recall([q for q in qs if q["kind"] == k], ex_found),
                            sum(1 for q in qs if q["kind"] == k)) for k in kinds))
    for metric, value, unit in results:
        print("RESULT %s %.4g %s -" % (metric, value, unit))

if __name__ == "__main__":
    main()
