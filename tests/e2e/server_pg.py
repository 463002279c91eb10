#!/usr/bin/env python3
"""Two `exctl serve --pg` processes over one PostgreSQL store (driven by server_pg.sh).

Both servers run on their own port over one fresh schema. Everything written
through one must be visible through the other: users, sessions (a cookie
from A works on B), API tokens, records, screening decisions, licensing
cases and their transitions, a disabled account (refused by the other
server within its 2 s credential cache) and the failed-login lock. Then both servers take concurrent
writes (records, cases, audited screenings) and the audit chain must verify:
through each server's /v1/audit/verify and `exctl audit verify --pg`, with
exactly one audit row per acknowledged write. Skips (77) when EXCTL_TEST_PG
does not name a PostgreSQL server.
"""
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

from exctl_http import Client

EXCTL = os.environ["EXCTL"]
PG = os.environ.get("EXCTL_TEST_PG", "")

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def client(port, token=None):
    """A user or machine on one of the two servers (tests/e2e/exctl_http.py)."""
    return Client(port, token, check=check, empty_body=True)


def psql(conninfo, sql):
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode:
        print(r.stderr, file=sys.stderr)
    return r.returncode == 0


def start(tmp, name, conninfo, lists):
    log = open(os.path.join(tmp, f"{name}.log"), "w+")
    args = [EXCTL, "serve", "--port", "0", "--pg", conninfo, "--threads", "2"]
    for path in lists:
        args += ["--list", path]
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 180
    while time.time() < deadline:
        time.sleep(0.1)
        log.seek(0)
        text = log.read()
        m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/ \(store PostgreSQL\)", text)
        if m:
            pm = re.search(r"with password (\S+)", text)
            check("password=" not in text and PG not in text,
                  f"{name} does not print the conninfo")
            return proc, int(m.group(1)), pm.group(1) if pm else None
        if proc.poll() is not None:
            break
    log.seek(0)
    print(log.read(), file=sys.stderr)
    proc.kill()
    return None, None, None


def stop(proc, name):
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = -1
    check(rc == 0, f"{name} exits 0 on SIGTERM (got {rc})")


APP = {
    "licence_type": "individual", "destination": "TH", "reference": "PO-PG-1",
    "goods": [{"description": "Laboratory centrifuge", "classification": {"jp": "3(2)"},
               "quantity": 2, "unit": "pcs", "value": 800000, "currency": "JPY"}],
    "parties": [{"role": "end_user", "name": "Siam Precision Testing Laboratory Co",
                 "country": "TH"}],
    "end_use": {"statement": "Quality control of pharmaceutical batches"},
}


def audit_rows(conninfo):
    r = subprocess.run([EXCTL, "audit", "verify", "--pg", conninfo], capture_output=True,
                       text=True)
    m = re.search(r"(\d+) rows, chain intact", r.stdout)
    check(r.returncode == 0 and m, f"exctl audit verify --pg passes: {r.stdout} {r.stderr}")
    check(PG not in r.stdout + r.stderr, "audit verify does not print the conninfo")
    return int(m.group(1)) if m else -1


def shared_state(pa, pb, password, conninfo):
    check(password is not None, "the first server creates the admin")
    admin_a = client(pa).login("admin", password)
    # Users created through A log in through B.
    for user, role, org in (("exp1", "exporter", "Acme KK"), ("exam", "examiner", "")):
        body = {"username": user, "password": f"pw-{user}-123456", "role": role}
        if org:
            body["org"] = org
        s, d = admin_a.req("POST", "/v1/users", body)
        check(s in (200, 201), f"admin creates {user} on A ({s} {d})")
    exp_b = client(pb).login("exp1", "pw-exp1-123456")
    exam_a = client(pa).login("exam", "pw-exam-123456")
    # A session made on B is valid on A; logging out on A ends it on B.
    s, d = exp_b.at(pa).req("GET", "/v1/me")
    check(s == 200 and d.get("username") == "exp1", f"B's session works on A ({s} {d})")
    # A token made on B authenticates on A.
    s, d = exp_b.req("POST", "/v1/tokens", {"name": "erp"})
    check(s == 201, f"token created on B ({s} {d})")
    machine_a = client(pa)
    machine_a.token = d.get("token") if isinstance(d, dict) else None
    s, d = machine_a.req("GET", "/v1/me")
    check(s == 200 and d.get("username") == "exp1", f"B's token works on A ({s} {d})")
    # A record saved on A is read on B.
    s, d = machine_a.req("POST", "/v1/records", {"kind": "screening", "title": "Shared",
                                                 "input": {"name": "Acme"},
                                                 "result": {"hits": 0}})
    check(s == 201, f"record saved on A ({s} {d})")
    rid = d.get("id", 0) if isinstance(d, dict) else 0
    s, d = exp_b.req("GET", f"/v1/records/{rid}")
    check(s == 200 and d.get("title") == "Shared" and d.get("input") == {"name": "Acme"},
          f"the record is read on B ({s} {d})")
    # A decision recorded on B shows on A.
    s, d = exp_b.req("POST", "/v1/decisions", {"name": "Example Trading Co", "country": "JP",
                                               "entity_id": "watch:w-1",
                                               "decision": "false_positive", "note": "n"})
    check(s in (200, 201), f"decision recorded on B ({s} {d})")
    s, d = machine_a.req("GET", "/v1/decisions?name=Example%20Trading%20Co&country=JP")
    check(s == 200 and len(d.get("decisions", [])) == 1, f"the decision is read on A ({s} {d})")
    # A case created on A is submitted on B, reviewed on A, seen on B.
    s, d = machine_a.req("POST", "/v1/cases", {"application": APP})
    check(s == 200 and d["case"]["status"] == "draft", f"case created on A ({s} {d})")
    cid = d["case"]["id"] if s == 200 else 0
    s, d = exp_b.req("POST", f"/v1/cases/{cid}/submit", {})
    check(s == 200 and d["case"]["status"] == "initial_checks", f"submitted on B ({s} {d})")
    s, d = exam_a.req("POST", f"/v1/cases/{cid}/review", {})
    check(s == 200 and d["case"]["status"] == "under_review", f"review started on A ({s} {d})")
    s, d = exp_b.req("GET", f"/v1/cases/{cid}")
    actions = [e["action"] for e in d["case"].get("history", [])] if s == 200 else []
    check(s == 200 and d["case"]["status"] == "under_review" and "submit" in actions and
          actions[-1] == "start_review", f"B sees the transition made on A ({s} {actions})")
    # Disabling the account on A locks it out on B (after B's 2 s credential cache).
    s, d = exp_b.req("GET", "/v1/me")
    check(s == 200, "exp1 still active on B")
    s, d = admin_a.req("GET", "/v1/users")
    uid = next((u["id"] for u in d.get("users", []) if u["username"] == "exp1"), 0)
    s, d = admin_a.req("PATCH", f"/v1/users/{uid}", {"disabled": True})
    check(s == 200, f"admin disables exp1 on A ({s} {d})")
    time.sleep(2.5)
    s, d = exp_b.req("GET", "/v1/me")
    check(s == 401, f"the disabled account is refused on B ({s})")
    s, d = admin_a.req("PATCH", f"/v1/users/{uid}", {"disabled": False})
    check(s == 200, f"admin enables exp1 again ({s})")
    # Failed logins count across servers: five spread over A and B lock the
    # name on both.
    for k in range(5):
        s, d = client(pa if k % 2 else pb).req("POST", "/v1/login",
                                               {"username": "exam", "password": "wrong-guess"})
        check(s == 401, f"failed login {k + 1} refused ({s})")
    for port in (pa, pb):
        s, d = client(port).req("POST", "/v1/login",
                                {"username": "exam", "password": "pw-exam-123456"})
        check(s == 429, f"the name is locked on :{port} too ({s})")
    return admin_a, exam_a


def concurrent_writes(pa, pb, admin_a, conninfo):
    """Writers on both servers at once; every acknowledged write has its audit row."""
    before = audit_rows(conninfo)
    admin_b = admin_a.at(pb)
    acked = []
    lock = threading.Lock()
    users = []
    for i in range(4):
        body = {"username": f"w{i}", "password": f"pw-w{i}-123456", "role": "exporter",
                "org": f"Org{i % 2}"}
        s, _ = admin_b.req("POST", "/v1/users", body)
        check(s in (200, 201), f"writer w{i} created on B ({s})")
        users.append(f"w{i}")
    with lock:
        acked.append(("user.create", 4))

    def writer(i):
        port = pa if i % 2 == 0 else pb
        c = client(port).login(f"w{i}", f"pw-w{i}-123456")
        n = 1   # the login's own audit row
        for k in range(12):
            target = c if k % 2 == 0 else c.at(pb if port == pa else pa)
            s, d = target.req("POST", "/v1/records", {"kind": "screening", "title": f"{i}-{k}",
                                                      "input": {"k": k}, "result": {}})
            check(s == 201, f"w{i} record {k} ({s} {d})")
            n += s == 201
            if k % 4 == 0:
                s, d = target.req("POST", "/v1/cases", {"application": dict(APP,
                                                                            reference=f"{i}-{k}")})
                check(s == 200, f"w{i} case {k} ({s} {d})")
                n += s == 200
        with lock:
            acked.append((f"w{i}", n))

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for srv_admin in (admin_a, admin_b):
        s, d = srv_admin.req("GET", "/v1/audit/verify")
        check(s == 200 and d.get("ok") is True, f"/v1/audit/verify on :{srv_admin.port}: {d}")
    after = audit_rows(conninfo)
    # Admin's own audit rows: the audit/verify calls are reads (no row).
    expected = before + sum(n for _, n in acked)
    check(after == expected, f"one audit row per acknowledged write: {after} rows,"
                             f" expected {expected} ({acked})")
    # Each server sees all records of the other.
    s, d = admin_a.req("GET", "/v1/records?limit=100")
    ids_a = sorted(r["id"] for r in d.get("records", []))
    s, d = admin_b.req("GET", "/v1/records?limit=100")
    ids_b = sorted(r["id"] for r in d.get("records", []))
    check(ids_a == ids_b and len(ids_a) == 1 + 4 * 12 and len(set(ids_a)) == len(ids_a),
          f"both servers list the same {len(ids_a)} records")


def main():
    if not PG:
        print("server_pg: EXCTL_TEST_PG is not set; skipped")
        return 77
    schema = "xe_%d_%06x" % (os.getpid(), random.getrandbits(24))
    if not psql(PG, f"CREATE SCHEMA {schema}"):
        return 1
    conninfo = f"{PG} options='-csearch_path={schema}'"
    tmp = tempfile.mkdtemp(prefix="exctl_pg_")
    custom = os.path.join(tmp, "watch.csv")
    with open(custom, "w", encoding="utf-8") as f:
        f.write("id,type,name,countries,programs\n"
                "w-1,organization,Placeholder Trading Nonexistent Co,XX,internal-deny\n")
    procs = []
    try:
        pa_proc, pa, password = start(tmp, "A", conninfo, [custom])
        if pa is None:
            print("server A did not start", file=sys.stderr)
            return 1
        procs.append((pa_proc, "A"))
        pb_proc, pb, password_b = start(tmp, "B", conninfo, [custom])
        if pb is None:
            print("server B did not start", file=sys.stderr)
            return 1
        procs.append((pb_proc, "B"))
        check(password_b is None, "the second server finds the admin and prints no password")
        admin_a, _ = shared_state(pa, pb, password, conninfo)
        concurrent_writes(pa, pb, admin_a, conninfo)
        # Verifying a schema without a store fails and creates nothing.
        r = subprocess.run([EXCTL, "audit", "verify", "--pg",
                            f"{PG} options='-csearch_path=public'"], capture_output=True,
                           text=True)
        check(r.returncode == 1 and "no exctl store" in r.stderr,
              f"audit verify --pg on an empty schema fails: {r.stdout} {r.stderr}")
    finally:
        for proc, name in procs:
            stop(proc, name)
        psql(PG, f"SET client_min_messages = warning; DROP SCHEMA IF EXISTS {schema} CASCADE")
    if failures:
        print(f"server_pg: {len(failures)} failure(s)", file=sys.stderr)
        return 1
    print("server_pg: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
